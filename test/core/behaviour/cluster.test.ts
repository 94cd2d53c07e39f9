import { describe, expect, it } from "vitest";
import { chooseClusters } from "../../../core/behaviour/cluster.ts";
import { mulberry32 } from "../../../core/discovery/hash.ts";

function blob(r: () => number, cx: number, cy: number, n: number): number[][] {
  return Array.from({ length: n }, () => [cx + (r() - 0.5) * 0.6, cy + (r() - 0.5) * 0.6]);
}

describe("clustering", () => {
  it("finds three separated groups, even when one is small", () => {
    const r = mulberry32(1);
    const pts = [...blob(r, 0, 0, 300), ...blob(r, 6, 0, 60), ...blob(r, 0, 6, 8)];
    const c = chooseClusters(pts);
    expect(c.k).toBe(3);
    const sizes = c.centroids.map((_, i) => c.assign.filter((a) => a === i).length).sort((a, b) => a - b);
    expect(sizes).toEqual([8, 60, 300]);
  });

  it("keeps one group when there is no structure", () => {
    const r = mulberry32(2);
    const pts = Array.from({ length: 200 }, () => [r(), r()]);
    expect(chooseClusters(pts).k).toBe(1);
  });

  it("is deterministic and copes with tiny inputs", () => {
    const r = mulberry32(3);
    const pts = [...blob(r, 0, 0, 50), ...blob(r, 5, 5, 50)];
    expect(chooseClusters(pts).assign).toEqual(chooseClusters(pts).assign);
    expect(chooseClusters([]).k).toBe(1);
    expect(chooseClusters([[1, 2]]).k).toBe(1);
  });
});
