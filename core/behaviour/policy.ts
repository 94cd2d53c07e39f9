/**
 * @module core/behaviour/policy
 * What apiward does about each detection kind, and for how long: the
 * default mitigation per kind, which an app's policy may override. A
 * verified good bot is allowed and rate-shaped (`good_bot`); everything else
 * is mitigated for `ttl_s` seconds of (real or simulated) time.
 *
 * Defaults: block what is unambiguously hostile (scanner, injection,
 * enumeration, brute force, fake bots), challenge what a person could in
 * rare cases resemble (crawler, scraper: a 429/403 problem+json with
 * Retry-After), rate-limit floods (login_dos, http_dos) so the client's
 * ordinary use still works.
 */
import type { Decision } from "../types.ts";
import { type DetectionKind, isDetectionKind } from "./types.ts";

export type MitigationKind = DetectionKind | "good_bot";

export interface KindAction {
  action: Decision;
  ttl_s: number;
  /** For `rate_limit`: requests allowed per 10 s while it lasts. */
  limit_10s?: number;
}

export type BehaviourPolicy = Partial<Record<MitigationKind, Partial<KindAction>>>;

export const DEFAULT_ACTIONS: Readonly<Record<MitigationKind, KindAction>> = {
  scanner: { action: "block", ttl_s: 3600 },
  crawler: { action: "challenge", ttl_s: 1800 },
  scraper: { action: "challenge", ttl_s: 3600 },
  bruteforce: { action: "block", ttl_s: 3600 },
  login_dos: { action: "rate_limit", ttl_s: 900, limit_10s: 3 },
  http_dos: { action: "rate_limit", ttl_s: 900, limit_10s: 5 },
  enumeration: { action: "block", ttl_s: 3600 },
  injection: { action: "block", ttl_s: 3600 },
  fake_bot: { action: "block", ttl_s: 86_400 },
  distributed_bruteforce: { action: "block", ttl_s: 3600 },
  distributed_dos: { action: "rate_limit", ttl_s: 900, limit_10s: 5 },
  distributed_scraper: { action: "challenge", ttl_s: 3600 },
  distributed_scan: { action: "block", ttl_s: 3600 },
  good_bot: { action: "rate_limit", ttl_s: 300, limit_10s: 20 },
};

const ACTIONS: readonly Decision[] = ["allow", "block", "log", "rate_limit", "challenge"];

/** The action for a kind under a policy (unknown or invalid overrides fall back to the default). */
export function actionFor(kind: MitigationKind, policy?: BehaviourPolicy): KindAction {
  const base = DEFAULT_ACTIONS[kind];
  const o = policy?.[kind];
  if (!o) return base;
  const out: KindAction = { ...base };
  if (typeof o.action === "string" && ACTIONS.includes(o.action)) out.action = o.action;
  if (typeof o.ttl_s === "number" && o.ttl_s > 0 && o.ttl_s <= 30 * 86_400) out.ttl_s = o.ttl_s;
  if (typeof o.limit_10s === "number" && o.limit_10s > 0) out.limit_10s = o.limit_10s;
  return out;
}

/** Validates a policy object from config; returns it or an error naming the field. */
export function parseBehaviourPolicy(value: unknown): BehaviourPolicy | string {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) return "behaviour policy: expected an object";
  const out: BehaviourPolicy = {};
  for (const [k, v] of Object.entries(value)) {
    if (!isDetectionKind(k) && k !== "good_bot") return `behaviour.${k}: unknown kind`;
    if (!v || typeof v !== "object") return `behaviour.${k}: expected an object`;
    const o = v as Record<string, unknown>;
    if (o.action !== undefined && !ACTIONS.includes(o.action as Decision)) return `behaviour.${k}.action: invalid`;
    if (o.ttl_s !== undefined && !(typeof o.ttl_s === "number" && o.ttl_s > 0)) return `behaviour.${k}.ttl_s: invalid`;
    if (o.limit_10s !== undefined && !(typeof o.limit_10s === "number" && o.limit_10s > 0))
      return `behaviour.${k}.limit_10s: invalid`;
    out[k] = o as Partial<KindAction>;
  }
  return out;
}

/** Severity order when a client holds several mitigations: the strongest applies. */
export const ACTION_RANK: Readonly<Record<Decision, number>> = {
  allow: 0,
  log: 1,
  rate_limit: 2,
  challenge: 3,
  block: 4,
};
