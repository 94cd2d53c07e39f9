/**
 * A recorded body in chunked framing is judged as the server hands it on (chunked-body.ts,
 * from-record.ts): the chunks joined, the trailer fields as headers; anything that is not whole
 * framing is judged as written.
 */
import { describe, expect, it } from "vitest";
import { signatureInputFromRecord } from "../../../core/signatures/from-record.ts";
import { createSignatureEngine } from "../../../core/signatures/index.ts";
import { chunkedCoding, dechunk, trailerFields } from "../../../core/traffic/chunked-body.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const joined = (text: string): string | null => {
  const d = dechunk(enc.encode(text));
  return d === null ? null : dec.decode(d.data);
};

describe("dechunk", () => {
  it("joins chunks with CR LF or bare LF line ends and skips extensions", () => {
    expect(joined("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n")).toBe("Wikipedia");
    expect(joined("1\n{\n1\n}\n0\n\n")).toBe("{}");
    expect(joined("a;name=v\r\n0123456789\r\n0\r\n\r\n")).toBe("0123456789");
    expect(joined("0\r\n\r\n")).toBe("");
  });

  it("returns the trailer fields apart", () => {
    const d = dechunk(enc.encode("2\nok\n0\nX-Forwarded-For: 127.0.0.1' OR 1=1\n\n"));
    expect(d && dec.decode(d.data)).toBe("ok");
    expect(d && trailerFields(d.trailers)).toEqual([["x-forwarded-for", "127.0.0.1' OR 1=1"]]);
  });

  it("refuses a body with bytes after its end (a request smuggled behind it)", () => {
    expect(joined("3\nabc\n0\n\nGET /admin HTTP/1.1\nHost: localhost\n\n")).toBeNull();
    expect(joined("3\r\nabc\r\n0\r\nX-A: 1\r\n\r\nGET / HTTP/1.1\r\n")).toBeNull();
    expect(joined("3\r\nabc\r\n0\r\n\r\n\r\n")).toBe("abc");
    // A request line where the trailer section would be: no field, so no trailer.
    expect(joined("2\nab\n0\nGET /admin/metrics HTTP/1.1\nHost: internal.local\n\n\n")).toBeNull();
  });

  it("refuses a body past the chunk count it reads without its last chunk", () => {
    expect(joined(`${"1\nx\n".repeat(1_000_000)}0\n\n`)).toBeNull();
  });

  it("refuses what is not whole framing", () => {
    for (const text of ['{"a":1}', "5\r\nab\r\n0\r\n\r\n", "4\r\nWiki", "zz\r\nab\r\n", "4\r\nWikiX0\r\n\r\n", ""])
      expect(joined(text), JSON.stringify(text)).toBeNull();
  });

  it("reads the transfer coding's last value", () => {
    expect(chunkedCoding("chunked")).toBe(true);
    expect(chunkedCoding("gzip, Chunked")).toBe(true);
    expect(chunkedCoding("chunked, gzip")).toBe(false);
    expect(chunkedCoding(undefined)).toBe(false);
  });
});

describe("a chunked record", () => {
  const engine = createSignatureEngine();
  const rules = (body: string, te?: string): string[] =>
    engine
      .inspect(
        signatureInputFromRecord({
          method: "POST",
          url: "/api/files/read",
          headers: { "content-type": "application/json", ...(te ? { "transfer-encoding": te } : {}) },
          body,
        }),
        { paranoia: 1, threshold: 5 },
      )
      .matches.map((m) => `${m.rule}@${m.location}`);
  const oneByte = (s: string): string => `${[...s].map((c) => `1\n${c}\n`).join("")}0\n\n`;

  it("is judged as the joined body, a payload in one-byte chunks included", () => {
    expect(rules(oneByte('{"path":"../../../../etc/passwd"}'), "chunked")).toContain("930120@body:json.path");
    expect(rules(oneByte('{"path":"reports/2024.csv"}'), "chunked")).toEqual([]);
  });

  it("reads a trailer field as a header", () => {
    const body =
      '14\n{"event":"pageview"}\n0\nX-Forwarded-For: 127.0.0.1\' AND (SELECT 1 FROM (SELECT SLEEP(8))a)-- -\n\n';
    expect(rules(body, "chunked")).toEqual(expect.arrayContaining([expect.stringMatching(/@header:x-forwarded-for$/)]));
  });

  it("is judged as written when a request follows its end", () => {
    const body = "3\nabc\n0\n\nGET /admin HTTP/1.1\nHost: localhost\n\n";
    expect(rules(body, "chunked")).toEqual(expect.arrayContaining([expect.stringMatching(/^921110@/)]));
  });

  it("is judged as written without the header or when the framing is broken", () => {
    expect(rules("1\n{\n1\n}\n0\n\n")).not.toEqual([]);
    expect(rules('{"path":"../../../../etc/passwd"}', "chunked")).toContain("930120@body:json.path");
  });
});
