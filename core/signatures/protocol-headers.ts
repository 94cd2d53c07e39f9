/**
 * @module core/signatures/protocol-headers
 * Header-structure checks that need the whole header list rather than one
 * value: request smuggling signs (Content-Length with Transfer-Encoding,
 * repeated or malformed lengths, odd Transfer-Encoding), invalid header
 * names, method-override headers, missing, repeated or odd Host, absurd
 * sizes, odd Range headers, legacy cookie attributes, quoted cookie
 * values that smuggle others, and client-address headers that name the
 * server itself (address-claims.ts). Shared by both scanner
 * backends (no byte scanning happens here).
 */
import { tchar } from "../http/token.ts";
import { claimsSelfAddress, isSelfAddress } from "./address-claims.ts";
import { R } from "./tables/rules.ts";

export interface HeaderFinding {
  rule: number;
  location: string;
}

/** The methods that write, which a back end honouring a method-override header runs instead of a GET. */
const WRITING_METHODS: ReadonlySet<string> = new Set(["DELETE", "PUT", "PATCH", "POST"]);

/** RFC 2046's `bchars` but the space: what a multipart boundary is made of. */
const BCHARS = new Uint8Array(128);
for (const c of "'()+_,-./:=?0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  BCHARS[c.charCodeAt(0)] = 1;
const boundaryChar = (c: number): boolean => c < 128 && BCHARS[c] === 1;

/**
 * A Content-Type value parses as a media type (RFC 9110 §8.3.1): type "/" subtype, then
 * parameters `; name=value` whose value is a token or a quoted string (a trailing `;` allowed), or
 * for a boundary, RFC 2046's characters unquoted.
 */
export function isMediaType(v: string): boolean {
  const n = v.length;
  let i = 0;
  const ows = () => {
    while (i < n && (v.charCodeAt(i) === 0x20 || v.charCodeAt(i) === 0x09)) i++;
  };
  const token = (): boolean => {
    const s = i;
    while (i < n && tchar(v.charCodeAt(i))) i++;
    return i > s;
  };
  ows();
  if (!token() || v.charCodeAt(i) !== 0x2f) return false;
  i++;
  if (!token()) return false;
  ows();
  while (i < n) {
    if (v.charCodeAt(i) !== 0x3b) return false;
    i++;
    ows();
    if (i >= n) return true;
    const name = i;
    if (!token() || v.charCodeAt(i) !== 0x3d) return false;
    const boundary = i - name === 8 && v.slice(name, i).toLowerCase() === "boundary";
    i++;
    if (boundary && v.charCodeAt(i) !== 0x22) {
      // A boundary unquoted in RFC 2046's own characters (Python's `===============7330…==`), as CRS allows.
      const s = i;
      while (i < n && boundaryChar(v.charCodeAt(i))) i++;
      if (i === s) return false;
    } else if (v.charCodeAt(i) === 0x22) {
      i++;
      while (i < n && v.charCodeAt(i) !== 0x22) i += v.charCodeAt(i) === 0x5c ? 2 : 1;
      if (i >= n) return false;
      i++;
    } else if (!token()) return false;
    ows();
  }
  return true;
}

/** Is `s` an RFC 9110 token (a field name, a method, a WebSocket subprotocol)? */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!tchar(s.charCodeAt(i))) return false;
  return true;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * A Host no client builds from a URL: a user part or a fragment (`a.com:@evil.example`,
 * `a.com#.evil.example`), a list (`a.com, evil.example`), a path, a blank, markup, or a port that is
 * no number (`a.com:evil-port.example`). Caches and routers that split it differently from the
 * application poison links and keys with the other half.
 */
function hostShapeBroken(h: string): boolean {
  if (/[@#,/\\\s"'<>`]/.test(h)) return true;
  const close = h.startsWith("[") ? h.indexOf("]") : -1;
  if (h.startsWith("[") && close < 0) return true;
  const rest = h.slice(close + 1);
  const colon = rest.indexOf(":");
  if (colon < 0) return rest.length > 0 && close >= 0;
  return colon > 0 && close >= 0 ? true : !/^\d{1,5}$/.test(rest.slice(colon + 1));
}

function isHostChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    const ok =
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2e ||
      c === 0x2d ||
      c === 0x3a ||
      c === 0x7b ||
      c === 0x7d ||
      c === 0x5f;
    if (!ok) return false;
  }
  return true;
}

