/**
 * @module sim/actors/probes
 * Reconnaissance and exploitation attempts: scanners walking lists of
 * well-known files, admin panels and API guesses (mostly 404s, odd methods,
 * tool fingerprints); their distributed slow form, where a campaign's probe
 * list is split over many addresses that each send a handful over hours; and
 * injectors sending SQL, XSS, traversal, command, template and JNDI payloads
 * into every parameter with the encodings tools use to slip past filters.
 */

import type { Rng } from "../prng.ts";
import { machineGap } from "../profile.ts";
import type { Script, Step } from "../types.ts";
import { API_WORDS, PAYLOADS, PROBE_PATHS } from "../wordlists.ts";
import { step, type World } from "../world.ts";
import type { Disguise } from "./disguise.ts";

export interface Probe {
  method: string;
  url: string;
}

/** A scanner's list: known paths, API guesses, odd methods, fuzzed ids; shuffled, 50-100% of it. */
export function probeList(rng: Rng, world: World): Probe[] {
  const probes: Probe[] = [];
  for (const p of PROBE_PATHS) probes.push({ method: rng.chance(0.08) ? "HEAD" : "GET", url: p });
  for (const word of API_WORDS) {
    for (const prefix of ["/api/", "/api/v1/", "/api/v2/", "/v1/"])
      if (rng.chance(0.45)) probes.push({ method: "GET", url: prefix + word });
  }
  const id = rng.pick(world.catalog.products).id;
  probes.push(
    { method: "OPTIONS", url: "/" },
    { method: "TRACE", url: "/" },
    { method: "PUT", url: "/test.txt" },
    { method: "DELETE", url: `/api/products/${id}` },
    { method: "GET", url: `/api/products/${id}.json` },
    { method: "GET", url: `/api/products/${id}/../../admin` },
    { method: "GET", url: "/api/products?per_page=100000" },
    { method: "GET", url: "/api/orders/00000000-0000-0000-0000-000000000000" },
    { method: "GET", url: "/index.php" },
    { method: "GET", url: "/index.html.bak" },
  );
  const kept = rng.shuffle(probes);
  return kept.slice(0, Math.ceil(kept.length * rng.float(0.5, 1)));
}

export interface ScannerClient {
  world: World;
  rng: Rng;
  disguise: Disguise;
  meanGapS: number;
  probes: Probe[];
}

export function* scannerScript(c: ScannerClient, first: number): Script {
  const { world: w, rng: r, disguise: d } = c;
  let t = first;
  const list: Probe[] = [
    { method: "GET", url: "/" },
    ...(r.chance(0.6) ? [{ method: "GET", url: "/robots.txt" }] : []),
    ...c.probes,
  ];
  for (const p of list) {
    if (t >= w.end) return;
    const res = yield step(t, p.method, p.url, d.headers(p.url.startsWith("/api") ? "fetch" : "document"));
    t = res.ts + machineGap(r, c.meanGapS, w.profile.pacing);
  }
}

/** Shared probe list of a distributed scan. */
export class ProbeQueue {
  private i = 0;
  constructor(private readonly list: Probe[]) {}
  next(): Probe | undefined {
    return this.list[this.i++];
  }
}

export interface ScanMember {
  world: World;
  rng: Rng;
  disguise: Disguise;
  queue: ProbeQueue;
  probes: number;
  from: number;
  to: number;
}

/** One address of a slow distributed scan: a few probes, far apart, anywhere in the campaign window. */
export function* scanMemberScript(m: ScanMember): Script {
  const times = Array.from({ length: m.probes }, () => m.rng.float(m.from, m.to)).sort((a, b) => a - b);
  for (const at of times) {
    const p = m.queue.next();
    if (!p) return;
    yield step(at, p.method, p.url, m.disguise.headers(p.url.startsWith("/api") ? "fetch" : "document"));
  }
}

