/**
 * @module eval/behaviour-score
 * Scores a replay's output (detections and per-client summaries) against the
 * simulator's labels (labels.json: address → label, kind, first_ts,
 * requests). Per attack kind: share of clients detected (any kind), share
 * named with the expected kind, requests and seconds from the client's
 * first request to its first detection; benign clients flagged (false
 * positives); verified good bots recognised; fake bots caught.
 */

export interface IpLabel {
  label: "benign" | "attack" | "good_bot";
  kind: string;
  first_ts: number;
  last_ts: number;
  requests: number;
  campaign?: string;
}

export interface DetectionLine {
  ts: number;
  client: string;
  kind: string;
  requests: number;
}

export interface SummaryLine {
  summary: true;
  client: string;
  verdict: "benign" | "malicious" | "good_bot";
  kinds: string[];
}

/** The detection kind each simulated attack kind should be named with. */
export const EXPECTED_KIND: Record<string, string> = {
  scanner: "scanner",
  crawler: "crawler",
  scraper: "scraper",
  scraper_slow: "scraper",
  bruteforce: "bruteforce",
  credential_stuffing: "bruteforce",
  login_dos: "login_dos",
  http_dos: "http_dos",
  enumeration: "enumeration",
  injection: "injection",
  fake_bot: "fake_bot",
};

/** Kinds whose clients pace themselves: time-to-detection is reported for them. */
export const SLOW_KINDS = new Set(["scraper_slow"]);

export interface KindScore {
  kind: string;
  clients: number;
  detected: number;
  named: number;
  requestsToDetection: number[];
  secondsToDetection: number[];
  /** Intensity tag of each missed client (from the simulator's actor id when present). */
  missed: string[];
}

export interface RunScore {
  kinds: Map<string, KindScore>;
  benign: { clients: number; flagged: number; flaggedBy: Record<string, number>; flaggedKinds: Record<string, number> };
  goodBots: { clients: number; recognised: number; flagged: number };
  distributed: Map<string, { clients: number; detected: number }>;
}

export function scoreRun(
  labels: Record<string, IpLabel>,
  detections: DetectionLine[],
  summaries: SummaryLine[],
): RunScore {
  const first = new Map<string, DetectionLine>();
  for (const d of detections) if (!first.has(d.client)) first.set(d.client, d);
  const verdict = new Map(summaries.map((s) => [s.client, s]));
  const kinds = new Map<string, KindScore>();
  const distributed = new Map<string, { clients: number; detected: number }>();
  const benign = {
    clients: 0,
    flagged: 0,
    flaggedBy: {} as Record<string, number>,
    flaggedKinds: {} as Record<string, number>,
  };
  const goodBots = { clients: 0, recognised: 0, flagged: 0 };
  for (const [ip, l] of Object.entries(labels)) {
    const s = verdict.get(ip);
    const malicious = s?.verdict === "malicious";
    if (l.label === "benign") {
      benign.clients++;
      if (malicious) {
        benign.flagged++;
        benign.flaggedBy[l.kind] = (benign.flaggedBy[l.kind] ?? 0) + 1;
        for (const k of s?.kinds ?? []) benign.flaggedKinds[k] = (benign.flaggedKinds[k] ?? 0) + 1;
      }
      continue;
    }
    if (l.label === "good_bot") {
      goodBots.clients++;
      if (s?.verdict === "good_bot") goodBots.recognised++;
      if (malicious) goodBots.flagged++;
      continue;
    }
    const expected = EXPECTED_KIND[l.kind];
    if (!expected) {
      const dd = distributed.get(l.kind) ?? { clients: 0, detected: 0 };
      dd.clients++;
      if (malicious) dd.detected++;
      distributed.set(l.kind, dd);
      continue;
    }
    let ks = kinds.get(l.kind);
    if (!ks) {
      ks = {
        kind: l.kind,
        clients: 0,
        detected: 0,
        named: 0,
        requestsToDetection: [],
        secondsToDetection: [],
        missed: [],
      };
      kinds.set(l.kind, ks);
    }
    ks.clients++;
    if (!malicious) {
      ks.missed.push(`${ip} (${l.requests} req)`);
      continue;
    }
    ks.detected++;
    if (s?.kinds.includes(expected)) ks.named++;
    const d = first.get(ip);
    if (d) {
      ks.requestsToDetection.push(d.requests);
      ks.secondsToDetection.push(Math.max(0, d.ts - l.first_ts));
    }
  }
  return { kinds, benign, goodBots, distributed };
}

export function medianOf(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
