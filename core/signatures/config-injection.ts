/**
 * @module core/signatures/config-injection
 * A value that a controller writes into a server's configuration, which closes the block it was
 * written into and adds directives of its own (932240): ingress-nginx's IngressNightmare
 * (CVE-2025-1974), an annotation or a uid of `x";\n}\n}\n}\nssl_engine /proc/self/fd/42;\n#` that
 * makes nginx load a shared library from a file the attacker uploaded, or `load_module`, a Lua, Perl
 * or njs handler. A line break, a closing brace on a line of its own, then a
 * directive that loads or runs code ended by its `;`: no annotation, label or name holds one, and
 * prose puts no braces on lines of their own before such a word.
 */

/**
 * After a line break: closing braces on lines of their own, then a directive that loads code and its
 * `;`: `ssl_engine` or `load_module` of an absolute path (a config pasted into a ticket names a module
 * by its relative path, an engine by its name), or a Lua, Perl or njs handler.
 */
const CLOSE_THEN_DIRECTIVE =
  /\n[ \t]*\}[ \t]*(?:\r?\n[ \t]*\}[ \t]*)*\r?\n[ \t]*(?:(?:ssl_engine|load_module)[ \t]+\/|(?:perl_modules|perl_require|perl|js_import|(?:init|init_worker|set|rewrite|access|content|header_filter|body_filter|log|balancer|ssl_certificate)_by_lua(?:_file)?)[ \t]+)[^;\n]{1,512};/;

export function configInjection(value: string): boolean {
  return value.length >= 12 && value.length <= 16384 && value.includes("}\n") && CLOSE_THEN_DIRECTIVE.test(value);
}
