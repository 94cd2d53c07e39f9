/**
 * @module sim/kinds
 * Every kind of simulated client and the label it carries. Benign kinds are
 * the good behaviours a model should learn (and the safeguard cases that must
 * never be flagged); attack kinds are the names detections use (issues 7, 8).
 */

export const BENIGN_KINDS = [
  "human",
  "mobile_app",
  "api_integration",
  "batch_job",
  "flash_sale",
  // Safeguard cases (issue 8): must not be treated as attacks.
  "flash_crowd",
  "big_nat",
  "daily_rise",
] as const;

export const ATTACK_KINDS = [
  "scanner",
  "crawler",
  "scraper",
  "scraper_slow",
  "bruteforce",
  "credential_stuffing",
  "login_dos",
  "http_dos",
  "enumeration",
  "injection",
  "fake_bot",
  "distributed_bruteforce",
  "distributed_dos",
  "distributed_scraper",
  "distributed_scan",
] as const;

export const GOOD_BOT_KINDS = ["good_bot"] as const;

export type BenignKind = (typeof BENIGN_KINDS)[number];
export type AttackKind = (typeof ATTACK_KINDS)[number];
export type Kind = BenignKind | AttackKind | (typeof GOOD_BOT_KINDS)[number];
export type Label = "benign" | "attack" | "good_bot";

export const ALL_KINDS: readonly Kind[] = [...BENIGN_KINDS, ...GOOD_BOT_KINDS, ...ATTACK_KINDS];

/** Kinds whose mix count is a number of source IPs of one coordinated campaign. */
export const DISTRIBUTED_KINDS: readonly Kind[] = [
  "distributed_bruteforce",
  "distributed_dos",
  "distributed_scraper",
  "distributed_scan",
];

export function labelOf(kind: Kind): Label {
  if (kind === "good_bot") return "good_bot";
  return (ATTACK_KINDS as readonly string[]).includes(kind) ? "attack" : "benign";
}

export function isKind(value: string): value is Kind {
  return (ALL_KINDS as readonly string[]).includes(value);
}
