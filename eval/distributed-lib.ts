/**
 * @module eval/distributed-lib
 * Building blocks of `npm run eval:distributed`: learn an anomaly model from
 * labelled training records (templates from API discovery, as `apiward
 * learn` does), replay labelled test records through the offline anomaly
 * pipeline (core/anomaly/offline.ts: the isolate's pre-aggregation, one
 * merge a minute, the detector, enforcement of its mitigations), and score
 * the outcome against the labels: per distributed campaign the share of its
 * addresses flagged and the time from its first request to the first
 * mitigation, the benign false-positive rate, and whether any safeguard
 * client (flash crowd, big NAT, daily rise, good bot) was touched.
 *
 * "Flagged" counts an address that got a mitigation of its own; addresses
 * whose requests were answered by an endpoint mitigation are counted
 * separately ("challenged"), for attackers and benign clients alike.
 */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AnomalyDetector, type TickResult } from "../core/anomaly/detector.ts";
import { authTest, eventFromRecord, templateNamer } from "../core/anomaly/events.ts";
import { AnomalyTrainer } from "../core/anomaly/learn.ts";
import type { AnomalyModel, LoadedModel } from "../core/anomaly/model.ts";
import { parseAnomalyModel } from "../core/anomaly/model.ts";
import { OfflineAnomaly } from "../core/anomaly/offline.ts";
import type { AnomalyScorer } from "../core/anomaly/scorer.ts";
import type { AnomalyMitigation } from "../core/anomaly/types.ts";
import { parseBotRanges, rangesFromPublisherFiles } from "../core/bots/ranges.ts";
import { BOT_TOKENS } from "../core/bots/tokens.ts";
import { BotVerifier } from "../core/bots/verify.ts";
import { Learner } from "../core/discovery/learner.ts";
import { observationFromRecord } from "../core/discovery/record.ts";
import { clientKey } from "../core/identity/client-ip.ts";
import type { TrafficRecord } from "../core/types.ts";

export interface Labelled extends TrafficRecord {
  ts: number;
  ip: string;
  label: string;
  kind: string;
}

/** Crawler ranges from the publisher files (corpus folder), else the bundled snapshot. */
export function botVerifier(dir: string): BotVerifier {
  const files: Record<string, unknown> = {};
  for (const t of BOT_TOKENS) {
    if (!t.file || !existsSync(join(dir, t.file))) continue;
    try {
      files[t.file] = JSON.parse(readFileSync(join(dir, t.file), "utf8"));
    } catch {
      // unreadable file: that crawler stays unverifiable
    }
  }
  const r = rangesFromPublisherFiles(files, BOT_TOKENS);
  if (Object.keys(r.prefixes).length > 0) return new BotVerifier(r);
  const snap = fileURLToPath(new URL("../core/bots/published-ranges.json", import.meta.url));
  return new BotVerifier(parseBotRanges(JSON.parse(readFileSync(snap, "utf8"))));
}

/** Learns templates (API discovery) and the anomaly model from training records in time order. */
export function learnModel(records: readonly TrafficRecord[], app = "default"): AnomalyModel {
  const learner = new Learner({ now: () => 0 });
  for (const r of records) learner.observe(observationFromRecord(r));
  const templates = learner.inventory().endpoints.map((e) => `${e.method} ${e.path}`);
  const name = templateNamer(templates);
  const isAuth = authTest([]);
  const trainer = new AnomalyTrainer({ app, templates, authEndpoints: [], isAuth });
  let last = 0;
  for (const r of records) {
    const e = eventFromRecord(r, app, name, last);
    last = e.ts;
    trainer.observe(e);
  }
  return trainer.finish();
}

export function loadModel(m: AnomalyModel): LoadedModel {
  const l = parseAnomalyModel(JSON.parse(JSON.stringify(m)));
  if (typeof l === "string") throw new Error(l);
  return l;
}

export interface IpOutcome {
  label: string;
  kind: string;
  first: number;
  requests: number;
  /** Time of its first own mitigation. */
  flaggedAt: number | null;
  flaggedKind: string | null;
  /** Time of its first request answered by an endpoint mitigation, and which. */
  challengedAt: number | null;
  challengedBy?: string;
}

export interface RunOutcome {
  ips: Map<string, IpOutcome>;
  mitigations: AnomalyMitigation[];
  findings: number;
  surges: number;
  ms: number;
}

