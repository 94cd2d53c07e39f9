/**
 * A web shell's call (932107): a lone reconnaissance command under a parameter named for a command,
 * in a query, a form or JSON; an application's own command parameter and the word in a search pass.
 */
import { describe, expect, it } from "vitest";
import { webShellCall } from "../../../core/signatures/web-shell.ts";
import { BACKENDS, jsonInput, matchesAt, rulesOf } from "./support.ts";

const enc = new TextEncoder();

describe("web shell calls", () => {
  it("takes a lone probe command under a command parameter, in both engines", () => {
    for (const { name, make } of BACKENDS) {
      const engine = make();
      const q = (k: string, v: string) =>
        rulesOf({ method: "GET", path: "/a", rawPath: "/a", query: [[k, v]], headers: [["host", "x"]] }, engine);
      expect(q("cmd", "id"), name).toContain("932107");
      expect(q("c", "whoami"), name).toContain("932107");
      expect(q("CMD", "ipconfig"), name).toContain("932107");
      expect(q("command", " hostname "), name).toContain("932107");
    }
  });

  it("reads form and JSON bodies too", () => {
    const form = matchesAt({
      method: "POST",
      body: {
        bytes: enc.encode("pass=x&cmd=whoami"),
        contentType: "application/x-www-form-urlencoded",
        truncated: false,
      },
    });
    expect(form).toContain("932107@body:form.cmd");
    expect(rulesOf(jsonInput({ data: { exec: "systeminfo" } }))).toContain("932107");
  });

  it("leaves an application's own commands and the words elsewhere alone", () => {
    expect(webShellCall("cmd", "ls")).toBe(false); // elFinder's listing
    expect(webShellCall("cmd", "login")).toBe(false); // PeopleSoft
    expect(webShellCall("CMD", "Get")).toBe(false); // NCBI BLAST
    expect(webShellCall("sort", "id")).toBe(false);
    expect(webShellCall("q", "whoami")).toBe(false);
    expect(webShellCall("cmd", "id_asc")).toBe(false);
    expect(matchesAt({ query: [["columns", "id"]] })).toEqual([]);
  });
});
