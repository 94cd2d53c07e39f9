/**
 * The simulator's random source: same seed, same stream; forks independent of
 * each other and of draw order; distributions with the means they claim.
 */
import { describe, expect, it } from "vitest";
import { hashString, Rng } from "../../../sim/prng.ts";

describe("Rng", () => {
  it("repeats for a seed and differs across seeds", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 50 }, () => a.u32());
    expect(Array.from({ length: 50 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 50 }, () => c.u32())).not.toEqual(sa);
  });

  it("forks by label, independent of how much the parent drew", () => {
    const p1 = new Rng(7);
    const p2 = new Rng(7);
    for (let i = 0; i < 100; i++) p2.next();
    expect(p1.fork("human#3").u32()).toBe(p2.fork("human#3").u32());
    expect(p1.fork("human#3").u32()).not.toBe(p1.fork("human#4").u32());
  });

  it("keeps values in range and distributions near their means", () => {
    const r = new Rng(1);
    const n = 20_000;
    let sumExp = 0;
    let sumU = 0;
    const logs: number[] = [];
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      if (u < 0 || u >= 1) outOfRange++;
      sumU += u;
      sumExp += r.exp(3);
      logs.push(r.lognormal(10, 0.8));
      const k = r.int(2, 5);
      if (!(k >= 2 && k <= 5 && Number.isInteger(k))) outOfRange++;
    }
    expect(outOfRange).toBe(0);
    expect(sumU / n).toBeCloseTo(0.5, 1);
    expect(sumExp / n).toBeGreaterThan(2.8);
    expect(sumExp / n).toBeLessThan(3.2);
    logs.sort((a, b) => a - b);
    expect(logs[n / 2]).toBeGreaterThan(9);
    expect(logs[n / 2]).toBeLessThan(11);
    let g = 0;
    for (let i = 0; i < 5000; i++) g += r.gamma(2, 1.5);
    expect(g / 5000).toBeGreaterThan(2.8);
    expect(g / 5000).toBeLessThan(3.2);
  });

  it("draws version-4 UUIDs and picks by weight", () => {
    const r = new Rng(9);
    for (let i = 0; i < 100; i++)
      expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    let heavy = 0;
    for (let i = 0; i < 4000; i++)
      if (
        r.weighted([
          ["a", 9],
          ["b", 1],
        ]) === "a"
      )
        heavy++;
    expect(heavy / 4000).toBeGreaterThan(0.85);
    expect(hashString("abc")).toBe(hashString("abc"));
  });
});
