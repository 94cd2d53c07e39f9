/**
 * A web shell's call (932107): a lone reconnaissance command under a parameter named for a command,
 * in a query, a form or JSON; an application's own command parameter and the word in a search pass.
 * A Razor page uploaded as a script (944140) and Razor's `@(7*7)` probe (934170).
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
      // In a substitution that is the whole value, or in short Base64 (D-Link's `system=aWQ=`).
      expect(q("cmd", "`id`"), name).toContain("932107");
      expect(q("exec", "$(whoami)"), name).toContain("932107");
      expect(q("system", "aWQ="), name).toContain("932107");
      expect(q("cmd", "d2hvYW1p"), name).toContain("932107");
      // Base64 under another name, or of something else, is data.
      expect(q("q", "aWQ="), name).not.toContain("932107");
      expect(q("cmd", "Ymx1ZQ=="), name).not.toContain("932107");
      expect(q("cmd", "`ls`"), name).not.toContain("932107");
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

describe("server pages a template editor would run", () => {
  it("takes a Razor page uploaded as a script, and Razor's arithmetic probe", () => {
    const upload = (filename: string) =>
      matchesAt({
        method: "POST",
        body: {
          bytes: enc.encode(
            `--XB\r\nContent-Disposition: form-data; name="File"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n@{ var p = 1; }\r\n--XB--\r\n`,
          ),
          contentType: "multipart/form-data; boundary=XB",
          truncated: false,
        },
      });
    expect(upload("_Footer.cshtml")).toContain("944140@body:multipart.File.filename");
    expect(upload("_Footer.txt")).toEqual([]);
    for (const { name, make } of BACKENDS) {
      const q = (v: string) =>
        rulesOf({ method: "GET", path: "/a", rawPath: "/a", query: [["name", v]], headers: [["host", "x"]] }, make());
      expect(q("@(1337*1337)"), name).toContain("934170");
      expect(q("@( 6 * 7 )"), name).toContain("934170");
      expect(q("call us @(555-1234)"), name).toEqual([]);
      expect(q("sale @(20*)"), name).toEqual([]);
    }
  });
});
