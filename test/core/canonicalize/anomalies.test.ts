import { describe, expect, it } from "vitest";
import {
  anomalyReasons,
  CANONICAL_ANOMALIES,
  CANONICAL_BLOCKING_ANOMALIES,
  type CanonicalAnomaly,
  canonicalize,
} from "../../../core/canonicalize/index.ts";

const big = "x".repeat(20_000);

/** One request that must raise each code, and what the canonical path must be. */
const CASES: Record<
  CanonicalAnomaly,
  { url: string; path?: string; host?: string; headers?: [string, string][]; windowsPaths?: boolean }
> = {
  invalid_percent: { url: "/a/%zz/b", path: "/a/%zz/b" },
  double_encoding: { url: "/%2561dmin", path: "/admin" },
  excessive_encoding: { url: "/%2525252e%2525252e/admin" },
  percent_u: { url: "/%u0061dmin", path: "/admin" },
  overlong_utf8: { url: "/x/%c0%ae%c0%ae/admin", path: "/admin" },
  invalid_utf8: { url: "/a%ff", path: "/a\ufffd" },
  query_invalid_utf8: { url: "/q?name=%e9t%e9", path: "/q" },
  nul_byte: { url: "/admin%00.png", path: "/admin.png" },
  control_char: { url: "/a%0d%0aSet-Cookie:x", path: "/a\r\nSet-Cookie:x" },
  backslash: { url: "/admin\\config", path: "/admin/config" },
  encoded_slash: { url: "/admin%2Fconfig", path: "/admin/config" },
  duplicate_slash: { url: "/admin//config", path: "/admin/config" },
  dot_segment: { url: "/../../etc/passwd", path: "/etc/passwd" },
  ambiguous_path: { url: "/admin/..;/public/x", path: "/public/x" },
  path_param: { url: "/admin;jsessionid=ABC/config", path: "/admin/config" },
  non_nfc: { url: "/cafe%CC%81", path: "/caf\u00e9" },
  windows_path: { url: "/admin.%20/web.config::$DATA", path: "/admin/web.config", windowsPaths: true },
  fragment: { url: "/a#b", path: "/a" },
  url_too_long: { url: `/${big}` },
  too_many_headers: { url: "/", headers: Array.from({ length: 1000 }, (_, i) => [`x-h${i}`, "v"] as [string, string]) },
  header_too_large: { url: "/", headers: [["cookie", big]] },
  absolute_form: { url: "http://api.example.com/a", path: "/a" },
  host_trailing_dot: { url: "/", host: "api.example.com." },
  host_mismatch: { url: "http://evil.example/a", host: "api.example.com" },
  invalid_host: { url: "/", host: "api example.com" },
  invalid_method: { url: "/" },
  internal_error: { url: "/" },
};

describe("anomaly codes", () => {
  for (const [code, c] of Object.entries(CASES) as [CanonicalAnomaly, (typeof CASES)[CanonicalAnomaly]][]) {
    if (code === "internal_error") continue;
    it(`${code}: ${CANONICAL_ANOMALIES[code]}`, () => {
      const r = canonicalize({
        method: code === "invalid_method" ? "g et" : "GET",
        url: c.url,
        host: c.host ?? "api.example.com",
        headers: c.headers ?? [],
        windowsPaths: c.windowsPaths,
      });
      expect(r.anomalies).toContain(code);
      if (c.path !== undefined) expect(r.path).toBe(c.path);
    });
  }

  it("internal_error: a hostile input object gives a minimal blocking view, not an exception", () => {
    const hostile = {
      method: "GET",
      get url(): string {
        throw new Error("boom");
      },
    };
    const r = canonicalize(hostile);
    expect(r.anomalies).toEqual(["internal_error"]);
    expect(r.path).toBe("/");
  });

  it("a plain request has no anomaly and keeps its headers array", () => {
    const headers: [string, string][] = [
      ["host", "api.example.com"],
      ["accept", "application/json"],
    ];
    const r = canonicalize({ method: "GET", url: "/api/v1/users/42/orders/", headers });
    expect(r.anomalies).toEqual([]);
    expect(r.path).toBe("/api/v1/users/42/orders");
    expect(r.segments).toEqual(["api", "v1", "users", "42", "orders"]);
    expect(r.host).toBe("api.example.com");
    expect(r.headers).toBe(headers);
  });

  it("every code has a meaning and the blocking set only names known codes", () => {
    for (const code of CANONICAL_BLOCKING_ANOMALIES) expect(CANONICAL_ANOMALIES[code]).toBeTruthy();
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(CANONICAL_ANOMALIES).sort());
  });

  it("anomalyReasons marks blocking codes as block and the rest as log", () => {
    const reasons = anomalyReasons(["nul_byte", "dot_segment", "something_else"]);
    expect(reasons.map((r) => [r.id, r.action, r.source])).toEqual([
      ["nul_byte", "block", "canonical"],
      ["dot_segment", "log", "canonical"],
      ["something_else", "log", "canonical"],
    ]);
  });
});

