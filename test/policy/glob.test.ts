import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlob, type GlobWork, globError, matchGlob } from "../../policy/glob.ts";

const segs = (path: string) => path.split("/").filter((s) => s.length > 0);
const m = (glob: string, path: string, ignoreCase = false) =>
  matchGlob(compileGlob(glob, ignoreCase), segs(ignoreCase ? path.toLowerCase() : path));

/** Reference: the glob as a regular expression over `/seg/seg` (fine in a test, on small inputs). */
function referenceRegex(glob: string, ignoreCase: boolean): RegExp {
  const parts = segs(glob).map((s) => {
    if (s === "**") return "(?:/[^/]*)*";
    return (
      "/" +
      s
        .split("*")
        .map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*")
    );
  });
  return new RegExp(`^${parts.join("")}$`, ignoreCase ? "i" : "");
}

describe("glob semantics", () => {
  it.each([
    ["/api/*/export/**", "/api/v1/export", true],
    ["/api/*/export/**", "/api/v1/export/a/b/c", true],
    ["/api/*/export/**", "/api/export", false],
    ["/api/*/export/**", "/api/a/b/export/x", false],
    ["/**", "/", true],
    ["/**", "/a/b", true],
    ["/", "/", true],
    ["/", "/a", false],
    ["/*", "/", false],
    ["/*", "/a", true],
    ["/*", "/a/b", false],
    ["/**/x", "/x", true],
    ["/**/x", "/a/b/x", true],
    ["/**/x", "/a/b/x/y", false],
    ["/a/**/b/**/c", "/a/b/c", true],
    ["/a/**/b/**/c", "/a/x/b/y/z/c", true],
    ["/a/**/b/**/c", "/a/c/b", false],
    ["/a/**/**/b", "/a/b", true],
    ["/**/*.php", "/index.php", true],
    ["/**/*.php", "/x/.php", true],
    ["/**/*.php", "/x/php", false],
    ["/v*-beta/*", "/v2-beta/x", true],
    ["/v*-beta/*", "/v2-bet/x", false],
    ["/*a*b*c*/", "/xaybzc", true],
    ["/*a*b*c*/", "/xacb", false],
    ["/a*a/", "/a", false],
    ["/a*a/", "/aa", true],
    ["/a?/[x]/{id}", "/a?/[x]/{id}", true],
    ["/api/", "/api", true],
  ])("%s ~ %s = %s", (glob, path, expected) => {
    expect(m(glob, path)).toBe(expected);
  });

  it("ignore_case", () => {
    expect(m("/Admin/**", "/ADMIN/x", true)).toBe(true);
    expect(m("/Admin/**", "/ADMIN/x", false)).toBe(false);
  });

  it("validation", () => {
    expect(globError("/a/**/b")).toBeNull();
    expect(globError("/a**")).toBe("** must be a whole segment");
    expect(globError("a")).toBe("a glob must start with /");
    expect(globError(`/${"a/".repeat(70)}`)).toMatch(/at most 64 segments/);
    expect(() => compileGlob("nope")).toThrow(/nope/);
  });

  const segChar = fc.constantFrom("a", "b", "A", ".", "-");
  const seg = fc.string({ unit: segChar, minLength: 1, maxLength: 4 });
  const globSeg = fc.oneof(
    fc.constant("*"),
    fc.constant("**"),
    seg,
    fc
      .tuple(fc.string({ unit: segChar, maxLength: 2 }), fc.string({ unit: segChar, maxLength: 2 }))
      .map(([a, b]) => `${a}*${b}`),
    fc.tuple(seg, seg).map(([a, b]) => `*${a}*${b}*`),
  );

  it("equals a regular-expression reference on random globs and paths", () => {
    fc.assert(
      fc.property(fc.array(globSeg, { maxLength: 6 }), fc.array(seg, { maxLength: 8 }), fc.boolean(), (gs, ps, ic) => {
        const glob = `/${gs.join("/")}`;
        const path = `/${ps.join("/")}`;
        const want = referenceRegex(glob, ic).test(ps.map((s) => `/${s}`).join(""));
        expect(m(glob, path, ic)).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("glob matching is linear in the path (work count, not time)", () => {
  const adversarial = [
    "/**/a/a/a/a/a/b/**",
    "/**/*a*a*a*a*b",
    "/**/*aaaaaaab*/**",
    "/**/a/**/a/**/a/**/a/**/b",
    "/*/*/*/*/**/a*a*a*a*a*c",
    "/**/*/*/*/*/*/*/b",
    "/**/a*/**/a*/**/a*b/**",
  ];
  const work = (glob: string, path: string) => {
    const w: GlobWork = { steps: 0 };
    matchGlob(compileGlob(glob), segs(path), w);
    return w.steps;
  };
  const manySegs = (n: number) => `/${Array.from({ length: n }, () => "a").join("/")}`;
  const oneSeg = (n: number) => `/${"a".repeat(n)}`;
  const mixed = (n: number) => `/${Array.from({ length: n }, (_, i) => "a".repeat(1 + (i % 7))).join("/")}`;

  it.each(adversarial)("%s stays within (|glob|+1)(|path|+1) and doubles at most linearly", (glob) => {
    for (const make of [manySegs, oneSeg, mixed]) {
      const small = make(1250);
      const big = make(5000); // 10 KB path for manySegs
      const ws = work(glob, small);
      const wb = work(glob, big);
      expect(wb).toBeLessThanOrEqual(2 * (glob.length + 1) * (big.length + 1));
      // 4x the input costs at most ~4x the work (a backtracking matcher grows polynomially or worse).
      expect(wb).toBeLessThanOrEqual(4.5 * ws + 100);
    }
  });

  it("property: random adversarial globs over random 10 KB paths stay within the linear bound", () => {
    const unit = fc.constantFrom("a", "b");
    const g = fc
      .array(
        fc.oneof(
          fc.constant("**"),
          fc.constant("*"),
          fc.string({ unit, minLength: 1, maxLength: 3 }),
          fc.array(fc.string({ unit, maxLength: 3 }), { minLength: 2, maxLength: 5 }).map((c) => c.join("*")),
        ),
        { minLength: 1, maxLength: 12 },
      )
      .map((s) => `/${s.join("/")}`)
      .filter((s) => globError(s) === null);
    const path = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom("a", "b", "ab")).map(([segLen, fill]) => {
      const parts: string[] = [];
      let len = 0;
      while (len < 10_000) {
        const s = fill.repeat(Math.ceil(segLen / fill.length)).slice(0, segLen);
        parts.push(s);
        len += s.length + 1;
      }
      return `/${parts.join("/")}b`;
    });
    fc.assert(
      fc.property(g, path, (glob, p) => {
        expect(work(glob, p)).toBeLessThanOrEqual(2 * (glob.length + 1) * (p.length + 1));
      }),
      { numRuns: 200 },
    );
  });
});
