/**
 * @module core/signatures/redirects
 * Parameters that name where a browser goes next (`next`, `returnUrl`,
 * `redirect_uri`, `RelayState`, `post_logout_redirect_uri`…). Sending users
 * to another site from there is the open redirect that phishing, OAuth
 * token theft and SSO session riding start from. A value a browser reads
 * as another site than it looks is never honest:
 * - a scheme-relative or backslashed start (`//evil.example`,
 *   `/\evil.example`, `\/\/evil.example`, `/<tab>/evil.example`): browsers
 *   take `\` for `/` and drop blanks, the application's "is it a local path?"
 *   check does not;
 * - a web scheme without its slashes (`https:evil.example`);
 * - user info before the host (`https://app.example@evil.example/`);
 * - a dot segment in the path (`https://app.example/callback/../../logout?…`:
 *   a prefix-matched `redirect_uri` walked out of its callback);
 * - another site whose host spells this one's as its prefix
 *   (`https://app.example.com.evil.example/`, from `app.example.com`);
 * - the same redirect parameter twice with different values (one checked,
 *   the other used).
 * That is `OPEN_REDIRECT` (920261). A plain absolute URL to another host is
 * only `OFFSITE_REDIRECT` (920262, paranoia 2): OAuth clients live on other
 * hosts than their identity provider, and SSO flows cross domains.
 */

const REDIRECT_NAMES: ReadonlySet<string> = new Set([
  "next",
  "return",
  "returnurl",
  "returnto",
  "returnpath",
  "redirect",
  "redirecturi",
  "redirecturl",
  "redirectto",
  "continue",
  "continueurl",
  "goto",
  "relaystate",
  "postlogoutredirecturi",
  "successurl",
  "failureurl",
  "cancelurl",
  "backurl",
  "callbackurl",
  "forwardurl",
  "targeturl",
  "destinationurl",
]);

/** Answers for names seen before: body keys repeat across values, and this runs for every one of them. */
const known = new Map<string, boolean>();

/** `name` (a parameter or body field's own key) names a redirect target: case, `_`, `-` and `.` aside. */
export function isRedirectName(name: string): boolean {
  if (name.length < 4 || name.length > 40) return false;
  let answer = known.get(name);
  if (answer === undefined) {
    answer = REDIRECT_NAMES.has(name.toLowerCase().replace(/[-_.]/g, ""));
    if (known.size >= 4096) known.clear();
    known.set(name, answer);
  }
  return answer;
}

export type RedirectVerdict = "open" | "offsite" | null;

/** The host of `host` (a Host header: port dropped, lower-cased, trailing dot dropped). */
function bareHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.indexOf(":");
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith(".") ? h.slice(0, -1) : h;
}

/** The last two labels of a host name (`app.corp.example` → `corp.example`): good enough to call two hosts one site. */
export function siteOf(host: string): string {
  const labels = host.split(".");
  return labels.length <= 2 ? host : labels.slice(-2).join(".");
}

/**
 * How the redirect value `raw` sends a browser, seen from a request to `requestHost` (its Host header).
 * A value still percent-encoded at its start (`%2F%2Fevil.example`, sent as `%252F…`) is judged as the
 * application that decodes it once more reads it.
 */
export function judgeRedirect(raw: string, requestHost: string | undefined): RedirectVerdict {
  const first = judgeDecoded(raw, requestHost);
  if (first !== null || !raw.trimStart().startsWith("%") || raw.length > 4096) return first;
  try {
    return judgeDecoded(decodeURIComponent(raw), requestHost);
  } catch {
    return null;
  }
}

function judgeDecoded(raw: string, requestHost: string | undefined): RedirectVerdict {
  // Browsers drop leading blanks and control characters, and tabs and newlines anywhere.
  let v = raw.replace(/[\t\n\r]/g, "");
  let i = 0;
  while (i < v.length && v.charCodeAt(i) <= 0x20) i++;
  v = v.slice(i);
  if (v.length < 2) return null;
  const c0 = v.charCodeAt(0);
  const c1 = v.charCodeAt(1);
  const slash = (c: number) => c === 0x2f || c === 0x5c;
  if (slash(c0) && slash(c1)) {
    if (c0 === 0x5c || c1 === 0x5c) return "open";
    // `//host/…`: the request's own host is honest, any other is the trick.
    const host = bareHost(v.slice(2).split(/[/?#\\]/, 1)[0] ?? "");
    return requestHost !== undefined && host === bareHost(requestHost) ? null : "open";
  }
  const lower = v.slice(0, 12).toLowerCase();
  const scheme = lower.startsWith("https:") ? 6 : lower.startsWith("http:") ? 5 : 0;
  if (scheme === 0) return null;
  if (!slash(v.charCodeAt(scheme)) || !slash(v.charCodeAt(scheme + 1))) return "open";
  const rest = v.slice(scheme + 2);
  const authority = rest.split(/[/?#\\]/, 1)[0] ?? "";
  if (authority.includes("@") || rest.slice(0, authority.length + 1).includes("\\")) return "open";
  const pathEnd = rest.search(/[?#]/);
  const path = rest.slice(authority.length, pathEnd < 0 ? rest.length : pathEnd);
  if (/(^|\/)\.\.?(\/|$)/.test(path)) return "open";
  if (requestHost === undefined) return null;
  const host = bareHost(authority);
  const own = bareHost(requestHost);
  if (host === own || siteOf(host) === siteOf(own)) return null;
  // Another site whose name spells this one's as its prefix (`app.kestrelhealth.com.login-verify.net`
  // from `auth.kestrelhealth.com`): made to pass a `startsWith` check of the redirect's host.
  return own.includes(".") && `.${host}`.includes(`.${siteOf(own)}.`) ? "open" : "offsite";
}
