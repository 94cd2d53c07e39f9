/**
 * @module core/signatures/query-language-breakout
 * Injection into the query languages of graph and time-series databases and OData (942298): a value that
 * ends the string literal the application quoted it in, closes what that literal sat in, and goes
 * on in the query's own language.
 * - Cypher (Neo4j, Memgraph, and GraphQL resolvers that build Cypher): after the quote and any of
 *   `)`, `}`, `]` comes a clause (`MATCH`, `RETURN`, `CALL`, `UNION`, `LOAD CSV`, `DETACH DELETE`…)
 *   and then what only Cypher writes: a labelled node `(u:User)`, a procedure (`db.labels()`,
 *   `apoc.load.json`), `LOAD CSV FROM`, or, when the breakout closed a bracket, the `//` comment
 *   that silences the application's rest.
 *   `'scifi'}) MATCH (n) DETACH DELETE n //`, `x' RETURN 1 AS r UNION CALL db.labels() …`.
 * - Flux (InfluxDB 2): after the quote and a `)` comes the pipe-forward `|>` into a call:
 *   `d1") |> yield(name: "a")`.
 * - OData (`$filter` built from a search box): after the quote comes `or`/`and` and a comparison in
 *   OData's words: `acme' or CustomerId gt 0 or Name eq 'x`.
 * - Gremlin (TinkerPop, JanusGraph, Neptune): after the quote and a `)` comes a step that reaches the
 *   graph or runs code: an anonymous traversal `__.` or a closure `{`:
 *   `marko').union(__.V().values('password'))…`, `x').sideEffect{Thread.sleep(8000)}…`.
 * - SPARQL: after the quote and a closer, `UNION {` or an update (`; DROP ALL`, `INSERT DATA`,
 *   `DELETE WHERE`): `x") } UNION { ?s ?p ?o } #`, `nice" } ; DROP ALL ; INSERT DATA {…`.
 * - Kusto (KQL) and Splunk (SPL): after the quote, a pipe into a command that reaches other data or
 *   acts: `alice" | union * | take 1000`, `web01" | rest /servicesNS/-/-/storage/passwords`.
 * - PostgREST, which quotes nothing: a condition after a comma (`postgrestCondition`).
 * - JSON query documents built by pasting a value into a string (Elasticsearch's query DSL, a
 *   Mongo filter): the value closes the string and more brackets than it opened, or closes only the
 *   string, and goes on with a member of its own (`laptop"}}],"size":10000,"_source":["*"]…`;
 *   `jsonBreakout`).
 * The breakout quote is the value's first quote (a backtick too: Cypher quotes labels and names in
 * backticks, ``Person`) MATCH (n) DETACH DELETE n //``), as for XPath (xpath-breakout.ts): a whole query an
 * analyst sends (`MATCH (m:Movie {title: 'Heat'}) RETURN m`) opens its own brackets before its first
 * quote, and is left alone.
 */

const CLAUSE =
  /^(?:optional\s+match|match|return|call|load\s+csv|union(?:\s+all)?|with|merge|create|detach\s+delete|delete|unwind|foreach|remove)\b/i;
/**
 * What only Cypher writes: a labelled node (`(u:User)`, `(:Movie {`; a note's `(reason: damaged)` has
 * its blank), a procedure namespace, or LOAD CSV FROM.
 */
