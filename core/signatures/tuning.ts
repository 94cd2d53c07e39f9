/**
 * @module core/signatures/tuning
 * Exclusion proposals from traffic. Where an app's own clients keep tripping
 * one rule family at one parameter of one endpoint, and the app answers them
 * as usual, that parameter carries such text by design: SQL in a BI console,
 * code in an online IDE, template source in a theme editor, commands quoted
 * in a support ticket. The remedy the README gives for these is an exclusion
 * scoped to the endpoint and the parameter; this module finds the candidates
 * and the evidence for them. It proposes and never applies: an operator reads
 * the evidence and writes the policy (a botnet that injects into one
 * parameter from many addresses, answered 200, looks the same).
 *
 * A client counts toward a proposal only while its findings stay few: people
 * who paste code do so in the fields for it (a SQL and a shell exercise, a
 * ticket quoting a command), while a scanner sprays payloads of every kind
 * over every parameter. A client with findings at SPRAY_PLACES places or more,
 * or of SPRAY_FAMILIES rule families or more at one parameter, is spraying and
 * supports nothing. Plain
 * TypeScript, bounded memory (at most MAX_GROUPS groups, MAX_CLIENTS clients
 * a group, MAX_TRACKED clients overall).
 */
import type { Exclusion, SignatureMatch } from "./types.ts";

const MAX_GROUPS = 4096;
const MAX_CLIENTS = 1024;
const MAX_TRACKED = 65536;
/** Places (endpoint, parameter, family) with findings that make a client a sprayer. */
const SPRAY_PLACES = 4;
/** Rule families at one parameter that make a client a sprayer (`'`, `<script>`, `../`, `;id` into one box). */
const SPRAY_FAMILIES = 3;

/** One inspected request, as the tuner sees it. */
export interface TuningObservation {
  /** Endpoint template (`POST /api/exercises/{id}/submit`); undefined for a path the inventory does not know. */
  endpoint: string | undefined;
  /** The client's key (principal, API key or address). */
  client: string;
  /** The app's answer; 0 when unknown. */
  status: number;
  /** What the engine found (at the paranoia level the app runs). */
  matches: readonly SignatureMatch[];
}

export interface TunerOptions {
  /** Distinct clients whose only findings are at this place (default 5). */
  minClients?: number;
  /** Requests with findings at this place (default 10). */
  minRequests?: number;
  /** Share of those answered 2xx or 3xx by the app, among the known statuses (default 0.9). */
  minOkShare?: number;
}

export interface ExclusionProposal {
  exclusion: Exclusion;
  evidence: {
    /** Requests with findings of this family at this parameter. */
    requests: number;
    /** Requests to the endpoint in all. */
    endpoint_requests: number;
    /** Clients with such findings, and those of them that are not spraying (what `minClients` counts). */
    clients: number;
    clients_not_spraying: number;
    /** Of the requests with a known status, the share the app answered 2xx or 3xx; null when none is known. */
    ok_share: number | null;
    /** The rule ids seen. */
    rules: string[];
  };
}

/**
 * The parameter an exclusion names for a match location (`query:q` → `q`, `body:json.steps.0.run`
 * → `run`, the last key, which exclusions also match), or undefined where none can be named (the
 * path, the method, a whole raw body).
 */
export function paramOfLocation(location: string): string | undefined {
  const colon = location.indexOf(":");
  if (colon < 0) return undefined;
  let rest = location.slice(colon + 1);
  const area = location.slice(0, colon);
  if (area === "body") {
    const dot = rest.indexOf(".");
    if (dot < 0) return undefined;
    rest = rest.slice(dot + 1);
  }
  const joined = rest.endsWith("[joined]") ? rest.slice(0, -"[joined]".length) : rest;
  const dot = joined.lastIndexOf(".");
  const leaf = dot < 0 ? joined : joined.slice(dot + 1);
  let digits = true;
  for (const ch of leaf) if (ch < "0" || ch > "9") digits = false;
  return leaf.length > 0 && !digits ? leaf : undefined;
}

