/**
 * @module core/behaviour/kinds
 * How each detection kind is scored: which features count (terms, with a
 * weight and a floor) and which must hold for the kind to apply at all
 * (gates). A term counts once the client's value reaches its threshold,
 * the larger of the floor, the threshold learned for the client's cluster
 * and the client's own principal baseline, and contributes
 * `weight × (1 + EXCESS_WEIGHT × min(excess/spread, TERM_CAP))`: the
 * weight, growing with how far past the threshold it is, up to about twice
 * the weight at 3 robust spreads. A kind fires at score ≥ 1. Weight 1: that
 * feature alone is enough; weight 0.5: two such features at their
 * thresholds, or one far (3 spreads) past it; 0.25: supporting evidence.
 *
 * Floors are domain minimums, not fitted numbers: the least evidence with
 * which a kind may be named whatever the learned model says (e.g. five
 * failed logins, three requests carrying attack payloads). They keep a model
 * trained on polluted or tiny data from going blind or trigger-happy.
 * Tuning: raise a floor to demand more evidence; lower a weight to make a
 * feature supporting-only. `fake_bot` is not scored here: it is the bot
 * verifier's verdict (core/bots).
 */
import { F, FEATURE_COUNT, type FeatureName } from "./features.ts";
import type { DetectionKind } from "./types.ts";

export interface KindTerm {
  feature: FeatureName;
  weight: number;
  floor: number;
}

export interface KindRule {
  kind: DetectionKind;
  terms: KindTerm[];
  /** Every gate must hold (value ≥ min) for the kind to score. */
  gates: Array<{ feature: FeatureName; min: number }>;
}

const t = (feature: FeatureName, weight: number, floor: number): KindTerm => ({ feature, weight, floor });
const g = (feature: FeatureName, min: number) => ({ feature, min });

/** The scored kinds, in output slot order. */
export const KIND_RULES: readonly KindRule[] = [
  {
    // Probing: many distinct paths that do not exist, known secret/admin paths, odd methods, tool fingerprints.
    kind: "scanner",
    terms: [
      t("notfound_distinct", 0.6, 6),
      t("probe_hits", 1, 3),
      t("odd_methods", 0.5, 2),
      t("tool_ua", 0.5, 0.3),
      t("unseen_transitions", 0.25, 0.3),
    ],
    // No gates: once apiward blocks a prober, its answers (and its request count) are apiward's.
    gates: [],
  },
  {
    // Breadth-first walking of pages at machine pace: pages without the assets and calls a browser makes.
    kind: "crawler",
    terms: [
      t("pages_distinct", 0.5, 10),
      t("pages_without_assets", 0.5, 0.6),
      t("peak_10s", 0.25, 8),
      t("regularity", 0.25, 0.6),
    ],
    // Breadth is what makes a crawler: an uptime check fetching one page every minute has none.
    gates: [g("requests", 8), g("doc_share", 0.4), g("pages_distinct", 5)],
  },
  {
    // Bulk reading of catalogue/detail endpoints: many objects, ids walked in order, parameter sweeps.
    kind: "scraper",
    terms: [
      t("items_read", 0.5, 24),
      // Object after object with nothing else in between (no listing, search, cart or revisit).
      t("read_streak", 0.5, 12),
      t("ordered_walk", 0.5, 6),
      t("query_variants", 0.5, 20),
      t("pages_distinct", 0.5, 30),
      t("active_minutes", 0.25, 45),
      t("request_rate", 0.25, 30),
      // Reading the API in sequences no workflow has (detail after detail, no page in between).
      // Supporting only: an API change (a renamed or new endpoint) makes every user's sequences
      // unseen at once, and alone this term challenged 70% of an outside probe's browsers.
      t("unseen_transitions", 0.25, 0.3),
    ],
    // Scraping is reading what is there: most object requests succeed (walking ids that are
    // refused is enumeration).
    gates: [g("requests", 10), g("read_ok_share", 0.6)],
  },
  {
    // Dictionary attacks (one name, many passwords) and credential stuffing (many names).
    kind: "bruteforce",
    terms: [t("login_failures", 1, 5), t("users_failed", 1, 4), t("login_fail_ratio", 0.25, 0.5)],
    gates: [g("login_fail_ratio", 0.2)],
  },
  {
    // A flood of the login endpoint (password hashing is the expensive part).
    kind: "login_dos",
    terms: [t("login_peak_10s", 1, 6), t("req_1m", 0.25, 60)],
    gates: [g("login_peak_10s", 5)],
  },
  {
    // A flood: of an expensive endpoint other than the login (search, reports), usually with
    // cache-busting parameters, or of any endpoint at a rate no one client sends (25 requests a
    // second sustained, per person: an office behind one address is several). Neither supporting
    // term can name it alone (each at most about 0.4).
    kind: "http_dos",
    terms: [
      t("expensive_peak_10s", 1, 10),
      t("request_rate", 1, 1500),
      t("query_variants", 0.2, 20),
      t("req_1m", 0.2, 60),
    ],
    gates: [g("peak_10s", 5)],
  },
  {
    // Walking other users' object ids: many distinct ids answered 403/404 on one endpoint.
    kind: "enumeration",
    terms: [t("ids_denied", 1, 6), t("id_err_ratio", 0.25, 0.3), t("ids_per_endpoint", 0.25, 15)],
    gates: [g("id_err_ratio", 0.15)],
  },
  {
    // A client whose requests keep carrying attack payloads (signature hits).
    kind: "injection",
    terms: [t("payload_requests", 1, 3)],
    gates: [],
  },
];

export const SCORED_KINDS: readonly DetectionKind[] = KIND_RULES.map((r) => r.kind);
export const KIND_COUNT = KIND_RULES.length;
/** Cap of a term's excess, in robust spreads. */
export const TERM_CAP = 3;
/**
 * What the excess adds per robust spread, relative to the weight: at the cap
 * (3 spreads past the threshold) a term counts about twice its weight, so a
 * weight-0.5 feature far out of its cluster's range is enough alone.
 */
export const EXCESS_WEIGHT = 0.34;
/** "No gate" marker in the packed gate table (features are never negative). */
export const NO_GATE = -1;

/** The rule table as flat row-major arrays [kind][feature], as the scorers read it. */
export interface PackedRules {
  weight: Float64Array;
  floor: Float64Array;
  gate: Float64Array;
}

export function packRules(rules: readonly KindRule[] = KIND_RULES): PackedRules {
  const n = rules.length * FEATURE_COUNT;
  const weight = new Float64Array(n);
  const floor = new Float64Array(n);
  const gate = new Float64Array(n).fill(NO_GATE);
  rules.forEach((r, k) => {
    for (const term of r.terms) {
      weight[k * FEATURE_COUNT + F[term.feature]] = term.weight;
      floor[k * FEATURE_COUNT + F[term.feature]] = term.floor;
    }
    for (const gt of r.gates) gate[k * FEATURE_COUNT + F[gt.feature]] = gt.min;
  });
  return { weight, floor, gate };
}
