/**
 * @module core/signatures/template-probes
 * Template expressions that read what a template has no business showing, or run what its engine
 * lets it run, without the calls and dunders the detectors look for:
 * - a secret setting read by name (`{{ settings.SECRET_KEY }}`: templateSecret);
 * - a whole object that holds the application's secrets, dumped (`{{config}}`, `{{ settings | json }}`,
 *   `{{request.environ}}`, Tornado's `{{handler.settings}}`, Go's `{{ .Config }}`, Twig's
 *   `{{ dump(app) }}`, Smarty's `{$smarty.version}` probe and `$smarty.template_object`); one of its properties
 *   (`{{ settings.site_name }}`) is a template's ordinary work;
 * - a dotted path that ends in a secret (`{{ .User.Password }}`, Django's
 *   `{{ messages.storages.0.signer.key }}`);
 * - Smarty's `{math equation=…}` (the plugin evaluates its equation as PHP), Nexus's EL with an escaped
 *   first letter (`$\c{1337*1337}`, CVE-2020-10199's bypass), a Razor code block that starts a
 *   process, Template Toolkit's `USE` of a plugin that reads the file system;
 * - a bare arithmetic probe in single braces that is the whole value (`{7*7}`), or concatenated into a
 *   string the value closed (`\u0027+{233*233}+\u0027`, Confluence's CVE-2021-26084);
 * - OGNL's arithmetic probe (`%{233*233}`, Struts' forced evaluation, anywhere in a value or a name);
 * - an EL expression that reads one of EL's scope objects (`${applicationScope}`,
 *   `#{facesContext.externalContext.sessionMap}`): the server's session and application state, which
 *   no form field's text names;
 * - TYPO3 Fluid's inline ViewHelpers that render TypoScript or raw data (`{f:cObject(…)}`).
 */

/** Roots that hold configuration, the request's environment or the application object. */
const DUMPED_ROOT =
  /\{\{-?\s*(?:config|settings|request\.environ|request\.application|handler\.settings|handler\.application\.settings|\.Config|\.Env|self\.__dict__)\s*(?:\|\s*[a-z_]+\s*)?-?\}\}/i;
/** Twig's and Symfony's dumps of the application or the context. */
const DUMP_CALL = /\{\{-?\s*dump\s*\(\s*(?:app|_context)?\s*\)\s*-?\}\}/i;
/**
 * Smarty's fingerprint and its way to the engine's objects (`{$smarty.version}`,
 * `{$smarty.template_object->…}`); `{$smarty.const.IN_STOCK_LABEL}` is a template's ordinary work.
 */
const SMARTY_VAR = /\{\$smarty\.(?:version|template_object)\b/i;
/** A dotted template path whose last part is a secret (`{{ password }}` alone is a welcome mail's placeholder). */
const SECRET_LEAF =
  /\{\{-?\s*[\w.[\]'"]{0,80}?\.(?:password|passwd|secret|secret_key|private_key|privatekey|api_key|apikey|access_token|signing_key|signer\.key)\s*-?\}\}/i;
/** Smarty's math plugin, which evaluates its equation. */
const SMARTY_MATH = /\{math\s+equation\s*=/i;
/** Java EL with an escaped first letter (Nexus's `$\c{…}`), with arithmetic or a call inside. */
const ESCAPED_EL = /\$\\[A-Za-z]\{[^}]{0,200}[*(.][^}]{0,200}\}/;
/** A Razor code block that starts a process. */
const RAZOR_PROCESS = /@\{[^}]{0,400}(?:System\.Diagnostics\.Process|Process\.Start\s*\()/;
/** Template Toolkit's plugins that read or write the server's files, or its Perl blocks. */
const TT_RISKY = /\[%-?\s*(?:PERL|RAWPERL\b|USE\s+\w+\s*=\s*(?:Directory|File|Datafile|DBI)\b)/;
/** The whole value a bare arithmetic probe in single braces. */
const BRACE_PROBE = /^\{\s*\d{1,4}\s*[*+]\s*\d{1,4}\s*\}$/;
/** A braced product concatenated between a closed string and the rest (`'+{233*233}+'`). */
const BRACE_CONCAT = /(?:['"]|\\u0027|\\x27|\\u0022)\s*\+\s*\{\s*\d{1,6}\s*\*\s*\d{1,6}\s*\}\s*\+/i;
/** OGNL's `%{…}` around a product of two numbers. */
const OGNL_PROBE = /%\{\s*\(?\s*\d{1,6}\s*\*\s*\d{1,6}\s*\)?\s*\}/;
/**
 * TYPO3 Fluid's inline ViewHelpers that render TypoScript or print data unescaped (`{f:cObject(
 * typoscriptObjectPath: 'lib.parseFunc', data: '{TSFE.fe_user.user.password}')}`, `{f:format.raw(…)}`):
 * a form field rendered as Fluid reads the session's user.
 */
const FLUID_RISKY = /\{f:(?:cObject|format\.raw|render|uri\.typolink)\s*\(/i;
/** EL's scope objects, read in an expression. */
const EL_SCOPE =
  /[$#]\{\s*(?:applicationScope|sessionScope|requestScope|pageScope|pageContext|facesContext|initParam)\b/i;

/**
 * A template expression that reads the application's secrets (Django's
 * `{{ settings.SECRET_KEY }}`, `{{ settings.DATABASES }}`, Flask's
 * `{{ config.SECRET_KEY }}`): what a user's bio or a receipt footer renders
 * back is the key that signs its sessions (934170). A site name or a theme
 * setting (`{{ settings.site_name }}`) is not a secret.
 */
const SECRET_READ =
  /\{[{%]-?[^{}]{0,40}?\b(?:settings|config|app\.config|current_app\.config)\s*(?:\.\s*|\[\s*['"])(?:SECRET_KEY|DATABASES|[A-Z][A-Z_]*(?:PASSWORD|SECRET|API_KEY|PRIVATE_KEY|TOKEN)[A-Z_]*)\b/;

export function templateSecret(value: string): boolean {
  return value.length < 65536 && value.includes("{") && SECRET_READ.test(value);
}

/** Does `value` hold one of the template probes above, or read a secret setting (templateSecret)? */
export function templateProbe(value: string): boolean {
  if (value.length > 65536) return false;
  // Every probe but Template Toolkit's has a brace: one scan answers for most values, which have none.
  if (!value.includes("{")) return value.includes("[%") && TT_RISKY.test(value);
  if (templateSecret(value)) return true;
  if (value.includes("{{") && (DUMPED_ROOT.test(value) || DUMP_CALL.test(value) || SECRET_LEAF.test(value)))
    return true;
  if (value.includes("{$") && SMARTY_VAR.test(value)) return true;
  if (value.includes("{math") && SMARTY_MATH.test(value)) return true;
  if (value.includes("$\\") && ESCAPED_EL.test(value)) return true;
  if (value.includes("@{") && RAZOR_PROCESS.test(value)) return true;
  if (value.includes("[%") && TT_RISKY.test(value)) return true;
  if (value.includes("%{") && OGNL_PROBE.test(value)) return true;
  if ((value.includes("${") || value.includes("#{")) && EL_SCOPE.test(value)) return true;
  if (value.includes("{f:") && FLUID_RISKY.test(value)) return true;
  if (value.includes("*") && value.includes("+") && BRACE_CONCAT.test(value)) return true;
  return value.length <= 16 && BRACE_PROBE.test(value);
}