/** Replays labelled test records (time order) through the offline anomaly pipeline. */
export function runAnomaly(
  records: readonly Labelled[],
  model: LoadedModel,
  opts: { bots?: BotVerifier; scorer?: AnomalyScorer; app?: string; warmup?: readonly TrafficRecord[] } = {},
): RunOutcome {
  const t0 = performance.now();
  const app = opts.app ?? model.model.app;
  const isAuth = authTest(model.model.auth_endpoints);
  const detector = new AnomalyDetector({ app, model, isAuth, scorer: opts.scorer });
  const bots = opts.bots ?? new BotVerifier(null);
  const off = new OfflineAnomaly({
    detector,
    isAuth,
    verifyBot: (ip, ua) => bots.check(ip, ua).status === "verified",
  });
  const name = templateNamer(model.model.templates);
  const ips = new Map<string, IpOutcome>();
  const mitigations: AnomalyMitigation[] = [];
  let findings = 0;
  let surges = 0;
  const byTarget = new Map<string, AnomalyMitigation>();
  const onTick = (r: TickResult) => {
    findings += r.findings.length;
    surges += r.findings.filter((f) => f.kind === "surge").length;
    for (const m of r.created) {
      mitigations.push(m);
      if (m.scope === "client" && !byTarget.has(m.target)) byTarget.set(m.target, m);
    }
  };
  let last = 0;
  // Warm-up traffic (the end of the training day): fills the windows, scored by nobody.
  for (const rec of opts.warmup ?? []) {
    const e = eventFromRecord(rec, app, name, last);
    last = e.ts;
    off.push(e, onTick);
  }
  mitigations.length = 0;
  byTarget.clear();
  for (const rec of records) {
    const e = eventFromRecord(rec, app, name, last);
    last = e.ts;
    let o = ips.get(rec.ip);
    if (!o) {
      o = {
        label: rec.label,
        kind: rec.kind,
        first: e.ts,
        requests: 0,
        flaggedAt: null,
        flaggedKind: null,
        challengedAt: null,
      };
      ips.set(rec.ip, o);
    }
    o.requests++;
    const r = off.push(e, onTick);
    if (r && r.action !== "log" && o.challengedAt === null && r.detail?.includes(" on ")) {
      o.challengedAt = e.ts;
      o.challengedBy = r.detail;
    }
  }
  off.finish(onTick);
  for (const [ip, o] of ips) {
    const m = byTarget.get(clientKey(ip));
    if (m) {
      o.flaggedAt = m.created_at;
      o.flaggedKind = m.kind;
    }
  }
  return { ips, mitigations, findings, surges, ms: performance.now() - t0 };
}

export interface KindScore {
  kind: string;
  ips: number;
  flagged: number;
  challenged: number;
  /** Flagged or challenged. */
  mitigated: number;
  /** Seconds from the campaign's first request to its first mitigation (own or endpoint, same kind); null when none. */
  ttm: number | null;
}

export interface RunScore {
  kinds: KindScore[];
  benign: { clients: number; flagged: number; challenged: number };
  safeguards: Record<string, { clients: number; flagged: number; challenged: number }>;
  otherAttacks: { clients: number; flagged: number };
}

export const DISTRIBUTED = ["distributed_bruteforce", "distributed_dos", "distributed_scraper", "distributed_scan"];
export const SAFEGUARDS = ["flash_crowd", "big_nat", "daily_rise", "good_bot"];

export function scoreRun(run: RunOutcome): RunScore {
  const kinds: KindScore[] = [];
  for (const kind of DISTRIBUTED) {
    const members = [...run.ips.entries()].filter(([, o]) => o.kind === kind);
    if (members.length === 0) continue;
    const start = Math.min(...members.map(([, o]) => o.first));
    const ipsOf = new Set(members.map(([ip]) => clientKey(ip)));
    let firstM: number | null = null;
    for (const m of run.mitigations) {
      const mine = m.scope === "client" ? ipsOf.has(m.target) : m.kind === kind;
      if (mine && m.created_at >= start && (firstM === null || m.created_at < firstM)) firstM = m.created_at;
    }
    const flagged = members.filter(([, o]) => o.flaggedAt !== null).length;
    const challenged = members.filter(([, o]) => o.challengedAt !== null).length;
    const mitigated = members.filter(([, o]) => o.flaggedAt !== null || o.challengedAt !== null).length;
    kinds.push({
      kind,
      ips: members.length,
      flagged,
      challenged,
      mitigated,
      ttm: firstM === null ? null : firstM - start,
    });
  }
  const benign = { clients: 0, flagged: 0, challenged: 0 };
  const safeguards: RunScore["safeguards"] = {};
  const otherAttacks = { clients: 0, flagged: 0 };
  for (const o of run.ips.values()) {
    if (o.label === "attack") {
      if (!DISTRIBUTED.includes(o.kind)) {
        otherAttacks.clients++;
        if (o.flaggedAt !== null) otherAttacks.flagged++;
      }
      continue;
    }
    benign.clients++;
    if (o.flaggedAt !== null) benign.flagged++;
    if (o.challengedAt !== null) benign.challenged++;
    if (SAFEGUARDS.includes(o.kind)) {
      const s = safeguards[o.kind] ?? { clients: 0, flagged: 0, challenged: 0 };
      safeguards[o.kind] = s;
      s.clients++;
      if (o.flaggedAt !== null) s.flagged++;
      if (o.challengedAt !== null) s.challenged++;
    }
  }
  return { kinds, benign, safeguards, otherAttacks };
}
