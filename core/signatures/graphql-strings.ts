/**
 * @module core/signatures/graphql-strings
 * The string arguments of a GraphQL document: `user(id: "1' OR '1'='1")`
 * passes its argument to a resolver as a value, as a query parameter would,
 * while the document around it (braces, parentheses, field names) reads as
 * code to a value scanner. The engine scans each literal on its own.
 * Hand-written scanning, no regular expressions on request data.
 */

/** Literals read from one document at most. */
const MAX_STRINGS = 64;

/** Whether the value opens as a GraphQL operation or selection set. */
function looksLikeGraphQL(v: string): boolean {
  let i = 0;
  while (i < v.length && (v[i] === " " || v[i] === "\n" || v[i] === "\r" || v[i] === "\t")) i++;
  const rest = v.slice(i, i + 12);
  if (rest.startsWith("{")) {
    // `{"$or": […]}` is a JSON object (KoboToolbox's `query`, a MongoDB filter), not a selection set:
    // a selection opens with a field name or a spread, never a string.
    let j = i + 1;
    while (j < v.length && (v[j] === " " || v[j] === "\n" || v[j] === "\r" || v[j] === "\t")) j++;
    return v[j] !== '"';
  }
  return (
    rest.startsWith("query") ||
    rest.startsWith("mutation") ||
    rest.startsWith("subscription") ||
    rest.startsWith("fragment")
  );
}

/**
 * The value is a GraphQL document: it opens as an operation or a selection set and its braces
 * balance. Its field names and directives (`@include(if: $withReviews)`) read as shell to a value
 * scanner; the server parses them as selections.
 */
export function isGraphQLDocument(v: string): boolean {
  if (v.length > 65536 || !looksLikeGraphQL(v)) return false;
  let depth = 0;
  let opened = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x7b) {
      depth++;
      opened = true;
    } else if (c === 0x7d && --depth < 0) return false;
  }
  return opened && depth === 0;
}

/**
 * The string literals ("…", with \" and \\ escapes; """…""" blocks) of a
 * GraphQL document, unescaped; null when the value is no GraphQL document or
 * holds no string.
 */
export function graphqlStrings(v: string): string[] | null {
  if (!looksLikeGraphQL(v) || !v.includes('"')) return null;
  const out: string[] = [];
  const n = v.length;
  let i = 0;
  while (i < n && out.length < MAX_STRINGS) {
    if (v[i] === "#") {
      while (i < n && v[i] !== "\n") i++;
      continue;
    }
    if (v[i] !== '"') {
      i++;
      continue;
    }
    if (v.startsWith('"""', i)) {
      const e = v.indexOf('"""', i + 3);
      const end = e < 0 ? n : e;
      out.push(v.slice(i + 3, end));
      i = end + 3;
      continue;
    }
    let s = "";
    let j = i + 1;
    while (j < n && v[j] !== '"' && v[j] !== "\n") {
      if (v[j] === "\\" && j + 1 < n) {
        const c = v[j + 1] as string;
        if (c === "u" && j + 5 < n) {
          const code = Number.parseInt(v.slice(j + 2, j + 6), 16);
          if (Number.isFinite(code)) {
            // `\u0027` is a quote to the resolver, so it is one to the scanner.
            s += String.fromCharCode(code);
            j += 6;
            continue;
          }
        }
        s += c === "n" ? "\n" : c === "t" ? "\t" : c;
        j += 2;
        continue;
      }
      s += v[j];
      j++;
    }
    out.push(s);
    i = j + 1;
  }
  return out.length > 0 ? out : null;
}