describe("ambiguous dot segments", () => {
  const codes = (url: string) => canonicalize({ method: "GET", url }).anomalies;
  it.each([
    "/admin/..%2fpublic/x",
    "/admin/%2e%2e/public/x",
    "/admin/%u002e%u002e/public/x",
    "/admin\\..\\public/x",
    "/admin/..;x/public/x",
    "/admin/%252e%252e/public/x",
  ])("%s climbs through a trick: blocking", (url) => {
    expect(codes(url)).toContain("ambiguous_path");
    expect(canonicalize({ method: "GET", url }).path).toBe("/public/x");
  });
  it("plain /../ and a no-op .. at the root are only signals", () => {
    expect(codes("/admin/../public/x")).toEqual(["dot_segment"]);
    expect(codes("/..%2fpublic/x")).not.toContain("ambiguous_path");
    expect(codes("/admin/./x")).toEqual(["dot_segment"]);
  });
});

describe("limits", () => {
  it("a 64 KB URL is truncated to the limit and flagged, in bounded time", () => {
    // "/a" + 1170 × "/%2e%2e" is exactly 8192 characters, so the cut falls between two segments.
    const url = "/a" + "/%2e%2e".repeat(9_400);
    expect(url.length).toBeGreaterThan(64_000);
    const t = performance.now();
    const r = canonicalize({ method: "GET", url });
    expect(performance.now() - t).toBeLessThan(200);
    expect(r.anomalies).toContain("url_too_long");
    expect(r.rawUrl).toBe(url);
    expect(r.path).toBe("/");
  });

  it("1000 headers keep the first 100, and a long header is truncated to the limit", () => {
    const headers = Array.from({ length: 1000 }, (_, i) => [`X-H${i}`, "v"] as [string, string]);
    const r = canonicalize({ method: "GET", url: "/", headers });
    expect(r.headers).toHaveLength(100);
    expect(r.headers[0]).toEqual(["x-h0", "v"]);
    const long = canonicalize({ method: "GET", url: "/", headers: [["cookie", "a".repeat(40_000)]] });
    expect((long.headers[0]?.[0].length ?? 0) + (long.headers[0]?.[1].length ?? 0)).toBe(16_384);
  });

  it("limits can be overridden and bad overrides fall back to the defaults", () => {
    const r = canonicalize({ method: "GET", url: "/abcdef" }, { maxUrlLength: 4 });
    expect(r.anomalies).toContain("url_too_long");
    expect(r.path).toBe("/abc");
    const d = canonicalize({ method: "GET", url: "/abcdef" }, { maxUrlLength: -1, maxDecodeRounds: Number.NaN });
    expect(d.anomalies).toEqual([]);
  });

  it("maxDecodeRounds 1 decodes once and reports what is left as excessive", () => {
    const r = canonicalize({ method: "GET", url: "/%2561" }, { maxDecodeRounds: 1 });
    expect(r.path).toBe("/%61");
    expect(r.anomalies).toContain("excessive_encoding");
  });
});

describe("host, method and headers", () => {
  it.each([
    ["API.Example.COM", "api.example.com"],
    ["api.example.com:8443", "api.example.com"],
    ["api.example.com.:443", "api.example.com"],
    ["[2001:DB8::1]:443", "[2001:db8::1]"],
    ["203.0.113.5:80", "203.0.113.5"],
  ])("host %s -> %s", (raw, host) => {
    expect(canonicalize({ method: "GET", url: "/", host: raw }).host).toBe(host);
  });

  it("takes the host from the host header when none is given, and from an absolute-form target first", () => {
    expect(canonicalize({ method: "GET", url: "/", headers: [["host", "A.example"]] }).host).toBe("a.example");
    const abs = canonicalize({
      method: "GET",
      url: "HTTPS://user@B.example:8443/x?y=1",
      headers: [["host", "b.example"]],
    });
    expect(abs.host).toBe("b.example");
    expect(abs.path).toBe("/x");
    expect(abs.query).toEqual([["y", "1"]]);
    expect(abs.anomalies).toEqual(["absolute_form"]);
  });

  it("upper-cases the method and flags a lower-case one", () => {
    const r = canonicalize({ method: "delete", url: "/" });
    expect(r.method).toBe("DELETE");
    expect(r.anomalies).toContain("invalid_method");
    expect(canonicalize({ method: "PATCH", url: "/" }).anomalies).toEqual([]);
  });

  it("lower-cases header names, flags NUL and control characters, keeps order and duplicates", () => {
    const r = canonicalize({
      method: "GET",
      url: "/",
      headers: [
        ["X-A", "1"],
        ["x-a", "2"],
        ["x-b", "a\u0001b"],
        ["x-c", "a\u0000b"],
      ],
    });
    expect(r.headers.map((h) => h[0])).toEqual(["x-a", "x-a", "x-b", "x-c"]);
    expect(r.anomalies).toEqual(expect.arrayContaining(["control_char", "nul_byte"]));
    expect(canonicalize({ method: "GET", url: "/", headers: [["x", "a\tb"]] }).anomalies).toEqual([]);
  });
});
