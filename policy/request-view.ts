/**
 * @module policy/request-view
 * The per-request values rules compare against, derived once per evaluation
 * and shared by every rule: the parsed IP, the upper-case method, and lazily
 * (only when some rule asks) lower-cased path, segments and header values and
 * the content-type essence. Tolerates a malformed context (missing arrays)
 * rather than throwing.
 */
import { overrideMethods } from "../core/http/method-override.ts";
import { type ParsedIp, parseIp } from "../core/net/ip.ts";
import { withSlash } from "./paths.ts";
import type { PolicyContext } from "./types.ts";

const NO_PAIRS: Array<[string, string]> = [];
const NO_SEGMENTS: string[] = [];

export class RequestView {
  readonly ctx: PolicyContext;
  readonly ip: ParsedIp | null;
  readonly method: string;
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly country: string | undefined;
  private lowerPathCache: string | undefined;
  private lowerSegmentsCache: string[] | undefined;
  private lowerHeadersCache: Array<string | undefined> | undefined;
  private contentTypeCache: string | null | undefined;
  private contentTypesCache: readonly string[] | undefined;
  private overridesCache: readonly string[] | undefined;

  constructor(ctx: PolicyContext) {
    this.ctx = ctx;
    const req = ctx.req;
    this.ip = typeof ctx.ip === "string" ? parseIp(ctx.ip) : null;
    this.method = typeof req?.method === "string" ? req.method.toUpperCase() : "";
    this.path = typeof req?.path === "string" ? req.path : "/";
    this.segments = Array.isArray(req?.segments) ? req.segments : NO_SEGMENTS;
    this.query = Array.isArray(req?.query) ? req.query : NO_PAIRS;
    this.headers = Array.isArray(req?.headers) ? req.headers : NO_PAIRS;
    this.country = typeof ctx.country === "string" ? ctx.country.toUpperCase() : undefined;
  }

  /**
   * Methods the request asks the origin to run instead of its own (method
   * override headers, `_method`; core/http/method-override.ts), upper case;
   * usually none. `method` rules read the request as each of them too.
   */
  get overrides(): readonly string[] {
    if (this.overridesCache === undefined) this.overridesCache = overrideMethods(this.method, this.query, this.headers);
    return this.overridesCache;
  }

  get lowerPath(): string {
    if (this.lowerPathCache === undefined) this.lowerPathCache = this.path.toLowerCase();
    return this.lowerPathCache;
  }

  /** The path followed by one slash, as path prefixes are compared (policy/paths.ts `withSlash`). */
  get pathWithSlash(): string {
    return withSlash(this.path);
  }

  get lowerPathWithSlash(): string {
    return withSlash(this.lowerPath);
  }

  get lowerSegments(): readonly string[] {
    if (this.lowerSegmentsCache === undefined) this.lowerSegmentsCache = this.segments.map((s) => s.toLowerCase());
    return this.lowerSegmentsCache;
  }

  /** Lower-cased value of header number `i` (cached per request). */
  lowerHeader(i: number): string {
    if (this.lowerHeadersCache === undefined) this.lowerHeadersCache = new Array(this.headers.length);
    let v = this.lowerHeadersCache[i];
    if (v === undefined) {
      v = this.headers[i]![1].toLowerCase();
      this.lowerHeadersCache[i] = v;
    }
    return v;
  }

  /** Media type essence (`application/json` from `Application/JSON; charset=utf-8`), or null when absent. */
  get contentType(): string | null {
    if (this.contentTypeCache === undefined) {
      const raw = this.ctx.contentType;
      if (typeof raw !== "string") this.contentTypeCache = null;
      else {
        const semi = raw.indexOf(";");
        const essence = (semi < 0 ? raw : raw.slice(0, semi)).trim().toLowerCase();
        this.contentTypeCache = essence.length ? essence : null;
      }
    }
    return this.contentTypeCache;
  }

  /**
   * Every media type the request names: the essence, and each element of it
   * when a repeated Content-Type arrived joined ("application/xml,
   * application/xml"); empty when absent.
   */
  get contentTypes(): readonly string[] {
    if (this.contentTypesCache === undefined) {
      const ct = this.contentType;
      this.contentTypesCache =
        ct === null ? [] : ct.includes(",") ? [ct, ...ct.split(",").map((part) => part.trim())] : [ct];
    }
    return this.contentTypesCache;
  }
}
