/**
 * @module core/signatures/host-override
 * A client's own forwarding headers that name another site than the one it
 * asked for (`Host: shop.example.nl`, `X-Forwarded-Host: shop.example.nl.reset.co`).
 * Frameworks build absolute links from them (Magento's, Django's, Rails' and
 * nopCommerce's password-reset mails, redirects, cache keys), so the victim's
 * reset link points at the attacker's host. apiward is the edge: only a
 * proxy the app trusts (its `trusted_proxies`) has a reason to send them, and
 * a proxy that does names the app's own site, so a subdomain of the same site
 * (`www.` for `shop.`) passes.
 */

/** The headers a framework reads for the host to write into links. */
const OVERRIDE_HEADERS: ReadonlySet<string> = new Set([
  "x-forwarded-host",
  "x-host",
  "x-forwarded-server",
  "x-http-host-override",
  "x-original-host",
]);

/**
 * The headers a framework reads for the path prefix to write before its links and redirects (Spring's
 * and Traefik's `X-Forwarded-Prefix`, ASP.NET's `X-Forwarded-PathBase`): a path, never another site.
 */
const PREFIX_HEADERS: ReadonlySet<string> = new Set(["x-forwarded-prefix", "x-forwarded-pathbase", "x-script-name"]);

/** A prefix that makes the links it starts point elsewhere: `//evil.example`, `\\evil`, `https://…`, `/\evil`. */
function offSitePrefix(value: string): boolean {
  const v = value.trim();
  return /^(?:[\\/]{2}|\/\\|[a-z][a-z0-9+.-]*:\/\/)/i.test(v);
}

/** Second-level labels under which a country's registrations sit (`example.co.uk`, `shop.com.au`). */
const SECOND_LEVEL = new Set([
  "co",
  "com",
  "net",
  "org",
  "gov",
  "edu",
  "ac",
  "or",
  "ne",
  "go",
  "gob",
  "gouv",
  "mil",
  "ltd",
  "plc",
  "nic",
  "sch",
]);

/** A host value's name: lower case, without its port, trailing dot or an IPv6 literal's brackets. */
export function hostName(host: string): string {
  const t = host.trim();
  const colon = t.lastIndexOf(":");
  let name = (colon > 0 && !t.endsWith("]") && t.indexOf(":") === colon ? t.slice(0, colon) : t).toLowerCase();
  if (name.startsWith("[")) {
    const close = name.indexOf("]");
    name = name.slice(1, close < 0 ? name.length : close);
  }
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

/**
 * The site a host name belongs to: its last two labels, or three under a country's second level
 * (`co.uk`, `com.au`); an address as it is. An approximation of the public suffix list that errs
 * toward calling two hosts one site (a shared hosting suffix such as `github.io` reads as one).
 */
export function siteOf(name: string): string {
  if (name.includes(":") || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(name)) return name;
  const labels = name.split(".");
  if (labels.length <= 2) return name;
  const tld = labels[labels.length - 1] as string;
  const second = labels[labels.length - 2] as string;
  const keep = tld.length === 2 && (SECOND_LEVEL.has(second) || second.length <= 2) ? 3 : 2;
  return labels.slice(-keep).join(".");
}

/** The hosts a `Forwarded` header names (`for=…;host=evil.example;proto=https`). */
function forwardedHosts(value: string): string[] {
  const out: string[] = [];
  for (const element of value.split(",")) {
    for (const pair of element.split(";")) {
      const eq = pair.indexOf("=");
      if (eq < 0 || pair.slice(0, eq).trim().toLowerCase() !== "host") continue;
      out.push(
        pair
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, ""),
      );
    }
  }
  return out;
}

/**
 * The first header (by name) that names another site than `host`, or null. Values that are no host
 * at all (markup, a CRLF, a lookup) are left to the value scanners that read every header.
 */
export function hostOverride(headers: ReadonlyArray<readonly [string, string]>, host: string): string | null {
  const site = siteOf(hostName(host));
  if (site === "") return null;
  for (const [name, value] of headers) {
    if (PREFIX_HEADERS.has(name) && offSitePrefix(value)) return name;
    const named = OVERRIDE_HEADERS.has(name) ? value.split(",") : name === "forwarded" ? forwardedHosts(value) : null;
    if (named === null) continue;
    for (const v of named) {
      const other = hostName(v);
      if (other !== "" && /^[a-z0-9.:_-]+$/.test(other) && siteOf(other) !== site) return name;
    }
  }
  return null;
}
