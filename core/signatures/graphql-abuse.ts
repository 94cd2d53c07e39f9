/**
 * @module core/signatures/graphql-abuse
 * GraphQL documents built to exhaust a server or to brute force through one request, rather than
 * to inject: one field aliased over and over (`a0: login(…) a1: login(…) …`: a password or an OTP
 * tried ten times in one request, past a per-request rate limit), hundreds of directives
 * (`@aa@aa@aa…`: directive overloading), selections nested past any schema's sense, and fragments
 * that spread each other (`fragment A on Q { ...B } fragment B on Q { ...A }`: a cycle the
 * specification forbids and naive validators follow forever), and a field selected inside itself
 * five times running (`friends { friends { friends { friends { friends {`: a cyclic type walked
 * until the server gives up), or two fields inside each other five times (`posts { author { posts {
 * author {`…: a cycle of two types). Strings are skipped; no document of the benign sets comes near the
 * limits (most-aliased field 4, directives 5, depth 8, a field inside itself twice). Credential
 * guesses counted across a request's documents are batched-guesses.ts's.
 */

/** Aliases of one field in one document from which it is a batch attack. */
const ALIAS_LIMIT = 10;
/** Directives in one document. */
const DIRECTIVE_LIMIT = 50;
/** Selection-set nesting. */
const DEPTH_LIMIT = 24;
/** A field selected directly inside itself this many times running (`a { a { a { a { a {`). */
const SELF_NESTING = /([_A-Za-z]\w*)\s*(?:\([^(){}]*\)\s*)?\{(?:\s*\1\s*(?:\([^(){}]*\)\s*)?\{){4}/;
/** Two fields selected inside each other five times running (`posts { author { posts { author {`…): a cycle of two types walked. */
const PAIR_NESTING =
  /([_A-Za-z]\w*)\s*(?:\([^(){}]*\)\s*)?\{\s*([_A-Za-z]\w*)\s*(?:\([^(){}]*\)\s*)?\{(?:\s*\1\s*(?:\([^(){}]*\)\s*)?\{\s*\2\s*(?:\([^(){}]*\)\s*)?\{){4}/;

/** The document with its string literals blanked, so that their text counts for nothing. */
export function withoutStrings(v: string): string {
  return v.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"/g, '""');
}

/** Does the fragment graph of `doc` hold a cycle? */
function fragmentCycle(doc: string): boolean {
  const spreads = new Map<string, string[]>();
  const re = /\bfragment\s+([_A-Za-z]\w*)\s+on\s+[_A-Za-z]\w*[^{]*\{/g;
  for (let m = re.exec(doc); m !== null; m = re.exec(doc)) {
    let depth = 1;
    let k = re.lastIndex;
    while (k < doc.length && depth > 0) {
      const c = doc.charCodeAt(k);
      if (c === 0x7b) depth++;
      else if (c === 0x7d) depth--;
      k++;
    }
    const body = doc.slice(re.lastIndex, k);
    spreads.set(
      m[1] as string,
      [...body.matchAll(/\.\.\.\s*([_A-Za-z]\w*)/g)].map((s) => s[1] as string).filter((n) => n !== "on"),
    );
  }
  if (spreads.size === 0) return false;
  const state = new Map<string, number>();
  const visit = (name: string): boolean => {
    const s = state.get(name);
    if (s === 1) return true;
    if (s === 2 || !spreads.has(name)) return false;
    state.set(name, 1);
    for (const next of spreads.get(name) ?? []) if (visit(next)) return true;
    state.set(name, 2);
    return false;
  };
  for (const name of spreads.keys()) if (visit(name)) return true;
  return false;
}

/** Is the GraphQL document `v` built to exhaust or to brute force (see the module)? */
export function graphqlAbuse(v: string): boolean {
  const doc = withoutStrings(v);
  let depth = 0;
  let directives = 0;
  for (let i = 0; i < doc.length; i++) {
    const c = doc.charCodeAt(i);
    if (c === 0x7b && ++depth > DEPTH_LIMIT) return true;
    if (c === 0x7d) depth--;
    if (c === 0x40 && ++directives > DIRECTIVE_LIMIT) return true;
  }
  const aliases = new Map<string, number>();
  for (const m of doc.matchAll(/[_A-Za-z]\w*\s*:\s*([_A-Za-z]\w*)\s*[({@]/g)) {
    const n = (aliases.get(m[1] as string) ?? 0) + 1;
    if (n >= ALIAS_LIMIT) return true;
    aliases.set(m[1] as string, n);
  }
  if (doc.includes("fragment") && fragmentCycle(doc)) return true;
  return doc.length < 65536 && (SELF_NESTING.test(doc) || PAIR_NESTING.test(doc));
}
