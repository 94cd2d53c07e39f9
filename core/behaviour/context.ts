/**
 * @module core/behaviour/context
 * What the engine knows about an app before it sees a client: how to name
 * endpoints, which endpoints are logins and which are expensive, and the
 * learned workflow (Markov) model. Built once from a model snapshot; without
 * one, heuristics stand in (any POST to a path naming login/signin/session/
 * token/auth is a login; login endpoints are expensive, since they hash
 * passwords).
 */
import { type EndpointNamer, heuristicName, TemplateMatcher, templateHash } from "./endpoint.ts";
import { FEATURE_COUNT, featureUnit } from "./features.ts";
import { MarkovModel } from "./markov.ts";
import type { BehaviourModel } from "./model.ts";

const LOGIN_PATH =
  /(?:^|\/)(?:login|log-in|signin|sign-in|session|sessions|token|oauth\/token|auth|authenticate)(?:$|\/)/i;

export interface BehaviourContext {
  name: EndpointNamer;
  /** Template hashes of login endpoints. */
  login: Set<number>;
  /** Template hashes of expensive endpoints. */
  expensive: Set<number>;
  markov: MarkovModel;
  /** Principal hash → per-feature baseline threshold (known principals' own peaks, with margin). */
  baselines: Map<number, Float64Array>;
  /** True when a learned model backs this context. */
  learned: boolean;
}

/** Threshold from a peak or quantile: × (1 + margin), and at least + 2 spreads. */
export const THRESHOLD_MARGIN = 0.25;
export function thresholdFrom(q: number, spread: number): number {
  return Math.max(q * (1 + THRESHOLD_MARGIN), q + 2 * spread);
}

function baselines(model: BehaviourModel): Map<number, Float64Array> {
  const out = new Map<number, Float64Array>();
  for (const p of model.principals ?? []) {
    const key = Number.parseInt(p.id, 16);
    if (!Number.isFinite(key) || p.peak.length !== FEATURE_COUNT) continue;
    out.set(
      key,
      Float64Array.from(p.peak, (v, f) => thresholdFrom(v, featureUnit(f))),
    );
  }
  return out;
}

/** Heuristic login detection for endpoints the model does not know. */
export function looksLikeLogin(endpoint: string): boolean {
  return endpoint.startsWith("POST ") && LOGIN_PATH.test(endpoint.slice(5));
}

export function contextFromModel(model: BehaviourModel | null): BehaviourContext {
  if (!model) {
    return {
      name: heuristicName,
      login: new Set(),
      expensive: new Set(),
      markov: new MarkovModel(),
      baselines: new Map(),
      learned: false,
    };
  }
  const matcher = new TemplateMatcher(model.endpoints.templates);
  return {
    name: (m, p) => matcher.name(m, p),
    login: new Set(model.endpoints.login.map(templateHash)),
    expensive: new Set(model.endpoints.expensive.map(templateHash)),
    markov: MarkovModel.fromJSON(model.markov),
    baselines: baselines(model),
    learned: true,
  };
}
