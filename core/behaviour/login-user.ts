/**
 * @module core/behaviour/login-user
 * The user name a login request tries, hashed, so that "distinct user names
 * tried" can be counted without keeping any name: the JSON body field
 * `username`, `user`, `email` or `login` (top level), or the same form
 * fields. Bodies are read up to 8 KiB; anything malformed gives undefined.
 */
import { hash32 } from "../discovery/hash.ts";
import { decodeFormComponent } from "../http/form-component.ts";

const FIELDS = ["username", "user", "email", "login", "user_name", "userName"];
const MAX_BODY = 8192;

/**
 * Whether a JSON body may name a login field: every field's key starts so,
 * and a key written with escapes (`"\u0075sername"`, which parsers decode)
 * is parsed too. Most bodies (orders, reviews) are not parsed a second time.
 */
const MAY_NAME_USER = /"(?:user|email|login)|\\u/i;

function fromJson(text: string): string | undefined {
  if (!MAY_NAME_USER.test(text)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  for (const f of FIELDS) {
    const x = o[f];
    if (typeof x === "string" && x.length > 0) return x;
  }
  return undefined;
}

function fromForm(text: string): string | undefined {
  for (const part of text.split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    // The field name too is read as servers read it (`us%65rname` is `username`).
    const k = decodeFormComponent(part.slice(0, eq));
    if (k === null || !FIELDS.includes(k)) continue;
    const v = decodeFormComponent(part.slice(eq + 1));
    if (v === null) return undefined;
    if (v.length > 0) return v;
  }
  return undefined;
}

/**
 * Hash (8 hex digits) of the user name in a login body, case-folded and
 * trimmed; undefined when the body carries none.
 */
export function loginUserHash(contentType: string | undefined, body: string | undefined): string | undefined {
  if (typeof body !== "string" || body.length === 0) return undefined;
  const text = body.length > MAX_BODY ? body.slice(0, MAX_BODY) : body;
  const ct = (contentType ?? "").toLowerCase();
  const t = text.trimStart();
  const name =
    ct.includes("json") || (ct === "" && t.startsWith("{"))
      ? fromJson(t)
      : ct.includes("form")
        ? fromForm(t)
        : undefined;
  if (name === undefined) return undefined;
  return hash32(name.trim().toLowerCase()).toString(16).padStart(8, "0");
}
