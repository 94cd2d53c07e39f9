/**
 * @module policy/diff
 * Dry-run support: a candidate policy version is evaluated beside the active
 * one on live traffic, and the worker logs where they disagree. Compares
 * everything an outcome commits the caller to (terminal action and rule,
 * rate-limit counters, bypasses, log rules); hits of rules with the same
 * effect are not differences.
 */
import type { PolicyOutcome } from "./types.ts";

function terminalText(o: PolicyOutcome): string {
  return o.terminal ? `${o.terminal.action} by ${o.terminal.ruleId}` : "none";
}

function setDiff(label: string, a: Iterable<string>, b: Iterable<string>, out: string[]): void {
  const sa = new Set(a);
  const sb = new Set(b);
  for (const x of sb) if (!sa.has(x)) out.push(`${label} +${x}`);
  for (const x of sa) if (!sb.has(x)) out.push(`${label} -${x}`);
}

/**
 * Differences from `active` to `candidate`, one line each (`terminal: block by
 * a -> none`, `rate_limit +login (20/60s sliding)`, `log -admin`, `bypass
 * +signatures`), or null when both outcomes decide the same.
 */
export function diffOutcomes(active: PolicyOutcome, candidate: PolicyOutcome): string[] | null {
  const out: string[] = [];
  const ta = terminalText(active);
  const tc = terminalText(candidate);
  if (ta !== tc) out.push(`terminal: ${ta} -> ${tc}`);
  const rl = (o: PolicyOutcome) =>
    o.rateLimits.map((r) => `${r.ruleId} (${r.limit}/${r.windowS}s ${r.algorithm}, key ${r.key})`);
  setDiff("rate_limit", rl(active), rl(candidate), out);
  setDiff("bypass", active.bypass, candidate.bypass, out);
  setDiff("log", active.logs, candidate.logs, out);
  return out.length > 0 ? out : null;
}
