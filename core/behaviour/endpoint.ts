/**
 * @module core/behaviour/endpoint
 * Names the endpoint a request hit, so that sequences, repetition and breadth
 * are counted per endpoint template (`GET /api/products/{id}`), not per URL.
 *
 * The templates come from API discovery (the model carries the inventory
 * learned by `apiward learn`); `TemplateMatcher` matches a path against them
 * with discovery's compiled matcher. A path no template matches (a probe, a
 * new endpoint) gets a heuristic template: numeric, UUID, hex, date, e-mail
 * and long token-like segments become `{id}`, multi-word slugs `{slug}`.
 */
import { hash32 } from "../discovery/hash.ts";
import { compileMatcher, type EndpointMatcher } from "../discovery/matcher.ts";

/** Result of naming one request. */
export interface EndpointName {
  /** `METHOD /template`. */
  endpoint: string;
  /** True when a learned template matched. */
  known: boolean;
  /** The value of the last parameter segment (the object id), if any. */
  id?: string;
}

export type EndpointNamer = (method: string, path: string) => EndpointName;

const MAX_DEPTH = 32;

/** Stable non-zero hash of an endpoint name (0 means "none" in the client state). */
export function templateHash(endpoint: string): number {
  return hash32(endpoint) || 1;
}
const ID_SEG =
  /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}.*|[^@/]+@[^@/]+\.[a-z]{2,})$/i;
const HEX_SEG = /^[0-9a-f]{8,}$/i;
const TOKEN_SEG = /^[A-Za-z0-9_-]{20,}$/;
const SLUG_SEG = /^[a-z0-9]+(?:-[a-z0-9]+){2,}$/i;

/** Template of one segment by its shape alone: `{id}`, `{slug}` or the segment itself. */
export function segmentTemplate(seg: string): string {
  if (ID_SEG.test(seg)) return "{id}";
  if (HEX_SEG.test(seg) && /\d/.test(seg)) return "{id}";
  if (TOKEN_SEG.test(seg) && /\d/.test(seg) && /[A-Za-z]/.test(seg)) return "{id}";
  if (SLUG_SEG.test(seg)) return "{slug}";
  return seg;
}

function segmentsOf(path: string): string[] {
  const out: string[] = [];
  for (const s of path.split("/")) if (s.length > 0) out.push(s);
  return out.length > MAX_DEPTH ? out.slice(0, MAX_DEPTH) : out;
}

/** Heuristic template of a path (no learned inventory). */
export function heuristicName(method: string, path: string): EndpointName {
  const segs = segmentsOf(path);
  let id: string | undefined;
  const out = segs.map((s) => {
    const t = segmentTemplate(s);
    if (t !== s) id = s;
    return t;
  });
  const name: EndpointName = { endpoint: `${method} /${out.join("/")}`, known: false };
  if (id !== undefined) name.id = id;
  return name;
}

/**
 * Matches paths against learned templates (`GET /api/products/{product_id}`)
 * with API discovery's compiled matcher (core/discovery/matcher.ts: literals
 * beat parameters, with backtracking). Built once per model; `name` never
 * throws and falls back to the heuristic for paths (or methods) no template
 * covers.
 */
export class TemplateMatcher {
  private readonly matcher: EndpointMatcher;
  readonly size: number;

  constructor(templates: readonly string[]) {
    const eps: Array<{ method: string; path: string }> = [];
    for (const t of templates) {
      const sp = t.indexOf(" ");
      if (sp <= 0 || t.charCodeAt(sp + 1) !== 47 || !/^[A-Z]+$/.test(t.slice(0, sp))) continue;
      eps.push({ method: t.slice(0, sp), path: t.slice(sp + 1) });
    }
    this.matcher = compileMatcher(eps);
    this.size = eps.length;
  }

  /** The matching template, else the heuristic name. */
  name(method: string, path: string): EndpointName {
    const segs = segmentsOf(path);
    const m = this.matcher.match(method, segs);
    if (m === null || !m.methodAllowed) return heuristicName(method, path);
    const out: EndpointName = { endpoint: m.template, known: true };
    // The object id is the segment under the template's last parameter.
    const tsegs = segmentsOf(m.path);
    for (let i = Math.min(tsegs.length, segs.length) - 1; i >= 0; i--) {
      if ((tsegs[i] as string).includes("{")) {
        out.id = segs[i] as string;
        break;
      }
    }
    return out;
  }
}
