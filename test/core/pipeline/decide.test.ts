/**
 * decide: each reason under its capability's mode. A canonical reason (a
 * request the canonicalizer cannot represent whole, as `too_many_headers` or
 * `url_too_long`) is governed by the most enforcing of the capabilities that
 * read the canonical view, so padding a request cannot get it past a policy
 * in enforce while signatures are only monitored.
 */
import { describe, expect, it } from "vitest";
import type { AppConfig } from "../../../core/config/app-config.ts";
import { decide } from "../../../core/pipeline/decide.ts";
import type { Reason } from "../../../core/types.ts";

const truncated: Reason = { source: "canonical", id: "too_many_headers", action: "block" };
const app = (mode: AppConfig["mode"], capabilities: Partial<AppConfig["capabilities"]> = {}) =>
  ({ mode, capabilities }) as unknown as AppConfig;

describe("decide: canonical reasons", () => {
  it("block when any capability that reads the canonical view enforces", () => {
    expect(decide(app("monitor", { policy: "enforce" }), [truncated]).decision).toBe("block");
    expect(decide(app("monitor", { allowlist: "enforce" }), [truncated]).decision).toBe("block");
    expect(decide(app("monitor", { signatures: "enforce" }), [truncated]).decision).toBe("block");
  });

  it("are logged when those capabilities only monitor, and let through in learn", () => {
    expect(decide(app("monitor"), [truncated]).decision).toBe("log");
    expect(
      decide(app("enforce", { signatures: "monitor", policy: "monitor", allowlist: "monitor" }), [truncated]).decision,
    ).toBe("log");
    expect(decide(app("learn"), [truncated])).toMatchObject({ decision: "allow", would: "block" });
  });

  it("a behaviour capability in enforce does not make them block (it does not read the canonical view)", () => {
    expect(decide(app("monitor", { behaviour: "enforce", anomaly: "enforce" }), [truncated]).decision).toBe("log");
  });
});
