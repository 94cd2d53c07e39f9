import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HyperLogLog } from "../../../core/discovery/hll.ts";

/** The register and rank of a hash, by the definition: the top p bits pick the register, the rest give 1 + leading zeros. */
function byDefinition(h: number, p: number): { idx: number; rank: number } {
  const bits = (h >>> 0).toString(2).padStart(32, "0");
  const idx = Number.parseInt(bits.slice(0, p), 2);
  const rest = bits.slice(p);
  const one = rest.indexOf("1");
  return { idx, rank: one === -1 ? rest.length + 1 : one + 1 };
}

describe("HyperLogLog", () => {
  it("puts each hash's rank in its register, for hashes of 2^31 and more too", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 4, max: 16 }), (h, p) => {
        const hll = new HyperLogLog(p);
        hll.addHash(h);
        const { idx, rank } = byDefinition(h, p);
        expect(hll.regs[idx]).toBe(rank);
        expect(hll.regs.reduce((n, r) => n + (r > 0 ? 1 : 0), 0)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives the same register for a hash passed signed or unsigned", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0x80000000, max: 0xffffffff }), (h) => {
        const a = new HyperLogLog(10);
        const b = new HyperLogLog(10);
        a.addHash(h);
        b.addHash(h | 0);
        expect([...a.regs]).toEqual([...b.regs]);
      }),
    );
  });

  it("keeps the largest rank and estimates within its error", () => {
    const hll = new HyperLogLog(10);
    hll.addHash(0x00000000); // register 0, rank 23 (all 22 remaining bits zero)
    hll.addHash(0x00200000); // register 0, rank 1
    expect(hll.regs[0]).toBe(23);
    const many = new HyperLogLog(10);
    for (let i = 0; i < 50_000; i++) many.add(`client-${i}`);
    expect(Math.abs(many.estimate() - 50_000) / 50_000).toBeLessThan(0.1);
  });
});
