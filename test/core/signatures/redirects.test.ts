/**
 * Redirect parameters (core/signatures/redirects.ts, rules 920261/920262):
 * what a browser reads as another site is an open redirect whatever the app
 * checks, a plain link to another site is only a paranoia-2 signal, and the
 * app's own paths and host pass.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSignatureEngine, type SignatureInput } from "../../../core/signatures/index.ts";
import { isRedirectName, judgeRedirect } from "../../../core/signatures/redirects.ts";

const engine = createSignatureEngine();
const where = (over: Partial<SignatureInput>, paranoia: 1 | 2 = 1): string[] =>
  engine
    .inspect(
      { method: "GET", path: "/login", rawPath: "/login", query: [], headers: [["host", "app.example"]], ...over },
      { paranoia, threshold: 5 },
    )
    .matches.map((m) => `${m.rule}@${m.location}`);

describe("redirect parameters", () => {
  it("knows the names, whatever their case and separators", () => {
    for (const n of [
      "next",
      "returnUrl",
      "return_to",
      "redirect_uri",
      "RelayState",
      "post_logout_redirect_uri",
      "continue",
    ])
      expect(isRedirectName(n), n).toBe(true);
    for (const n of ["url", "q", "page", "nextPage", "redirects"]) expect(isRedirectName(n), n).toBe(false);
  });

  it("reads the tricks as another site", () => {
    for (const v of [
      "//evil.example",
      "/\\evil.example",
      "\\/\\/evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "https:evil.example",
      "https://app.example@evil.example/",
      "https://app.example/callback/../../logout?next=x",
      "%2F%2Fevil.example",
      " //evil.example",
    ])
      expect(judgeRedirect(v, "app.example"), JSON.stringify(v)).toBe("open");
  });

  it("passes the app's own paths and host, and names other sites only as offsite", () => {
    for (const v of [
      "/dashboard",
      "/orders?id=5#top",
      "//app.example/home",
      "https://app.example/x",
      "https://shop.app.example/",
    ])
      expect(judgeRedirect(v, "app.example:443"), v).toBeNull();
    expect(judgeRedirect("https://client.example.org/cb", "login.idp.example")).toBe("offsite");
    expect(judgeRedirect("http://127.0.0.1:53117/callback", "login.idp.example")).toBe("offsite");
    expect(judgeRedirect("com.example.app:/oauth2redirect", "login.idp.example")).toBeNull();
  });

  it("fires in queries, forms and JSON bodies, and on a redirect parameter given twice", () => {
    expect(where({ query: [["next", "//evil.example"]] })).toContain("920261@query:next");
    expect(where({ query: [["next", "/home"]] })).toEqual([]);
    expect(
      where({
        query: [
          ["redirect_uri", "https://app.example/cb"],
          ["redirect_uri", "https://evil.example/cb"],
        ],
      }),
    ).toContain("920261@query:redirect_uri");
    const json = JSON.stringify({ user: { returnTo: "https:evil.example" } });
    expect(
      where({
        method: "POST",
        body: { bytes: new TextEncoder().encode(json), contentType: "application/json", truncated: false },
      }),
    ).toContain("920261@body:json.user.returnTo");
    expect(where({ query: [["redirect_uri", "https://client.example.org/cb"]] })).toEqual([]);
    expect(where({ query: [["redirect_uri", "https://client.example.org/cb"]] }, 2)).toContain(
      "920262@query:redirect_uri",
    );
  });

  it("never throws", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120 }),
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        (v, h) => {
          expect(["open", "offsite", null]).toContain(judgeRedirect(v, h));
        },
      ),
    );
  });
});