/** One payload, encoded as a tool would put it in a query string. */
export function encodePayload(rng: Rng, payload: string): string {
  let p = payload;
  if (rng.chance(0.2))
    p = p.replace(/SELECT|UNION|script|alert|OR|AND/g, (m) =>
      m
        .split("")
        .map((ch, i) => (i % 2 ? ch.toLowerCase() : ch.toUpperCase()))
        .join(""),
    );
  if (rng.chance(0.15)) p = p.replace(/ /g, "/**/");
  const mode = rng.weighted<"component" | "plus" | "double" | "partial">([
    ["component", 5],
    ["plus", 2],
    ["double", 1],
    ["partial", 1.5],
  ]);
  if (mode === "component") return encodeURIComponent(p);
  if (mode === "plus") return encodeURIComponent(p).replace(/%20/g, "+");
  if (mode === "double") return encodeURIComponent(encodeURIComponent(p));
  // Only what must be encoded for the request line to be valid.
  return p.replace(/[ "<>#%{}|\\^`]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

export interface InjectorClient {
  world: World;
  rng: Rng;
  disguise: Disguise;
  meanGapS: number;
  count: number;
  /** sqlmap-like: hammer one parameter with one class of payloads. */
  focused: boolean;
}

function injectionStep(c: InjectorClient, t: number, cls: string, target: number): Step {
  const r = c.rng;
  const raw = r.pick(PAYLOADS[cls] ?? PAYLOADS.sqli ?? ["'"]);
  const enc = encodePayload(r, raw);
  const id = r.pick(c.world.catalog.products).id;
  const d = c.disguise;
  switch (target) {
    case 0:
      return step(t, "GET", `/api/search?q=${enc}`, d.headers("fetch"));
    case 1:
      return step(t, "GET", `/api/products?category=${enc}&page=1`, d.headers("fetch"));
    case 2:
      return step(t, "GET", `/api/products/${id}${r.chance(0.5) ? "%20" : ""}${enc}`, d.headers("fetch"));
    case 3:
      return step(t, "GET", `/products/${enc}`, d.headers("document"));
    case 4:
      return step(t, "GET", `/api/users/${enc}`, d.headers("fetch"));
    case 5:
      return step(t, "POST", "/api/login", d.headers("fetch", { contentType: "application/json" }), {
        body: { username: raw, password: r.chance(0.5) ? raw : "x" },
      });
    case 6:
      return step(t, "POST", `/api/products/${id}/reviews`, d.headers("fetch", { contentType: "application/json" }), {
        body: { rating: 5, text: raw },
      });
    case 7:
      return step(
        t,
        "GET",
        `/static/${cls === "traversal" ? enc : encodePayload(r, r.pick(PAYLOADS.traversal ?? ["../"]))}`,
        d.headers("script"),
      );
    default: {
      // Payload in a header (User-Agent / Referer), as log4shell sprays did.
      const h = d.headers("fetch");
      h[r.chance(0.5) ? "user-agent" : "referer"] = raw;
      return step(t, "GET", `/api/products?page=${r.int(1, 3)}`, h);
    }
  }
}

export function* injectorScript(c: InjectorClient, first: number): Script {
  const { world: w, rng: r, disguise: d } = c;
  let t = first;
  // A look around first, as people and tools do.
  for (const url of ["/", "/api/products?page=1", `/api/search?q=${encodeURIComponent(r.pick(w.searchTerms))}`]) {
    if (r.chance(0.6))
      t = (yield step(t, "GET", url, d.headers(url === "/" ? "document" : "fetch"))).end + r.float(0.5, 3);
  }
  const classes = Object.keys(PAYLOADS);
  const cls = r.pick(["sqli", "sqli", "xss", ...classes]);
  const target = r.int(0, 8);
  for (let i = 0; i < c.count && t < w.end; i++) {
    const st = injectionStep(
      c,
      t,
      c.focused && r.chance(0.85) ? cls : r.pick(classes),
      c.focused && r.chance(0.85) ? target : r.int(0, 8),
    );
    const res = yield st;
    t = res.ts + machineGap(r, c.meanGapS, w.profile.pacing);
  }
}
