import { describe, expect, it } from "vitest";
import { segmentShape } from "../../../core/discovery/shapes.ts";

describe("segmentShape", () => {
  const cases: Array<[string, string, boolean]> = [
    ["42", "int", true],
    ["1120345678901234567", "snowflake", true],
    ["1929186d-8b67-4163-a208-de52a41f7301", "uuid", true],
    ["5f2b6c1e9d8a7b3c4d5e6f70", "hex", true],
    ["tiSTSUzh4BwtvYSLWPsqu9", "token", true],
    ["01ARZ3NDEKTSV4RRFFQ69G5FAV", "token", true],
    ["cus_J8ke2XPOsqD4xk", "prefixed", true],
    ["acct_1032D82eZvKYlo2C", "prefixed", true],
    ["INV-000123", "prefixed", true],
    ["2024-01-05", "date", true],
    ["2024-01-05T10:00:00Z", "date", true],
    ["jane.doe@example.com", "email", true],
    ["192.168.1.10", "ip", true],
    ["v1", "version", false],
    ["v2.7", "version", false],
    ["v1beta2", "version", false],
    ["report.pdf", "file", false],
    ["search", "word", false],
    ["login-with-token", "word", false],
    ["3d_secure", "word", false],
    ["chat.postMessage", "word", false],
    ["oauth2", "word", false],
    ["jsmith84", "word", false],
  ];
  for (const [s, shape, strong] of cases) {
    it(`${s} is ${shape}`, () => {
      const r = segmentShape(s);
      expect(r.shape).toBe(shape);
      expect(r.strong).toBe(strong);
    });
  }

  it("finds parameters embedded in a segment", () => {
    expect(segmentShape("123.json")).toMatchObject({ shape: "embedded", skeleton: "{}.json", inner: "int" });
    expect(segmentShape("main...feature-x")).toMatchObject({ shape: "embedded", skeleton: "{}...{}" });
    expect(segmentShape("robots.txt").shape).toBe("file");
  });

  it("never throws on odd input", () => {
    for (const s of ["", "\u0000", "%", ".", "...", "a".repeat(5000), "😀", "-", "@", "1.2.3.4.5"]) {
      expect(() => segmentShape(s)).not.toThrow();
    }
  });
});
