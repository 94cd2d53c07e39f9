/**
 * @module policy/examples/make-bench-policy
 * Prints bench-200.json (deterministic):
 * `npx tsx policy/examples/make-bench-policy.ts > policy/examples/bench-200.json`.
 */
import { makeBenchPolicy } from "./bench-policy.ts";

console.log(JSON.stringify(makeBenchPolicy(), null, 2));
