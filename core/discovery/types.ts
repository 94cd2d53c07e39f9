/**
 * @module core/discovery/types
 * The learner's public shapes: what it observes and the inventory it emits
 * (`apiward discover` prints `{"endpoints":[…]}`; the admin API serves the
 * same). Plain JSON, stable field names.
 */
import type { SegmentShape } from "./shapes.ts";
import type { ValueType } from "./value-types.ts";

/** One request/response as the learner sees it. */
export interface Observation {
  method: string;
  /** Canonical (decoded, normalised) path without the query. */
  path: string;
  query?: Array<[string, string]>;
  body?: { contentType: string; text: string };
  /** Response status; absent means unknown and is learned from like a success. */
  status?: number;
  /** Authenticated principal or calling service. */
  identity?: string;
  /** Seconds since the epoch. */
  ts?: number;
}

export type BodyType = ValueType | "object" | "array" | "null";

export interface QueryParamInfo {
  type: ValueType;
  required: boolean;
  count: number;
  enum?: string[];
}

export interface PathParamInfo {
  type: ValueType;
  /** Dominant shape of the values (`int`, `uuid`, `prefixed`, `word`…). */
  shape: SegmentShape;
  /** Estimated distinct values (HyperLogLog). */
  distinct: number;
}

export interface Endpoint {
  method: string;
  /** Template, e.g. `/api/user/{user_id}/vehicle`. */
  path: string;
  count: number;
  statuses: Record<string, number>;
  first_seen: number | null;
  last_seen: number | null;
  query: Record<string, QueryParamInfo>;
  body: Record<string, { type: BodyType; count: number }>;
  path_params: Record<string, PathParamInfo>;
  clients: { top: Array<{ identity: string; count: number }>; distinct: number };
  /** Seen only with failing statuses (4xx other than not-found): listed for review, not as a known-good endpoint. */
  only_failures?: boolean;
}

export interface Inventory {
  endpoints: Endpoint[];
}

export interface InventoryOptions {
  /** Endpoints seen fewer times are left out (default 1). */
  minCount?: number;
  /** List endpoints seen only with failures (default true, needing `minFailureOnly` requests). */
  includeFailures?: boolean;
}