/**
 * A cookie value that opens a quote (`"` or `\"`) and closes it only after a
 * `;`: no browser sends one (a `;` ends a cookie), but servers that honour
 * RFC 2109 quoting read the whole span as one value, so cookies the front
 * end saw separately (a session id, a CSRF token) are smuggled inside it, or
 * hidden from it.
 */
export function quotedAcrossSemicolon(cookie: string): boolean {
  let i = 0;
  const n = cookie.length;
  while (i < n) {
    const eq = cookie.indexOf("=", i);
    if (eq < 0) return false;
    let v = eq + 1;
    while (v < n && cookie.charCodeAt(v) === 0x20) v++;
    if (cookie.charCodeAt(v) === 0x5c) v++;
    if (cookie.charCodeAt(v) === 0x22) {
      let j = v + 1;
      let semicolon = false;
      while (j < n) {
        const c = cookie.charCodeAt(j);
        if (c === 0x22) break;
        if (c === 0x3b) semicolon = true;
        j++;
      }
      if (j < n && semicolon) return true;
      if (j >= n) return false;
      i = j + 1;
    } else i = v;
    const next = cookie.indexOf(";", i);
    if (next < 0) return false;
    i = next + 1;
  }
  return false;
}

function isIpLiteral(host: string): boolean {
  if (host.startsWith("[")) return true;
  const colon = host.lastIndexOf(":");
  const h = colon > 0 ? host.slice(0, colon) : host;
  const parts = h.split(".");
  return parts.length === 4 && parts.every(isDigits);
}

/**
 * Charsets a server may decode a body with while a filter reads the bytes as
 * ASCII: UTF-7 (`+ADw-script+AD4-`), UTF-32 and UCS-4, and EBCDIC code pages
 * (IBM037, cp500…). No API client sends them; WAF evasion does.
 */
const EVASION_CHARSETS = new Set([
  "utf7",
  "utf32",
  "utf32le",
  "utf32be",
  "ucs4",
  ...["037", "273", "277", "278", "280", "284", "285", "297", "500", "871", "875", "1026"].map((c) => `ibm${c}`),
  ...["1140", "1141", "1142", "1143", "1144", "1145", "1146", "1147", "1148", "1149"].map((c) => `ibm${c}`),
  ...["037", "273", "500", "875", "1026", "1140"].map((c) => `cp${c}`),
]);

