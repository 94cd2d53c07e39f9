/**
 * What a pickle imports (core/signatures/body/pickle.ts): read from every
 * protocol's opcodes, from bytes or from the text UTF-8 decoding leaves of
 * them, and nothing from data that is no pickle; never throws.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { looksLikePickle, pickleImports } from "../../../core/signatures/body/pickle.ts";

/** `pickle.dumps` of an object whose __reduce__ returns (os.system, ("id",)), protocols 0–5, as Python 3.11 writes them. */
const SYSTEM_ID: string[] = [
  "cposix\nsystem\np0\n(Vid\np1\ntp2\nRp3\n.",
  "cposix\nsystem\nq\u0000(X\u0002\u0000\u0000\u0000idq\u0001tq\u0002Rq\u0003.",
  "\u0080\u0002cposix\nsystem\nq\u0000X\u0002\u0000\u0000\u0000idq\u0001\u0085q\u0002Rq\u0003.",
  "\u0080\u0003cposix\nsystem\nq\u0000X\u0002\u0000\u0000\u0000idq\u0001\u0085q\u0002Rq\u0003.",
  "\u0080\u0004\u0095\u001d\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u008c\u0005posix\u0094\u008c\u0006system\u0094\u0093\u0094\u008c\u0002id\u0094\u0085\u0094R\u0094.",
  "\u0080\u0005\u0095\u001d\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u008c\u0005posix\u0094\u008c\u0006system\u0094\u0093\u0094\u008c\u0002id\u0094\u0085\u0094R\u0094.",
];

/** What UTF-8 decoding makes of bytes written one per character. */
const decodedUtf8 = (s: string): string =>
  new TextDecoder().decode(Uint8Array.from([...s].map((c) => c.charCodeAt(0))));

describe("pickle imports", () => {
  it("reads GLOBAL and STACK_GLOBAL in every protocol, as bytes and as decoded text", () => {
    for (const [proto, p] of SYSTEM_ID.entries()) {
      expect(looksLikePickle(p), `protocol ${proto}`).toBe(true);
      expect(pickleImports(p), `protocol ${proto}`).toEqual(["cposix\nsystem"]);
      expect(pickleImports(decodedUtf8(p)), `protocol ${proto}, decoded`).toEqual(["cposix\nsystem"]);
    }
  });

  it("reads a model's honest imports as they are", () => {
    const ordered =
      "\u0080\u0004\u0095)\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u008c\u000bcollections\u0094\u008c\u000bOrderedDict\u0094\u0093\u0094)R\u0094\u008c\u0001a\u0094K\u0001s.";
    expect(pickleImports(ordered)).toEqual(["ccollections\nOrderedDict"]);
  });

  it("takes no text or image for a pickle", () => {
    for (const t of ["cat\ndog\n", "hello world", "\u0089PNG\r\n\u001a\n", "<svg/>", '{"a":1}', "c\n"])
      expect(looksLikePickle(t), JSON.stringify(t)).toBe(false);
  });

  it("never throws and reads at most 64 imports", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(pickleImports(s).length).toBeLessThanOrEqual(64);
      }),
    );
    expect(pickleImports("cos\nsystem\n".repeat(500)).length).toBe(64);
  });
});
