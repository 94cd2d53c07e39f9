/**
 * @module policy/evaluate
 * The hot path: runs a compiled policy against one request. Candidate rules
 * come from the index in evaluation order; the first matching allow/block is
 * terminal and stops evaluation; log and rate_limit rules before it are all
 * recorded. Never throws: a malformed context yields no match, and an
 * unexpected failure yields a `policy_error` reason for the caller's fail
 * mode. Precedence is documented in policy/README.md.
 */
import { ipGroupKey } from "../core/net/ip.ts";
import type { Reason } from "../core/types.ts";
import type { CompiledPolicy, CompiledRule } from "./compile.ts";
import type { Violation } from "./params.ts";
import { RequestView } from "./request-view.ts";
import type { PolicyContext, PolicyOutcome, RateLimitHit } from "./types.ts";

export { diffOutcomes } from "./diff.ts";
export type { PolicyContext, PolicyOutcome, RateLimitHit } from "./types.ts";

const MATCHED = true;

/** Null when the rule does not match; otherwise MATCHED or the param violation that made it match. */
function matchRule(rule: CompiledRule, v: RequestView): Violation | typeof MATCHED | null {
  const tests = rule.tests;
  for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return null;
  if (rule.params) return rule.params(v);
  return MATCHED;
}

function counterKey(rule: CompiledRule, ctx: PolicyContext): string {
  switch (rule.rateLimit?.key) {
    case "ip":
      return `rl:${rule.id}:ip:${ipGroupKey(ctx.ip)}`;
    case "endpoint+identity":
      // Unknown endpoints share one counter per identity, so varying the path cannot dodge the limit.
      return `rl:${rule.id}:${ctx.identity}:${ctx.endpoint ?? "~"}`;
    default:
      return `rl:${rule.id}:${ctx.identity}`;
  }
}

/** Evaluates `compiled` for one request. */
export function evaluatePolicy(compiled: CompiledPolicy, ctx: PolicyContext): PolicyOutcome {
  const out: PolicyOutcome = { logs: [], rateLimits: [], bypass: new Set(), hits: [], reasons: [] };
  try {
    const v = new RequestView(ctx);
    const rules = compiled.rules;
    for (const n of compiled.index.candidates(v)) {
      const rule = rules[n]!;
      const m = matchRule(rule, v);
      if (m === null) continue;
      out.hits.push(rule.id);
      const reason: Reason = {
        source: "policy",
        id: rule.id,
        action: rule.action === "rate_limit" ? "log" : rule.action,
      };
      if (m !== MATCHED) {
        reason.detail = m.detail;
        reason.location = m.location;
      }
      out.reasons.push(reason);
      if (rule.action === "log") out.logs.push(rule.id);
      else if (rule.action === "rate_limit") {
        const rl = rule.rateLimit!;
        const hit: RateLimitHit = {
          ruleId: rule.id,
          key: counterKey(rule, ctx),
          limit: rl.limit,
          windowS: rl.window_s,
          algorithm: rl.algorithm,
        };
        out.rateLimits.push(hit);
      } else {
        out.terminal = { ruleId: rule.id, action: rule.action };
        for (const b of rule.bypass) out.bypass.add(b);
        break;
      }
    }
  } catch (e) {
    out.reasons.push({
      source: "policy",
      id: "policy_error",
      action: "log",
      detail: String((e as Error)?.message ?? e),
    });
  }
  return out;
}
