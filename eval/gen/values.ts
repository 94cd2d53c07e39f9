/**
 * @module eval/gen/values
 * Realistic values for path and query parameters. Each parameter gets a
 * style from what the route table says (type, format, enum, example) and,
 * failing that, from its name (user names for `username`/`owner`, tenant
 * names for `realm`/`org`, file names for `filename`…) or a per-API default
 * id style. Each style has a pool of a realistic size, sampled with Zipf
 * popularity; value `i` of a pool is a pure function of (seed, param, i), so
 * pools need no memory.
 */
import { int, pick, type Rng, rng, seedOf, Zipf } from "./rng.ts";
import { COUNTRIES, CURRENCIES, FILE_EXTS, FIRST_NAMES, LAST_NAMES, WORDS } from "./words.ts";

export type Style =
  | "int"
  | "uuid"
  | "hex24"
  | "sha"
  | "base62"
  | "prefixed"
  | "snowflake"
  | "ulid"
  | "username"
  | "slug"
  | "tenant"
  | "filename"
  | "date"
  | "email"
  | "country"
  | "currency"
  | "semver"
  | "enum";

export interface RouteParam {
  name: string;
  in: string;
  type: string | null;
  format: string | null;
  pattern: string | null;
  enum: Array<string | number> | null;
  required: boolean;
  example?: unknown;
  items_type?: string;
}

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function chars(r: Rng, alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function uuid(r: Rng): string {
  const h = chars(r, HEX, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[Math.floor(r() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Stripe-like id prefix from a parameter name: `customer` → `cus`, `payment_method` → `pm`. */
export function prefixFor(name: string): string {
  const parts = name
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((p) => p.length > 0 && p !== "id");
  if (parts.length === 0) return "obj";
  if (parts.length === 1) return (parts[0] as string).slice(0, (parts[0] as string).length > 6 ? 4 : 3);
  return parts.map((p) => p[0]).join("");
}

function username(r: Rng): string {
  const f = pick(r, FIRST_NAMES);
  const l = pick(r, LAST_NAMES);
  switch (int(r, 0, 6)) {
    case 0:
      return f;
    case 1:
      return `${f}${l}`;
    case 2:
      return `${f}.${l}`;
    case 3:
      return `${f}_${l}`;
    case 4:
      return `${f[0]}${l}${int(r, 1, 99)}`;
    case 5:
      return `${f}${int(r, 1, 2005)}`;
    default:
      return `${f}-${l}`;
  }
}

function slug(r: Rng): string {
  const n = int(r, 2, 5);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(pick(r, WORDS));
  if (r() < 0.2) w.push(String(int(r, 2, 2024)));
  return w.join("-");
}

function tenant(r: Rng): string {
  const w = pick(r, WORDS);
  switch (int(r, 0, 3)) {
    case 0:
      return w;
    case 1:
      return `${w}-${pick(r, ["prod", "dev", "staging", "eu", "us", "test", "internal"])}`;
    case 2:
      return `${w}_${pick(r, WORDS)}`;
    default:
      return `${w}${pick(r, WORDS)}`;
  }
}

function date(r: Rng): string {
  const y = int(r, 2015, 2025);
  const m = String(int(r, 1, 12)).padStart(2, "0");
  const d = String(int(r, 1, 28)).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** Value number `i` of a style's pool (deterministic). */
export function styleValue(style: Style, i: number, salt: string, enumValues: string[]): string {
  const r = rng(seedOf(salt, i));
  switch (style) {
    case "int":
      return String(i < 1000 ? i + 1 : int(r, 1000, 99_999_999));
    case "uuid":
      return uuid(r);
    case "hex24":
      return chars(r, HEX, 24);
    case "sha":
      return chars(r, HEX, 40);
    case "base62":
      return chars(r, B62, int(r, 16, 24));
    case "prefixed":
      return `${salt.split(":").pop()}_${chars(r, B62, int(r, 14, 24))}`;
    case "snowflake":
      return String(1_100_000_000_000_000_000n + BigInt(Math.floor(r() * 1e15)) * 1000n + BigInt(i % 1000));
    case "ulid":
      return `01${chars(r, CROCKFORD, 24)}`;
    case "username":
      return username(r);
    case "slug":
      return slug(r);
    case "tenant":
      return tenant(r);
    case "filename":
      return `${r() < 0.5 ? slug(r) : `${pick(r, ["IMG", "scan", "report", "invoice", "export"])}_${int(r, 1000, 9999)}`}.${pick(r, FILE_EXTS)}`;
    case "date":
      return date(r);
    case "email":
      return `${username(r).replace(/-/g, ".")}@${pick(r, WORDS)}.${pick(r, ["com", "io", "org", "net", "dev"])}`;
    case "country":
      return COUNTRIES[i % COUNTRIES.length] as string;
    case "currency":
      return CURRENCIES[i % CURRENCIES.length] as string;
    case "semver":
      return `${int(r, 0, 4)}.${int(r, 0, 20)}.${int(r, 0, 30)}`;
    case "enum":
      return enumValues[i % Math.max(1, enumValues.length)] ?? "default";
  }
}

/** Pool size of a style (how many distinct values the app has). */
export function poolSize(style: Style, r: Rng, enumCount: number): number {
  switch (style) {
    case "enum":
      return Math.max(1, enumCount);
    case "country":
      return COUNTRIES.length;
    case "currency":
      return CURRENCIES.length;
    case "tenant":
      return int(r, 3, 12);
    case "username":
      return int(r, 300, 5000);
    case "slug":
    case "filename":
      return int(r, 200, 3000);
    case "semver":
      return int(r, 10, 60);
    case "date":
      return 3000;
    default:
      return int(r, 2000, 200_000);
  }
}

const ID_STYLES: Style[] = ["int", "uuid", "hex24", "base62", "prefixed", "snowflake", "ulid"];

/** A per-API default id style (APIs tend to use one id format). */
export function apiIdStyle(api: string, seed: number): Style {
  return pick(rng(seedOf("api-style", api, seed)), ID_STYLES);
}

/** Style of a path parameter from what the route table says, then its name. */
export function styleFor(p: RouteParam, api: string, seed: number): Style {
  if (p.enum && p.enum.length > 0) return "enum";
  if (p.type === "integer" || p.type === "number") return "int";
  if (p.format === "uuid") return "uuid";
  if (p.format === "date" || p.format === "date-time") return "date";
  if (p.format === "email") return "email";
  if (typeof p.example === "string") {
    const ex = p.example;
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(ex)) return "uuid";
    if (/^\d+$/.test(ex)) return "int";
    if (/^[a-z]{1,8}_[A-Za-z0-9]{8,}$/.test(ex)) return "prefixed";
    if (/^[A-Za-z0-9]{16,}$/.test(ex)) return "base62";
  }
  const n = p.name.toLowerCase().replace(/[^a-z]/g, "");
  if (/(username|login|owner|author|member|handle|nick)$/.test(n) || n === "user") return "username";
  if (/slug/.test(n)) return "slug";
  if (/(filename|file|path|attachment|document)$/.test(n)) return "filename";
  if (/email/.test(n)) return "email";
  if (/(date|day)$/.test(n)) return "date";
  if (/country/.test(n)) return "country";
  if (/currency/.test(n)) return "currency";
  if (/(version|release|tag)$/.test(n)) return "semver";
  if (
    /(realm|tenant|org|organization|namespace|team|workspace|project|repo|bucket|alias|name|provider|flow|locale)$/.test(
      n,
    )
  )
    return "tenant";
  const r = rng(seedOf("param-style", api, p.name, seed));
  return r() < 0.75 ? apiIdStyle(api, seed) : pick(r, ID_STYLES);
}

/** A value source for one parameter: a pool with Zipf popularity. */
export class ValuePool {
  private readonly zipf: Zipf;
  private readonly salt: string;
  private readonly enumValues: string[];

  constructor(
    readonly style: Style,
    key: string,
    seed: number,
    enumValues: Array<string | number> | null,
  ) {
    const r = rng(seedOf("pool", key, seed));
    this.enumValues = (enumValues ?? []).map(String);
    const size = poolSize(style, r, this.enumValues.length);
    this.zipf = new Zipf(size, style === "enum" || style === "tenant" ? 0.8 : 1.05);
    this.salt = style === "prefixed" ? `${key}:${prefixFor(key.split("/").pop() ?? "obj")}` : `${key}:${seed}`;
  }

  sample(r: Rng): string {
    return styleValue(this.style, this.zipf.sample(r), this.salt, this.enumValues);
  }

  /** A value outside the pool (a missing object: the app answers 404). */
  unknown(r: Rng): string {
    return styleValue(this.style, 10_000_000 + int(r, 0, 1_000_000), this.salt, this.enumValues);
  }
}

/** A query value for a parameter of the route table. */
export function queryValue(p: RouteParam, r: Rng): string {
  if (p.enum && p.enum.length > 0) return String(pick(r, p.enum));
  const n = p.name.toLowerCase();
  switch (p.type) {
    case "integer":
      return String(/limit|size|count/.test(n) ? pick(r, [10, 20, 25, 50, 100]) : int(r, 0, 5000));
    case "number":
      return (r() * 1000).toFixed(2);
    case "boolean":
      return r() < 0.5 ? "true" : "false";
    case "array":
      return p.items_type === "integer" ? String(int(r, 1, 500)) : pick(r, WORDS);
    default:
      break;
  }
  if (p.format === "date" || p.format === "date-time" || /date|since|until|before|after/.test(n)) return date(r);
  if (p.format === "uuid") return uuid(r);
  if (/email/.test(n)) return `${username(r)}@example.com`;
  if (/cursor|token|starting_after|ending_before/.test(n)) return chars(r, B62, 24);
  if (/(^|_)id$|Id$/.test(p.name)) return `${prefixFor(p.name)}_${chars(r, B62, 16)}`;
  return r() < 0.5 ? pick(r, WORDS) : `${pick(r, WORDS)} ${pick(r, WORDS)}`;
}
