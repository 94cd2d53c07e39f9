import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalize, isBlockingAnomaly } from "../../../core/canonicalize/index.ts";
import { foldFullwidth, windowsFoldable, windowsSegment } from "../../../core/canonicalize/windows-path.ts";
import { observationFromRecord } from "../../../core/discovery/record.ts";
import { offlineRequest } from "../../../core/pipeline/offline.ts";
import { signatureInputFromRecord } from "../../../core/signatures/from-record.ts";
import { variantOf } from "./variants.ts";

const win = (url: string) => canonicalize({ method: "GET", url, windowsPaths: true });

describe("windowsSegment", () => {
  it("drops trailing dots and spaces, as the Windows file system does", () => {
    expect(windowsSegment("admin.")).toBe("admin");
    expect(windowsSegment("admin ")).toBe("admin");
    expect(windowsSegment("admin. . .")).toBe("admin");
    expect(windowsSegment("web.config")).toBe("web.config");
    expect(windowsSegment("a b")).toBe("a b");
  });
  it("cuts NTFS stream suffixes ending in $DATA, any case", () => {
    expect(windowsSegment("default.aspx::$DATA")).toBe("default.aspx");
    expect(windowsSegment("default.aspx:stream:$data")).toBe("default.aspx");
    expect(windowsSegment("default.aspx::$DATA .")).toBe("default.aspx");
    expect(windowsSegment("admin.::$DATA")).toBe("admin");
    // A colon alone is not a stream suffix (custom-method style names stay).
    expect(windowsSegment("items:batchGet")).toBe("items:batchGet");
  });
  it("keeps dot segments dot segments: `.. ` is `..`, `...` stays a name", () => {
    expect(windowsSegment(".. ")).toBe("..");
    expect(windowsSegment(". ")).toBe(".");
    expect(windowsSegment("...")).toBe("...");
    expect(windowsSegment("")).toBe("");
  });
});

describe("foldFullwidth and windowsFoldable", () => {
  it("maps U+FF01–U+FF5E to ASCII and leaves the rest", () => {
    expect(foldFullwidth("\uff41dmin\uff0fconfig\uff0e").value).toBe("admin/config.");
    expect(foldFullwidth("caf\u00e9 \uff5f").changed).toBe(false);
  });
  it("sends only plain paths that could fold down the slow path", () => {
    expect(windowsFoldable("/api/v1/users/42")).toBe(false);
    expect(windowsFoldable("/api/v1.2/users")).toBe(false);
    expect(windowsFoldable("/admin./x")).toBe(true);
    expect(windowsFoldable("/admin ")).toBe(true);
    expect(windowsFoldable("/a::$DATA")).toBe(true);
  });
});

describe("canonicalize with windowsPaths", () => {
  const BYPASSES: Array<[string, string]> = [
    ["/admin./config", "/admin/config"],
    ["/admin%20/config", "/admin/config"],
    ["/admin.%20./config", "/admin/config"],
    ["/admin/config::$DATA", "/admin/config"],
    ["/admin/config%3A%3A%24DATA", "/admin/config"],
    ["/admin/config:x:$Data", "/admin/config"],
    ["/%EF%BD%81dmin/config", "/admin/config"],
    ["/admin%EF%BC%8Fconfig", "/admin/config"],
    ["/admin%EF%BC%BCconfig", "/admin/config"],
    ["/admin%uFF0Fconfig", "/admin/config"],
  ];
  it("lands every known Windows form on the plain path, flagged windows_path", () => {
    for (const [url, path] of BYPASSES) {
      const r = win(url);
      expect(r.path, url).toBe(path);
      expect(r.anomalies, url).toContain("windows_path");
    }
  });
  it("changes nothing for apps without it, and nothing for plain paths with it", () => {
    expect(canonicalize({ method: "GET", url: "/admin./config" }).path).toBe("/admin./config");
    expect(canonicalize({ method: "GET", url: "/admin%EF%BC%8Fconfig" }).path).toBe("/admin\uff0fconfig");
    const plain = win("/api/v1/users/42?x=1");
    expect(plain.path).toBe("/api/v1/users/42");
    expect(plain.anomalies).toEqual([]);
  });
  it("a climb through fullwidth dots or a dotted-space segment is ambiguous (blocking)", () => {
    for (const url of ["/static/%EF%BC%8E%EF%BC%8E/admin/config", "/static/..%20/admin/config"]) {
      const r = win(url);
      expect(r.path, url).toBe("/admin/config");
      expect(r.anomalies.some(isBlockingAnomaly), url).toBe(true);
    }
  });
});

