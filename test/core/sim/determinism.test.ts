/**
 * A scenario is a function of its options: the same seed gives the same
 * records byte for byte; another seed or variant gives different traffic;
 * the training day and the test period of one seed share returning visitors.
 */
import { describe, expect, it } from "vitest";
import { generateScenario, type Mix } from "../../../sim/scenario.ts";

const mix: Mix = {
  human: 12,
  mobile_app: 4,
  api_integration: 1,
  good_bot: 1,
  scanner: 1,
  bruteforce: 1,
  enumeration: 1,
  distributed_bruteforce: 20,
};
const run = (seed: number, startTs = 1_772_452_800, variant?: number) =>
  generateScenario({ seed, startTs, durationS: 900, mix, variant });

describe("determinism", () => {
  it("repeats exactly for a seed", async () => {
    const [a, b] = await Promise.all([run(5), run(5)]);
    expect(a.length).toBeGreaterThan(100);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  }, 60_000);

  it("changes with the seed and with the variant", async () => {
    const [a, b, c] = await Promise.all([run(5), run(6), run(5, undefined, 7)]);
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    const ips = (rs: typeof a) => new Set(rs.map((r) => r.ip));
    const shared = [...ips(a)].filter((ip) => ips(b).has(ip));
    expect(shared.length).toBe(0);
  }, 60_000);

  it("keeps client identities across windows of one seed (returning visitors)", async () => {
    const [day1, day2] = await Promise.all([run(5), run(5, 1_772_452_800 + 86_400)]);
    const human = (rs: typeof day1) =>
      new Set(rs.filter((r) => r.kind === "human" || r.kind === "mobile_app").map((r) => r.ip));
    const returning = [...human(day2)].filter((ip) => human(day1).has(ip));
    expect(returning.length).toBeGreaterThan(3);
    expect(JSON.stringify(day2.map((r) => r.url))).not.toBe(JSON.stringify(day1.map((r) => r.url)));
  }, 60_000);
});
