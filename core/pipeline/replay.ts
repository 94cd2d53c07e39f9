/**
 * @module core/pipeline/replay
 * `apiward replay`: traffic records through the whole pipeline in time
 * order, statefully, in simulated time: canonicalize → mitigations (a client
 * under an active block, challenge or exhausted rate limit is answered by
 * apiward, and that answer never counts against it) → signatures →
 * behaviour (detections become mitigations with their TTLs, effective after
 * `propagationS` as on the platform). Extra stages
 * (issue 8: distributed anomalies) join through `extraStages`, after
 * behaviour, sharing the mitigation table.
 *
 * Ends with one summary per address seen, in first-seen order: malicious
 * (any kind detected for its client key), good_bot (a verified crawler) or
 * benign. Plain TypeScript: the CLI reads files, this only sees records.
 */
import { BehaviourEngine } from "../behaviour/engine.ts";
import { MitigationTable } from "../behaviour/mitigations.ts";
import type { BehaviourModel } from "../behaviour/model.ts";
import type { BehaviourPolicy } from "../behaviour/policy.ts";
import type { ScoreTables } from "../behaviour/score-table.ts";
import type { Scorer } from "../behaviour/scorer.ts";
import { TimeBatches } from "../behaviour/time-batches.ts";
import type { ClientVerdict, Detection, DetectionKind } from "../behaviour/types.ts";
import type { BotVerifier } from "../bots/verify.ts";
import type { SignatureEngine, SignatureOptions } from "../signatures/index.ts";
import type { TrafficRecord } from "../types.ts";
import { OfflinePipeline, type OfflineRequest, type OfflineStage, type StageSink } from "./offline.ts";

export interface ReplayOptions {
  app?: string;
  model: BehaviourModel | null;
  bots?: BotVerifier | null;
  policy?: BehaviourPolicy;
  /** Signature engine (its score feeds `injection`); null skips the stage. */
  signatures?: SignatureEngine | null;
  signatureOptions?: SignatureOptions;
  /** "enforce" (default): mitigations and signature blocks answer requests; "monitor": detect only. */
  mode?: "enforce" | "monitor";
  /**
   * Seconds between a detection and its mitigation reaching the datapath
   * (default 1: the isolate's flush linger, the ClientState and Mitigations
   * round trips; other isolates see it within their 2 s cache refresh).
   */
  propagationS?: number;
  scorer?: (tables: ScoreTables) => Scorer;
  maxClients?: number;
  /** Stages run after behaviour (the issue 8 seam). */
  extraStages?: (table: MitigationTable) => OfflineStage[];
  /**
   * Score behaviour per batch, as the ClientState objects do: events are
   * gathered per `batchS` seconds of event time and each client is scored
   * once, after its last event of the batch (BehaviourEngine.observeBatch);
   * the batch's detections come out when the next batch begins (or at
   * `finish`). Default: every event scored as it comes.
   */
  batchS?: number;
  /** The app's origin is Windows (the app config's `windows_paths`): paths are read as it reads them. */
  windowsPaths?: boolean;
}

export interface ClientSummary {
  summary: true;
  client: string;
  verdict: ClientVerdict;
  kinds: DetectionKind[];
  /** Requests apiward answered itself (403, 429), whatever the verdict: a signature block of a benign client shows here. */
  answered: number;
  /** The same by cause: `signatures`, or `mitigation:<kind>` (a client's own or an endpoint-wide one). */
  answered_by: Record<string, number>;
}

const encoder = new TextEncoder();

/** Answers requests of clients under an active mitigation (rate limits in fixed 10 s windows). */
export class MitigationStage implements OfflineStage {
  readonly name = "mitigations";
  private readonly windows = new Map<string, [start: number, count: number]>();

  constructor(
    private readonly table: MitigationTable,
    private readonly enforce: boolean,
    private readonly propagationS = 1,
  ) {}

  process(req: OfflineRequest): void {
    const e = req.event;
    const m = this.table.active(e.client, e.ts, this.propagationS);
    if (!m || !this.enforce || m.action === "log" || m.action === "allow") return;
    if (m.action === "rate_limit") {
      const w = this.windows.get(e.client);
      if (!w || e.ts - w[0] >= 10) {
        if (this.windows.size > 100_000) this.windows.clear();
        this.windows.set(e.client, [e.ts, 1]);
        return;
      }
      w[1]++;
      if (w[1] <= (m.limit_10s ?? 5)) return;
    }
    req.answeredBy = `mitigation:${m.kind}`;
    e.blockedByApiward = true;
  }
}

/** Runs the signature engine; its score feeds behaviour, its block answers the request in enforce mode. */
export class SignatureStage implements OfflineStage {
  readonly name = "signatures";
  constructor(
    private readonly engine: SignatureEngine,
    private readonly options: SignatureOptions,
    private readonly enforce: boolean,
  ) {}

  process(req: OfflineRequest): void {
    const c = req.canonical;
    const body =
      req.body.length > 0
        ? { bytes: encoder.encode(req.body), contentType: req.contentType, truncated: false }
        : undefined;
    const r = this.engine.inspect(
      {
        method: c.method,
        path: c.path,
        rawPath: c.rawPath,
        query: c.query,
        headers: c.headers,
        body,
        urlTruncated: c.anomalies.includes("url_too_long"),
      },
      this.options,
    );
    req.event.signatureScore = r.score;
    if (r.block && this.enforce && !req.answeredBy) {
      req.answeredBy = "signatures";
      req.event.blockedByApiward = true;
    }
  }
}

