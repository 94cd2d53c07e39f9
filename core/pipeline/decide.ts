/**
 * @module core/pipeline/decide
 * Turns the reasons that every check produced into one decision, applying
 * each capability's mode: `enforce` acts, `monitor` only logs what it would
 * do, `learn` observes. Shared by the worker and `apiward replay`.
 */
import { type AppConfig, type Capability, capabilityMode } from "../config/app-config.ts";
import type { Decision, Mode, Reason, ReasonSource } from "../types.ts";

/** Which capability's mode governs a reason. */
const CAPABILITY_OF: Record<ReasonSource, Capability | null> = {
  canonical: "signatures",
  policy: "policy",
  allowlist: "allowlist",
  signature: "signatures",
  behaviour: "behaviour",
  mitigation: "behaviour",
  anomaly: "anomaly",
  // Fail mode is decided before modes apply: a closed failure blocks in every mode but learn.
  failmode: null,
};

/** Higher is more severe; the most severe effective action wins. */
const SEVERITY: Record<Decision, number> = { allow: 0, log: 1, challenge: 2, rate_limit: 3, block: 4 };

export interface Verdict {
  decision: Decision;
  /** What enforce mode would have decided for the same reasons. */
  would: Decision;
  /** The reasons that produced `decision` (the enforced ones), for the 403 body. */
  enforced: Reason[];
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
      cap === null ? (app.mode === "learn" ? "learn" : "enforce") : capabilityMode(app as AppConfig, cap);
    let effective: Decision;
    if (mode === "enforce") effective = r.action;
    else if (mode === "monitor") effective = r.action === "allow" ? "allow" : "log";
    else effective = "allow";
    if (SEVERITY[effective] > SEVERITY.log) enforced.push(r);
    decision = mostSevere(decision, effective);
  }
  if (decision !== "allow" && SEVERITY[decision] > SEVERITY.log) {
    return { decision, would, enforced: enforced.filter((r) => SEVERITY[r.action] >= SEVERITY[decision]) };
  }
  return { decision, would, enforced: [] };
}
