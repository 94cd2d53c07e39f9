/**
 * @module core/pipeline/decide
 * Turns the reasons that every check produced into one decision, applying
 * each capability's mode: `enforce` acts, `monitor` only logs what it would
 * do, `learn` observes. Shared by the worker and `apiward replay`.
 */
import { type AppConfig, type Capability, capabilityMode } from "../config/app-config.ts";
import type { Decision, Mode, Reason, ReasonSource } from "../types.ts";

/**
 * Which capability's mode governs a reason. Canonical reasons (a request the
 * canonicalizer cannot represent whole or unambiguously: too many headers,
 * a URL too long, an ambiguous path) undermine every check that reads the
 * canonical view, so the most enforcing of those capabilities governs them
 * (`CANONICAL_READERS`): a policy in enforce is not bypassed by padding a
 * request past what the policy sees while signatures are only monitored.
 */
const CAPABILITY_OF: Record<ReasonSource, Capability | null> = {
  canonical: null,
  policy: "policy",
  allowlist: "allowlist",
  signature: "signatures",
  behaviour: "behaviour",
  mitigation: "behaviour",
  anomaly: "anomaly",
  // Fail mode is decided before modes apply: a closed failure blocks in every mode but learn.
  failmode: null,
};

/** The capabilities that read the canonical view of a request. */
const CANONICAL_READERS: readonly Capability[] = ["signatures", "policy", "allowlist"];

const MODE_RANK: Record<Mode, number> = { learn: 0, monitor: 1, enforce: 2 };

function canonicalMode(app: AppConfig): Mode {
  let m: Mode = "learn";
  for (const c of CANONICAL_READERS) {
    const x = capabilityMode(app, c);
    if (MODE_RANK[x] > MODE_RANK[m]) m = x;
  }
  return m;
}

/** Higher is more severe; the most severe effective action wins. */
const SEVERITY: Record<Decision, number> = { allow: 0, log: 1, challenge: 2, rate_limit: 3, block: 4 };

export interface Verdict {
  decision: Decision;
  /** What enforce mode would have decided for the same reasons. */
  would: Decision;
  /** The reasons that produced `decision` (the enforced ones), for the 403 body. */
  enforced: Reason[];
}

/** A decision apiward answers itself (block, rate_limit, challenge): the request never reaches the app. */
export function answeredByApiward(decision: string): boolean {
  return Object.hasOwn(SEVERITY, decision) && SEVERITY[decision as Decision] > SEVERITY.log;
}

export function mostSevere(a: Decision, b: Decision): Decision {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

export function decide(app: Pick<AppConfig, "mode" | "capabilities">, reasons: Reason[]): Verdict {
  let decision: Decision = "allow";
  let would: Decision = "allow";
  const enforced: Reason[] = [];
  for (const r of reasons) {
    would = mostSevere(would, r.action);
    const cap = CAPABILITY_OF[r.source];
    const mode: Mode =
      r.source === "canonical"
        ? canonicalMode(app as AppConfig)
        : cap === null
          ? app.mode === "learn"
            ? "learn"
            : "enforce"
          : capabilityMode(app as AppConfig, cap);
    let effective: Decision;
    if (mode === "enforce") effective = r.action;
    else if (mode === "monitor") effective = r.action === "allow" ? "allow" : "log";
    else effective = "allow";
    if (answeredByApiward(effective)) enforced.push(r);
    decision = mostSevere(decision, effective);
  }
  if (answeredByApiward(decision)) {
    return { decision, would, enforced: enforced.filter((r) => SEVERITY[r.action] >= SEVERITY[decision]) };
  }
  return { decision, would, enforced: [] };
}