/** The Content-Type's `charset` parameter names such a charset (quotes, case, dashes and an x- prefix aside). */
export function evasionCharset(contentType: string): boolean {
  const params = contentType.toLowerCase().split(";");
  for (let p = 1; p < params.length && p < 16; p++) {
    const param = (params[p] as string).trim();
    if (!param.startsWith("charset")) continue;
    const eq = param.indexOf("=");
    if (eq < 0 || param.slice(7, eq).trim() !== "") continue;
    let name = param
      .slice(eq + 1, eq + 48)
      .trim()
      .replace(/["'\s_-]/g, "");
    if (name.startsWith("x")) name = name.slice(1);
    if (EVASION_CHARSETS.has(name) || name.startsWith("ebcdic")) return true;
  }
  return false;
}

/** End-to-end headers a back end trusts for who the client is or what it may do. */
const CONNECTION_PROTECTED = new Set([
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-real-ip",
  "true-client-ip",
  "cf-connecting-ip",
  "forwarded",
  "authorization",
  "cookie",
  "host",
  // The identity an mTLS-terminating proxy vouches for (Envoy's, nginx's), made to vanish the same way.
  "x-forwarded-client-cert",
  "x-envoy-external-address",
  "x-ssl-client-cert",
  "x-ssl-client-verify",
]);

/**
 * A vendor's header of who the client is or what it may do (`X-F5-Auth-Token`, CVE-2022-1388's
 * iControl REST bypass; `X-Api-Key`, `X-Remote-User`, `X-Client-IP`): named in Connection, it is made
 * to vanish as those above are. Hop-by-hop headers (`keep-alive`, `te`, `upgrade`,
 * `http2-settings`) have none of these words.
 */
const CREDENTIAL_HEADER = /auth|token|api-?key|session|user|client-ip|real-ip|-ip$|identity|cert|signature|csrf/;

/** A run of at least `n` digits in `v`. */
function longDigitRun(v: string, n: number): boolean {
  let run = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    run = c >= 0x30 && c <= 0x39 ? run + 1 : 0;
    if (run >= n) return true;
  }
  return false;
}

/** `unit=range-set` (a token unit), or a bare `first-last` pair of numbers (lower-cased `v`). */
function isRangeShape(v: string): boolean {
  const eq = v.indexOf("=");
  if (eq > 0) return isToken(v.slice(0, eq));
  const dash = v.indexOf("-");
  return dash > 0 && isDigits(v.slice(0, dash)) && (dash === v.length - 1 || isDigits(v.slice(dash + 1)));
}

/** Limits past which a request is absurd (defaults follow common server limits). */
export const SIZE_LIMITS = { url: 8192, headerValue: 8192, headers: 100, args: 512, argName: 256 };

/**
 * An `AWS4-HMAC-SHA256` Authorization with all that Signature Version 4 puts there: the credential's
 * scope (key id, date, region, service, `aws4_request`), the signed headers and a hex signature
 * (whether the signature is right is the service's to check; a header without one is no SDK's).
 */
function sigV4Complete(value: string): boolean {
  return (
    /\bCredential=[^/,\s]+\/\d{8}\/[^/,\s]+\/[^/,\s]+\/aws4_request\b/.test(value) &&
    /\bSignedHeaders=[A-Za-z0-9;-]+/.test(value) &&
    /\bSignature=[0-9a-fA-F]+\b/.test(value)
  );
}

export function checkHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  rawPath: string,
  query: ReadonlyArray<readonly [string, string]>,
  peer?: string,
  urlTruncated = false,
  method?: string,
): HeaderFinding[] {
  const out: HeaderFinding[] = [];
  const add = (rule: number, location: string): void => {
    if (!out.some((f) => f.rule === rule && f.location === location)) out.push({ rule, location });
  };
  const lengths: string[] = [];
  let te = 0;
  let teValue = "";
  let hosts = 0;
  for (const [name, value] of headers) {
    if (!isToken(name)) add(R.BAD_HEADER_NAME as number, `header:${name}`);
    if (value.length > SIZE_LIMITS.headerValue) add(R.OVERSIZE as number, `header:${name}`);
    if (claimsSelfAddress(name, value) && !(peer !== undefined && isSelfAddress(peer)))
      add(R.CLIENT_SELF_ADDRESS as number, `header:${name}`);
    switch (name) {
      case "content-length":
        lengths.push(value.trim());
        break;
      case "transfer-encoding":
        te++;
        teValue = value.trim().toLowerCase();
        break;
      case "host": {
        hosts++;
        const h = value.trim();
        if (h.length === 0 || !isHostChars(h)) add(R.HOST_ODD as number, "header:host");
        if (hostShapeBroken(h)) add(R.HOST_INVALID as number, "header:host");
        else if (isIpLiteral(h)) add(R.HOST_IP as number, "header:host");
        break;
      }
      case "content-type":
        if (evasionCharset(value)) add(R.CHARSET_EVASION as number, "header:content-type");
        // An empty one says nothing (the body is sniffed); one that is no media type says too much.
        if (value.trim() !== "" && !isMediaType(value)) add(R.CONTENT_TYPE_ILLEGAL as number, "header:content-type");
        break;
      case "x-original-url":
      case "x-rewrite-url":
        // Set by a reverse proxy for the application behind it, never by a client: sent from outside,
        // it asks a back end that honours it (IIS, Symfony, Laravel) for another path than the one
        // the edge checked.
        add(R.PATH_OVERRIDE_HEADER as number, `header:${name}`);
        break;
      case "upgrade":
        // h2c through a proxy that passes Upgrade on: the back end speaks HTTP/2 on a tunnel the
        // proxy no longer inspects (h2c smuggling). No browser asks for it.
        if (value.toLowerCase().includes("h2c")) add(R.H2C_UPGRADE as number, "header:upgrade");
        break;
      case "http2-settings":
        add(R.H2C_UPGRADE as number, "header:http2-settings");
        break;
      case "x-forwarded-proto":
      case "x-forwarded-scheme":
        // A scheme's name, or a list of them: a URL there (`https://evil.example/x?`) is pasted by the
        // framework before the links and redirects it builds (cache poisoning, reset-link poisoning).
        if (!value.split(",").every((v) => /^\s*[a-z][a-z0-9+.-]{0,15}\s*$/i.test(v)))
          add(R.HOST_OVERRIDE as number, `header:${name}`);
        break;
      case "x-http-method-override":
      case "x-http-method":
      case "x-method-override":
        add(R.METHOD_OVERRIDE as number, `header:${name}`);
        // A GET or HEAD told to run as a method that writes: any page can make a browser send the GET.
        if ((method === "GET" || method === "HEAD") && WRITING_METHODS.has(value.trim().toUpperCase()))
          add(R.METHOD_TUNNEL_GET as number, `header:${name}`);
        break;
      case "range":
      case "request-range": {
        const v = value.trim().toLowerCase();
        // No range at all, more than ten ranges, or an offset no file has (`bytes=0-18446744073709551615`:
        // MS15-034's overflow). A unit other than bytes is the API's (`items=0-24`), and so is a bare
        // `first-last` pair: PostgREST and Supabase page with `Range: 0-49` and `Range-Unit: items`.
        if (!isRangeShape(v) || v.split(",").length > 10 || longDigitRun(v, 16))
          add(R.RANGE_ODD as number, `header:${name}`);
        break;
      }
      case "connection":
        // Connection naming an end-to-end header asks the proxy to drop it before the back end sees it
        // (hop-by-hop abuse: the client's own X-Forwarded-For, Authorization or Cookie made to vanish).
        for (const token of value.split(",")) {
          const t = token.trim().toLowerCase();
          if (CONNECTION_PROTECTED.has(t) || CREDENTIAL_HEADER.test(t)) {
            add(R.CONNECTION_STRIPS_HEADER as number, "header:connection");
            break;
          }
        }
        break;
      case "authorization":
        if (/^\s*aws4-hmac-sha256\b/i.test(value) && !sigV4Complete(value))
          add(R.AUTH_SIGV4_MALFORMED as number, "header:authorization");
        break;
      case "cookie":
        for (const piece of value.split(";")) {
          const t = piece.trimStart();
          if (t.startsWith("$")) add(R.LEGACY_COOKIE as number, "header:cookie");
        }
        if (quotedAcrossSemicolon(value)) add(R.COOKIE_SMUGGLING as number, "header:cookie");
        break;
    }
  }
  if (lengths.length > 0 && te > 0) add(R.SMUGGLING_CL_TE as number, "header:transfer-encoding");
  if (lengths.length > 1 || lengths.some((v) => !isDigits(v)))
    add(R.SMUGGLING_DUP_CL as number, "header:content-length");
  if (te > 1 || (te === 1 && teValue !== "chunked")) add(R.BAD_TE as number, "header:transfer-encoding");
  if (hosts === 0) add(R.HOST_MISSING as number, "header:host");
  if (hosts > 1) add(R.HOST_ODD as number, "header:host");
  if (headers.length > SIZE_LIMITS.headers) add(R.OVERSIZE as number, "headers");
  let urlLen = rawPath.length;
  for (const [k, v] of query) {
    urlLen += k.length + v.length + 2;
    if (k.length > SIZE_LIMITS.argName) add(R.OVERSIZE as number, "query-name");
  }
  if (urlLen > SIZE_LIMITS.url) add(R.OVERSIZE as number, "url");
  if (urlTruncated) add(R.URL_OVER_LIMIT as number, "url");
  if (query.length > SIZE_LIMITS.args) add(R.OVERSIZE as number, "query");
  return out;
}
