import { describe, expect, it } from "vitest";
import { MitigationTable } from "../../../core/behaviour/mitigations.ts";
import { actionFor, parseBehaviourPolicy } from "../../../core/behaviour/policy.ts";
import type { Detection } from "../../../core/behaviour/types.ts";

const det = (kind: Detection["kind"], ts: number, client = "1.2.3.4"): Detection => ({
  ts,
  app: "shop",
  client,
  ip: client,
  kind,
  action: "block",
  score: 1.5,
  reasons: [],
  requests: 9,
  cluster: 0,
});

describe("mitigations", () => {
  it("turn detections into TTL'd actions per kind; the strongest active one applies", () => {
    const t = new MitigationTable();
    const a = t.fromDetection(det("crawler", 100));
    expect(a).toMatchObject({ kind: "crawler", action: "challenge", until: 100 + 1800, target: "1.2.3.4" });
    expect(t.active("1.2.3.4", 200)?.action).toBe("challenge");
    t.fromDetection(det("injection", 300));
    expect(t.active("1.2.3.4", 400)?.kind).toBe("injection");
    expect(t.active("1.2.3.4", 300 + 3600)?.kind).toBeUndefined();
    expect(t.active("9.9.9.9", 200)).toBeNull();
  });

  it("an advisory detection (no model yet) stays log-only; a later one with a model takes the policy's action", () => {
    const t = new MitigationTable();
    const a = t.fromDetection({ ...det("scraper", 100), action: "log" });
    expect(a).toMatchObject({ kind: "scraper", action: "log", until: 100 + 3600 });
    expect(t.active("1.2.3.4", 200)?.action).toBe("log");
    const b = t.fromDetection(det("scraper", 500));
    expect(b.id).toBe(a.id);
    expect(b.action).toBe("challenge");
  });

  it("a repeated detection extends its mitigation instead of adding one", () => {
    const t = new MitigationTable();
    const a = t.fromDetection(det("scanner", 0));
    const b = t.fromDetection(det("scanner", 1000));
    expect(b.id).toBe(a.id);
    expect(b.until).toBe(1000 + 3600);
    expect(t.size).toBe(1);
  });

  it("lift, expire and the bound", () => {
    const t = new MitigationTable({ max: 3 });
    const ids = [1, 2, 3, 4].map((i) => t.fromDetection(det("scanner", i * 10, `10.0.0.${i}`)).id);
    expect(t.size).toBe(3);
    expect(t.list(0).map((m) => m.target)).toEqual(["10.0.0.2", "10.0.0.3", "10.0.0.4"]);
    expect(t.lift(ids[3] as string)).toBe(true);
    expect(t.lift("nope")).toBe(false);
    expect(t.expire(10_000)).toBe(2);
    expect(t.size).toBe(0);
  });

  it("policy overrides apply, bad ones are rejected naming the field", () => {
    const p = parseBehaviourPolicy({ scraper: { action: "log", ttl_s: 60 } });
    expect(typeof p).toBe("object");
    expect(actionFor("scraper", p as object)).toMatchObject({ action: "log", ttl_s: 60 });
    expect(parseBehaviourPolicy({ scraper: { action: "explode" } })).toBe("behaviour.scraper.action: invalid");
    expect(parseBehaviourPolicy({ hacker: {} })).toBe("behaviour.hacker: unknown kind");
    const t = new MitigationTable({ policy: { bruteforce: { action: "log", ttl_s: 5 } } });
    expect(t.fromDetection(det("bruteforce", 0))).toMatchObject({ action: "log", until: 5 });
  });
});
