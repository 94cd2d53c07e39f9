/**
 * Every detector on attacks (with encoding bypasses: double URL encoding,
 * HTML entities, fullwidth and overlong forms, comments inside keywords,
 * quote and variable obfuscation) and on the classic false-positive traps,
 * against both backends.
 */
import { describe, expect, it } from "vitest";
import { ATTACKS, BENIGN } from "./cases.ts";
import { BACKENDS, inputFor } from "./support.ts";

for (const backend of BACKENDS) {
  describe(`detectors (${backend.name})`, () => {
    const engine = backend.make();
    it.each(ATTACKS.map((c) => [c.name, c] as const))("blocks %s", (_name, c) => {
      const r = engine.inspect(inputFor(c), { paranoia: 1, threshold: 5 });
      const fired = r.matches.flatMap((m) => [m.rule, m.family]);
      expect(
        fired.some((f) => c.hit.includes(f)),
        `fired: ${JSON.stringify(r.matches)}`,
      ).toBe(true);
      expect(r.block).toBe(true);
    });
    it.each(BENIGN.map((c) => [c.name, c] as const))("lets through %s", (_name, c) => {
      const r = engine.inspect(inputFor(c), { paranoia: 1, threshold: 5 });
      expect(r.block, JSON.stringify(r.matches)).toBe(false);
    });
  });
}
