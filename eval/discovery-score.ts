/**
 * @module eval/discovery-score
 * Scores a learned inventory against the route table the traffic came from:
 * template-level precision, recall and F1 over (method, template) pairs,
 * with parameter names ignored (`/users/{id}` = `/users/{user_id}`) and a
 * trailing slash ignored, counted against the routes the traffic exercised
 * with at least one successful request. Over-merged: a learned template
 * that absorbs a route it is not, i.e. that strictly generalises an
 * exercised route that was not itself learned (`/v1/{x}/{id}` taking
 * `/v1/customers/{customer}`).
 */
import type { Inventory } from "../core/discovery/types.ts";

/** `/a/{x}/b{y}.json/` → `/a/{}/b{}.json`. */
export function normTemplate(path: string): string {
  const p = path.replace(/\{[^}]*\}/g, "{}").replace(/\/+$/, "");
  return p === "" ? "/" : p;
}

function segs(t: string): string[] {
  return t.split("/").filter((s) => s.length > 0);
}

/** Does learned template segment `l` cover route segment `r` (a literal or a parameter)? */
function segCovers(l: string, r: string): boolean {
  if (l === r) return true;
  if (l === "{}") return true;
  if (!l.includes("{}")) return false;
  if (r.includes("{}")) return false;
  // Embedded skeleton like `{}.json` against a literal.
  const [pre, post] = l.split("{}") as [string, string];
  return r.startsWith(pre) && r.endsWith(post ?? "") && r.length > pre.length + (post ?? "").length;
}

export function covers(learned: string, route: string): boolean {
  const a = segs(learned);
  const b = segs(route);
  return a.length === b.length && a.every((s, i) => segCovers(s, b[i] as string));
}

export interface Score {
  learned: number;
  truth: number;
  tp: number;
  precision: number;
  recall: number;
  f1: number;
  overMerged: string[];
  falsePositives: string[];
  missed: string[];
}

export function scoreInventory(inv: Inventory, exercised: Array<{ method: string; path: string }>): Score {
  const learned = new Set(
    inv.endpoints.filter((e) => !e.only_failures).map((e) => `${e.method} ${normTemplate(e.path)}`),
  );
  const truth = new Set(exercised.map((r) => `${r.method} ${normTemplate(r.path)}`));
  let tp = 0;
  for (const k of learned) if (truth.has(k)) tp++;
  const missed = [...truth].filter((k) => !learned.has(k));
  const falsePositives = [...learned].filter((k) => !truth.has(k));
  const over = new Set<string>();
  for (const m of missed) {
    const [method, path] = m.split(" ") as [string, string];
    for (const l of learned) {
      const [lm, lp] = l.split(" ") as [string, string];
      if (lm === method && lp !== path && covers(lp, path)) over.add(l);
    }
  }
  const precision = learned.size === 0 ? 0 : tp / learned.size;
  const recall = truth.size === 0 ? 1 : tp / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    learned: learned.size,
    truth: truth.size,
    tp,
    precision,
    recall,
    f1,
    overMerged: [...over].sort(),
    falsePositives: falsePositives.sort(),
    missed: missed.sort(),
  };
}
