/**
 * @module core/anomaly/replay-stage
 * Distributed anomaly detection in `apiward replay` and `apiward learn`
 * (core/pipeline/offline.ts seams):
 *
 * - `anomalyStages(opts)` is the replay pipeline's `extraStages`: the stage
 *   aggregates every request in simulated time (the isolate's
 *   pre-aggregation, one merge a minute, the detector's tick), answers
 *   requests of mitigated sources (`answeredBy = "mitigation:<kind>"`, so
 *   later stages and the windows count them as apiward's own answers) and
 *   reports each new source mitigation as a detection of its distributed
 *   kind. Detections reach the pipeline's sink once the behaviour
 *   vocabulary lists the distributed kinds (core/behaviour/types.ts
 *   DETECTION_KINDS); until then `AnomalyStage.detections` and
 *   `kindsOf(ip)` carry them.
 * - `learnAnomaly(app, requests, templates, login)` is `apiward learn`'s
 *   part: the anomaly model, stored in the behaviour model's
 *   `extensions.anomaly`; `anomalyModelOf(model)` reads it back.
 */
import type { MitigationTable } from "../behaviour/mitigations.ts";
import type { BehaviourModel } from "../behaviour/model.ts";
import { type Detection, isDetectionKind } from "../behaviour/types.ts";
import type { BotVerifier } from "../bots/verify.ts";
import type { OfflineRequest, OfflineStage, StageSink } from "../pipeline/offline.ts";
import { AnomalyDetector, type TickResult } from "./detector.ts";
import { authTest, type EndpointNamer, templateNamer } from "./events.ts";
import { AnomalyTrainer } from "./learn.ts";
import { type AnomalyModel, type LoadedModel, parseAnomalyModel } from "./model.ts";
import { OfflineAnomaly } from "./offline.ts";
import type { AnomalyPolicy } from "./policy.ts";
import type { AnomalyScorer } from "./scorer.ts";
import type { AnomalyEvent, AnomalyMitigation, DistributedKind } from "./types.ts";

export interface AnomalyStageOptions {
  model: LoadedModel | null;
  app?: string;
  bots?: BotVerifier | null;
  /** "enforce" (default): mitigations answer requests; "monitor": detect only. */
  mode?: "enforce" | "monitor";
  policy?: AnomalyPolicy;
  scorer?: AnomalyScorer;
  /** Templates to name endpoints by when there is no model (default: none, everything unmatched). */
  templates?: readonly string[];
}

/** What the stage reports for one source mitigation. */
export interface AnomalyDetection {
  ts: number;
  app: string;
  client: string;
  ip: string;
  kind: DistributedKind;
  action: AnomalyMitigation["action"];
  score: number;
  reasons: AnomalyMitigation["reasons"];
}

/** The anomaly model inside a behaviour model (`extensions.anomaly`), or null. */
export function anomalyModelOf(model: Pick<BehaviourModel, "extensions"> | null): LoadedModel | null {
  const raw = model?.extensions?.anomaly;
  if (raw === undefined) return null;
  const m = parseAnomalyModel(raw);
  return typeof m === "string" ? null : m;
}

function eventOf(req: OfflineRequest, name: EndpointNamer): AnomalyEvent {
  const b = req.event;
  const e: AnomalyEvent = {
    app: b.app,
    ip: b.ip,
    client: b.client,
    ts: b.ts,
    method: b.method,
    path: b.path,
    query: b.query,
    status: b.status,
    bytes: b.bytes,
    latencyMs: b.latencyMs,
    blockedByApiward: b.blockedByApiward || req.answeredBy !== undefined,
  };
  const endpoint = name(b.method, b.path);
  if (endpoint) e.endpoint = endpoint;
  if (b.userAgent !== undefined) e.userAgent = b.userAgent;
  const asn = (req.record as { asn?: unknown }).asn;
  if (typeof asn === "number" && asn > 0) e.asn = asn;
  return e;
}

