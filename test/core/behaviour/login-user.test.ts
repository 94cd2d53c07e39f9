import { describe, expect, it } from "vitest";
import { loginUserHash } from "../../../core/behaviour/login-user.ts";

describe("login user names", () => {
  it("reads JSON and form fields, case-folded, hashed", () => {
    const a = loginUserHash("application/json", JSON.stringify({ username: "Alice", password: "x" }));
    const b = loginUserHash("application/x-www-form-urlencoded", "user=alice+&password=y");
    const c = loginUserHash("application/json", JSON.stringify({ email: "bob@example.com" }));
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(loginUserHash("", JSON.stringify({ login: "alice" }))).toBe(a);
  });

  it("reads a field name written as servers decode it: JSON escapes, percent-encoded form keys", () => {
    const a = loginUserHash("application/json", JSON.stringify({ username: "alice" }));
    expect(loginUserHash("application/json", '{"\\u0075sername": "Alice", "password": "x"}')).toBe(a);
    expect(loginUserHash("application/json", '{"order": 1, "note": "{\\"username\\": 2}"}')).toBeUndefined();
    expect(loginUserHash("application/x-www-form-urlencoded", "us%65rname=alice&password=x")).toBe(a);
    expect(loginUserHash("application/x-www-form-urlencoded", "%75ser=Alice")).toBe(a);
    expect(loginUserHash("application/x-www-form-urlencoded", "user%ZZ=alice")).toBeUndefined();
  });

  it("gives undefined for anything else, never throws", () => {
    for (const [ct, body] of [
      ["application/json", "{not json"],
      ["application/json", "[1,2]"],
      ["application/json", JSON.stringify({ username: 5 })],
      ["application/x-www-form-urlencoded", "user=%E0%A4%A"],
      ["text/plain", "username=alice"],
      [undefined, undefined],
      ["application/json", ""],
    ] as Array<[string | undefined, string | undefined]>)
      expect(loginUserHash(ct, body)).toBeUndefined();
  });
});
