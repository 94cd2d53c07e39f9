import { describe, expect, it } from "vitest";
import { TimedSet } from "../../../core/behaviour/timed-set.ts";

describe("TimedSet", () => {
  it("counts distinct keys seen since a time", () => {
    const s = new TimedSet(8);
    s.touch(1, 10);
    s.touch(2, 20);
    s.touch(1, 30);
    expect(s.countSince(0)).toBe(2);
    expect(s.countSince(25)).toBe(1);
  });

  it("never holds more than its cap, dropping the least recently seen", () => {
    const s = new TimedSet(4);
    for (let k = 1; k <= 100; k++) s.touch(k, k);
    expect(s.size).toBe(4);
    expect(s.countSince(0)).toBe(4);
    expect(s.countSince(98)).toBe(3);
  });

  it("groups: the most distinct keys of one group, with flags", () => {
    const s = new TimedSet(16);
    for (let k = 1; k <= 5; k++) s.touch(k, k, 7, k % 2);
    s.touch(100, 1, 9, 1);
    expect(s.maxPerGroup(0)).toBe(5);
    expect(s.maxPerGroup(0, 1)).toBe(3);
    expect(s.maxPerGroup(4)).toBe(2);
  });

  it("round-trips through JSON and ignores malformed state", () => {
    const s = new TimedSet(8);
    s.touch(5, 1, 2, 3);
    s.touch(6, 2);
    const back = TimedSet.fromJSON(JSON.parse(JSON.stringify(s.toJSON())), 8);
    expect(back.toJSON()).toEqual(s.toJSON());
    expect(TimedSet.fromJSON("nope").size).toBe(0);
    expect(
      TimedSet.fromJSON([
        [1, "x", 0, 0],
        [2, 3, 0, 0],
      ]).size,
    ).toBe(1);
  });
});