export class AnomalyStage implements OfflineStage {
  readonly name = "anomaly";
  readonly offline: OfflineAnomaly;
  readonly detections: AnomalyDetection[] = [];
  private readonly kinds = new Map<string, Set<DistributedKind>>();
  private readonly nameOf: EndpointNamer;
  private readonly enforce: boolean;
  private pendingSink: StageSink | null = null;

  constructor(
    opts: AnomalyStageOptions,
    private readonly table: MitigationTable | null = null,
  ) {
    const model = opts.model;
    const isAuth = authTest(model?.model.auth_endpoints ?? []);
    const detector = new AnomalyDetector({
      app: opts.app ?? model?.model.app ?? "default",
      model,
      isAuth,
      policy: opts.policy,
      scorer: opts.scorer,
    });
    this.enforce = (opts.mode ?? "enforce") === "enforce";
    const bots = opts.bots ?? null;
    this.offline = new OfflineAnomaly({
      detector,
      isAuth,
      enforce: this.enforce,
      verifyBot: (ip, ua) => bots?.check(ip, ua).status === "verified",
    });
    this.nameOf = templateNamer(model?.model.templates ?? opts.templates ?? []);
  }

  private readonly onTick = (r: TickResult): void => {
    for (const m of r.created) {
      if (m.scope !== "client") continue;
      const d: AnomalyDetection = {
        ts: m.created_at,
        app: m.app,
        client: m.target,
        ip: m.target,
        kind: m.kind,
        action: m.action,
        score: m.score ?? 0,
        reasons: m.reasons,
      };
      this.detections.push(d);
      let set = this.kinds.get(m.target);
      if (!set) {
        set = new Set();
        this.kinds.set(m.target, set);
      }
      set.add(m.kind);
      this.report(d, m);
    }
  };

  /** Hands a detection to the pipeline, and its mitigation to the shared table, where their vocabulary has the kind. */
  private report(d: AnomalyDetection, m: AnomalyMitigation): void {
    const kind = d.kind;
    if (!isDetectionKind(kind)) return;
    const det: Detection = { ...d, kind, reasons: d.reasons, requests: 0, cluster: -1 };
    this.pendingSink?.detection(det);
    this.table?.insert({
      id: m.id,
      app: m.app,
      target: m.target,
      kind,
      action: m.action,
      until: m.until,
      reasons: m.reasons,
      created_at: m.created_at,
    });
  }

  process(req: OfflineRequest, sink: StageSink): void {
    this.pendingSink = sink;
    const reason = this.offline.push(eventOf(req, this.nameOf), this.onTick);
    if (reason && reason.action !== "log" && this.enforce && !req.answeredBy) {
      req.answeredBy = `mitigation:${reason.id}`;
      req.event.blockedByApiward = true;
    }
  }

  /** Runs the last tick (call after the last record). */
  finish(sink?: StageSink): void {
    if (sink) this.pendingSink = sink;
    this.offline.finish(this.onTick);
  }

  /** The distributed kinds a source (client key) was mitigated for. */
  kindsOf(client: string): DistributedKind[] {
    return [...(this.kinds.get(client) ?? [])].sort();
  }
}

/** The replay pipeline's `extraStages` for distributed anomaly detection. */
export function anomalyStages(opts: AnomalyStageOptions): (table: MitigationTable) => OfflineStage[] {
  return (table) => [new AnomalyStage(opts, table)];
}

/** `apiward learn`'s anomaly model from the same requests (in time order) and templates. */
export function learnAnomaly(
  app: string,
  requests: Iterable<OfflineRequest>,
  templates: readonly string[],
  login: readonly string[] = [],
): AnomalyModel {
  const isAuth = authTest(login);
  const trainer = new AnomalyTrainer({ app, templates, authEndpoints: login, isAuth });
  const name = templateNamer(templates);
  for (const q of requests) trainer.observe(eventOf(q, name));
  return trainer.finish();
}
