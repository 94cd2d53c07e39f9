/**
 * @module eval/lib/waf-metrics
 * Tallies verdicts over a labelled corpus (recall per class and source,
 * false-positive rate per source, answers neither blocked nor allowed) and
 * renders one markdown table with a row per engine and paranoia level.
 */
import { SIGNATURE_CLASSES, type WafCase } from "./waf-corpus.ts";

export type Outcome = "block" | "allow" | "reject";

export interface Tally {
  name: string;
  total: Record<string, number>;
  blocked: Record<string, number>;
  /** 400/414 and similar answers from a server (neither a block nor a pass). */
  rejected: number;
}

export function tally(name: string, cases: readonly WafCase[], outcome: (c: WafCase, i: number) => Outcome): Tally {
  const t: Tally = { name, total: {}, blocked: {}, rejected: 0 };
  const bump = (k: string, blocked: boolean): void => {
    t.total[k] = (t.total[k] ?? 0) + 1;
    if (blocked) t.blocked[k] = (t.blocked[k] ?? 0) + 1;
  };
  cases.forEach((c, i) => {
    const o = outcome(c, i);
    if (o === "reject") t.rejected++;
    const b = o === "block";
    const src = c.source.startsWith("csic") ? "csic" : "crs";
    if (c.label === "attack") {
      bump(`class:${c.class}`, b);
      bump("attack", b);
      bump(`attack:${src}`, b);
      if (c.class !== "anomalous") bump("attack:signature", b);
    } else {
      bump("benign", b);
      bump(`benign:${src}`, b);
    }
  });
  return t;
}

export function rate(t: Tally, key: string): number | undefined {
  const n = t.total[key];
  return n === undefined || n === 0 ? undefined : (t.blocked[key] ?? 0) / n;
}

const f3 = (v: number | undefined): string => (v === undefined ? "–" : v.toFixed(3));
const f2 = (v: number | undefined): string => (v === undefined ? "–" : v.toFixed(2));

export function classesIn(tallies: readonly Tally[]): string[] {
  const present = new Set<string>();
  for (const t of tallies) for (const k of Object.keys(t.total)) if (k.startsWith("class:")) present.add(k.slice(6));
  return SIGNATURE_CLASSES.filter((c) => present.has(c));
}

export function markdownTable(tallies: readonly Tally[]): string {
  const classes = classesIn(tallies);
  const head = [
    "engine",
    "recall (all)",
    "recall (signature classes)",
    "FPR",
    ...classes,
    "anomalous",
    "CSIC recall / FPR",
    "CRS recall / FPR",
    "400/414",
  ];
  const rows = tallies.map((t) => [
    t.name,
    f3(rate(t, "attack")),
    f3(rate(t, "attack:signature")),
    f3(rate(t, "benign")),
    ...classes.map((c) => f2(rate(t, `class:${c}`))),
    f2(rate(t, "class:anomalous")),
    `${f3(rate(t, "attack:csic"))} / ${f3(rate(t, "benign:csic"))}`,
    `${f3(rate(t, "attack:crs"))} / ${f3(rate(t, "benign:crs"))}`,
    String(t.rejected),
  ]);
  const line = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

export interface TargetCheck {
  item: string;
  ours: number | undefined;
  reference: number | undefined;
  ok: boolean;
}

/** Issue 6 target: apiward PL1 recall ≥ peer PL2 recall and FPR ≤ peer PL1 FPR, overall and per class/source. */
export function targetChecks(ours: Tally, peerPl1: Tally, peerPl2: Tally): TargetCheck[] {
  const out: TargetCheck[] = [];
  const ge = (item: string, key: string): void => {
    const a = rate(ours, key);
    const b = rate(peerPl2, key);
    out.push({
      item: `recall ${item} ≥ peer PL2`,
      ours: a,
      reference: b,
      ok: a !== undefined && (b === undefined || a >= b - 1e-9),
    });
  };
  const le = (item: string, key: string): void => {
    const a = rate(ours, key);
    const b = rate(peerPl1, key);
    out.push({
      item: `FPR ${item} ≤ peer PL1`,
      ours: a,
      reference: b,
      ok: a !== undefined && (b === undefined || a <= b + 1e-9),
    });
  };
  ge("overall (signature classes)", "attack:signature");
  for (const c of classesIn([ours])) ge(c, `class:${c}`);
  le("overall", "benign");
  le("CSIC", "benign:csic");
  le("CRS traps", "benign:crs");
  return out;
}

/** A Tally built from published per-class rates (for comparison when the peer is not run). */
export function publishedTally(name: string, cases: readonly WafCase[], rates: Record<string, number>): Tally {
  const t: Tally = { name, total: {}, blocked: {}, rejected: 0 };
  const counts: Record<string, number> = {};
  for (const c of cases) {
    const src = c.source.startsWith("csic") ? "csic" : "crs";
    const keys =
      c.label === "attack"
        ? [`class:${c.class}`, "attack", `attack:${src}`, ...(c.class !== "anomalous" ? ["attack:signature"] : [])]
        : ["benign", `benign:${src}`];
    for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
  }
  for (const [k, n] of Object.entries(counts)) {
    const r = rates[k];
    if (r === undefined) continue;
    t.total[k] = n;
    t.blocked[k] = r * n;
  }
  // Signature-class recall from the published per-class rates.
  let n = 0;
  let b = 0;
  for (const [k, total] of Object.entries(counts)) {
    if (!k.startsWith("class:") || k === "class:anomalous") continue;
    const r = rates[k];
    if (r === undefined) continue;
    n += total;
    b += r * total;
  }
  if (n > 0) {
    t.total["attack:signature"] = n;
    t.blocked["attack:signature"] = b;
  }
  return t;
}
