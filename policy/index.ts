/**
 * @module policy
 * The policy engine's public surface: validate (`parsePolicy`), compile once
 * per version (`compilePolicy`, `loadPolicy`), evaluate per request
 * (`evaluatePolicy`), compare a dry-run candidate (`diffOutcomes`).
 */
export { type CompiledPolicy, type CompiledRule, compilePolicy, DEFAULT_ALLOW_BYPASS, loadPolicy } from "./compile.ts";
export { diffOutcomes } from "./diff.ts";
export { evaluatePolicy } from "./evaluate.ts";
export { compileGlob, globError, matchGlob } from "./glob.ts";
export * from "./schema.ts";
export type { PolicyContext, PolicyOutcome, RateLimitHit } from "./types.ts";
