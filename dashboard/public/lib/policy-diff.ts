/**
 * @module dashboard/lib/policy-diff
 * Diff of two policy documents, computed in the browser: rules are matched
 * by `id` (position for rules without one) and reported added, removed,
 * changed or unchanged; a changed rule and the document's other fields get a
 * side-by-side line diff of their pretty-printed JSON. Pure, no DOM, so it
 * is unit-tested in Node.
 *
 * Line diffs use a longest-common-subsequence table, bounded at
 * `MAX_LCS_CELLS`; beyond that (documents of thousands of lines) lines are
 * compared by position, which is still correct, only less aligned.
 */

export type LineKind = "same" | "changed" | "added" | "removed";

export interface LinePair {
  left: string | null;
  right: string | null;
  kind: LineKind;
}

export type RuleStatus = "added" | "removed" | "changed" | "same";

export interface RuleDiff {
  key: string;
  status: RuleStatus;
  lines: LinePair[];
}

export interface PolicyDiff {
  /** Fields other than `rules` (description, defaults…); `version` and `created_at` are left out. */
  fields: LinePair[];
  fieldsChanged: boolean;
  rules: RuleDiff[];
  summary: Record<RuleStatus, number>;
}

const MAX_LCS_CELLS = 4_000_000;
const IGNORED_FIELDS = new Set(["rules", "version", "created_at"]);

function pretty(v: unknown): string[] {
  return v === undefined ? [] : (JSON.stringify(v, null, 2) ?? "null").split("\n");
}

function pairRun(dels: string[], adds: string[], out: LinePair[]): void {
  const n = Math.max(dels.length, adds.length);
  for (let i = 0; i < n; i++) {
    const l = dels[i];
    const r = adds[i];
    if (l !== undefined && r !== undefined) out.push({ left: l, right: r, kind: "changed" });
    else if (l !== undefined) out.push({ left: l, right: null, kind: "removed" });
    else if (r !== undefined) out.push({ left: null, right: r, kind: "added" });
  }
}

/** Side-by-side line diff: equal lines aligned, replaced runs paired as changed. */
export function diffLines(a: string[], b: string[]): LinePair[] {
  const out: LinePair[] = [];
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_LCS_CELLS) {
    for (let i = 0; i < Math.max(n, m); i++) {
      const l = a[i];
      const r = b[i];
      if (l !== undefined && r !== undefined) out.push({ left: l, right: r, kind: l === r ? "same" : "changed" });
      else pairRun(l === undefined ? [] : [l], r === undefined ? [] : [r], out);
    }
    return out;
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..], row-major in one array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  let dels: string[] = [];
  let adds: string[] = [];
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      pairRun(dels, adds, out);
      dels = [];
      adds = [];
      out.push({ left: a[i] as string, right: b[j] as string, kind: "same" });
      i++;
      j++;
    } else if (j < m && (i >= n || (lcs[i * w + j + 1] ?? 0) >= (lcs[(i + 1) * w + j] ?? 0))) {
      adds.push(b[j] as string);
      j++;
    } else {
      dels.push(a[i] as string);
      i++;
    }
  }
  pairRun(dels, adds, out);
  return out;
}

function rulesByKey(doc: unknown): Map<string, unknown> {
  const rules =
    doc && typeof doc === "object" && Array.isArray((doc as { rules?: unknown }).rules)
      ? (doc as { rules: unknown[] }).rules
      : [];
  const out = new Map<string, unknown>();
  rules.forEach((r, i) => {
    const id = r && typeof r === "object" ? (r as { id?: unknown }).id : undefined;
    let key = typeof id === "string" && id ? id : `#${i + 1}`;
    while (out.has(key)) key = `${key}′`;
    out.set(key, r);
  });
  return out;
}

function otherFields(doc: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (doc && typeof doc === "object" && !Array.isArray(doc)) {
    for (const [k, v] of Object.entries(doc)) if (!IGNORED_FIELDS.has(k)) out[k] = v;
  }
  return out;
}

/** Compares policy `a` (left, e.g. the active version) with `b` (right, the candidate). */
export function diffPolicies(a: unknown, b: unknown): PolicyDiff {
  const left = rulesByKey(a);
  const right = rulesByKey(b);
  const rules: RuleDiff[] = [];
  const summary: Record<RuleStatus, number> = { added: 0, removed: 0, changed: 0, same: 0 };
  for (const [key, r] of right) {
    const l = left.get(key);
    let status: RuleStatus;
    if (!left.has(key)) status = "added";
    else status = JSON.stringify(l) === JSON.stringify(r) ? "same" : "changed";
    summary[status]++;
    rules.push({ key, status, lines: diffLines(pretty(l), pretty(r)) });
  }
  for (const [key, l] of left) {
    if (right.has(key)) continue;
    summary.removed++;
    rules.push({ key, status: "removed", lines: diffLines(pretty(l), []) });
  }
  const fields = diffLines(pretty(otherFields(a)), pretty(otherFields(b)));
  return { fields, fieldsChanged: fields.some((p) => p.kind !== "same"), rules, summary };
}
