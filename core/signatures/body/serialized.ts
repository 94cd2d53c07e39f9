/**
 * @module core/signatures/body/serialized
 * A Java or .NET serialized object sent whole as a body or an upload: what
 * JBoss's `JMXInvokerServlet`, WebLogic's `HTTPClntSend`, .NET Remoting
 * endpoints and any `ObjectInputStream` or `BinaryFormatter` behind an HTTP
 * handler deserialize, calling whatever gadget chain the stream names. The
 * stream is recognised by its magic (Java `AC ED 00 05` and a first element's
 * code, .NET BinaryFormatter's header `00 01 00 00 00 FF FF FF FF 01 00 00 00`), from the bytes or from the
 * text UTF-8 decoding left of them (any character at or above U+0080 stands
 * for a high byte), and handed over as one value: the magic as the value
 * scanners know it in Base64 or hex (`aced0005`, `AAEAAAD/////`: 944210),
 * then the class names the stream carries, for the gadget patterns.
 */

/** Class names read per stream, and their longest. */
const MAX_NAMES = 64;
const MAX_NAME = 200;

const high = (c: number): boolean => c >= 0x80;

function startsWithMagic(text: string, magic: readonly (number | "high")[]): boolean {
  if (text.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) {
    const c = text.charCodeAt(i);
    const m = magic[i];
    if (m === "high" ? !high(c) : c !== m) return false;
  }
  return true;
}

const JAVA: readonly (number | "high")[] = ["high", "high", 0x00, 0x05];
/** BinaryFormatter's header record: RecordType 0, RootId 1, HeaderId -1, MajorVersion 1 (then MinorVersion 0). */
const DOTNET: readonly (number | "high")[] = [
  0x00,
  0x01,
  0x00,
  0x00,
  0x00,
  "high",
  "high",
  "high",
  "high",
  0x01,
  0x00,
  0x00,
  0x00,
];

/**
 * A Java stream's first element after the magic: one of the TC_ codes (0x70 TC_NULL to 0x7E TC_ENUM;
 * TC_OBJECT 0x73 and TC_BLOCKDATA 0x77 in practice). Random bytes that open with two high bytes and
 * `00 05` (what UTF-8 decoding leaves of `AC ED 00 05` and of any other two high bytes) rarely have one.
 */
function javaElementAt(text: string, i: number): boolean {
  const tc = text.charCodeAt(i);
  return tc >= 0x70 && tc <= 0x7e;
}

/** A class-name-like run (letters, digits, `.`, `$`, `_`, `` ` ``, `[`, `]`, `,`, `=`, blanks) of 8 characters or more. */
function nameRuns(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i <= n && out.length < MAX_NAMES; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    const ok =
      (c >= 0x30 && c <= 0x39) ||
      ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
      c === 0x2e ||
      c === 0x24 ||
      c === 0x5f ||
      c === 0x60 ||
      c === 0x5b ||
      c === 0x5d ||
      c === 0x2c ||
      c === 0x3d ||
      c === 0x20;
    if (ok && start < 0) start = i;
    else if (!ok && start >= 0) {
      if (i - start >= 8) out.push(text.slice(start, Math.min(i, start + MAX_NAME)));
      start = -1;
    }
  }
  return out;
}

/**
 * A Java stream inside a protocol's framing (WebLogic's T3 over HTTP, a length-prefixed envelope):
 * the magic, then TC_OBJECT, TC_CLASSDESC or TC_BLOCKDATA (`AC ED 00 05 73…`) within the first 64 KiB.
 */
function embeddedJava(text: string): number {
  const n = Math.min(text.length, 65536);
  for (let i = text.indexOf("\u0000\u0005", 2); i >= 0 && i + 2 < n; i = text.indexOf("\u0000\u0005", i + 1)) {
    const tc = text.charCodeAt(i + 2);
    if (high(text.charCodeAt(i - 1)) && high(text.charCodeAt(i - 2)) && (tc === 0x73 || tc === 0x72 || tc === 0x77))
      return i - 2;
  }
  return -1;
}

/** The value to scan for a serialized object in `text` (its magic as the scanners know it, then its class names), or null. */
export function serializedObject(text: string): string | null {
  let magic: string;
  let from = 0;
  if (startsWithMagic(text, JAVA) && javaElementAt(text, 4)) magic = "aced0005";
  else if (startsWithMagic(text, DOTNET)) magic = "AAEAAAD/////";
  else {
    from = embeddedJava(text);
    if (from < 0) return null;
    magic = "aced0005";
  }
  return [magic, ...nameRuns(from > 0 ? text.slice(from) : text)].join("\n");
}
