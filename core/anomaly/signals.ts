/**
 * @module core/anomaly/signals
 * Is a window anomalous, and what kind of attack could it be? A window is
 * anomalous when a rising feature stands `z_gate` robust spreads above its
 * seasonal level with a material excess, or when the isolation forest
 * isolates it; the excess then says where to look:
 * - auth failures on an authentication endpoint → a credential attack
 *   (few endpoints: `distributed_bruteforce`);
 * - not-founds / 4xx spread over many paths → probing (many endpoints:
 *   `distributed_scan`);
 * - requests, distinct objects or distinct sources up without errors → a
 *   flood (few endpoints: `distributed_dos`) or a scrape (many objects:
 *   `distributed_scraper`), which only the participants tell apart.
 * A rise no signal explains (requests and sources up together, errors
 * normal: a flash crowd, a campaign, a slow daily rise) is a `surge`,
 * reported and never mitigated by itself.
 */
import { COUNT_FEATURES, countOf, F, type FeatureName, RISING } from "./features.ts";
import type { AnomalyPolicy } from "./policy.ts";
import { expect, type LevelBaseline } from "./seasonal.ts";
import type { Slice } from "./slice.ts";
import { WINDOWS } from "./types.ts";

export type SignalFamily = "credential" | "probe" | "volume";

export interface WindowVerdict {
  anomalous: boolean;
  /** Rising features over the gate with their z and excess, largest z first. */
  over: Array<{ feature: FeatureName; z: number; excess: number; normal: number; value: number }>;
  forest: number;
  forestAnomalous: boolean;
  /** Attack families the excess points to. */
  families: SignalFamily[];
}

const EXCESS_OF: Partial<Record<FeatureName, keyof AnomalyPolicy["min_excess"]>> = {
  requests: "requests",
  ips: "sources",
  nets: "sources",
  auth_failures: "failures",
  not_found: "not_found",
  param_values: "params",
};

/** Scale of a count threshold for a window level (longer windows need more). */
export const levelScale = (level: number): number =>
  Math.sqrt((WINDOWS[level] as (typeof WINDOWS)[number]).span / WINDOWS[0].span);

export interface VerdictInput {
  slice: Slice;
  x: Float64Array;
  z: Float64Array;
  baseline: LevelBaseline | null | undefined;
  ts: number;
  level: number;
  forestScore: number;
  forestThreshold: number;
  isAuth: boolean;
  isUnmatched: boolean;
  policy: AnomalyPolicy;
}

export function windowVerdict(v: VerdictInput): WindowVerdict {
  const { slice: s, policy: p } = v;
  const over: WindowVerdict["over"] = [];
  const scale = levelScale(v.level);
  for (const f of RISING) {
    const i = F[f];
    const z = v.z[i] as number;
    if (z < p.z_gate) continue;
    const e = expect(v.baseline, i, v.ts);
    let excess: number;
    if ((COUNT_FEATURES as readonly string[]).includes(f)) {
      excess = countOf(s, f) - Math.expm1(Math.max(0, e.med));
      const need = p.min_excess[EXCESS_OF[f] ?? "requests"] * scale;
      if (excess < need) continue;
    } else {
      // Ratios and latency: only with enough requests to mean something.
      if (s.n < p.min_requests * scale) continue;
      excess = ((v.x[i] as number) - e.med) * (f === "latency_mean" ? 1 : s.n);
      if (f !== "latency_mean" && excess < p.min_excess.requests * scale * 0.25) continue;
    }
    over.push({ feature: f, z, excess, normal: e.med, value: v.x[i] as number });
  }
  over.sort((a, b) => b.z - a.z);
  const forestAnomalous = v.level === 0 && s.n >= p.min_requests && v.forestScore >= v.forestThreshold;
  const has = (f: FeatureName) => over.some((o) => o.feature === f);
  const families: SignalFamily[] = [];
  if (v.isAuth && has("auth_failures")) families.push("credential");
  if (has("not_found") || (v.isUnmatched && (has("requests") || has("err4_ratio") || has("ips"))))
    families.push("probe");
  if (!v.isUnmatched && (has("requests") || has("param_values") || has("ips") || has("nets"))) families.push("volume");
  return { anomalous: over.length > 0 || forestAnomalous, over, forest: v.forestScore, forestAnomalous, families };
}
