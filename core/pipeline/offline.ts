/**
 * @module core/pipeline/offline
 * The offline pipeline `apiward replay` (and `learn`) runs: the datapath's
 * own stages, in order, over traffic records instead of live requests.
 *
 *   record → canonicalize (+ client key, login user) → stages…
 *
 * A stage sees each request after the ones before it and may mark it answered
 * by apiward or emit detections. The default list is mitigations (a client
 * under an active mitigation is answered by apiward), signatures, behaviour;
 * the distributed-anomaly capability (issue 8) adds its own stage to the
 * list: that is the seam. Plain TypeScript: no Node or Workers APIs.
 */

import { loginUserHash } from "../behaviour/login-user.ts";
import type { BehaviourEvent, Detection } from "../behaviour/types.ts";
import { headerValue } from "../http/header-list.ts";
import { clientKey } from "../identity/client-ip.ts";
import { type RecordReadOptions, recordRequest } from "../traffic/record-request.ts";
import type { CanonicalRequest, TrafficRecord } from "../types.ts";

/** One request going through the offline stages. */
export interface OfflineRequest {
  /** Input line number (1-based), 0 when unknown. */
  line: number;
  record: TrafficRecord;
  canonical: CanonicalRequest;
  /** Address as in the record (`unknown` when absent): the replay summary key. */
  ip: string;
  /** What the behaviour engine sees; stages fill in signatureScore and blockedByApiward. */
  event: BehaviourEvent;
  contentType: string;
  body: string;
  /** Set by the stage that answered the request itself (`signatures`, `mitigation:<kind>`). */
  answeredBy?: string;
}

/** What stages report to the pipeline's caller. */
export interface StageSink {
  detection(d: Detection): void;
}

export interface OfflineStage {
  readonly name: string;
  process(req: OfflineRequest, sink: StageSink): void;
  /** Whatever the stage still holds (a batch, a last window's tick), once after the last record. */
  finish?(sink: StageSink): void;
}

const UNKNOWN_IP = "unknown";

const num = (v: unknown, d: number): number => (typeof v === "number" && Number.isFinite(v) ? v : d);

/** Builds the request view every stage reads. Never throws. */
export function offlineRequest(
  rec: TrafficRecord,
  line: number,
  app: string,
  fallbackTs: number,
  opts: RecordReadOptions = {},
): OfflineRequest {
  const { headers, contentType, canonical } = recordRequest(rec, opts);
  const ip = typeof rec.ip === "string" && rec.ip.length > 0 ? rec.ip : UNKNOWN_IP;
  const body = typeof rec.body === "string" ? rec.body : "";
  const event: BehaviourEvent = {
    app,
    client: ip === UNKNOWN_IP ? ip : clientKey(ip),
    ip,
    ts: num(rec.ts, fallbackTs),
    method: canonical.method,
    path: canonical.path,
    query: canonical.query,
    status: Math.trunc(num(rec.status, 0)),
    bytes: num(rec.bytes, 0),
    latencyMs: num(rec.latency_ms, 0),
    userAgent: headerValue(headers, "user-agent"),
    headers: canonical.headers,
    blockedByApiward: false,
  };
  if (canonical.method === "POST" && body.length > 0) {
    const user = loginUserHash(contentType, body);
    if (user !== undefined) event.loginUser = user;
  }
  if (typeof rec.identity === "string" && rec.identity.length > 0) event.identity = rec.identity;
  return { line, record: rec, canonical, ip, event, contentType, body };
}

/** Runs the stages over requests in the order given. */
export class OfflinePipeline {
  constructor(
    readonly stages: OfflineStage[],
    private readonly app = "default",
    private readonly opts: RecordReadOptions = {},
  ) {}

  /** One record through every stage; detections go to `sink`. */
  push(rec: TrafficRecord, line: number, fallbackTs: number, sink: StageSink): OfflineRequest {
    const req = offlineRequest(rec, line, this.app, fallbackTs, this.opts);
    for (const stage of this.stages) stage.process(req, sink);
    return req;
  }
}