/** Feeds the behaviour engine (per event, or per batch: ReplayOptions.batchS); detections become mitigations. */
export class BehaviourStage implements OfflineStage {
  readonly name = "behaviour";
  private readonly batches: TimeBatches<OfflineRequest["event"]> | null;

  constructor(
    readonly engine: BehaviourEngine,
    private readonly table: MitigationTable,
    batchS = 0,
  ) {
    this.batches = batchS > 0 ? new TimeBatches(batchS) : null;
  }

  process(req: OfflineRequest, sink: StageSink): void {
    if (!this.batches) {
      this.emit(this.engine.observe(req.event), sink);
      return;
    }
    const closed = this.batches.push(req.event);
    if (closed) this.emit(this.engine.observeBatch(closed), sink);
  }

  /** Scores the gathered batch now (batch mode; a no-op otherwise). */
  flush(sink: StageSink): void {
    const open = this.batches?.take() ?? [];
    if (open.length > 0) this.emit(this.engine.observeBatch(open), sink);
  }

  private emit(detections: Detection[], sink: StageSink): void {
    for (const d of detections) {
      this.table.fromDetection(d);
      sink.detection(d);
    }
  }
}

export class Replay {
  readonly table: MitigationTable;
  readonly engine: BehaviourEngine;
  readonly pipeline: OfflinePipeline;
  private readonly behaviour: BehaviourStage;
  private readonly stages: OfflineStage[];
  private readonly ips = new Map<string, string>();
  /** Per address: requests apiward answered, by cause. */
  private readonly answered = new Map<string, Record<string, number>>();
  /** Per client key: kinds detected and whether it is a verified crawler (kept beyond the engine's LRU). */
  private readonly seen = new Map<string, { kinds: Set<DetectionKind>; goodBot: boolean }>();
  private lastTs = 0;

  constructor(opts: ReplayOptions) {
    const enforce = (opts.mode ?? "enforce") === "enforce";
    let seq = 0;
    this.table = new MitigationTable({ policy: opts.policy, newId: () => `m${++seq}` });
    this.engine = new BehaviourEngine({
      model: opts.model,
      bots: opts.bots ?? null,
      policy: opts.policy,
      scorer: opts.scorer,
      maxClients: opts.maxClients,
    });
    const stages: OfflineStage[] = [new MitigationStage(this.table, enforce, opts.propagationS ?? 1)];
    if (opts.signatures)
      stages.push(new SignatureStage(opts.signatures, opts.signatureOptions ?? { paranoia: 1, threshold: 5 }, enforce));
    this.behaviour = new BehaviourStage(this.engine, this.table, opts.batchS ?? 0);
    stages.push(this.behaviour);
    if (opts.extraStages) stages.push(...opts.extraStages(this.table));
    this.stages = stages;
    this.pipeline = new OfflinePipeline(stages, opts.app ?? "default", { windowsPaths: opts.windowsPaths === true });
  }

  /** One record (callers feed them in time order: see `sortForReplay`). */
  push(rec: TrafficRecord, line: number, sink: StageSink): OfflineRequest {
    const req = this.pipeline.push(rec, line, this.lastTs, this.noting(sink));
    this.lastTs = req.event.ts;
    const key = req.event.client;
    if (!this.ips.has(req.ip)) this.ips.set(req.ip, key);
    const s = this.seenOf(key);
    if (!s.goodBot && this.engine.peek(key)?.goodBot) s.goodBot = true;
    if (req.answeredBy) {
      let a = this.answered.get(req.ip);
      if (!a) {
        a = {};
        this.answered.set(req.ip, a);
      }
      a[req.answeredBy] = (a[req.answeredBy] ?? 0) + 1;
    }
    return req;
  }

  /**
   * Scores what a batched replay still holds and runs every stage's last step
   * (distributed anomaly detection's last tick): call once, after the last record.
   */
  finish(sink: StageSink): void {
    const noting = this.noting(sink);
    this.behaviour.flush(noting);
    for (const stage of this.stages) stage.finish?.(noting);
  }

  /** The sink, noting each detection's kind against its client (in batch mode, not the record's). */
  private noting(sink: StageSink): StageSink {
    return {
      ...sink,
      detection: (d) => {
        this.seenOf(d.client).kinds.add(d.kind);
        sink.detection(d);
      },
    };
  }

  private seenOf(key: string): { kinds: Set<DetectionKind>; goodBot: boolean } {
    let s = this.seen.get(key);
    if (!s) {
      s = { kinds: new Set(), goodBot: false };
      this.seen.set(key, s);
    }
    return s;
  }

  /** One summary per address seen, in first-seen order. */
  summaries(): ClientSummary[] {
    const out: ClientSummary[] = [];
    for (const [ip, client] of this.ips) {
      const s = this.seen.get(client);
      const kinds = s ? [...s.kinds].sort() : [];
      const verdict: ClientVerdict = kinds.length > 0 ? "malicious" : s?.goodBot ? "good_bot" : "benign";
      const by = this.answered.get(ip) ?? {};
      let answered = 0;
      for (const n of Object.values(by)) answered += n;
      out.push({ summary: true, client: ip, verdict, kinds, answered, answered_by: by });
    }
    return out;
  }
}

/** Stable sort by `ts`; records without a time keep their place after the previous one. */
export function sortForReplay<T extends { record: TrafficRecord }>(items: T[]): T[] {
  let last = Number.NEGATIVE_INFINITY;
  const keyed = items.map((it, i) => {
    const ts = it.record.ts;
    if (typeof ts === "number" && Number.isFinite(ts)) last = ts;
    return { it, i, k: last };
  });
  keyed.sort((a, b) => a.k - b.k || a.i - b.i);
  return keyed.map((x) => x.it);
}
