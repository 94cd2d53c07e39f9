/**
 * @module core/signatures/php-inputs
 * What PHP makes of a parameter's name, beyond its value:
 * - a superglobal's entry as a name (`_SESSION[role]=admin`, `GLOBALS[x]`), or inside a value handed to
 *   `parse_str` (`data=_COOKIE[admin]=1&_GET[cmd]=id`): `register_globals`, `extract()` and
 *   `parse_str()` write it over the script's own variables (933130, as a superglobal in a value);
 * - an option as a name (`?+--env=dev`, `?--define`): with `register_argc_argv` the query string is
 *   the script's argv (Symfony's CVE-2024-50340; 932231, as other programs' options that run code);
 * - a secret sent as an array (`password[]=`, `token[]=`): `strcmp()` and `==` against an array
 *   answer as if it matched, PHP's type juggling (933131);
 * - a controller named in a query string a framework resolves (Symfony's `/_fragment?_path=
 *   _controller=system&command=id`, signed with a leaked `APP_SECRET`): the function named is what
 *   runs, with the other names as its arguments (933150); ThinkPHP's `_method=__construct`, a magic
 *   method called by the method override (933150);
 * - a compared secret sent as a published magic-hash input (`password=QNKCDZO`), which `==` takes
 *   for equal to any other such hash (933131).
 */

import { lastFieldName } from "./request-shape.ts";

const SUPERGLOBALS = ["_session", "_cookie", "_get", "_post", "_server", "_env", "_files", "_request", "globals"];

/** Does `text` name a superglobal's entry (`_SESSION[`, `GLOBALS[`) where a name starts (at 0 or after `&`)? */
function superglobalEntryAt(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  if (c !== 0x5f && (c | 0x20) !== 0x67) return false;
  const bracket = text.indexOf("[", start);
  if (bracket < 0 || bracket - start > 8) return false;
  return SUPERGLOBALS.includes(text.slice(start, bracket).toLowerCase());
}

/** A parameter name that is a superglobal's entry. */
export function superglobalName(name: string): boolean {
  return superglobalEntryAt(name, 0);
}

/** A value shaped as a query string (`a=1&b=2`) one of whose names is a superglobal's entry. */
export function superglobalInQueryString(value: string): boolean {
  if (value.length > 4096 || !value.includes("[") || !value.includes("=")) return false;
  if (superglobalEntryAt(value, 0)) return true;
  for (let amp = value.indexOf("&"); amp >= 0; amp = value.indexOf("&", amp + 1))
    if (superglobalEntryAt(value, amp + 1)) return true;
  return false;
}

/** PHP functions that run a command, evaluate code or write a file, as a controller's name. */
const CONTROLLER_CALLS =
  /(?:^|&)_controller=(?:system|exec|passthru|shell_exec|popen|proc_open|pcntl_exec|assert|eval|phpinfo|file_put_contents|call_user_func(?:_array)?|create_function)(?:&|$)/i;

/** A value shaped as a query string whose `_controller` is a PHP function that runs or writes. */
export function controllerInQueryString(value: string): boolean {
  return value.length <= 4096 && value.includes("_controller=") && CONTROLLER_CALLS.test(value);
}

/**
 * `_method=__construct` (ThinkPHP 5.0's CVE-2018-20062 and its kin): the framework's method override
 * calls the named method on its request object, and a PHP magic method there re-runs the constructor
 * with the attacker's filters (`filter[]=system`). An HTTP method never starts with `__`.
 */
export function magicMethodOverride(name: string, value: string): boolean {
  return name.toLowerCase() === "_method" && /^__[a-z]/i.test(value);
}

/** A parameter name that is a command-line option (`--env`, `+--env`, ` -d`): argv to a CGI or CLI script. */
export function optionName(name: string): boolean {
  let i = 0;
  while (i < name.length && (name.charCodeAt(i) === 0x2b || name.charCodeAt(i) === 0x20)) i++;
  if (!name.startsWith("--", i)) return false;
  const c = name.charCodeAt(i + 2) | 0x20;
  return c >= 0x61 && c <= 0x7a;
}

/**
 * A query string that PHP-CGI reads as its own command line: with no `=` in it, the CGI standard
 * hands it to php-cgi as arguments, and an option there (`?-s` shows the source, `?-d …` sets an
 * ini directive, `-n`, `-c`) is obeyed (CVE-2012-1823). Windows' best-fit mapping turns a soft
 * hyphen into `-` after PHP checked for one (`?%ADs`, `?%ADd+allow_url_include…`; CVE-2024-4577),
 * which the query decoder gives as U+FFFD or U+00AD. `name` is the query's only parameter, sent
 * without a value.
 */
export function phpCgiOption(name: string): boolean {
  let i = 0;
  while (i < name.length && name.charCodeAt(i) === 0x20) i++;
  const h = name.charCodeAt(i);
  if (h !== 0x2d && h !== 0xfffd && h !== 0xad) return false;
  const o = name.charCodeAt(i + 1);
  if (o !== 0x73 && o !== 0x64 && o !== 0x6e && o !== 0x63) return false;
  return i + 2 === name.length || name.charCodeAt(i + 2) === 0x20;
}

/** Secrets a login or a reset compares (lower-cased, no `_`). */
const COMPARED_SECRETS: ReadonlySet<string> = new Set([
  "password",
  "passwd",
  "pass",
  "pwd",
  "token",
  "resettoken",
  "otp",
  "pin",
  "hash",
  "signature",
  "sig",
  "captcha",
]);

/**
 * Published "magic hash" inputs: strings whose MD5 or SHA-1 is `0e` and digits alone (`QNKCDZO`,
 * `240610708`, `aaroZmOk`), which PHP's `==` takes for the number 0 and so for equal to any other
 * such hash. Sent as a password, they log in to an account whose stored hash is one too.
 */
const MAGIC_HASHES: ReadonlySet<string> = new Set([
  "QNKCDZO",
  "240610708",
  "s878926199a",
  "s155964671a",
  "s214587387a",
  "s1091221200a",
  "aabg7XSs",
  "aabC9RqS",
  "aaroZmOk",
  "aaK1STfY",
  "aaO8zKZF",
  "aa3OFF9m",
  "10932435112",
]);

/** A password (or another compared secret) sent as a published magic-hash input. */
export function magicHashSecret(name: string, value: string): boolean {
  return value.length <= 12 && MAGIC_HASHES.has(value) && COMPARED_SECRETS.has(lastFieldName(name, false));
}

/** A secret sent as an array (`password[]`, `token[0]`): compared by `strcmp()` or `==`, it matches. */
export function secretAsArray(name: string): boolean {
  if (name.length > 24 || !name.endsWith("]")) return false;
  const open = name.indexOf("[");
  if (open <= 0 || name.indexOf("[", open + 1) >= 0) return false;
  const index = name.slice(open + 1, -1);
  if (index !== "" && !/^\d+$/.test(index)) return false;
  return COMPARED_SECRETS.has(name.slice(0, open).toLowerCase().replaceAll("_", ""));
}