interface Group {
  endpoint: string;
  param: string;
  family: string;
  requests: number;
  known: number;
  ok: number;
  clients: Set<string>;
  rules: Set<string>;
}

export class ExclusionTuner {
  private readonly groups = new Map<string, Group>();
  private readonly endpointRequests = new Map<string, number>();
  /** Client → the places it has findings at, up to SPRAY_PLACES of them. */
  private readonly placesOf = new Map<string, Set<string>>();

  observe(o: TuningObservation): void {
    if (o.endpoint === undefined) {
      // No exclusion can name an unknown path, but a finding there still tells how the client works.
      for (const m of o.matches) this.place(o.client, `\u0002${m.location}`);
      return;
    }
    this.endpointRequests.set(o.endpoint, (this.endpointRequests.get(o.endpoint) ?? 0) + 1);
    const seen = new Set<string>();
    for (const m of o.matches) {
      const param = paramOfLocation(m.location);
      // A finding nowhere an exclusion can name still tells the client's way of working.
      const key = param === undefined ? `\u0001${m.location}` : `${o.endpoint}\u0000${param}\u0000${m.family}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.place(o.client, key);
      if (param === undefined) continue;
      let g = this.groups.get(key);
      if (g === undefined) {
        if (this.groups.size >= MAX_GROUPS) continue;
        g = {
          endpoint: o.endpoint,
          param,
          family: m.family,
          requests: 0,
          known: 0,
          ok: 0,
          clients: new Set(),
          rules: new Set(),
        };
        this.groups.set(key, g);
      }
      g.requests++;
      if (o.status > 0) {
        g.known++;
        if (o.status >= 200 && o.status < 400) g.ok++;
      }
      if (g.clients.size < MAX_CLIENTS) g.clients.add(o.client);
      g.rules.add(m.rule);
    }
  }

  private place(client: string, key: string): void {
    let places = this.placesOf.get(client);
    if (places === undefined) {
      if (this.placesOf.size >= MAX_TRACKED) return;
      places = new Set();
      this.placesOf.set(client, places);
    }
    if (places.size < SPRAY_PLACES) places.add(key);
  }

  /** Whether the client's findings are spread as a scanner's are. */
  private spraying(client: string): boolean {
    const places = this.placesOf.get(client);
    if (places === undefined) return false;
    if (places.size >= SPRAY_PLACES) return true;
    const families = new Map<string, number>();
    for (const key of places) {
      const cut = key.lastIndexOf("\u0000");
      if (cut < 0) continue;
      const at = key.slice(0, cut);
      const n = (families.get(at) ?? 0) + 1;
      if (n >= SPRAY_FAMILIES) return true;
      families.set(at, n);
    }
    return false;
  }

  /** The proposals the evidence supports, most requests first. */
  proposals(opts: TunerOptions = {}): ExclusionProposal[] {
    const minClients = opts.minClients ?? 5;
    const minRequests = opts.minRequests ?? 10;
    const minOkShare = opts.minOkShare ?? 0.9;
    const out: ExclusionProposal[] = [];
    for (const g of this.groups.values()) {
      let steady = 0;
      for (const c of g.clients) if (!this.spraying(c)) steady++;
      const okShare = g.known > 0 ? g.ok / g.known : null;
      if (g.requests < minRequests || steady < minClients) continue;
      if (okShare !== null && okShare < minOkShare) continue;
      out.push({
        exclusion: { rules: [g.family], param: g.param, endpoint: g.endpoint },
        evidence: {
          requests: g.requests,
          endpoint_requests: this.endpointRequests.get(g.endpoint) ?? g.requests,
          clients: g.clients.size,
          clients_not_spraying: steady,
          ok_share: okShare === null ? null : Math.round(okShare * 1000) / 1000,
          rules: [...g.rules].sort(),
        },
      });
    }
    return out.sort((a, b) => b.evidence.requests - a.evidence.requests);
  }
}
