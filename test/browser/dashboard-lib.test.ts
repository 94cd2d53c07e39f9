/**
 * The dashboard's pure modules in Node (no browser): the policy diff, the
 * chart's bucket alignment, the API answer parsers on malformed input,
 * time formatting and the link guard.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evidenceText, fmtStatuses, fromLocalInput, toLocalInput, toMs } from "../../dashboard/public/lib/format.ts";
import { paramList, parseInventory, parseProposal } from "../../dashboard/public/lib/inventory-shapes.ts";
import { diffLines, diffPolicies } from "../../dashboard/public/lib/policy-diff.ts";
import { safeHref } from "../../dashboard/public/lib/safe-href.ts";
import { bucketSeries } from "../../dashboard/public/lib/series.ts";
import {
  parseConfigErrors,
  parseDetections,
  parseGraph,
  parseLogPage,
  parseMitigations,
  parseRecord,
  parseStats,
} from "../../dashboard/public/lib/shapes.ts";

describe("diffLines", () => {
  it("aligns equal lines and pairs replaced runs", () => {
    const d = diffLines(["a", "b", "c", "d"], ["a", "x", "c", "d", "e"]);
    expect(d).toEqual([
      { left: "a", right: "a", kind: "same" },
      { left: "b", right: "x", kind: "changed" },
      { left: "c", right: "c", kind: "same" },
      { left: "d", right: "d", kind: "same" },
      { left: null, right: "e", kind: "added" },
    ]);
  });

  it("keeps both sides in order and marks only equal lines same (property)", () => {
    const line = fc.constantFrom("{", "}", '"a": 1', '"b": 2', '"c": 3', "x");
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (a, b) => {
        const d = diffLines(a, b);
        expect(d.filter((p) => p.left !== null).map((p) => p.left)).toEqual(a);
        expect(d.filter((p) => p.right !== null).map((p) => p.right)).toEqual(b);
        for (const p of d) {
          if (p.kind === "same") expect(p.left).toBe(p.right);
          if (p.kind === "added") expect(p.left).toBeNull();
          if (p.kind === "removed") expect(p.right).toBeNull();
        }
        if (JSON.stringify(a) === JSON.stringify(b)) expect(d.every((p) => p.kind === "same")).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("falls back to positional pairing on huge inputs instead of a huge table", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `l${i}`);
    const b = a.map((l, i) => (i === 5 ? "changed" : l));
    const d = diffLines(a, b);
    expect(d).toHaveLength(3000);
    expect(d.filter((p) => p.kind !== "same")).toEqual([{ left: "l5", right: "changed", kind: "changed" }]);
  });
});

describe("diffPolicies", () => {
  const v1 = {
    version: 1,
    created_at: 1,
    description: "one",
    rules: [{ id: "a", action: "block" }, { id: "b", action: "log" }, { action: "allow" }],
  };
  const v2 = {
    version: 2,
    created_at: 2,
    description: "one",
    rules: [{ id: "b", action: "block" }, { id: "c", action: "log" }, { action: "allow" }],
  };

  it("matches rules by id (by position without one) and ignores version and created_at", () => {
    const d = diffPolicies(v1, v2);
    expect(d.summary).toEqual({ added: 1, removed: 1, changed: 1, same: 1 });
    const status = Object.fromEntries(d.rules.map((r) => [r.key, r.status]));
    expect(status).toEqual({ a: "removed", b: "changed", c: "added", "#3": "same" });
    expect(d.fieldsChanged).toBe(false);
    expect(diffPolicies(v1, { ...v1, version: 9, created_at: 9 }).summary).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
      same: 3,
    });
  });

  it("never throws on documents that are not policies", () => {
    for (const x of [null, 1, "x", [], { rules: "no" }, { rules: [null, 3, { id: 7 }] }]) {
      const d = diffPolicies(x, v1);
      expect(d.summary.added + d.summary.changed + d.summary.same).toBe(3);
    }
  });
});

describe("bucketSeries", () => {
  it("fills every bucket of the range with zeros and counts detections into buckets", () => {
    const stats = parseStats({
      from: 1000,
      to: 1300,
      series: [
        { t: 1020, requests: 5, blocks: 1, would_block: 2 },
        { key: 1200, requests: 3, blocks: 0, would_block: 0 },
        { t: 9999, requests: 7, blocks: 7, would_block: 7 },
      ],
    });
    const s = bucketSeries(stats, 60, [1001, 1059, 1250, 5000]);
    expect(s.t).toEqual([960, 1020, 1080, 1140, 1200, 1260]);
    expect(s.requests).toEqual([0, 5, 0, 0, 3, 0]);
    expect(s.blocks).toEqual([0, 1, 0, 0, 0, 0]);
    expect(s.wouldBlock).toEqual([0, 2, 0, 0, 0, 0]);
    expect(s.detections).toEqual([1, 1, 0, 0, 1, 0]);
  });
});

describe("API answer parsers", () => {
  it("turn malformed records into safe defaults", () => {
    for (const junk of [null, 42, "x", [], { ts: "soon", reasons: "many", headers: [1] }]) {
      const r = parseRecord(junk);
      expect(typeof r.url).toBe("string");
      expect(Array.isArray(r.reasons)).toBe(true);
      expect(r.decision).toBe("allow");
    }
    const page = parseLogPage({ records: [{ url: "<script>", reasons: ["x", { id: 5, score: "9" }] }], next: "" });
    expect(page.next).toBeNull();
    expect(page.records[0]?.url).toBe("<script>");
    expect(page.records[0]?.reasons.map((r) => r.id)).toEqual(["x", "5"]);
    expect(page.records[0]?.reasons[1]?.score).toBeUndefined();
  });

  it("read detection and mitigation evidence as features with values and thresholds, whatever the shape", () => {
    // The shapes the API answers (core/behaviour/types.ts DetectionReason, core/anomaly/types.ts AnomalyReason).
    const [d] = parseDetections({
      detections: [
        {
          ts: 1,
          client: "198.51.100.1",
          kind: "scraper",
          action: "challenge",
          score: 1.85,
          reasons: [
            { feature: "ordered_walk", value: 13, threshold: 6, normal: 0, z: 13 },
            { feature: "items_read", value: 27.123456, threshold: 24, normal: 3, z: 8, detail: "27 objects" },
          ],
        },
      ],
    });
    expect(d?.reasons.map(evidenceText)).toEqual(["ordered_walk 13 (threshold 6)", "items_read 27.123 (threshold 24)"]);
    expect(d?.reasons[1]?.detail).toBe("27 objects");
    // Older or foreign shapes still say something; junk degrades to "?".
    const [m] = parseMitigations({
      mitigations: [{ id: "a.1", reasons: ["probe_hits", { source: "anomaly", id: "distributed_scan" }, 7, null] }],
    });
    expect(m?.reasons.map(evidenceText)).toEqual(["probe_hits", "anomaly:distributed_scan", "?", "?"]);
    expect(parseMitigations({ mitigations: [{ reasons: "x" }] })[0]?.reasons).toEqual([]);
    expect(evidenceText({ feature: "z", value: 2, threshold: null })).toBe("z 2");
  });

  it("read proposals of strings or objects, inventories and graphs", () => {
    const p = parseProposal({
      proposal: { endpoints: [{ method: "GET", path: "/a/{id}", params: {} }, "POST /b", 3, {}] },
      diff: { added: ["GET /a/{id}"], removed: [{ endpoint: "GET /old", reason: "unseen" }], changed: "no" },
    });
    expect(p.endpoints.map((e) => e.key)).toEqual(["GET /a/{id}", "POST /b"]);
    expect(p.removed).toEqual([{ key: "GET /old", extra: { reason: "unseen" } }]);
    expect(p.changed).toEqual([]);
    const [e] = parseInventory({ endpoints: [{ method: "GET", path: "/x", statuses: { "200": 3 }, clients: {} }] });
    expect(e?.clients).toEqual({ top: [], distinct: 0 });
    expect(paramList({ id: { type: "int", shape: "uuid", required: true }, q: "string" })).toEqual([
      { name: "id", type: "int", note: "required, uuid" },
      { name: "q", type: "string", note: "" },
    ]);
    const g = parseGraph({ nodes: [{ id: "c1", kind: "client" }, { id: "" }], edges: [{ client: "c1" }] });
    expect(g.nodes).toEqual([{ id: "c1", kind: "client", label: "c1" }]);
    expect(g.edges).toEqual([{ client: "c1", endpoint: "", count: 0 }]);
  });
});

describe("parseConfigErrors", () => {
  it("lists health's cache errors by key, and tells a missing report from none", () => {
    const health = { isolate: { cache_errors: { "policy:shop:pointer": "policy:shop:v2: invalid JSON", apps: {} } } };
    expect(parseConfigErrors(health)).toEqual([
      { key: "apps", error: "" },
      { key: "policy:shop:pointer", error: "policy:shop:v2: invalid JSON" },
    ]);
    expect(parseConfigErrors({ isolate: { cache_errors: {} } })).toEqual([]);
    for (const junk of [null, "x", {}, { isolate: null }, { isolate: { cache_errors: [] } }]) {
      expect(parseConfigErrors(junk)).toBeNull();
    }
  });
});

describe("format", () => {
  it("reads epoch seconds and milliseconds alike", () => {
    expect(toMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(toMs(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(toMs(null)).toBeNull();
    expect(toMs(Number.NaN)).toBeNull();
    expect(fmtStatuses({ "404": 1, "200": 9 })).toBe("200×9 404×1");
  });

  it("round-trips datetime-local values to the minute", () => {
    const s = 1_795_600_000;
    expect(fromLocalInput(toLocalInput(s))).toBe(Math.floor(s / 60) * 60);
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("garbage")).toBeNull();
  });
});

describe("safeHref", () => {
  it("allows in-page routes and dashboard paths only", () => {
    for (const ok of ["#/logs?client=1.2.3.4", "/__apiward/assets/licenses.txt"]) expect(safeHref(ok)).toBe(true);
    for (const bad of [
      "javascript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>",
      "//evil.example/",
      "https://evil.example/",
      "/__apiward\\..\\x",
      "/other",
      "#\u0000x",
    ]) {
      expect(safeHref(bad), bad).toBe(false);
    }
  });
});
