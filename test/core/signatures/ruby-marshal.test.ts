/**
 * Ruby Marshal streams in Base64 (a Rails session cookie, a field): a gadget
 * chain's classes are 944120, a session hash is nothing.
 */
import { describe, expect, it } from "vitest";
import { rubyMarshalGadget } from "../../../core/signatures/ruby-marshal.ts";
import { jsonInput, rulesOf } from "./support.ts";

const b64 = (bytes: string) => btoa(bytes);
// o:@ActiveSupport::Deprecation::DeprecatedInstanceVariableProxy around an ERB whose @src runs a command.
const PROXY_ERB = b64(
  '\u0004\bo:@ActiveSupport::Deprecation::DeprecatedInstanceVariableProxy\t:\u000e@instanceo:\bERB\b:\t@srcI"\u0007`id`\u0006:\u0006ET',
);
const GEM_CHAIN = b64(
  "\u0004\b[\u0007o:\u0015Gem::SpecFetchero:\u0014Gem::Installer\u0000U:\u0015Gem::Requirement[\u0006",
);
const SESSION = b64(
  '\u0004\b{\u0006I"\u000fsession_id\u0006:\u0006ETI"%0123456789abcdef0123456789abcdef\u0006;\u0000T',
);

describe("Ruby Marshal gadgets", () => {
  it("names gadget chains, signed or URL-encoded as Rails sends them", () => {
    expect(rubyMarshalGadget(PROXY_ERB)).toBe(true);
    expect(rubyMarshalGadget(`${PROXY_ERB}--52c8b1a65fd11ff54ac54820a2f49315cbe70c37`)).toBe(true);
    expect(rubyMarshalGadget(encodeURIComponent(GEM_CHAIN))).toBe(true);
  });

  it("leaves sessions, other Base64 and broken values alone", () => {
    expect(rubyMarshalGadget(SESSION)).toBe(false);
    expect(rubyMarshalGadget(`${SESSION}--0a1b2c3d4e5f`)).toBe(false);
    expect(rubyMarshalGadget("BAhinvalid!!base64")).toBe(false);
    expect(rubyMarshalGadget(btoa("Gem::Requirement in a sentence"))).toBe(false);
    expect(rubyMarshalGadget("%E0%A4%A")).toBe(false);
  });

  it("is 944120 in a cookie and in a JSON field", () => {
    const cookie = rulesOf({
      method: "GET",
      path: "/student/dashboard",
      rawPath: "/student/dashboard",
      query: [],
      headers: [
        ["host", "courses.example"],
        ["cookie", `_academy_session=${PROXY_ERB}--52c8b1a65fd11ff54ac54820a2f49315cbe70c37`],
      ],
    });
    expect(cookie).toContain("944120");
    const session = rulesOf({
      method: "GET",
      path: "/",
      rawPath: "/",
      query: [],
      headers: [
        ["host", "courses.example"],
        ["cookie", `_academy_session=${SESSION}--0a1b2c3d`],
      ],
    });
    expect(session).toEqual([]);
    expect(rulesOf(jsonInput({ state: PROXY_ERB }))).toContain("944120");
  });
});
