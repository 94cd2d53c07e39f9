/**
 * Parameters pasted into markup or a filter language (core/signatures/
 * markup-breakout.ts): a value that closes an element it never opened and
 * opens others is 920264, an `or` with a literal compared to itself in a
 * filter is 942100; markup that opens before it closes, and honest filters
 * with `or`, pass.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSignatureEngine, type SignatureInput } from "../../../core/signatures/index.ts";
import { filterTautology, markupBreakout } from "../../../core/signatures/markup-breakout.ts";

const engine = createSignatureEngine();
const where = (over: Partial<SignatureInput>): string[] =>
  engine
    .inspect(
      { method: "GET", path: "/x", rawPath: "/x", query: [], headers: [["host", "app.example"]], ...over },
      { paranoia: 1, threshold: 5 },
    )
    .matches.map((m) => `${m.rule}@${m.location}`);

describe("markup breakout and filter tautologies", () => {
  it("names a value that ends the app's element and writes its own", () => {
    for (const v of [
      'foo</Value></Eq><Neq><FieldRef Name="ID"/><Value Type="Counter">0</Value></Neq>',
      'x"/></filter><link-entity name="systemuser" from="systemuserid" to="ownerid">',
      "jdoe</username><role>admin</role><username>jdoe",
    ])
      expect(markupBreakout(v), v).toBe(true);
    for (const v of [
      "<b>bold</b> and <i>italic</i>",
      "<View><Query><Where><Eq><FieldRef Name='Title'/><Value Type='Text'>Q3</Value></Eq></Where></Query></View>",
      "a < b and c > d",
      "close </b> only",
      "",
    ])
      expect(markupBreakout(v), v).toBe(false);
  });

  it("names an or with a literal compared to itself", () => {
    expect(filterTautology("Bukrs eq '1000') or (1 eq 1")).toBe(true);
    expect(filterTautology('userName eq "x" or "1" eq "1"')).toBe(true);
    expect(filterTautology("status eq 'open' or status eq 'pending'")).toBe(false);
    expect(filterTautology("price le 100 or rating ge 4")).toBe(false);
    expect(filterTautology("name eq 'Oregon or Nevada'")).toBe(false);
    // Google's AIP-160 filters and other `=` syntaxes, glued or spaced.
    expect(filterTautology('state="ACTIVE" AND customer_id="1" OR "1"="1"')).toBe(true);
    expect(filterTautology("status = 'open' or 1 == 1")).toBe(true);
    expect(filterTautology('state="ACTIVE" OR state="PENDING"')).toBe(false);
    expect(filterTautology("size=M or size=L")).toBe(false);
  });

  it("fires in queries and bodies, filters only under a filter's name", () => {
    expect(where({ query: [["title", "foo</Value></Eq><Neq><FieldRef Name='ID'/>"]] })).toContain("920264@query:title");
    expect(where({ query: [["$filter", "Bukrs eq '1000') or (1 eq 1"]] })).toContain("942100@query:$filter");
    expect(where({ query: [["filter", 'emails.type eq "work" or title eq "Lead"']] })).toEqual([]);
    const json = JSON.stringify({ employeeName: 'x</Value></Contains><IsNotNull><FieldRef Name="Salary"/>' });
    expect(
      where({
        method: "POST",
        body: { bytes: new TextEncoder().encode(json), contentType: "application/json", truncated: false },
      }),
    ).toContain("920264@body:json.employeeName");
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (v) => {
        expect(typeof markupBreakout(v)).toBe("boolean");
        expect(typeof filterTautology(v)).toBe("boolean");
      }),
    );
  });
});