/** Windows decorations of a plain path: trailing dots/spaces per segment and a stream suffix. */
function decorated(plain: string): fc.Arbitrary<string> {
  const segs = plain.split("/").slice(1);
  return fc
    .tuple(
      fc.array(fc.constantFrom("", "", ".", " ", "..", ". ", " .", " . "), {
        minLength: segs.length,
        maxLength: segs.length,
      }),
      fc.constantFrom("", "::$DATA", ":s:$DATA", "::$data"),
    )
    .map(
      ([suffixes, stream]) =>
        `/${segs.map((s, i) => s + (i === segs.length - 1 ? stream : "") + suffixes[i]).join("/")}`,
    );
}

/** Fullwidth forms of some ASCII characters of `plain` (`/` included), each percent-encoded as UTF-8 or not. */
function widened(plain: string): fc.Arbitrary<string> {
  const n = plain.length;
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    )
    .map(([wide, encoded]) =>
      [...plain]
        .map((ch, i) => {
          // The leading `/` stays ASCII (a request target starts with it).
          if (i === 0 || !wide[i]) return ch;
          const w = String.fromCharCode(ch.charCodeAt(0) + 0xfee0);
          return encoded[i] ? encodeURIComponent(w) : w;
        })
        .join(""),
    );
}

describe("no Windows form of a blocked path reaches a Windows origin", () => {
  for (const plain of ["/admin/config", "/api/internal/keys", "/.env"]) {
    it(`every decorated, encoded variant of ${plain} canonicalizes to ${plain}`, () => {
      fc.assert(
        fc.property(
          decorated(plain).chain((d) => fc.tuple(fc.constant(d), variantOf(d))),
          ([d, url]) => {
            const r = win(url);
            expect(r.path, `${JSON.stringify(d)} as ${url}`).toBe(plain);
            expect(r.anomalies).not.toContain("internal_error");
          },
        ),
        { numRuns: 1000 },
      );
    });
    it(`every fullwidth spelling of ${plain}, with a Windows suffix, canonicalizes to ${plain}`, () => {
      fc.assert(
        fc.property(widened(plain), fc.constantFrom("", ".", "%20", "::$DATA", ".%20."), (w, suffix) => {
          const r = win(w + suffix);
          expect(r.path, w + suffix).toBe(plain);
        }),
        { numRuns: 1000 },
      );
    });
  }
});

describe("the offline readers (CLI discover, learn, replay, inspect) take the same option", () => {
  const rec = { method: "GET", url: "/admin.%20/config::$DATA?x=1", status: 200 };
  it("folds with windowsPaths, not without", () => {
    expect(observationFromRecord(rec, { windowsPaths: true }).path).toBe("/admin/config");
    expect(offlineRequest(rec, 1, "shop", 0, { windowsPaths: true }).canonical.path).toBe("/admin/config");
    expect(signatureInputFromRecord(rec, { windowsPaths: true }).path).toBe("/admin/config");
    expect(observationFromRecord(rec).path).toBe("/admin. /config::$DATA");
    expect(offlineRequest(rec, 1, "shop", 0).canonical.path).toBe("/admin. /config::$DATA");
    expect(signatureInputFromRecord(rec).path).toBe("/admin. /config::$DATA");
  });
});
