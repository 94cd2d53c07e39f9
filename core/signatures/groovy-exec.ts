/**
 * @module core/signatures/groovy-exec
 * Groovy's `execute()` called on a name that was just given a command (944100): `def c=['sh','-c',
 * 'curl …|sh'];c.execute()`, `def s = "id"; println s.execute().text`. The pattern table takes the
 * call glued to its literal (`"id".execute()`, `['sh','-c','id'].execute()`); a script that puts the
 * literal in a variable first is the same command. Java's JDBC `stmt.execute()` is called on a
 * statement, never on a `def` holding a string or a list.
 */

const ALIASED_EXECUTE =
  /\bdef\s+([A-Za-z_]\w{0,30})\s*=\s*(?:\[[^\]]{0,200}\]|"[^"]{0,200}"|'[^']{0,200}')\s*[;\n][^;\n]{0,80}?\b\1\s*\.\s*execute\s*\(/;

/** Does `value` call `execute()` on a `def` that holds a string or a list literal? */
export function groovyAliasedExecute(value: string): boolean {
  // `def c=[];c.execute(` is 19 characters: shorter values (most) are answered by their length.
  return (
    value.length >= 19 &&
    value.length <= 8192 &&
    value.includes("execute") &&
    value.includes("def") &&
    ALIASED_EXECUTE.test(value)
  );
}