const CYPHER_ONLY =
  /\(\s*[A-Za-z_]?\w*:[A-Za-z_`][\w`]*\s*[){]|\b(?:db|dbms|apoc|gds)\.[a-z]\w*(?:\.\w+)*\s*\(|\bload\s+csv\b[\s\S]{0,80}?\bfrom\b/i;
/** A `//` comment that ends the value: the application's rest silenced, after a breakout that closed brackets. */
const TRAILING_COMMENT = /(?:^|\s)\/\/\s*$/;
const FLUX_PIPE = /^\|>\s*[A-Za-z_][\w.]*\s*\(/;
/** A Cypher relationship pattern before the clause (`'})-[r]-() DELETE r //`). */
const RELATIONSHIP = /^<?-\[[^\]]{0,64}\]->?\s*\([^)]{0,64}\)\s*/;
/** A Gremlin step after a closed call that reaches the graph or runs code: an anonymous traversal or a closure. */
const GREMLIN_STEP = /^\.[A-Za-z]\w*\s*(?:\{|\(\s*__\.)/;
/** SPARQL after a closer: a UNION with a group, or an update operation. */
const SPARQL =
  /^(?:union\s*\{|;?\s*(?:(?:drop|clear)\s+(?:silent\s+)?(?:all|graph|default|named)\b|insert\s+data\s*\{|delete\s+(?:data\s*\{|where\s*\{)|load\s+<))/i;
/** A pipe into a KQL or SPL command that reaches other tables, indexes or endpoints, or acts. */
const PIPE_COMMAND =
  /^\|\s*(?:union\s+(?:\*|withsource\b)|externaldata\b|evaluate\s+\w+\s*\(|inputlookup\s|outputlookup\s|rest\s+\/|sendemail\s|script\s|runshellscript\b|dbxquery\s|collect\s+index\s*=|delete\s*(?:\||$))/i;
/**
 * OData's logic and comparison words after the breakout, on a property or a literal:
 * `acme' or CustomerId gt 0 or Name eq 'x`, `x' or 1 eq 1 or Name eq '`.
 */
const ODATA_CONDITION =
  /^(?:or|and)\s+\(?\s*(?:[A-Za-z_][\w/.]*|\d+|'[^']{0,32}')\s+(?:eq|ne|gt|ge|lt|le)\s+(?:['\d-]|true\b|false\b|null\b)/i;
/** A C-like or AQL `|| true` right after the breakout (`x" || true RETURN DOCUMENT("_users", "root") //`). */
const OR_TRUE = /^\|\|\s*(?:true|1)\b/i;

/** The earlier of two `indexOf` answers (-1 when neither found it). */
function firstOf(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/**
 * Where the query goes on after the value's first quote and the closers and blanks after it, times
 * two, plus one when a closer (`)`, `}`, `]`) was among them; -1 when there is no quote, or brackets
 * open before it. (A number, not an object: every value with a quote asks.)
 */
function afterBreakout(value: string): number {
  const q = firstOf(firstOf(value.indexOf("'"), value.indexOf('"')), value.indexOf("`"));
  if (q < 0 || q > 256) return -1;
  for (let i = 0; i < q; i++) {
    const c = value.charCodeAt(i);
    // A whole query opens its own brackets before its first quote.
    if (c === 0x28 || c === 0x7b || c === 0x5b) return -1;
  }
  let closed = 0;
  let i = q + 1;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x29 || c === 0x7d || c === 0x5d) closed = 1;
    else if (c > 0x20) break;
  }
  return i * 2 + closed;
}

/**
 * PostgREST's (Supabase's) conditions smuggled into a list the application builds from a search
 * (`or=(name.ilike.*{q}*,…)`): after a comma, a column, an operator and an operand
 * (`%,is_admin.eq.true,email.ilike.%`). Domain names and versions have no operator word between dots.
 */
const POSTGREST_CONDITION =
  /,\s*[A-Za-z_]\w*\.(?:not\.)?(?:eq|neq|gt|gte|lt|lte|like|ilike|match|imatch|cs|cd)\.(?:true\b|false\b|null\b|[\d%*'"-])/;

/** PostgREST's own logic parameters, whose value is a list of conditions (`or=(done.eq.true,…)`). */
const POSTGREST_LOGIC = /^(?:not\.)?(?:or|and)$/i;

/**
 * Does `value`, under the parameter `key`, smuggle a PostgREST condition into a list of them? A
 * logic parameter's own list, or a value that opens one (`(done.eq.true,title.ilike.*milk*)`), is
 * the API's language.
 */
export function postgrestCondition(key: string, value: string): boolean {
  if (value.length >= 2048 || value.charCodeAt(0) === 0x28 || POSTGREST_LOGIC.test(key)) return false;
  return POSTGREST_CONDITION.test(value);
}

/** Does `value` break out of a string literal of a graph, RDF, time-series or log query language into the query? */
export function queryLanguageBreakout(value: string): boolean {
  if (value.length < 8) return false;
  const b = afterBreakout(value);
  const at = b >> 1;
  const closed = (b & 1) === 1;
  if (b < 0 || at >= value.length) return false;
  let rest = value.slice(at, at + 512);
  if (rest.charCodeAt(0) === 0x7c)
    return (closed && FLUX_PIPE.test(rest)) || PIPE_COMMAND.test(rest) || OR_TRUE.test(rest);
  if (ODATA_CONDITION.test(rest)) return true;
  if (closed && (GREMLIN_STEP.test(rest) || SPARQL.test(rest))) return true;
  const pattern = closed ? RELATIONSHIP.exec(rest) : null;
  if (pattern !== null) rest = rest.slice(pattern[0].length);
  const clause = CLAUSE.exec(rest);
  if (clause === null) return false;
  const tail = rest.slice(clause[0].length);
  return CYPHER_ONLY.test(tail) || (closed && TRAILING_COMMENT.test(tail));
}

/** A JSON member after a breakout: closers, a comma, a quoted name and its colon. */
const MEMBER_AFTER = /^[\s}\]]*,\s*"[A-Za-z_$@][\w.$@-]{0,63}"\s*:/;
/** The same in an object of its own, where the breakout closed one in an array (`laptop"}},{"match_all":{}}],…`). */
const OBJECT_AFTER = /^[\s}\]]*,\s*[{[]\s*"[A-Za-z_$@][\w.$@-]{0,63}"\s*:/;

/**
 * A member, or an object of members, follows at `at`. The object form only after a string the
 * value wrote something into (`laptop"}},{…`): a value that starts with `"},{"indexName":` is a
 * JSON body read as a form (Algolia posts its JSON as `x-www-form-urlencoded`), cut at an `&`.
 */
function memberAfter(value: string, at: number, filled: boolean): boolean {
  const rest = value.slice(at, at + 130);
  return MEMBER_AFTER.test(rest) || (filled && OBJECT_AFTER.test(rest));
}

/**
 * Does `value`, read as the inside of a JSON string that a server pastes it into, close that string
 * and go on with a member of its own: right after the closing quote (`x","size":10000`), or after
 * closing more brackets than it opened (`laptop"}}],"must_not":[]…`)? Quotes are counted as JSON
 * counts them (a backslash escapes the next character), so a JSON document quoted in a value (its
 * own brackets opened before they close) is none, nor is a value that is a JSON document.
 */
export function jsonBreakout(value: string): boolean {
  if (value.length < 6 || value.length > 4096) return false;
  // A JSON document sent as a string (a saved search, an editor's state) opens as one; a breakout
  // opens inside the string it closes.
  const first = value.trimStart().charCodeAt(0);
  if (first === 0x7b || first === 0x5b) return false;
  let inString = true;
  let depth = 0;
  let closed = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        // The first close of the pasted string, then a member of the attacker's.
        if (!closed && memberAfter(value, i + 1, i > 0)) return true;
        closed = true;
      }
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth < 0) return memberAfter(value, i + 1, value.charCodeAt(0) !== 0x22);
  }
  return false;
}
