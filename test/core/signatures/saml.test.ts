/**
 * SAML responses whose structure gives tampering away (core/signatures/
 * saml.ts, rule 920260): signature wrapping, a comment inside a value, an
 * unsigned assertion; a signed response with one assertion, an encrypted
 * one, a request and other XML pass. Checked on the XML and through a
 * `SAMLResponse` form field in Base64.
 */
import { describe, expect, it } from "vitest";
import { createSignatureEngine } from "../../../core/signatures/index.ts";
import { samlTampering } from "../../../core/signatures/saml.ts";

const NS = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"';
const SIG =
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>c2ln</ds:SignatureValue></ds:Signature>';
const assertion = (id: string, nameId: string, signed = true) =>
  `<saml:Assertion ID="${id}" Version="2.0">${signed ? SIG : ""}<saml:Subject><saml:NameID>${nameId}</saml:NameID></saml:Subject></saml:Assertion>`;
const response = (inner: string) => `<samlp:Response ${NS} ID="_r1" Version="2.0">${inner}</samlp:Response>`;

describe("SAML tampering", () => {
  it("names wrapping, comments inside values and unsigned assertions", () => {
    expect(
      samlTampering(
        response(
          `<samlp:Extensions>${assertion("_a1", "ana@corp.example")}</samlp:Extensions>${assertion("_evil", "admin@corp.example", false)}`,
        ),
      ),
    ).toBe("wrapping");
    expect(samlTampering(response(assertion("_a1", "admin@corp.example<!---->.evil.example")))).toBe("comment");
    expect(samlTampering(response(assertion("_a1", "admin@corp.example", false)))).toBe("unsigned");
  });

  it("passes honest messages and other XML", () => {
    expect(samlTampering(response(assertion("_a1", "ana@corp.example")))).toBeNull();
    expect(samlTampering(`${response(SIG + assertion("_a1", "ana@corp.example", false))}`)).toBeNull();
    expect(
      samlTampering(response(`${SIG}<saml:EncryptedAssertion><xenc:EncryptedData/></saml:EncryptedAssertion>`)),
    ).toBeNull();
    expect(
      samlTampering(
        `<samlp:AuthnRequest ${NS} ID="_q1"><saml:Issuer>https://sp.example</saml:Issuer></samlp:AuthnRequest>`,
      ),
    ).toBeNull();
    expect(samlTampering("<!-- a note --><config><a>1</a></config>")).toBeNull();
    expect(
      samlTampering(response(`<!-- issued by the test IdP -->${assertion("_a1", "ana@corp.example")}`)),
    ).toBeNull();
  });

  it("fires on a SAMLResponse form field in Base64", () => {
    const engine = createSignatureEngine();
    const b64 = btoa(response(assertion("_a1", "admin@corp.example<!---->.evil.example")));
    const body = `SAMLResponse=${encodeURIComponent(b64)}&RelayState=%2Fapp`;
    const r = engine.inspect(
      {
        method: "POST",
        path: "/saml/acs",
        rawPath: "/saml/acs",
        query: [],
        headers: [["host", "sp.example"]],
        body: {
          bytes: new TextEncoder().encode(body),
          contentType: "application/x-www-form-urlencoded",
          truncated: false,
        },
      },
      { paranoia: 1, threshold: 5 },
    );
    expect(r.matches.map((m) => `${m.rule}@${m.location}`)).toContain("920260@body:form.SAMLResponse.xml");
  });
});
