/**
 * @module core/signatures/param-leaf
 * The last part of a parameter's name as a back end files it (`page.include` → `include`,
 * `opts[cmd]` → `cmd`), lower-cased: what name-keyed checks compare (include-param.ts, web-shell.ts).
 */
export function paramLeaf(name: string): string {
  const dot = Math.max(name.lastIndexOf("."), name.lastIndexOf("["));
  return (dot < 0 ? name : name.slice(dot + 1)).replace(/\]$/, "").toLowerCase();
}
