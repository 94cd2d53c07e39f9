/**
 * @module sim/profile
 * The knobs of one simulated world, drawn from the seed (continuous values:
 * rates, medians, shares) and the variant (structural choices: the family of
 * the think-time distribution, how attackers pace themselves, whether tools
 * rotate user agents per request or per session). Detectors are meant to
 * work across all of them, so no single generator's shape is "normal".
 */
import { type MobileAppRelease, mobileRelease, type VersionWindow, versionWindow } from "./agents.ts";
import type { NetworkKind } from "./net/ip-pool.ts";
import { Rng } from "./prng.ts";

export type ThinkFamily = "lognormal" | "gamma" | "weibull" | "mixture";
export type Pacing = "exponential" | "jittered" | "bursty";

export interface ThinkModel {
  family: ThinkFamily;
  medianS: number;
  /** Spread: log-space sigma (lognormal, mixture) or shape (gamma, weibull). */
  spread: number;
}

export interface Profile {
  seed: number;
  variant: number;
  /** Local-time offset of the shop's audience from UTC, hours. */
  tzOffsetH: number;
  ipv6Share: Record<NetworkKind, number>;
  browserMobileShare: number;
  think: ThinkModel;
  mobileThink: ThinkModel;
  /** Mean page views per browsing session. */
  pagesPerSession: number;
  /** Mean sessions per day of a regular visitor (per-client rates vary around it). */
  visitsPerDay: number;
  accountShare: number;
  loginAtStart: number;
  wrongPassword: number;
  searchShare: number;
  cartShare: number;
  checkoutShare: number;
  reviewShare: number;
  /** Probability the static assets are still cached at the start of a session. */
  warmCache: number;
  mobileSessionsPerDay: number;
  integrationPeriodS: [number, number];
  pacing: Pacing;
  /** Tools that rotate user agents do it per request (true) or per burst of requests (false). */
  rotatePerRequest: boolean;
  /** Weights of attack intensity levels. */
  intensity: { fast: number; medium: number; slow: number };
  versions: VersionWindow;
  release: MobileAppRelease;
}

const THINK_FAMILIES: readonly ThinkFamily[] = ["lognormal", "gamma", "weibull", "mixture"];
const PACINGS: readonly Pacing[] = ["exponential", "jittered", "bursty"];

/** Number of structurally different variants; `variant` is taken modulo this. */
export const VARIANTS = THINK_FAMILIES.length * PACINGS.length * 2;

export function makeProfile(seed: number, variant?: number): Profile {
  const rng = new Rng(seed).fork("profile");
  const v = (((variant ?? seed) % VARIANTS) + VARIANTS) % VARIANTS;
  const family = THINK_FAMILIES[v % THINK_FAMILIES.length] as ThinkFamily;
  const pacing = PACINGS[Math.floor(v / THINK_FAMILIES.length) % PACINGS.length] as Pacing;
  const spread = family === "gamma" || family === "weibull" ? rng.float(0.6, 1.1) : rng.float(0.7, 1.3);
  return {
    seed,
    variant: v,
    tzOffsetH: rng.int(-8, 3),
    ipv6Share: { residential: rng.float(0.1, 0.45), mobile: rng.float(0.2, 0.6), datacenter: rng.float(0.03, 0.2) },
    browserMobileShare: rng.float(0.3, 0.6),
    think: { family, medianS: rng.float(5, 16), spread },
    mobileThink: { family, medianS: rng.float(2.5, 7), spread },
    pagesPerSession: rng.float(5, 14),
    visitsPerDay: rng.float(0.6, 2.2),
    accountShare: rng.float(0.45, 0.8),
    loginAtStart: rng.float(0.1, 0.35),
    wrongPassword: rng.float(0.02, 0.08),
    searchShare: rng.float(0.1, 0.3),
    cartShare: rng.float(0.06, 0.16),
    checkoutShare: rng.float(0.25, 0.6),
    reviewShare: rng.float(0.005, 0.03),
    warmCache: rng.float(0.2, 0.6),
    mobileSessionsPerDay: rng.float(1.5, 6),
    integrationPeriodS: rng.chance(0.5) ? [30, 120] : [60, 600],
    pacing,
    rotatePerRequest: Math.floor(v / (THINK_FAMILIES.length * PACINGS.length)) % 2 === 0,
    intensity: { fast: rng.float(0.6, 1.2), medium: rng.float(0.8, 1.4), slow: rng.float(0.8, 1.4) },
    versions: versionWindow(rng),
    release: mobileRelease(rng),
  };
}

/** A think time drawn from the model, clamped to [0.4 s, 20 min]. */
export function thinkTime(rng: Rng, m: ThinkModel): number {
  let t: number;
  switch (m.family) {
    case "lognormal":
      t = rng.lognormal(m.medianS, m.spread);
      break;
    case "gamma":
      t = rng.gamma(m.spread, m.medianS / Math.max(0.3, m.spread - 1 / 3));
      break;
    case "weibull":
      t = rng.weibull(m.medianS / Math.LN2 ** (1 / m.spread), m.spread);
      break;
    default:
      // Mostly reading; now and then the tab waits while the person does something else.
      t = rng.chance(0.88) ? rng.lognormal(m.medianS * 0.8, m.spread * 0.8) : rng.exp(m.medianS * 12);
  }
  return Math.min(1200, Math.max(0.4, t));
}

/** Gap between machine-paced requests with the given mean, shaped by the pacing style. */
export function machineGap(rng: Rng, meanS: number, pacing: Pacing): number {
  switch (pacing) {
    case "exponential":
      return rng.exp(meanS);
    case "jittered":
      return meanS * rng.float(0.7, 1.3);
    default:
      return rng.chance(0.9) ? rng.exp(meanS * 0.45) : rng.exp(meanS * 5.95);
  }
}

/** Relative traffic by local hour (0-23): night trough, lunch bump, evening peak. */
const DIURNAL = [
  0.25, 0.15, 0.1, 0.07, 0.06, 0.08, 0.15, 0.3, 0.45, 0.55, 0.6, 0.65, 0.75, 0.7, 0.62, 0.6, 0.62, 0.7, 0.82, 0.95, 1,
  0.95, 0.7, 0.45,
];

/** Relative activity of people at time `ts` (0..1), interpolated between hours. */
export function diurnal(ts: number, tzOffsetH: number): number {
  const h = (((ts / 3600 + tzOffsetH) % 24) + 24) % 24;
  const i = Math.floor(h);
  const a = DIURNAL[i] as number;
  const b = DIURNAL[(i + 1) % 24] as number;
  return a + (b - a) * (h - i);
}

/** A time in [from, to) drawn with density ∝ diurnal activity (rejection sampling, bounded). */
export function diurnalTime(rng: Rng, from: number, to: number, tzOffsetH: number): number {
  for (let i = 0; i < 200; i++) {
    const t = rng.float(from, to);
    if (rng.next() < diurnal(t, tzOffsetH)) return t;
  }
  return rng.float(from, to);
}

/**
 * The next session start after `after` for a client averaging `perDay`
 * sessions a day, following the diurnal curve (thinning of a Poisson process);
 * undefined when none falls before `to`.
 */
export function nextSessionStart(
  rng: Rng,
  after: number,
  to: number,
  perDay: number,
  tzOffsetH: number,
): number | undefined {
  const peakRate = perDay / 86_400 / 0.55; // 0.55 ≈ mean of the diurnal curve
  let t = after;
  for (let i = 0; i < 10_000 && t < to; i++) {
    t += rng.exp(1 / peakRate);
    if (t < to && rng.next() < diurnal(t, tzOffsetH)) return t;
  }
  return undefined;
}
