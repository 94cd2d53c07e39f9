/**
 * @module policy/compile
 * Compile once, evaluate many: a validated policy document becomes rules in
 * evaluation order (priority ascending, ties in document order), each with
 * its field tests built once, plus a RuleIndex that picks candidate rules per
 * request. The worker compiles each version once and keeps the last good
 * compiled policy when a new one fails to validate or compile.
 */
import type { ParseResult } from "../core/config/app-config.ts";
import type { Violation } from "./params.ts";
import { compileFieldTests, compileParamCheck, type FieldTest } from "./predicates.ts";
import type { RequestView } from "./request-view.ts";
import { RuleIndex } from "./rule-index.ts";
import {
  type AllowlistSection,
  type Bypass,
  type PolicyDocument,
  type PolicyRule,
  parsePolicy,
  type RateLimit,
  type SignaturesSection,
} from "./schema.ts";

/** What `allow` grants when the rule names no `bypass`: only the learned allow-list, never detection (see README). */
export const DEFAULT_ALLOW_BYPASS: readonly Bypass[] = ["allowlist"];

export interface CompiledRule {
  id: string;
  action: PolicyRule["action"];
  priority: number;
  bypass: readonly Bypass[];
  rateLimit?: RateLimit;
  /** Tests of every field the index did not already prove. */
  tests: FieldTest[];
  params?: (v: RequestView) => Violation | null;
}

export interface CompiledPolicy {
  /** The document's `version` (0 when absent; the worker tracks KV versions itself). */
  version: number;
  /** Enabled rules in evaluation order. */
  rules: readonly CompiledRule[];
  /** Rule ids in evaluation order, for per-rule hit counters. */
  ruleIds: readonly string[];
  index: RuleIndex;
  /** Passed through for the signature engine. */
  signatures?: SignaturesSection;
  /** Passed through for the allow-list compiler. */
  allowlist?: AllowlistSection;
  /** Some rule constrains body parameters: the caller parses the body's fields (`PolicyContext.bodyParams`). */
  usesBodyParams: boolean;
  /**
   * Bytes a body without a Content-Length must be read to (at most
   * MAX_BODY_SIZE_PROBE) for every body_size rule to be decided: one past the
   * largest threshold; 0 without body_size rules.
   */
  bodySizeProbe: number;
}

/** The most a chunked body is read to learn its size for body_size rules (larger thresholds: see README). */
export const MAX_BODY_SIZE_PROBE = 8 * 1024 * 1024;

/**
 * Compiles a validated document (from `parsePolicy`). Throws an Error naming
 * the rule when something validation accepted still cannot compile; callers
 * keep their last good compiled policy then.
 */
export function compilePolicy(doc: PolicyDocument): CompiledPolicy {
  const ordered = doc.rules
    .map((rule, docIndex) => ({ rule, docIndex }))
    .filter(({ rule }) => rule.enabled !== false)
    .sort((a, b) => (a.rule.priority ?? 1000) - (b.rule.priority ?? 1000) || a.docIndex - b.docIndex);
  const index = new RuleIndex();
  const rules: CompiledRule[] = ordered.map(({ rule, docIndex }, n) => {
    try {
      const anchor = index.add(n, rule.match);
      const tests = compileFieldTests(
        rule.match,
        anchor.proves && anchor.field ? anchor.field : undefined,
        rule.action === "allow",
      );
      const compiled: CompiledRule = {
        id: rule.id,
        action: rule.action,
        priority: rule.priority ?? 1000,
        bypass: rule.action === "allow" ? (rule.bypass ?? DEFAULT_ALLOW_BYPASS) : [],
        tests: [...tests.values()],
      };
      if (rule.rate_limit) compiled.rateLimit = rule.rate_limit;
      if (rule.match.params) compiled.params = compileParamCheck(rule.match.params);
      return compiled;
    } catch (e) {
      throw new Error(`rules.${docIndex} (${rule.id}): ${(e as Error).message}`);
    }
  });
  const usesBodyParams = ordered.some(({ rule }) => rule.match.params?.some((p) => p.in === "body") === true);
  let bodySizeProbe = 0;
  for (const { rule } of ordered) {
    const b = rule.match.body_size;
    if (b)
      for (const t of [b.gt, b.gte, b.lt, b.lte]) if (t !== undefined) bodySizeProbe = Math.max(bodySizeProbe, t + 1);
  }
  bodySizeProbe = Math.min(bodySizeProbe, MAX_BODY_SIZE_PROBE);
  const out: CompiledPolicy = {
    version: doc.version ?? 0,
    rules,
    ruleIds: rules.map((r) => r.id),
    index,
    usesBodyParams,
    bodySizeProbe,
  };
  if (doc.signatures) out.signatures = doc.signatures;
  if (doc.allowlist) out.allowlist = doc.allowlist;
  return out;
}

/** Validates and compiles in one step (text from KV or parsed JSON); never throws. */
export function loadPolicy(json: unknown): ParseResult<CompiledPolicy> {
  const parsed = parsePolicy(json);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, value: compilePolicy(parsed.value) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
