/**
 * @module core/signatures/include-param
 * Remote file inclusion through a parameter named for what PHP (and kin)
 * include: `include=https://raw.githubusercontent.com/…/b374k.php`,
 * `template=https://pastebin.com/raw/xQ7pL2aN`, `module=//evil.example/x`.
 * An absolute URL is ordinary in a `url`, `link`, `callback` or `source`
 * parameter (931130, paranoia 2), but a page, template or module to load
 * is a file of the application's own, never another site's.
 */

import { paramLeaf } from "./param-leaf.ts";

/** Parameter names (case-insensitive, the last part of a path) that name a file the application loads. */
const INCLUDE_NAMES = new Set([
  "include",
  "inc",
  "include_path",
  "includefile",
  "require",
  "template",
  "tpl",
  "tmpl",
  "module",
  "mod",
  "layout",
  "skin",
  "lang",
  "language",
  "locale",
  "plugin",
  // Swagger UI fetches its configuration (and through it the spec it renders) from `configUrl`.
  "configurl",
  // A transform endpoint loads the stylesheet it applies (`/view?xsl=http://…/x.xsl&xml=data.xml`): XSLT runs
  // what it says (`document()`, a processor's extension functions).
  "xsl",
  "xslt",
  "stylesheet",
]);

/**
 * Does `value` open with a URL of another host (a scheme with `//`, a protocol-relative `//host`), or
 * a share on one (`\\\\evil.example\\share\\shell.php`: PHP on Windows includes from a UNC path
 * over SMB, with `allow_url_include` off)?
 */
function remoteUrl(value: string): boolean {
  const v = value.trimStart();
  if (v.startsWith("//")) return v.length > 3 && v.charCodeAt(2) !== 0x2f;
  if (v.startsWith("\\\\")) return v.length > 3 && v.charCodeAt(2) !== 0x5c && v.indexOf("\\", 3) > 3;
  const colon = v.indexOf("://");
  if (colon < 2 || colon > 8) return false;
  for (let i = 0; i < colon; i++) {
    const c = v.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) return false;
  }
  return v.length > colon + 3;
}

/** A server-side script's extension at the end of a path (`payload.php`, `x.aspx`). */
const SCRIPT_FILE = /\.(?:php\d?|phtml|phar|aspx?|ashx|asmx|jspx?|cfm|cgi|pl)$/i;

/**
 * Is `value`, under the parameter `name`, another site's file to include: under an include's name,
 * any remote URL or share; under any name, a share's server-side script (`doc=\\evil.example\s\x.php`:
 * a viewer that reads a path on Windows opens it over SMB, and a script there is what an include runs).
 */
export function includeParamUrl(name: string, value: string): boolean {
  if (value.length < 5 || !(value.includes("//") || value.includes("\\\\"))) return false;
  if (value.startsWith("\\\\") && SCRIPT_FILE.test(value.trimEnd()) && remoteUrl(value)) return true;
  return INCLUDE_NAMES.has(paramLeaf(name)) && remoteUrl(value);
}
