/**
 * @module core/discovery
 * API discovery: the streaming learner, the endpoint matcher, the allow-list
 * and the service graph. Plain TypeScript, shared by the learning-core
 * Durable Object, the worker and `apiward discover`.
 */
export {
  type AllowlistDiff,
  type AllowlistDoc,
  type AllowlistEndpoint,
  type AllowlistParam,
  type CompiledAllowlist,
  compileAllowlist,
  proposeAllowlist,
} from "./allowlist.ts";
export { Learner, type LearnerOptions, type LearnerState, type LearnerStats } from "./learner.ts";
export { compileMatcher, type EndpointMatcher, type MatchResult } from "./matcher.ts";
export { observationFromRecord } from "./record.ts";
export { type ServiceGraph, type ServiceGraphEdge, type ServiceGraphNode, serviceGraph } from "./service-graph.ts";
export type { Endpoint, Inventory, InventoryOptions, Observation, PathParamInfo, QueryParamInfo } from "./types.ts";
export type { ValueType } from "./value-types.ts";
