/**
 * @module core/signatures/loader-variables
 * A parameter named for a dynamic loader's environment variable
 * (`/cgi-bin/login?LD_PRELOAD=/proc/self/fd/0`). CGI servers hand request
 * parameters to the program as environment variables (GoAhead before 3.6.5,
 * CVE-2017-17562, and the appliance web servers built on it or like it), so
 * the loader maps the attacker's library, uploaded in the same request or an
 * earlier one, into the CGI program before it runs. No form or API names a
 * field so; `LD_DEBUG` is the probe that shows the variable is honoured.
 */

/** The variables that make the loader map or trace a library of the caller's choosing. */
const LOADER_VARIABLES: ReadonlySet<string> = new Set([
  "ld_preload",
  "ld_library_path",
  "ld_audit",
  "ld_debug",
  "ld_profile",
  "dyld_insert_libraries",
  "dyld_library_path",
]);

/** Is `name` (a query or form parameter's) a dynamic loader's environment variable, in any case? */
export function loaderVariable(name: string): boolean {
  const c0 = name.charCodeAt(0) | 0x20;
  if ((c0 !== 0x6c && c0 !== 0x64) || name.length > 24) return false;
  return LOADER_VARIABLES.has(name.toLowerCase());
}
