/**
 * @module sim/types
 * The simulator's moving parts. An actor is a generator that yields the next
 * request it wants to send (`Step`, at an absolute simulated time) and gets
 * back what the shop answered (`Outcome`), so its script can depend on
 * responses (a login token, an order id, links on a page). The engine turns
 * each executed step into a labelled traffic record (DESIGN.md contract).
 */
import type { TrafficRecord } from "../core/types.ts";
import type { Kind, Label } from "./kinds.ts";

/** One request an actor wants to send. */
export interface Step {
  /** Simulated time to send it, seconds since epoch; the engine never sends it before the previous step. */
  at: number;
  method: string;
  /** Path and query, origin-form. */
  url: string;
  /** Lower-case header names, in the order the client sends them. */
  headers: Record<string, string>;
  body?: string;
  /** Source IP of this request when the actor rotates addresses (default: the actor's IP). */
  ip?: string;
  /** Authenticated principal, when the client is signed in (becomes the record's `identity`). */
  identity?: string;
}

/** What came back. */
export interface Outcome {
  status: number;
  bytes: number;
  /** When the request was sent and when its response ended (simulated seconds). */
  ts: number;
  end: number;
  latencyMs: number;
  /** Response body as text (empty when the transport failed). */
  text: string;
  /** True when the request never got an HTTP answer (live mode: connection refused, timeout). */
  failed?: boolean;
}

export type Script = Generator<Step, void, Outcome>;

/** A simulated client: who it is, what it is (labels) and what it does. */
export interface Actor {
  id: string;
  kind: Kind;
  label: Label;
  ip: string;
  /** Coordinated campaign this client belongs to (distributed kinds, flash events). */
  campaign?: string;
  /** Round trip between the client and the edge, ms: paces the client, not part of `latency_ms`. */
  rttMs: number;
  script: Script;
}

/** A traffic record with its ground truth. */
export interface LabelledRecord extends TrafficRecord {
  ts: number;
  ip: string;
  host: string;
  headers: Record<string, string>;
  status: number;
  bytes: number;
  latency_ms: number;
  label: Label;
  kind: Kind;
}
