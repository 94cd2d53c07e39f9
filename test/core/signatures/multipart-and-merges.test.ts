/**
 * Parts and keys that some reader takes and a naive one skips: a multipart part after the closing
 * delimiter, a part in a charset that hides its text, a JSON field's keys merged into an object, an
 * XML element an XML-to-object converter makes a prototype key, a Base64 JSON cookie's keys.
 */
import { describe, expect, it } from "vitest";
import type { SignatureInput } from "../../../core/signatures/index.ts";
import { eachBackend } from "./support.ts";

const enc = new TextEncoder();

function post(contentType: string, text: string, headers: Array<[string, string]> = []): SignatureInput {
  return {
    method: "POST",
    path: "/a",
    rawPath: "/a",
    query: [],
    headers: [["host", "app.example"], ...headers],
    body: { bytes: enc.encode(text), contentType, truncated: false },
  };
}
const MP = "multipart/form-data; boundary=XB";
const part = (head: string, content: string): string => `--XB\r\n${head}\r\n\r\n${content}\r\n`;

describe("multipart parts", () => {
  it("reads a part after the closing delimiter and reports the body", () => {
    const body = `${part('Content-Disposition: form-data; name="q"', "shoes")}--XB--\r\n${part('Content-Disposition: form-data; name="q"', "<script>alert(1)</script>")}--XB--\r\n`;
    eachBackend((where, name) => {
      const found = where(post(MP, body));
      expect(found, name).toContain("922130@body:multipart.epilogue");
      expect(found, name).toEqual(expect.arrayContaining([expect.stringMatching(/^941\d+@body:multipart\.q$/)]));
    });
  });

  it("leaves an epilogue of text alone", () => {
    const body = `${part('Content-Disposition: form-data; name="q"', "shoes")}--XB--\r\nThis is the epilogue. --XB is named here.\r\n`;
    eachBackend((where, name) => expect(where(post(MP, body)), name).toEqual([]));
  });

  it("reports a part in an EBCDIC or UTF-7 charset, not one in UTF-8 or Latin-1", () => {
    const ebcdic = part(
      'Content-Disposition: form-data; name="cmd"\r\nContent-Type: text/plain; charset=ibm037',
      "\u00a6@P",
    );
    const utf7 = part('Content-Disposition: form-data; name="n"\r\nContent-Type: text/plain; charset="UTF-7"', "+ADw-");
    const plain = part(
      'Content-Disposition: form-data; name="n"\r\nContent-Type: text/plain; charset=ISO-8859-1',
      "caf\u00e9",
    );
    eachBackend((where, name) => {
      expect(where(post(MP, `${ebcdic}--XB--\r\n`)), name).toContain("920480@body:multipart.cmd");
      expect(where(post(MP, `${utf7}--XB--\r\n`)), name).toContain("920480@body:multipart.n");
      expect(where(post(MP, `${plain}--XB--\r\n`)), name).toEqual([]);
    });
  });

  it("reports a nested multipart body's part in a hiding charset or with two dispositions", () => {
    const inner = (head: string, content: string) =>
      `--XB\r\nContent-Type: multipart/mixed; boundary=IN\r\n\r\n--IN\r\n${head}\r\n\r\n${content}\r\n--IN--\r\n\r\n--XB--\r\n`;
    const charset = inner(
      'Content-Disposition: form-data; name="cmd"\r\nContent-Type: text/plain; charset=ibm037',
      "\u00a6@P",
    );
    const twice = inner('Content-Disposition: form-data; name="a"\r\nContent-Disposition: form-data; name="b"', "x");
    const plain = inner('Content-Disposition: form-data; name="n"\r\nContent-Type: text/plain; charset=utf-8', "ok");
    eachBackend((where, name) => {
      expect(where(post(MP, charset)), name).toContain("920480@body:multipart.part1.cmd");
      expect(where(post(MP, twice)), name).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\d+@body:multipart\.part1\./)]),
      );
      expect(where(post(MP, plain)), name).toEqual([]);
    });
  });

  it("reads a JSON field's keys as a JSON body's", () => {
    const head = 'Content-Disposition: form-data; name="meta"\r\nContent-Type: application/json';
    eachBackend((where, name) => {
      expect(
        where(post(MP, `${part(head, '{"title":"q3","constructor":{"prototype":{"isAdmin":true}}}')}--XB--\r\n`)),
        name,
      ).toContain("934130@body:json-name.meta.constructor.prototype");
      expect(where(post(MP, `${part(head, '{"title":"q3","tags":["a"],"prototype":"v2"}')}--XB--\r\n`)), name).toEqual(
        [],
      );
    });
  });
});

describe("prototype keys outside JSON bodies", () => {
  it("takes an XML element an XML-to-object converter makes a prototype key", () => {
    eachBackend((where, name) => {
      expect(
        where(post("application/xml", "<root><__proto__><isAdmin>true</isAdmin></__proto__></root>")),
        name,
      ).toContain("934130@body:xml-name.root.__proto__");
      expect(
        where(
          post(
            "application/xml",
            "<root><constructor><prototype><isAdmin>true</isAdmin></prototype></constructor></root>",
          ),
        ),
        name,
      ).toContain("934130@body:xml-name.root.constructor.prototype");
      expect(
        where(post("application/xml", "<car><prototype>yes</prototype><constructor>Ferrari</constructor></car>")),
        name,
      ).toEqual([]);
    });
  });

  it("takes a prototype key in a Base64 JSON cookie", () => {
    const cookie = (doc: object): SignatureInput => ({
      method: "GET",
      path: "/api/me",
      rawPath: "/api/me",
      query: [],
      headers: [
        ["host", "app.example"],
        ["cookie", `settings=${btoa(JSON.stringify(doc))}`],
      ],
    });
    eachBackend((where, name) => {
      expect(where(cookie({ theme: "dark", ["__proto__"]: { role: "admin" } })), name).toContain(
        "934130@cookie:settings.b64",
      );
      expect(where(cookie({ theme: "dark", lang: "en", prototypeMode: true })), name).toEqual([]);
    });
  });
});
