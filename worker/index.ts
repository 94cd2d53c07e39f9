/**
 * @module worker
 * The entry the platform runs: the default handler and the Durable Object
 * classes (a Workers entry module may export nothing else).
 */
import { createHandler } from "./app.ts";

export { Aggregates } from "../durable-objects/aggregates.ts";
export { ClientState } from "../durable-objects/client-state.ts";
export { CounterShard } from "../durable-objects/counter-shard.ts";
export { LearningCore } from "../durable-objects/learning-core.ts";
export { LogStore } from "../durable-objects/log-store.ts";
export { Mitigations } from "../durable-objects/mitigations.ts";
export { PolicyLedger } from "../durable-objects/policy-ledger.ts";

const handler = createHandler();
export default { fetch: handler.fetch } satisfies ExportedHandler<Env>;
