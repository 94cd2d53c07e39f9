/**
 * @module core/signatures/engine
 * One request through the signature scanner: the request is split into the
 * values an attacker controls (raw path, query names and values, cookies,
 * headers by role, body fields by content type), each value is scanned with
 * its kind, matches are filtered by paranoia level and exclusions, and the
 * anomaly score (sum of the severities of the distinct rules matched) is
 * compared with the threshold. Header-structure checks join in. Never throws
 * on input: an internal failure returns a safe empty result with the reason
 * in `parseErrors`. Only a Wasm trap (WebAssembly.RuntimeError) propagates,
 * as a dependency failure for the caller's fail mode.
 */

import { unzlibSync } from "fflate";
import { mimeOf } from "../http/content-type.ts";
import { headerValue } from "../http/header-list.ts";
import { aliasTraversal } from "./alias-traversal.ts";
import { execOption, shellCommandString } from "./argument-injection.ts";
import { foreignCredential } from "./authorization-credential.ts";
import {
  base64Line,
  base64Url,
  elfinderPath,
  hexText,
  pathBase64Operators,
  pathBase64Traversals,
  pathBase64Urls,
  pathHexUrls,
} from "./base64-url.ts";
import { batchedGuesses, graphqlGuesses, jsonRpcGuess, xmlRpcGuess } from "./batched-guesses.ts";
import { archiveEntryNames, zipDoctypes, zipPickles } from "./body/archive.ts";
import { cliFileArgument } from "./body/cli-frames.ts";
import { extractBody, isJsonType, MAX_BODY_FIELDS } from "./body/index.ts";
import { handEscapedAscii } from "./body/json-escapes.ts";
import { judgingMarkup } from "./body/markup.ts";
import { mvgCoder } from "./body/mvg.ts";
import { looksLikePickle } from "./body/pickle.ts";
import { latin1, readPickle } from "./body/sniff.ts";
import { type BodyFormat, type BodySink, joinPath } from "./body/types.ts";
import { formDecode } from "./body/url-decode.ts";
import { utf16Body } from "./body/utf16.ts";
import { parseXml } from "./body/xml.ts";
import { configInjection } from "./config-injection.ts";
import { cssExfiltration } from "./css-exfiltration.ts";
import { base64Binary, base64Text, basicCredential, signedJsonPayload } from "./decoded-values.ts";
import { outsideInclude, xsltReach } from "./doc-includes.ts";
import { base64Xml, deflatedXml, samlMessageName } from "./embedded-xml.ts";
import { decodedEncodedWords } from "./encoded-words.ts";
import { escapedHeaderBreak } from "./escaped-line-break.ts";
import { formulaAbuse } from "./formula-injection.ts";
import { forwardedQuotedPairs } from "./forwarded-header.ts";
import { graphqlAbuse } from "./graphql-abuse.ts";
import { graphqlStrings, isGraphQLDocument } from "./graphql-strings.ts";
import { groovyAliasedExecute } from "./groovy-exec.ts";
import { calendarPropertyAfterLineBreak, fieldAfterLineBreak, inHeaderMap, mailField } from "./header-maps.ts";
import { hostName, hostOverride } from "./host-override.ts";
import { mappedUrlHost } from "./idna-host.ts";
import { includeParamUrl } from "./include-param.ts";
import { handlerSink, scriptedStylesheet, scriptGadget, stylesheetHref } from "./js-gadgets.ts";
import { jsonBooleans } from "./json-booleans.ts";
import { JSON_DEPTH, JSON_LEAVES, jsonStringLeaves, stringLeaves } from "./json-strings.ts";
import { scriptInCallback } from "./jsonp.ts";
import {
  bearerToken,
  claimStrings,
  foreignKeyUrl,
  type JwtHeaderFacts,
  jwtClaims,
  jwtHeaderFacts,
  jwtParameterClaims,
  operatorKeys,
} from "./jwt-header.ts";
import { latexAbuse } from "./latex.ts";
import { LdapLogin } from "./ldap-login.ts";
import { loaderVariable } from "./loader-variables.ts";
import { filterTautology, markupBreakout } from "./markup-breakout.ts";
import { connectionOverflow, overflowProbe } from "./overflow-probe.ts";
import {
  controllerInQueryString,
  magicHashSecret,
  magicMethodOverride,
  optionName,
  phpCgiOption,
  secretAsArray,
  superglobalInQueryString,
  superglobalName,
} from "./php-inputs.ts";
import { adminFlag, PrivilegeWatch, fieldName as privilegeField } from "./privilege-assignment.ts";
import { checkHeaders, isToken } from "./protocol-headers.ts";
import { jsonBreakout, postgrestCondition, queryLanguageBreakout } from "./query-language-breakout.ts";
import { isRedirectName, judgeRedirect } from "./redirects.ts";
import { remoteSchema } from "./remote-schema.ts";
import {
  booleanCredential,
  cacheDeceptionPath,
  camelParameter,
  configFileTarget,
  confusingPath,
  cookielessPath,
  credentialBracketName,
  credentialObject,
  credentialOperator,
  credentialParent,
  extensionPathParameter,
  identityHeader,
  impersonatesAdmin,
  internalHeader,
  obfuscatedPath,
  privilegeKey,
  secretFieldFilter,
} from "./request-shape.ts";
import { ResetRecipients, resetPath } from "./reset-recipients.ts";
import { nodeAdminMethod, programHook } from "./rpc-abuse.ts";
import { rubyMarshalGadget } from "./ruby-marshal.ts";
import { samlTampering } from "./saml.ts";
import type { ValueScanner } from "./scanner.ts";
import { storeCommand } from "./store-commands.ts";
import {
  K_BODY_NAME,
  K_BODY_RAW,
  K_BODY_VALUE,
  K_COOKIE_NAME,
  K_COOKIE_VALUE,
  K_FILENAME,
  K_HEADER,
  K_PATH,
  K_QUERY_NAME,
  K_QUERY_VALUE,
  K_REFERER,
  K_USER_AGENT,
} from "./tables/kinds.ts";
import { METADATA_HOSTS, OAST_DOMAINS } from "./tables/patterns.ts";
import { R, RULES } from "./tables/rules.ts";
import { templateProbe } from "./template-probes.ts";
import {
  assemblyQualifiedType,
  bsonTypeName,
  dotnetXmlGadget,
  gadgetTypeHint,
  isTypeHintKey,
  namespacedTypeId,
} from "./type-hints.ts";
import type { Exclusion, SignatureInput, SignatureMatch, SignatureOptions, SignatureResult } from "./types.ts";
import { urlSmuggling } from "./url-smuggling.ts";
import { webShellCall } from "./web-shell.ts";
import { entityAmplification } from "./xml-amplification.ts";
import { xpathBreakout, xpathSelection } from "./xpath-breakout.ts";
import { yamlAliasBomb } from "./yaml-bomb.ts";

/** Default body inspection limit (64 KiB: the size DESIGN.md budgets 1 ms for). */
export const DEFAULT_BODY_LIMIT = 65536;

/**
 * Methods no API serves: TRACE and TRACK echo the request (cross-site tracing), DEBUG attaches ASP.NET's
 * debugger, CONNECT asks the server to open a tunnel (an open-proxy probe).
 */
const DEBUG_METHODS = new Set(["TRACE", "TRACK", "DEBUG", "CONNECT"]);

/**
 * Skipped headers whose grammar is tokens, q-values, entity tags and dates: a value with a byte that
 * grammar never has (`$`, `{`, `<`, `(`, a quote, a backtick, `|`, a backslash, `%`, `..`, `://`) is scanned after all,
 * as attackers spray every header they can.
 */
const STRUCTURED_HEADERS = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "accept-charset",
  "cache-control",
  "pragma",
  "if-match",
  "if-none-match",
  "if-modified-since",
  "if-unmodified-since",
  "if-range",
  "te",
  "upgrade-insecure-requests",
  "dnt",
  "priority",
  "content-encoding",
  "range",
]);

function foreignToHeaderGrammar(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x24 || c === 0x7b || c === 0x3c || c === 0x28 || c === 0x27 || c === 0x60 || c === 0x7c || c === 0x5c)
      return true;
    // `%`, `..` and `://`: an encoded byte, a traversal or a URL, none of which these grammars have.
    if (c === 0x25) return true;
    if (c === 0x2e && value.charCodeAt(i + 1) === 0x2e) return true;
    if (c === 0x3a && value.charCodeAt(i + 1) === 0x2f && value.charCodeAt(i + 2) === 0x2f) return true;
  }
  return false;
}

/** A Host value of what a host and port are made of (letters, digits, `.-_:`, an IPv6 literal's brackets). */
function hostSyntax(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const l = c | 0x20;
    if ((l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39)) continue;
    if (c !== 0x2e && c !== 0x2d && c !== 0x5f && c !== 0x3a && c !== 0x5b && c !== 0x5d) return false;
  }
  return true;
}

/**
 * Headers that carry no free-form client data, or that the header checks cover: the structured ones
 * above (scanned only when they hold a byte foreign to their grammar) and these.
 */
const SKIP_HEADERS = new Set([
  ...STRUCTURED_HEADERS,
  "host",
  "content-length",
  "content-type",
  "transfer-encoding",
  "connection",
  "authorization",
  "proxy-authorization",
  "upgrade",
  "expect",
  "keep-alive",
  "x-forwarded-proto",
  "cdn-loop",
  "traceparent",
  "tracestate",
  "baggage",
  "x-amzn-trace-id",
  "cookie",
]);

function headerKind(name: string): number {
  if (name === "user-agent") return K_USER_AGENT;
  if (name === "referer" || name === "origin") return K_REFERER;
  // WebDAV's Destination is the name a MOVE or COPY gives a file (`shell.txt` → `shell.php`).
  if (name === "destination" || name.includes("filename") || name.includes("file-name") || name.includes("file_name"))
    return K_FILENAME;
  return K_HEADER;
}

interface CompiledExclusion {
  rules: string[];
  param?: string;
}

/**
 * Exclusions every app has. OAuth's redirect_uri is where the browser goes back to, never fetched by
 * the server; a native app's is a loopback address by design (RFC 8252 §7.3). So are OAuth 1.0a's
 * oauth_callback (RFC 5849 §2.1: where the server redirects the resource owner; a desktop app's
 * listens on localhost) and OpenID Connect's post_logout_redirect_uri. A request_uri is fetched, and
 * is not excluded. An OAuth error redirect's `error_description` is text for a person,
 * and Azure AD's carries line breaks before its `Trace ID:`, `Correlation ID:` and `Timestamp:` lines
 * on every failed sign-in: line breaks there are no header injection (921120, 921131); anything else
 * in it is still judged. ASP.NET WebForms writes its own `__EVENTARGUMENT` (`Sort$ISSUE_DATE`,
 * `Page$2`): a `$` there is a GridView command's separator, no shell variable (932150).
 */
const BUILT_IN_EXCLUSIONS: CompiledExclusion[] = [
  { rules: ["934190"], param: "redirect_uri" },
  { rules: ["934190"], param: "oauth_callback" },
  { rules: ["934190"], param: "post_logout_redirect_uri" },
  { rules: ["921120", "921131"], param: "error_description" },
  { rules: ["932150"], param: "__EVENTARGUMENT" },
];

function compileExclusions(list: Exclusion[] | undefined, endpoint: string | undefined): CompiledExclusion[] {
  const out: CompiledExclusion[] = [...BUILT_IN_EXCLUSIONS];
  if (!list) return out;
  for (const e of list) {
    if (e.endpoint !== undefined && e.endpoint !== endpoint) continue;
    out.push(e.param === undefined ? { rules: e.rules } : { rules: e.rules, param: e.param });
  }
  return out;
}

function ruleSelected(refs: string[], id: string, family: string): boolean {
  for (const r of refs) {
    if (r === id || r === family) return true;
    if (r.endsWith("*") && id.startsWith(r.slice(0, -1))) return true;
  }
  return false;
}

/**
 * Keys under which an API takes a query in Mongo's syntax on purpose (vector stores, Strapi, Mongo-backed
 * search, and an experiment's or a feature flag's targeting `condition`, as GrowthBook writes it).
 */
const FILTER_KEYS = new Set([
  "filter",
  "filters",
  "where",
  "query",
  "selector",
  "match",
  "$match",
  "conditions",
  "condition",
]);
/** Comparison and logical operators: a filter's vocabulary; `$where`, `$function`, `$expr` and the like still count. */
const FILTER_OPERATORS = new Set([
  "$eq",
  "$ne",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$in",
  "$nin",
  "$and",
  "$or",
  "$not",
  "$nor",
  "$exists",
  "$all",
  "$size",
  "$type",
  "$elemmatch",
  "$contains",
  "$containsi",
  "$startswith",
  "$endswith",
  "$null",
  "$notnull",
  "$between",
]);

/**
 * An operator with an operand that every document meets (`{"$ne":null}`, `{"$nin":[]}`,
 * `{"$exists":true}`, `{"$gt":""}`): a filter the app narrowed, widened to everyone's records.
 */
function matchAll(op: string, operand: unknown): boolean {
  const empty =
    operand === null ||
    operand === "" ||
    (Array.isArray(operand) && operand.length === 0) ||
    (typeof operand === "object" && operand !== null && Object.keys(operand).length === 0);
  const o = op.toLowerCase();
  if (o === "$exists") return operand === true || operand === 1;
  return empty && (o === "$ne" || o === "$nin" || o === "$gt" || o === "$gte" || o === "$not" || o === "$notnull");
}

/**
 * A request to an IVOA Table Access Protocol service (`…/tap/sync`, `…/tap/async`, or `LANG=ADQL`):
 * astronomy archives (Gaia, IRSA, MAST, VizieR) take a SELECT in ADQL as their query parameter by
 * design. What makes a SELECT an attack elsewhere is its reason to be here.
 */
function tapService(input: SignatureInput): boolean {
  const path = input.path.toLowerCase();
  if (/\/tap(?:vizier\/tap)?\/(?:sync|async)(?:\/|$)/.test(path)) return true;
  for (const [name, value] of input.query)
    if (name.toLowerCase() === "lang" && value.toLowerCase() === "adql") return true;
  const body = input.body;
  if (body === undefined || body.bytes.length > 65536) return false;
  const head = new TextDecoder().decode(body.bytes.subarray(0, 4096)).toLowerCase();
  return /(?:^|&)lang=adql(?:&|$)/.test(head) || /name="lang"\r?\n\r?\nadql/.test(head);
}

/** The SELECT findings (942180, 942190) on a TAP service's `query` parameter, taken back: ADQL is its language. */
function withdrawAdqlSelect(c: Collector): void {
  for (const m of [...c.matches]) {
    if (m.rule !== "942180" && m.rule !== "942190") continue;
    if (/^(?:query:|body:form\.|body:multipart\.)query$/i.test(m.location))
      c.retract(m.rule === "942180" ? (R.SQLI_SELECT as number) : (R.SQLI_AS_FROM as number), m.location);
  }
}

/** The JSON bytes hold a `"$` (an operator key, or a value that opens with one). */
function hasDollarKey(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0x24); i > 0; i = bytes.indexOf(0x24, i + 1)) if (bytes[i - 1] === 0x22) return true;
  return false;
}

/**
 * A JSON body's filter (under `filter`, `where`, `selector`…) whose operator has an operand every
 * record meets (matchAll: `{"owner":{"$ne":null}}`, `{"$exists":true}`): the API's own query
 * language (queryLanguageOperator lets its operators through), turned to widen what the app
 * narrowed to the caller's own records. Named at the field the operator sits on.
 */
function filterWidening(c: Collector, bytes: Uint8Array): void {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return;
  }
  eachKey(doc, "", (key, value, path, parent, underFilter) => {
    if (underFilter && key.startsWith("$") && matchAll(key, value))
      c.add(R.NOSQL_OPERATOR as number, `body:json-name.${path}`, parent);
    return true;
  });
}

/**
 * Walks the keys of a parsed JSON document (16 levels, 4,096 objects at most), telling `visit` each
 * key, its value, its dotted path under `root`, its parent's path and whether a filter key
 * (FILTER_KEYS) stands above it; `visit` returns false to stop the walk.
 */
function eachKey(
  doc: unknown,
  root: string,
  visit: (key: string, value: unknown, path: string, parent: string, underFilter: boolean) => boolean,
): void {
  let budget = 4096;
  let going = true;
  const walk = (v: unknown, path: string, underFilter: boolean, depth: number): void => {
    if (!going || depth > 16 || typeof v !== "object" || v === null || --budget < 0) return;
    for (const [k, x] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      if (!visit(k, x, at, path, underFilter)) {
        going = false;
        return;
      }
      walk(x, at, underFilter || FILTER_KEYS.has(k.toLowerCase()), depth + 1);
      if (!going) return;
    }
  };
  walk(doc, root, false, 0);
}

/**
 * `value`, a query parameter's JSON, names operators only where queryLanguageOperator allows them
 * (under a filter key, comparisons and logic), none of them with an operand that matches every
 * document (matchAll): every `$` key's path `name.…` passes.
 */
function jsonFilterOnly(name: string, value: string): boolean {
  if (value.length > 8192) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    return false;
  }
  let ok = true;
  let seen = 0;
  eachKey(doc, name, (key, operand, path) => {
    if (!key.startsWith("$")) return true;
    seen++;
    ok = queryLanguageOperator(path) && !matchAll(key, operand);
    return ok;
  });
  return ok && seen > 0;
}

/**
 * `filter.genre.$eq`, `where.$and.0.source.$in`, `filters[title][$contains]`: a comparison or
 * logical operator under a key that takes a query (a vector store's metadata filter, Strapi's
 * filters): the API's own query language, not an operator smuggled where a scalar was expected
 * (`password.$ne`, `username[$gt]`).
 */
function queryLanguageOperator(param: string): boolean {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i <= param.length; i++) {
    const ch = param[i];
    if (i === param.length || ch === "." || ch === "[" || ch === "]") {
      if (i > from) parts.push(param.slice(from, i));
      from = i + 1;
    }
  }
  // A list operator's items are numbered after it (Strapi's `filters[status][$in][0]=AVAILABLE`).
  while (parts.length > 1 && /^\d{1,4}$/.test(parts[parts.length - 1] as string)) parts.pop();
  const last = parts[parts.length - 1];
  if (last === undefined || !FILTER_OPERATORS.has(last.toLowerCase())) return false;
  for (let k = 0; k < parts.length - 1; k++) if (FILTER_KEYS.has((parts[k] as string).toLowerCase())) return true;
  return false;
}

/** JavaScript's marks: what a MongoDB `$where` holds (`this.password.match(…)`, `sleep(5000)`, `function(){…}`). */
const JS_MARKS = /\bthis\b|\bfunction\b|\breturn\b|\bsleep\b|\bwhile\b|=>|==|&&|\|\||[;{}]/i;
/** A comparison or SQL's logic words: what a SoQL condition is made of. */
const SQL_CONDITION = /\b(?:and|or|not|is|between|in|like)\b|[<>=]/i;

/**
 * Every top-level `$where` query parameter holds a SoQL condition (Socrata's open-data API, behind
 * thousands of public portals: `$where=issue_date > '2024-01-01' AND cost < 500`): a comparison or
 * SQL's logic words and none of JavaScript's marks. Then the name is no MongoDB `$where` (whose value
 * is JavaScript, run per document); the value is still judged by the SQL detectors as any value is.
 */
function soqlWhereOnly(query: readonly (readonly [string, string])[]): boolean {
  for (const [name, value] of query)
    if (name === "$where" && (JS_MARKS.test(value) || !SQL_CONDITION.test(value))) return false;
  return true;
}

/**
 * A query name that is a field and a comparison whose `=` split it from its value (ERDDAP's and
 * other filter APIs' `time>=2024-05-01`, `price<=500`, `wtmp!=NaN`): the field, judged as a name.
 * Any other name is returned as it is.
 */
function comparedField(name: string): string {
  const last = name.charCodeAt(name.length - 1);
  if (name.length < 2 || (last !== 0x3e && last !== 0x3c && last !== 0x21)) return name;
  for (let i = 0; i < name.length - 1; i++) {
    const c = name.charCodeAt(i);
    const l = c | 0x20;
    if (!((l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e)) return name;
  }
  return name.slice(0, -1);
}

function leaf(param: string): string {
  const dot = param.lastIndexOf(".");
  return dot < 0 ? param : param.slice(dot + 1);
}

class Collector {
  readonly matches: SignatureMatch[] = [];
  private readonly seen = new Set<string>();
  private readonly exclusions: CompiledExclusion[];

  constructor(
    private readonly scanner: ValueScanner,
    private readonly paranoia: number,
    options: SignatureOptions,
  ) {
    this.exclusions = compileExclusions(options.exclusions, options.endpoint);
  }

  /** While set, every add() before any filtering, for a value's findings to be replayed later (capture()). */
  private captured: Array<[number, string, string]> | null = null;

  /**
   * Runs `work`, returning every finding it added before paranoia and exclusions filtered them:
   * replayed through add() for the same value later, they give what running `work` again would.
   */
  capture(work: () => void): Array<[number, string, string]> {
    const outer = this.captured;
    const found: Array<[number, string, string]> = [];
    this.captured = found;
    try {
      work();
    } finally {
      this.captured = outer;
    }
    return found;
  }

  add(ruleIndex: number, location: string, param: string): void {
    if (this.captured !== null) this.captured.push([ruleIndex, location, param]);
    const def = RULES[ruleIndex];
    if (def === undefined || def.paranoia > this.paranoia) return;
    if (ruleIndex === R.NOSQL_OPERATOR && queryLanguageOperator(param)) return;
    // A lone SQL-only operator as a JSON key is the document's own word (Elasticsearch's
    // `{"regexp": {…}}`, a DNS record's `regexp`); as a form's bare field it is still a probe.
    if (ruleIndex === R.SQLI_CLAUSE && location.startsWith("body:json-name.") && /^\w+$/.test(leaf(param))) return;
    for (const e of this.exclusions) {
      if (e.param !== undefined && e.param !== param && e.param !== leaf(param)) continue;
      if (ruleSelected(e.rules, def.id, def.family)) return;
    }
    const key = `${def.id}\u0000${location}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.matches.push({
      rule: def.id,
      family: def.family,
      severity: def.severity,
      location,
      paranoia: def.paranoia,
    });
  }

  /** Takes back the matches of a rule family at `location` (a value read for what it is after the scan). */
  retractFamily(family: string, location: string): void {
    for (let i = this.matches.length - 1; i >= 0; i--) {
      const m = this.matches[i] as SignatureMatch;
      if (m.family !== family || m.location !== location) continue;
      this.matches.splice(i, 1);
      this.seen.delete(`${m.rule}\u0000${location}`);
    }
  }

  /** Takes back a match of rule `ruleIndex` at `location` (a name judged before its value showed what it was). */
  retract(ruleIndex: number, location: string): void {
    if (this.captured !== null) {
      const k = this.captured.findIndex(([r, l]) => r === ruleIndex && l === location);
      if (k >= 0) this.captured.splice(k, 1);
    }
    const id = RULES[ruleIndex]?.id;
    const at = this.matches.findIndex((m) => m.rule === id && m.location === location);
    if (at < 0) return;
    this.matches.splice(at, 1);
    this.seen.delete(`${id}\u0000${location}`);
  }

  /**
   * Scans one value. The location is `prefix + name` (built only when a rule
   * fires: most values match nothing); `param` is the parameter name that
   * exclusions compare with.
   */
  /** Scans `value` and records what fires, but `skip` (a rule index the caller has ruled out). */
  scan(kind: number, value: string, prefix: string, name: string, param: string, skip = -1): void {
    if (value.length === 0) return;
    const n = this.scanner.scan(kind, value);
    const truncated = this.scanner.truncated;
    if (n === 0 && !truncated) return;
    const location = prefix + name;
    for (let i = 0; i < n; i++) {
      const rule = this.scanner.rule(i);
      if (rule !== skip) this.add(rule, location, param);
    }
    if (truncated) this.add(R.OVERSIZE as number, location, param);
  }

  /** Scans a body field whose path is `parent.key`, joining the two only if a rule fires. */
  scanField(kind: number, value: string, prefix: string, parent: string, key: string): void {
    if (value.length === 0) return;
    const n = this.scanner.scan(kind, value);
    const truncated = this.scanner.truncated;
    if (n === 0 && !truncated) return;
    const path = joinPath(parent, key);
    const location = prefix + path;
    for (let i = 0; i < n; i++) this.add(this.scanner.rule(i), location, path);
    if (truncated) this.add(R.OVERSIZE as number, location, path);
  }
}

function scanCookies(c: Collector, header: string): void {
  for (const piece of header.split(";")) {
    const eq = piece.indexOf("=");
    const name = (eq < 0 ? piece : piece.slice(0, eq)).trim();
    const value = eq < 0 ? "" : piece.slice(eq + 1).trim();
    if (name.length > 0) c.scan(K_COOKIE_NAME, name, "cookie-name", "", name);
    c.scan(K_COOKIE_VALUE, value, "cookie:", name, name);
    // PHP (and form-decoding frameworks) read '+' in a cookie as a space: scan that reading too.
    if (value.includes("+")) c.scan(K_COOKIE_VALUE, value.replaceAll("+", " "), "cookie:", name, name);
    scanDecoded(c, value, "cookie:", name);
    // A session kept in a JWT cookie: its header read as a bearer token's (`alg: none`), its claims as values.
    scanParameterJwt(c, value, "cookie:", name);
    // A session kept as a Ruby Marshal stream (old Rails): a gadget chain's classes (ruby-marshal.ts).
    if (rubyMarshalGadget(value)) c.add(R.JAVA_GADGET as number, `cookie:${name}`, name);
    // An appliance's C cookie parser overflowed (`password=AAAA…`), a cookie at a time.
    if (value.length >= 64 && overflowProbe(value)) c.add(R.OVERFLOW_PROBE as number, `cookie:${name}`, name);
    if (sessionIdNamesFile(name, value)) c.add(R.SESSION_FILE as number, `cookie:${name}`, name);
  }
}

/** Session cookies whose id a server turns into a file name. */
const SESSION_COOKIES: ReadonlySet<string> = new Set(["jsessionid", "phpsessid"]);

/**
 * A session id that names a file rather than a session: Tomcat's file store loads `<id>.session`
 * and deserializes it, so `JSESSIONID=.xhrvx` loads the `.xhrvx.session` a partial PUT wrote
 * (CVE-2025-24813); PHP's file handler opens `sess_<id>`. Their ids are hex, letters, digits,
 * `-` and `,` (Tomcat's route after a dot, `A1B2….node1`); a leading dot or a slash is a path.
 */
function sessionIdNamesFile(name: string, value: string): boolean {
  if (value.length === 0 || !SESSION_COOKIES.has(name.toLowerCase())) return false;
  return value.startsWith(".") || value.includes("/") || value.includes("\\");
}

function percentDecoded(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Strings of a JSON document held in a value, or already parsed, scanned under `<at>` (json-strings.ts). */
function scanJsonLeaves(c: Collector, doc: string | Record<string, unknown>, prefix: string, at: string): boolean {
  const leaves = typeof doc === "string" ? jsonStringLeaves(doc) : stringLeaves(doc, JSON_LEAVES, JSON_DEPTH);
  if (leaves === null || leaves.length === 0) return false;
  for (const [path, v] of leaves) {
    c.scanField(K_BODY_VALUE, v, prefix, at, path);
    // A key path through a prototype (`{"__proto__":{"role":"admin"}}` in a Base64 cookie): the
    // application merges the document into its objects as it would a JSON body.
    if (path.includes("proto") && POLLUTING_PATH.test(path)) c.add(R.PROTO_POLLUTION as number, `${prefix}${at}`, at);
  }
  return true;
}

/** A key path that writes through an object's prototype. */
const POLLUTING_PATH = /(?:^|\.)(?:__proto__|constructor\.prototype)(?:\.|$)/;

/**
 * A value that goes into a mail or an invite: a field after a line break in a mail field or a header
 * map (header-maps.ts), an iCalendar property after a line break (a summary's `\r\nATTENDEE:…`), and
 * the same read through its MIME encoded-words (encoded-words.ts), whose decoding is judged as a
 * value too.
 */
function checkMailValue(
  c: Collector,
  key: string,
  value: string,
  prefix: string,
  parent: string,
  headerMaps: boolean,
): void {
  const words = value.includes("=?") ? decodedEncodedWords(value) : null;
  if (
    mailInjection(value, key, parent, headerMaps) ||
    (words !== null && mailInjection(words, key, parent, headerMaps))
  ) {
    const path = joinPath(parent, key);
    c.add(R.HEADER_INJECTION as number, prefix + path, path);
  }
  if (words !== null) {
    const path = joinPath(parent, key);
    c.scan(prefix === "query:" ? K_QUERY_VALUE : K_BODY_VALUE, words, prefix, `${path}.mime`, path);
  }
}

/**
 * A field after a line break where the value is a mail field or (for a body, `headerMaps`) lies in a
 * header map, or an iCalendar property after a line break. The field's path is built only for the
 * header-map test, after a break was found.
 */
function mailInjection(v: string, key: string, parent: string, headerMaps: boolean): boolean {
  return (
    (fieldAfterLineBreak(v) && (mailField(key) || (headerMaps && inHeaderMap(joinPath(parent, key))))) ||
    calendarPropertyAfterLineBreak(v)
  );
}

/**
 * What an upload's reader handed over (body/multipart.ts) judged by what reads it: an MVG argument
 * naming an ImageMagick coder that runs or reads (`msl:/tmp/php8Fa2Qx`), and a TeX line that runs a
 * command or reads a file (latex.ts).
 */
function checkUploadLine(c: Collector, parent: string, key: string, value: string): void {
  if (key === "arg" && mvgCoder(value)) {
    const path = joinPath(parent, key);
    c.add(R.RFI_WRAPPER as number, VALUE_PREFIX.multipart + path, path);
  } else if (key === "tex") {
    const latex = latexAbuse(value);
    const path = joinPath(parent, key);
    if (latex !== null)
      c.add((latex === "shell" ? R.LATEX_SHELL : R.LATEX_FILE) as number, VALUE_PREFIX.multipart + path, path);
  }
}

/**
 * A body field worth scanUrlParameter's readings: a URL (`//`), an encoding long enough to hold one,
 * or an option (`-c …`); a short word is none of them.
 */
function mayReadAsParameter(value: string): boolean {
  return value.includes("//") || value.length >= 16 || value.charCodeAt(0) === 0x2d || value.includes("\\\\");
}

/** The Base64 inside a decoding lookup that is the whole value (`${base64:JHtqbmRp…}`), or null. */
function base64Lookup(value: string): string | null {
  if (!value.startsWith("${base64") || !value.endsWith("}")) return null;
  const colon = value.indexOf(":");
  return colon < 0 || colon > 16 ? null : value.slice(colon + 1, -1);
}

/**
 * A parameter as what the application makes of it: Base64 that decodes to a URL (base64-url.ts; in a
 * query, to any one line of text) is judged as that text, a URL's host in compatibility characters as
 * a URL parser maps it (idna-host.ts), another site's URL under a name for a file to include is remote
 * file inclusion (include-param.ts), and a shell's `-c '…'` arguments are judged as the command
 * string they are (argument-injection.ts).
 */
function scanUrlParameter(c: Collector, name: string, value: string, prefix: string, parent: string): void {
  // Base64 of one line of text too (D-Link's `system=d2dldCBodHRwOi8v…`: `wget http://…|sh`; a GraphQL
  // cursor `WyJuYXR1cmFsIix7…` that is JSON with SQL in it); more lines are a document sent whole (a
  // workflow file, a certificate), not a value.
  // `base64:` before it is how Laravel keys and WordPress importers mark Base64 (`base64:TzoyMDoi…`);
  // `${base64:…}` or `${base64Decoder:…}` is a lookup that decodes it (Log4j's, Commons Text's).
  const b64 = value.startsWith("base64:") ? value.slice(7) : (base64Lookup(value) ?? value);
  // Or hexadecimal of printable text (`arg_hex=3b206375726c…`: `; curl …`).
  const fromBase64 = base64Url(b64) ?? base64Line(b64) ?? elfinderPath(value);
  const url = fromBase64 ?? hexText(value);
  if (url !== null) {
    const path = joinPath(parent, name);
    const at = `${path}${fromBase64 === null ? ".hex" : ".b64"}`;
    // Base64 JSON (AppSync's `header=eyJob3N0Ijoi…`): its leaves, as a cookie's are read.
    // Text in lines (hex of a protocol 0 pickle) is a document's, as a body field's is: no header split.
    const kind = fromBase64 === null && url.includes("\n") ? K_BODY_VALUE : K_QUERY_VALUE;
    if (!(url.charCodeAt(0) === 0x7b && scanJsonLeaves(c, url, prefix, at))) c.scan(kind, url, prefix, at, path);
  }
  // A URL host in compatibility characters (the Kelvin sign in `https://Kubernetes.default.svc/`) is
  // judged as a WHATWG parser maps it (idna-host.ts).
  const mapped = value.includes("://") ? mappedUrlHost(value) : null;
  if (mapped !== null) {
    const path = joinPath(parent, name);
    c.scan(K_QUERY_VALUE, mapped, prefix, `${path}.idna`, path);
  }
  if (includeParamUrl(name, value)) {
    const path = joinPath(parent, name);
    c.add(R.RFI_INCLUDE_PARAM as number, prefix + path, path);
  }
  const c0 = value.charCodeAt(0);
  const command = c0 === 0x2d || c0 === 0x20 || c0 === 0x73 ? shellCommandString(value) : null;
  if (command !== null) {
    const path = joinPath(parent, name);
    c.scan(K_QUERY_VALUE, command, prefix, `${path}.sh`, path);
  }
}

/**
 * A cookie or header value as the application decodes it (decoded-values.ts): percent-decoded JSON
 * (`prefs=%7B%22sort%22…`), Base64 text or JSON (`uid=MSBVTklPTiBT…`), a signed cookie's JSON payload.
 */
function scanDecoded(c: Collector, value: string, prefix: string, param: string): void {
  if (value.length < 8) return;
  const plain = percentDecoded(value);
  scanJsonLeaves(c, plain, prefix, `${param}.json`);
  const b64 = base64Text(plain);
  if (b64 !== null && !scanJsonLeaves(c, b64, prefix, `${param}.b64`))
    c.scan(K_COOKIE_VALUE, b64, prefix, `${param}.b64`, param);
  const signed = signedJsonPayload(plain);
  if (signed !== null) scanJsonLeaves(c, signed, prefix, `${param}.signed`);
  // A pickled session in Base64 (Django's signed `PickleSerializer` cookie, `gASV…:ts:sig`): what it
  // imports and calls is judged as a pickle uploaded whole is (body/pickle.ts).
  if (plain.startsWith("gA") || plain.startsWith("KG") || plain.startsWith("Y2") || plain.startsWith(".eJ")) {
    const pickle = base64Pickle(plain);
    if (pickle !== null) readPickle(pickle, valueSink(c, prefix), "raw", `${param}.b64`);
  }
}

/** A body sink that scans what a reader finds as body values under `prefix` (a pickle's imports); names and file names are not read. */
function valueSink(c: Collector, prefix: string): BodySink {
  return {
    value: (_format, parent, key, v) => c.scanField(K_BODY_VALUE, v, prefix, parent, key),
    name: () => undefined,
    filename: () => undefined,
  };
}

/**
 * The bytes of a Base64 pickle (before a signed value's first `:`), one character a byte; null when it
 * is none. A leading `.` is Django's mark of a zlib-compressed payload (`.eJxr…`), inflated first.
 */
function base64Pickle(value: string): string | null {
  const colon = value.indexOf(":");
  const compressed = value.startsWith(".");
  const b64 = (colon > 0 ? value.slice(0, colon) : value).slice(compressed ? 1 : 0);
  if (b64.length < 12 || b64.length > 16384) return null;
  let bytes = base64Binary(b64);
  if (bytes === null) return null;
  if (compressed) {
    try {
      const out = unzlibSync(
        Uint8Array.from(bytes, (ch) => ch.charCodeAt(0)),
        { out: new Uint8Array(65536) },
      );
      bytes = latin1(out.subarray(0, 65536));
    } catch {
      return null;
    }
  }
  return looksLikePickle(bytes) ? bytes : null;
}

const VALUE_PREFIX: Record<BodyFormat, string> = {
  form: "body:form.",
  json: "body:json.",
  multipart: "body:multipart.",
  xml: "body:xml.",
  raw: "body:raw",
};
const NAME_PREFIX: Record<BodyFormat, string> = {
  form: "body:form-name.",
  json: "body:json-name.",
  multipart: "body:multipart-name.",
  xml: "body:xml-name.",
  raw: "body:raw",
};

/**
 * A JWT's header (jwt-header.ts): its `alg`, its keys, and its `kid` and key URLs scanned as values;
 * a key URL judged against the token's `iss` among its `claims`.
 */
function scanJwtFacts(
  c: Collector,
  jwt: JwtHeaderFacts,
  prefix: string,
  param: string,
  claims: ReadonlyArray<readonly [string, string]> | null,
): void {
  const at = prefix + param;
  if (jwt.algNone) c.add(R.JWT_ALG_NONE as number, at, param);
  if (jwt.nullSignature) c.add(R.JWT_NULL_SIGNATURE as number, at, param);
  if (jwt.embeddedKey) c.add(R.JWT_EMBEDDED_KEY as number, at, param);
  for (const url of jwt.keyUrls) {
    c.add(R.JWT_KEY_URL as number, at, param);
    if (foreignKeyUrl(url, claims?.find(([path]) => path === "iss")?.[1]))
      c.add(R.JWT_FOREIGN_KEY_URL as number, at, param);
    c.scan(K_QUERY_VALUE, url, prefix, `${param}.jwt.key_url`, `${param}.jwt.key_url`);
  }
  if (jwt.kid !== null) c.scan(K_QUERY_VALUE, jwt.kid, prefix, `${param}.jwt.kid`, `${param}.jwt.kid`);
}

/** The head of an XML body (`<?` first, its first 8 KB) for its stylesheet instruction, or null. */
function xmlBodyHead(body: { bytes: Uint8Array }): string | null {
  const bytes = body.bytes;
  let k = 0;
  while (k < bytes.length && k < 64 && (bytes[k] as number) <= 0x20) k++;
  if (bytes[k] !== 0x3c || bytes[k + 1] !== 0x3f) return null;
  return new TextDecoder().decode(bytes.subarray(0, 8192));
}

/**
 * An XML body's stylesheet instruction: in a `data:` or `javascript:` URL it runs script (js-gadgets.ts);
 * elsewhere its address is judged as a parameter's, as a processor that applies it fetches it (SSRF
 * to a metadata service, a stylesheet from an address).
 */
function checkXmlStylesheet(c: Collector, body: { bytes: Uint8Array }): void {
  const head = xmlBodyHead(body);
  if (head === null || !head.includes("<?xml-stylesheet")) return;
  if (scriptedStylesheet(head)) c.add(R.XSS_JS_SINK as number, "body:raw", "");
  const href = stylesheetHref(head);
  if (href !== null) c.scan(K_QUERY_VALUE, href, "body:xml.", "xml-stylesheet.href", "xml-stylesheet.href");
}

/** The raw path's segments that open as an option (`-x…`, `--name…`), percent-decoded; `/-/` and `/-1` are none. */
function optionSegments(rawPath: string): string[] {
  const out: string[] = [];
  for (let at = rawPath.indexOf("/-"); at >= 0 && out.length < 8; at = rawPath.indexOf("/-", at + 1)) {
    let end = rawPath.indexOf("/", at + 1);
    if (end < 0) end = rawPath.length;
    const first = rawPath.charCodeAt(at + 2) === 0x2d ? at + 3 : at + 2;
    const c = rawPath.charCodeAt(first) | 0x20;
    if (end - at < 4 || c < 0x61 || c > 0x7a) continue;
    out.push(formDecode(rawPath.slice(at + 1, end)));
  }
  return out;
}

/** `<!ENTITY` as bytes. */
const ENTITY_DECLARATION = [0x3c, 0x21, 0x45, 0x4e, 0x54, 0x49, 0x54, 0x59];

/** `<!ENTITY` in the first 4 KB, found on the bytes: every XML body asks, and its text is decoded only when found. */
function declaresEntity(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 4096) - ENTITY_DECLARATION.length;
  for (let i = bytes.indexOf(0x3c); i >= 0 && i <= end; i = bytes.indexOf(0x3c, i + 1)) {
    let k = 1;
    while (k < ENTITY_DECLARATION.length && bytes[i + k] === ENTITY_DECLARATION[k]) k++;
    if (k === ENTITY_DECLARATION.length) return true;
  }
  return false;
}

/** An XML body declaring entities whose references expand it past a bomb's size (xml-amplification.ts). */
function amplifiedXmlBody(bytes: Uint8Array): boolean {
  let k = 0;
  while (k < bytes.length && k < 64 && (bytes[k] as number) <= 0x20) k++;
  if (bytes[k] !== 0x3c || !declaresEntity(bytes)) return false;
  return entityAmplification(new TextDecoder().decode(bytes));
}

/** A body that opens with a letter a store's dangerous command opens with, read as one (store-commands.ts). */
function storeCommandBody(bytes: Uint8Array): boolean {
  const c = (bytes[(bytes[0] as number) === 0x2f ? 1 : 0] as number) | 0x20;
  if (c !== 0x63 && c !== 0x73 && c !== 0x72 && c !== 0x6d) return false;
  return storeCommand(new TextDecoder().decode(bytes.subarray(0, 512)));
}

/** A body sent as JSON, or sniffed as JSON (no type, a form's or text's type, opening with `{` or `[`). */
function jsonText(body: { bytes: Uint8Array; contentType: string }): boolean {
  const mime = mimeOf(body.contentType);
  if (isJsonType(mime)) return true;
  let k = 0;
  while (k < body.bytes.length && k < 64 && (body.bytes[k] as number) <= 0x20) k++;
  const b = body.bytes[k];
  return (
    (b === 0x7b || b === 0x5b) && (mime === "" || mime === "text/plain" || mime === "application/x-www-form-urlencoded")
  );
}

/** A parameter's value read for the documents it may hold: Base64 XML, a JWT, JSON, a data URI, a Base64 archive. */
function readDocuments(c: Collector, value: string, prefix: string, path: string): void {
  scanBase64Xml(c, value, prefix, path);
  scanParameterJwt(c, value, prefix, path);
  scanJsonString(c, value, prefix, path);
  scanDataUri(c, value, prefix, path);
  scanBase64Archive(c, value, prefix, path);
}

/**
 * The findings of the bearer tokens seen last, by Authorization value: a client sends the same token
 * request after request, and decoding and scanning it costs more than the rest of a small request's
 * inspection. The findings are kept before paranoia and exclusions, which the replay applies. Tokens
 * of more than 4 KiB are not kept; at most BEARER_CACHE_SIZE are, the oldest dropped first.
 */
const bearerFindings = new Map<string, Array<[number, string, string]>>();
const BEARER_CACHE_SIZE = 256;

/** A bearer JWT's header (jwt-header.ts) and string claims, from the cache when this token was seen lately. */
function scanBearer(c: Collector, authorization: string): void {
  const known = bearerFindings.get(authorization);
  if (known !== undefined) {
    for (const [rule, location, param] of known) c.add(rule, location, param);
    return;
  }
  const found = c.capture(() => {
    const token = bearerToken(authorization);
    const jwt = token === null ? null : jwtHeaderFacts(token);
    if (token === null || jwt === null) return;
    // The claims decoded once, for the key URL's issuer, the string claims and the operator keys.
    const doc = jwtClaims(token);
    const claims = doc === null ? null : claimStrings(doc);
    scanJwtFacts(c, jwt, "header:", "authorization", claims);
    if (doc !== null && claims !== null) scanBearerClaims(c, doc, claims);
  });
  if (authorization.length > 4096) return;
  if (bearerFindings.size >= BEARER_CACHE_SIZE) bearerFindings.delete(bearerFindings.keys().next().value as string);
  bearerFindings.set(authorization, found);
}

/**
 * A bearer JWT's string claims, scanned as values (jwt-header.ts). An issuer or audience on the
 * loopback is a local identity provider's (Keycloak on `localhost:8080` in development), not a probe.
 */
function scanBearerClaims(
  c: Collector,
  doc: Record<string, unknown>,
  claims: ReadonlyArray<readonly [string, string]>,
): void {
  for (const [path, v] of claims) {
    c.scanField(K_BODY_VALUE, v, "header:", "authorization.jwt", path);
    if (path === "iss" || path === "aud" || path.startsWith("aud."))
      c.retract(R.SSRF_INTERNAL_HOST as number, `header:authorization.jwt.${path}`);
  }
  // A claim that is a query operator (`"sub":{"$ne":""}`), judged as a JSON body's key is.
  for (const [parent, key] of operatorKeys(doc))
    c.scanField(
      K_BODY_NAME,
      key,
      "header:",
      parent ? `authorization.jwt-name.${parent}` : "authorization.jwt-name",
      key,
    );
}

/** A JWT sent as a parameter (a request object): its header as a bearer token's, its string claims as values. */
function scanParameterJwt(c: Collector, value: string, prefix: string, param: string): void {
  const claims = jwtParameterClaims(value);
  if (claims === null) return;
  const jwt = jwtHeaderFacts(value);
  if (jwt) scanJwtFacts(c, jwt, prefix, param, claims);
  for (const [path, v] of claims) c.scanField(K_BODY_VALUE, v, prefix, `${param}.jwt`, path);
}

/**
 * Parameters sent more than once: ASP.NET and IIS read `q=a&q=b` as `a,b`, so a payload split over
 * two (a UNION in one `q` and its SELECT in the next, a comment bridging the comma) is whole there.
 * Their values are scanned joined by commas too. Nothing is allocated unless a name repeats.
 */
function scanRepeated(
  c: Collector,
  params: ReadonlyArray<readonly [string, string]>,
  kind: number,
  prefix: string,
): void {
  const n = Math.min(params.length, 256);
  // Few parameters (nearly every request): look for a repeat in place, allocating nothing.
  if (n <= 16) {
    let repeat = false;
    for (let i = 1; i < n && !repeat; i++)
      for (let j = 0; j < i; j++)
        if ((params[j] as readonly [string, string])[0] === (params[i] as readonly [string, string])[0]) {
          repeat = true;
          break;
        }
    if (!repeat) return;
  }
  const byName = new Map<string, string[]>();
  for (let i = 0; i < n; i++) {
    const [name, value] = params[i] as readonly [string, string];
    const list = byName.get(name);
    if (!list) byName.set(name, [value]);
    else if (list.length < 64) list.push(value);
  }
  for (const [name, values] of byName)
    if (values.length > 1) c.scan(kind, values.join(","), prefix, `${name}[joined]`, name);
}

/** A media type and its parameters up to the comma of a data URI, without the `data:` scheme. */
const BARE_MEDIA_URI = /^[a-z]+\/[a-z0-9.+-]+(?:;[^,;\s]{1,64}){1,3},/i;

/**
 * A `data:` URI's Base64 payload, decoded when it is text (`data:text/plain;base64,PD9waHAg…` is
 * `<?php …`, for an include that takes it): scanned under `<param>.data`. An image decodes to bytes
 * and is left alone.
 */
function scanDataUri(c: Collector, value: string, prefix: string, param: string): void {
  if (value.length < 16) return;
  if (!value.startsWith("data:")) {
    if (!mediaTypeHead(value)) return;
    // A data URI without its scheme (`image/png;asdf,PD9waHAg…`): an app that splits the upload on its
    // comma and decodes the rest (Gibbon's rubric image, CVE-2023-45878) writes what that part holds.
    const comma = BARE_MEDIA_URI.exec(value.slice(0, 160))?.[0].length ?? 0;
    const text = comma > 0 ? (base64Text(value.slice(comma)) ?? scriptInImage(value.slice(comma))) : null;
    if (text !== null) c.scanField(K_BODY_VALUE, text, prefix, param, "data");
    return;
  }
  const at = value.indexOf(";base64,");
  const svg = value.startsWith("data:image/svg+xml") && (value[18] === ";" || value[18] === ",");
  let text: string | null = null;
  if (at >= 0 && at <= 128) text = base64Text(value.slice(at + 8)) ?? scriptInImage(value.slice(at + 8));
  else if (svg) text = percentDecoded(value.slice(value.indexOf(",") + 1));
  if (text === null) return;
  if (!svg || !scanSvgImage(c, text, prefix, `${param}.data`)) c.scanField(K_BODY_VALUE, text, prefix, param, "data");
}

/**
 * The PHP in an image's bytes (a PNG that goes on as `<?php system($_REQUEST['c']); ?>`, uploaded as
 * a logo named `.php`), from its opening tag; null when the bytes hold none. Base64 that decodes to
 * bytes is read this far only: an image is otherwise no value.
 */
function scriptInImage(b64: string): string | null {
  const bytes = base64Binary(b64.slice(0, 87380).replace(/[\r\n]/g, ""));
  if (bytes === null) return null;
  const at = bytes.indexOf("<?php");
  const short = at < 0 ? bytes.indexOf("<?=") : -1;
  const from = at >= 0 ? at : short;
  return from < 0 ? null : bytes.slice(from, from + 4096);
}

/** Script a markup document runs (body/markup.ts): an event handler (`svg@onload`) or a script element. */
function addMarkupScript(c: Collector, prefix: string, path: string, key: string): void {
  c.add((key.includes("@") ? R.XSS_EVENT_HANDLER : R.XSS_SCRIPT_TAG) as number, prefix + path, path);
}

/**
 * An SVG image in a data URI, read as an SVG upload is (its script in handlers and script elements,
 * its attribute and text values scanned, `body/markup.ts`). When it runs nothing (an on-chain NFT's
 * `image`, an icon in a config), the URI is an image, not the `data:image/svg` script carrier the
 * value scanners take it for, and their finding on it is withdrawn. False when it is no XML.
 */
function scanSvgImage(c: Collector, text: string, prefix: string, at: string): boolean {
  const before = c.matches.length;
  let script = false;
  const sink = judgingMarkup({
    value: (_format, parent, key, value) =>
      c.scanField(K_BODY_VALUE, value, prefix, parent ? joinPath(at, parent) : at, key),
    name: () => undefined,
    filename: () => undefined,
    script: (_format, parent, key) => {
      script = true;
      addMarkupScript(c, prefix, joinPath(parent ? joinPath(at, parent) : at, key), key);
    },
  });
  if (parseXml(text, sink, 256) !== undefined) return false;
  if (!script && !c.matches.slice(before).some((m) => m.family === "xss")) {
    const param = at.slice(0, -".data".length);
    c.retract(R.XSS_JS_URI as number, prefix + param);
    c.retract(R.XSS_DANGEROUS_TAG as number, prefix + param);
  }
  return true;
}

/** Longest Base64 archive read from a field (a course package, a judge's extra files). */
const MAX_BASE64_ARCHIVE = 1 << 20;

/**
 * A field that holds a zip archive in Base64 (`UEsDB…`: Judge0's `additional_files`, Moodle's
 * `core_files_upload`, an ATS's attachment): the server unpacks it where each entry's name says,
 * so the names are scanned as uploaded file names (`../../var/www/x.php` is zip slip), under
 * `<param>.entry`; of the compressed contents, the XML entries' DOCTYPE and the pickles are read.
 */
function scanBase64Archive(c: Collector, value: string, prefix: string, param: string): void {
  if (value.length < 40 || value.length > MAX_BASE64_ARCHIVE || !value.startsWith("UEsDB")) return;
  let bytes: string;
  try {
    bytes = atob(value.replace(/[\r\n]/g, ""));
  } catch {
    return;
  }
  const at = `${param}.entry`;
  for (const name of archiveEntryNames(bytes) ?? []) c.scan(K_FILENAME, name, prefix, at, param);
  for (const [name, doctype] of zipDoctypes(bytes)) c.scan(K_BODY_VALUE, doctype, prefix, `${at}.${name}`, param);
  for (const [name, pickle] of zipPickles(bytes)) readPickle(pickle, valueSink(c, prefix), "raw", `${at}.${name}`);
}

/** A value that is a JSON document (a tool call's arguments): its strings scanned under `<param>.json` (json-strings.ts). */
function scanJsonString(c: Collector, value: string, prefix: string, param: string): void {
  const quotedKeys: string[] = [];
  const leaves = jsonStringLeaves(value, quotedKeys);
  // A key holding a quote is a value to the ORM that writes it into SQL as a column (json-strings.ts).
  for (const key of quotedKeys) c.scanField(K_BODY_VALUE, key, prefix, `${param}.json-name`, key);
  if (leaves === null) return;
  for (const [path, v] of leaves) c.scanField(K_BODY_VALUE, v, prefix, `${param}.json`, path);
}

/**
 * A value that is an XML document, as it is (`getUiType=<?xml …?><initialize>…`: Oracle E-Business
 * Suite's configurator, CVE-2025-61882) or in Base64 (SAML): parsed, its fields scanned under
 * `<param>.xml` (embedded-xml.ts).
 */
function scanBase64Xml(c: Collector, value: string, prefix: string, param: string): void {
  const xml =
    (value.charCodeAt(0) === 0x3c ? plainXmlDocument(value) : null) ??
    base64Xml(value) ??
    (samlMessageName(param) ? deflatedXml(value) : null);
  if (xml === null) return;
  const at = `${param}.xml`;
  if (samlTampering(xml) !== null) c.add(R.SAML_TAMPERED as number, prefix + at, param);
  parseXml(
    xml,
    {
      value: (_format, parent, key, v) =>
        c.scanField(K_BODY_VALUE, v, prefix, parent.length === 0 ? at : joinPath(at, parent), key),
      name: () => undefined,
      filename: () => undefined,
    },
    MAX_BODY_FIELDS,
  );
}

/**
 * JSF's client-side view state sent gzip'd and unencrypted (`javax.faces.ViewState=H4sI…`): the
 * server deserializes it as it comes, so whatever objects it holds are built (MyFaces and Mojarra
 * without state encryption). Base64 gzip elsewhere is ordinary data (npm tarballs, compressed
 * payloads) and is not judged.
 */
function checkJsfState(c: Collector, name: string, value: string, prefix: string): void {
  if (value.startsWith("H4sI") && name.toLowerCase() === "javax.faces.viewstate")
    c.add(R.JAVA_SERIALIZED as number, prefix + name, name);
}

/**
 * The value may be one of the documents a field can hold (Base64 XML, a JWT, JSON, a `data:` URI,
 * a Base64 zip), judged by its first character as each reader's own first test does: most values
 * are none, and their path is then never built.
 */
function mayHoldDocument(value: string): boolean {
  const c0 = value.charCodeAt(0);
  // P (Base64 of `<`), e (`eyJ`), d (`data:`), U (`UEsDB`, Base64 of `PK`), `<?xml`, { [ and the blanks before them.
  return (
    c0 === 0x50 ||
    c0 === 0x65 ||
    c0 === 0x64 ||
    c0 === 0x55 ||
    c0 === 0x7b ||
    c0 === 0x5b ||
    c0 <= 0x20 ||
    (c0 === 0x3c && value.charCodeAt(1) === 0x3f) ||
    mediaTypeHead(value)
  );
}

/** The value opens with a media type and a parameter (`image/png;…`), a data URI without its scheme. */
function mediaTypeHead(value: string): boolean {
  if (value.length < 24) return false;
  let k = 0;
  while (k < 12 && value.charCodeAt(k) >= 0x61 && value.charCodeAt(k) <= 0x7a) k++;
  if (k < 4 || value.charCodeAt(k) !== 0x2f) return false;
  const semi = value.indexOf(";", k);
  return semi > k && semi < k + 48;
}

/** A value that is an XML document with its prologue (`<?xml …?>` first, at most 64 KB), or null. */
function plainXmlDocument(value: string): string | null {
  return value.length <= 65536 && value.startsWith("<?xml") ? value : null;
}

/** The parameter's own name is a filter's (`$filter`, `filter`, `scimFilter`). */
function filterName(key: string): boolean {
  return key.length >= 6 && (key.includes("filter") || key.includes("Filter") || key.includes("FILTER"));
}

/**
 * A parameter pasted into markup, a stylesheet, a query language or a document a server processes:
 * one that closes the element it is put in and opens others (markup-breakout.ts), CSS that leaks a
 * page to a URL (css-exfiltration.ts), in a filter (`$filter`, `filter`) an `or` with a literal
 * compared to itself, an XPath breakout (xpath-breakout.ts), TeX that runs or reads (latex.ts), an
 * XML schema fetched from another site (remote-schema.ts), a formula that runs a program or sends
 * cells away (formula-injection.ts), a program option that runs a command and a template reading
 * the app's secrets (argument-injection.ts), a URL carrying Redis commands after a line break
 * (url-smuggling.ts), a Redis or Memcached command passed on to the store (store-commands.ts), a
 * Groovy command run through a variable (groovy-exec.ts). Each is gated by a substring test, and the path,
 * `parent.key`, is built only when one fires (this runs for every value). `cutFromJson`: the value is a
 * form reading's piece of a body that parsed whole as JSON, whose own quotes and brackets close nothing.
 */
function checkBreakouts(
  c: Collector,
  parent: string,
  key: string,
  value: string,
  prefix: string,
  cutFromJson = false,
): void {
  if (value.length >= 40 && value.includes("<xsl:")) checkXsltValue(c, joinPath(parent, key), value, prefix);
  const breakout = value.includes("</") && markupBreakout(value);
  const css = value.includes("url(") && cssExfiltration(value);
  const tautology = filterName(key) && filterTautology(value);
  const xpath =
    ((value.includes("]") || value.includes("(")) && xpathBreakout(value)) ||
    (value.charCodeAt(0) === 0x2f && xpathSelection(key, value));
  const latex = latexAbuse(value);
  const schema = value.includes("chemaLocation") && remoteSchema(value);
  const formula = value.includes("(") ? formulaAbuse(key, value) : null;
  const option = execOption(value);
  const secret = templateProbe(value);
  const smuggled = value.includes("://") && urlSmuggling(value);
  const store = storeCommand(value);
  const groovy = groovyAliasedExecute(value);
  const config = value.includes("}\n") && configInjection(value);
  const query =
    ((value.includes("'") || value.includes('"') || value.includes("`")) && queryLanguageBreakout(value)) ||
    (!cutFromJson && value.includes('"') && jsonBreakout(value)) ||
    (value.includes(",") && postgrestCondition(key, value));
  if (
    !breakout &&
    !css &&
    !tautology &&
    !xpath &&
    latex === null &&
    !schema &&
    formula === null &&
    !option &&
    !secret &&
    !smuggled &&
    !store &&
    !groovy &&
    !config &&
    !query
  )
    return;
  const path = joinPath(parent, key);
  if (breakout) c.add(R.MARKUP_BREAKOUT as number, prefix + path, path);
  if (css) c.add(R.XSS_CSS as number, prefix + path, path);
  if (tautology) c.add(R.SQLI_BOOLEAN as number, prefix + path, path);
  if (xpath) c.add(R.XPATH_BREAKOUT as number, prefix + path, path);
  if (latex !== null) c.add((latex === "shell" ? R.LATEX_SHELL : R.LATEX_FILE) as number, prefix + path, path);
  if (schema) c.add(R.XML_REMOTE_SCHEMA as number, prefix + path, path);
  if (option) c.add(R.ARG_INJECTION as number, prefix + path, path);
  if (secret) c.add(R.TEMPLATE_INJECTION as number, prefix + path, path);
  if (smuggled) c.add(R.URL_SMUGGLING as number, prefix + path, path);
  if (store) c.add(R.STORE_COMMAND as number, prefix + path, path);
  if (groovy) c.add(R.JAVA_RCE as number, prefix + path, path);
  if (config) c.add(R.SERVER_CONFIG_INJECTION as number, prefix + path, path);
  if (query) c.add(R.QUERY_LANGUAGE_BREAKOUT as number, prefix + path, path);
  if (formula !== null)
    c.add((formula === "dde" ? R.DDE_FORMULA : R.FORMULA_EXFILTRATION) as number, prefix + path, path);
}

/**
 * An XSLT stylesheet sent in a parameter (`xsl=<xsl:stylesheet …><xsl:include href="http://…"/>`) to a
 * transform endpoint: what it includes, reads or calls, judged as in an XML body (doc-includes.ts).
 */
function checkXsltValue(c: Collector, path: string, value: string, prefix: string): void {
  if (value.length > 65536) return;
  let rule = -1;
  parseXml(
    value,
    {
      value: (_format, parent, key, v) => {
        if (rule < 0) rule = xsltRule(parent, key, v);
      },
      name: () => undefined,
      filename: () => undefined,
    },
    MAX_BODY_FIELDS,
  );
  if (rule >= 0) c.add(rule, prefix + path, path);
}

/**
 * The rule an XSLT element's attribute or text at `parent.key` earns (doc-includes.ts's xsltReach):
 * what it includes or reads outside the stylesheet is 931140, what runs or probes the processor
 * 934170; -1 for anything else.
 */
function xsltRule(parent: string, key: string, value: string): number {
  if (!key.startsWith("xsl:", key.lastIndexOf(".") + 1)) return -1;
  const reach = xsltReach(joinPath(parent, key), value);
  if (reach === null) return -1;
  return (reach === "outside" ? R.DOC_OUTSIDE_INCLUDE : R.TEMPLATE_INJECTION) as number;
}

/** Redirect parameters (redirects.ts): where they send a browser, and one given twice with other values. */
function checkRedirects(
  c: Collector,
  params: ReadonlyArray<readonly [string, string]>,
  prefix: string,
  host: string | undefined,
): void {
  let seen: Map<string, string> | undefined;
  for (const [name, value] of params) {
    if (!isRedirectName(name)) continue;
    const verdict = judgeRedirect(value, host);
    if (verdict === "open") c.add(R.OPEN_REDIRECT as number, prefix + name, name);
    else if (verdict === "offsite") c.add(R.OFFSITE_REDIRECT as number, prefix + name, name);
    seen ??= new Map();
    const before = seen.get(name);
    if (before !== undefined && before !== value) c.add(R.OPEN_REDIRECT as number, prefix + name, name);
    seen.set(name, value);
  }
}

/** An XML attribute path that is XMLDecoder's call (`…java.object@class`, `…java.void@method`, `…java.array@method`). */
function xmlDecoderCall(key: string): boolean {
  const at = key.lastIndexOf("@");
  if (at < 0) return false;
  const attr = key.slice(at + 1);
  if (attr !== "class" && attr !== "method") return false;
  const path = key.slice(0, at);
  return path === "java" || path.startsWith("java.") || path.includes(".java.") || path.endsWith(":java");
}

/**
 * A query parameter name that is a host and a path after an `@` (`@evil.corp/mapi/nspi/?`): Exchange's
 * ProxyShell, where the autodiscover front end took what followed the `@` for the back end's URL.
 */
function atHostName(name: string): boolean {
  const at = name.indexOf("@");
  if (at < 0 || at > 64) return false;
  const slash = name.indexOf("/", at);
  const host = name.slice(at + 1, slash < 0 ? name.length : slash);
  // Opening the name, any host (`@zdi/PowerShell`); later in it, a dotted one (`a@foo.var/owa/`).
  return slash > at + 1 && (at === 0 || host.includes(".")) && /^[a-z0-9.-]+$/i.test(host);
}

/**
 * Lower-case header names joined by `;` (`content-type;host;x-amz-date`): each hyphenated, or one of
 * the few one-word names a signature covers (`host`, `date`, `digest`…); `ping-host;whoami` is none.
 */
const HEADER_NAME = "(?:[a-z0-9]+(?:-[a-z0-9]+)+|host|date|digest|range|expect|origin|cookie|authorization)";
const HEADER_NAME_LIST = new RegExp(`^${HEADER_NAME}(?:;${HEADER_NAME})+$`);

/** Methods that write the resource at the path (or a MOVE's and a COPY's Destination). */
const WRITE_METHODS: ReadonlySet<string> = new Set(["PUT", "MOVE", "COPY", "PATCH", "POST"]);
/** A `;name=value` inside a query value (a parameter to back ends that also split on `;`). */
const SEMICOLON_PARAMETER = /;([A-Za-z_][\w.[\]-]{0,63})=([^;]+)/g;

/**
 * Is the Host header a cloud metadata service (`169.254.169.254`, `metadata.google.internal`) or any
 * link-local address? No client reaches a public application that way: it is a request sent through
 * an open proxy or a forwarding filter, meant to reach the instance's credentials.
 */
function metadataHostName(host: string): boolean {
  const name = hostName(host);
  return METADATA_HOSTS.includes(name) || /^169\.254\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Is the Host header a name under an out-of-band interaction service's domain (`x.oastify.com:443`)? */
function oastHostName(host: string): boolean {
  const name = hostName(host);
  for (const domain of OAST_DOMAINS) if (name.endsWith(domain) && name.length > domain.length) return true;
  return false;
}

/** The query rejoined when it is only names (no `=` values) and one holds a blank: argv's shape; else null. */
function argvQuery(query: ReadonlyArray<readonly [string, string]>): string | null {
  if (query.length < 2 || query.length > 32) return null;
  let blank = false;
  for (const [name, value] of query) {
    if (value !== "") return null;
    if (name.includes(" ")) blank = true;
  }
  return blank ? query.map(([name]) => name).join("&") : null;
}

/**
 * What a back end makes of a parameter's name: PHP's (php-inputs.ts) a superglobal's entry overwritten,
 * an option on the script's argv, a secret sent as an array; a CGI server's an environment variable.
 */
function checkParamName(c: Collector, name: string, nameLocation: string, valueLocation: string): void {
  const c0 = name.charCodeAt(0);
  // A CGI server's environment is its parameters: `LD_PRELOAD=…` (loader-variables.ts).
  if (loaderVariable(name)) c.add(R.LOADER_VARIABLE as number, nameLocation, name);
  // `_`, `G`/`g`, `+`, `-`, ` ` open the first two; a secret's array ends the name with `]`.
  if (c0 === 0x5f || (c0 | 0x20) === 0x67) {
    if (superglobalName(name)) c.add(R.PHP_SUPERGLOBAL as number, nameLocation, name);
  } else if ((c0 === 0x2b || c0 === 0x2d || c0 === 0x20) && optionName(name))
    c.add(R.ARG_INJECTION as number, nameLocation, name);
  if (name.charCodeAt(name.length - 1) === 0x5d && secretAsArray(name))
    c.add(R.PHP_TYPE_JUGGLING as number, valueLocation, name);
}

/** The bracketed parts of a parameter name that hold a quote (`Name' OR 1=1--` of `filters[Name' OR 1=1--]`). */
function quotedBracketKeys(name: string): string[] {
  if (!name.includes("[") || (!name.includes("'") && !name.includes('"'))) return [];
  const keys: string[] = [];
  for (let open = name.indexOf("["); open >= 0 && keys.length < 8; open = name.indexOf("[", open + 1)) {
    const close = name.indexOf("]", open + 1);
    if (close < 0) break;
    const key = name.slice(open + 1, close);
    if (key.includes("'") || key.includes('"')) keys.push(key);
  }
  return keys;
}

function inspectUnsafe(scanner: ValueScanner, given: SignatureInput, options: SignatureOptions): SignatureResult {
  // A UTF-16 body is read as the back end decodes it (body/utf16.ts).
  const decoded = given.body ? utf16Body(given.body) : null;
  const input = decoded === null ? given : { ...given, body: decoded };
  const paranoia = Math.min(4, Math.max(1, Math.trunc(options.paranoia || 1)));
  const c = new Collector(scanner, paranoia, options);
  const host = headerValue(input.headers, "host");
  const method = input.method.toUpperCase();
  c.scan(K_PATH, input.rawPath, "path", "", "");
  if (aliasTraversal(input.rawPath)) c.add(R.TRAVERSAL as number, "path", "");
  if (obfuscatedPath(input.rawPath) || cookielessPath(input.rawPath)) c.add(R.PATH_OBFUSCATION as number, "path", "");
  if (confusingPath(input.rawPath)) c.add(R.PATH_CONFUSION as number, "path", "");
  if (cacheDeceptionPath(input.rawPath)) c.add(R.CACHE_DECEPTION as number, "path", "");
  // Jolokia's path arguments escape `/` as `!/` (`/reloadByURL/http:!/!/203.0.113.7!/logback.xml`):
  // the path as Jolokia reads it is judged too.
  if (input.rawPath.includes("!/")) c.scan(K_PATH, input.rawPath.replaceAll("!/", "/"), "path", ".unescaped", "");
  // A fragment sent in the request target is judged as the path it continues, for the servers that keep it.
  if (input.fragment) {
    c.scan(K_PATH, input.fragment, "path", ".fragment", "");
    if (aliasTraversal(input.fragment)) c.add(R.TRAVERSAL as number, "path", "");
  }
  // A WebDAV or REST write of a server configuration file, by its path or a MOVE's Destination.
  if (WRITE_METHODS.has(method)) {
    if (configFileTarget(input.rawPath)) c.add(R.CONFIG_UPLOAD as number, "path", "");
    const destination = headerValue(input.headers, "destination");
    if (destination && configFileTarget(destination))
      c.add(R.CONFIG_UPLOAD as number, "header:destination", "destination");
  }
  if (
    (input.rawPath.includes("%2") || input.rawPath.includes("'")) &&
    queryLanguageBreakout(percentDecoded(input.rawPath))
  )
    c.add(R.QUERY_LANGUAGE_BREAKOUT as number, "path", "");
  // `/%5cr%5cnSet-Cookie:…`: a line break as escape text, then a header (escaped-line-break.ts).
  if ((input.rawPath.includes("%5") || input.rawPath.includes("\\")) && escapedHeaderBreak(formDecode(input.rawPath)))
    c.add(R.HEADER_INJECTION as number, "path", "");
  // Webdis's commands as path segments (`/CONFIG/SET/dir/%2Fvar%2Fwww`): store-commands.ts.
  if (storeCommand(input.path)) c.add(R.STORE_COMMAND as number, "path", "");
  for (const url of pathBase64Urls(input.rawPath)) c.scan(K_QUERY_VALUE, url, "path", ".b64", "");
  if (input.rawPath.includes("/Li"))
    for (const file of pathBase64Traversals(input.rawPath)) c.scan(K_QUERY_VALUE, file, "path", ".b64", "");
  // A path segment that is a program's option (`/git/clone/--upload-pack%3Dtouch%20%2Ftmp%2Fpwn`): a route
  // that hands its parameter to `git`, `tar` or `ssh` runs it, so the segment, decoded, is judged as a value.
  if (input.rawPath.includes("/-"))
    for (const option of optionSegments(input.rawPath)) c.scan(K_QUERY_VALUE, option, "path", ".option", "");
  if (input.rawPath.includes("/eyIk"))
    for (const doc of pathBase64Operators(input.rawPath)) c.scan(K_QUERY_VALUE, doc, "path", ".b64", "");
  if (input.rawPath.includes("/68747470"))
    for (const url of pathHexUrls(input.rawPath)) c.scan(K_QUERY_VALUE, url, "path", ".hex", "");
  checkRedirects(c, input.query, "query:", host);
  const addressed = host ?? input.authority;
  if (addressed !== undefined && input.viaTrustedProxy !== true) {
    const override = hostOverride(input.headers, addressed);
    if (override !== null) c.add(R.HOST_OVERRIDE as number, `header:${override}`, override);
  }
  const soql = input.query.length > 0 && soqlWhereOnly(input.query);
  const only = input.query.length === 1 ? input.query[0] : undefined;
  if (only !== undefined && only[1] === "" && phpCgiOption(only[0]))
    c.add(R.ARG_INJECTION as number, "query-name", only[0]);
  // A query of bare words (`cmd_realtime.php?1+1&&whoami+1+1+1`): PHP with `register_argc_argv` hands it to
  // the script as its command line, `&` and all (Cacti's CVE-2024-29895); judged whole as one value.
  const argv = argvQuery(input.query);
  if (argv !== null) c.scan(K_QUERY_VALUE, argv, "query-name", "", argv);
  for (const [name, value] of input.query) {
    c.scan(
      K_QUERY_NAME,
      comparedField(name),
      "query-name",
      "",
      name,
      soql && name === "$where" ? (R.NOSQL_OPERATOR as number) : -1,
    );
    if (atHostName(name)) c.add(R.SSRF_URL_CONFUSION as number, "query-name", name);
    if (credentialBracketName(name)) c.add(R.CREDENTIAL_TYPE as number, "query-name", name);
    // Struts evaluates a name's OGNL too (`action:%{3*4}`, S2-016's prefixes).
    if (name.includes("%{") && templateProbe(name)) c.add(R.TEMPLATE_INJECTION as number, "query-name", name);
    // A dictionary key a model binder or PHP hands the application (`filters[Name' OR 1=1--]=x`): a value.
    for (const key of quotedBracketKeys(name)) c.scan(K_QUERY_VALUE, key, "query-name", "", name);
    checkParamName(c, name, "query-name", `query:${name}`);
    if (camelParameter(name)) c.add(R.INTERNAL_HEADER as number, "query-name", name);
    if (superglobalInQueryString(value)) c.add(R.PHP_SUPERGLOBAL as number, `query:${name}`, name);
    if (controllerInQueryString(value) || magicMethodOverride(name, value))
      c.add(R.PHP_HIGHRISK_FUNC as number, `query:${name}`, name);
    if (magicHashSecret(name, value)) c.add(R.PHP_TYPE_JUGGLING as number, `query:${name}`, name);
    if (value.startsWith("/") && extensionPathParameter(value))
      c.add(R.PATH_CONFUSION as number, `query:${name}`, name);
    if (scriptInCallback(name, value)) c.add(R.XSS_JS_SINK as number, `query:${name}`, name);
    if (escapedHeaderBreak(value)) c.add(R.HEADER_INJECTION as number, `query:${name}`, name);
    if (scriptGadget(value, true) || handlerSink(name, value)) c.add(R.XSS_JS_SINK as number, `query:${name}`, name);
    c.scan(K_QUERY_VALUE, value, "query:", name, name);
    // A `;`-joined list of header names (SigV4's `X-Amz-SignedHeaders=content-type;host`): no command line.
    if (value.includes(";") && HEADER_NAME_LIST.test(value)) c.retractFamily("rce", `query:${name}`);
    // A filter parameter holding the API's own JSON query (`filter={"acctstoptime":{"$exists":false}}`,
    // ClearPass's, Parse's `where`): operators it takes by design, judged as a JSON body's names are.
    if (value.charCodeAt(0) === 0x7b && jsonFilterOnly(name, value))
      c.retract(R.NOSQL_OPERATOR as number, `query:${name}`);
    if (overflowProbe(value)) c.add(R.OVERFLOW_PROBE as number, `query:${name}`, name);
    checkMailValue(c, name, value, "query:", "", false);
    if (secretFieldFilter(name, value)) c.add(R.SECRET_FIELD_FILTER as number, `query:${name}`, name);
    if (webShellCall(name, value)) c.add(R.WEB_SHELL_CALL as number, `query:${name}`, name);
    scanUrlParameter(c, name, value, "query:", "");
    scanBase64Xml(c, value, "query:", name);
    scanParameterJwt(c, value, "query:", name);
    scanJsonString(c, value, "query:", name);
    scanDataUri(c, value, "query:", name);
    checkJsfState(c, name, value, "query:");
    checkBreakouts(c, "", name, value, "query:");
    if (name === "query")
      for (const arg of graphqlStrings(value) ?? []) {
        c.scan(K_QUERY_VALUE, arg, "query:", "query.arg", "query.arg");
        checkBreakouts(c, "query", "arg", arg, "query:");
      }
    // A name holding '=' (sent as %3D) is split again, as back ends that decode first would.
    const eq = name.indexOf("=");
    if (eq > 0 && eq < name.length - 1) {
      const left = name.slice(0, eq);
      c.scan(K_QUERY_VALUE, name.slice(eq + 1), "query:", left, left);
    }
    // `q=boots;q=1' OR '1'='1`: back ends that split a query on `;` too (CGI's, Python's before 3.10,
    // Tomcat's path parameters) read another parameter after it.
    if (value.includes(";") && value.includes("="))
      for (const [, key, v] of value.matchAll(SEMICOLON_PARAMETER))
        c.scan(K_QUERY_VALUE, v as string, "query:", key as string, name);
  }
  if (input.query.length > 1) scanRepeated(c, input.query, K_QUERY_VALUE, "query:");
  for (const [name, value] of input.headers) {
    if (overflowProbe(value) || (name === "connection" && connectionOverflow(value)))
      c.add(R.OVERFLOW_PROBE as number, `header:${name}`, name);
    if (
      internalHeader(name) ||
      ((identityHeader(name) || impersonatesAdmin(name, value)) && input.viaTrustedProxy !== true)
    )
      c.add(R.INTERNAL_HEADER as number, `header:${name}`, name);
    if (name === "cookie") scanCookies(c, value);
    // A browser's WebSocket can send no Authorization: its token rides in the subprotocol list (`bearer, eyJ…`).
    if (name === "sec-websocket-protocol") {
      for (const item of value.split(",")) {
        const token = item.trim();
        if (token.includes("eyJ")) scanParameterJwt(c, token, "header:", name);
        // A subprotocol is a token; one that is not (`tenant-7' UNION SELECT …`) is a value an app reads.
        else if (!isToken(token)) c.scan(K_QUERY_VALUE, token, "header:", name, name);
      }
    }
    // A quoted Forwarded pair is the value a proxy hands on unquoted (forwarded-header.ts).
    if (name === "forwarded" && value.includes('"'))
      for (const [pair, text] of forwardedQuotedPairs(value))
        c.scan(K_HEADER, text, "header:", `forwarded.${pair}`, "forwarded");
    if (name === "authorization") {
      scanBearer(c, value);
      // A Basic credential's user name is looked up as a value; its password is read for an overflow's run only.
      const basic = basicCredential(value);
      if (basic !== null) {
        const { user, password } = basic;
        c.scan(K_QUERY_VALUE, user, "header:", "authorization.basic.user", "authorization.basic.user");
        if (overflowProbe(user)) c.add(R.OVERFLOW_PROBE as number, "header:authorization.basic.user", "authorization");
        if (password !== null && value.length >= 90 && overflowProbe(password))
          c.add(R.OVERFLOW_PROBE as number, "header:authorization.basic.password", "authorization");
      }
      // A credential that is a value, not a token (authorization-credential.ts).
      const foreign = foreignCredential(value);
      if (foreign !== null) c.scan(K_QUERY_VALUE, foreign.credential, "header:", foreign.location, foreign.location);
      // A credential that is an XML document in Base64 (`SAML PD94bWwg…`, a SAML bearer assertion): parsed
      // by the server as a SAML message is (embedded-xml.ts).
      const space = value.indexOf(" ");
      if (space > 0 && space < 24 && value.charCodeAt(space + 1) === 0x50)
        scanBase64Xml(c, value.slice(space + 1).trim(), "header:", "authorization");
    }
    // A Host that is no host name (`' UNION SELECT …`) is a value some application reads all the same.
    if (name === "host" && !hostSyntax(value)) c.scan(K_QUERY_VALUE, value, "header:", name, name);
    // A Host under an interaction service's domain: a reset link or a cache poisoned toward the probe.
    if (name === "host" && oastHostName(value)) c.add(R.SSRF_OAST as number, "header:host", name);
    if (name === "host" && metadataHostName(value)) c.add(R.SSRF_METADATA as number, "header:host", name);
    if (SKIP_HEADERS.has(name) || name.startsWith("sec-") || name.startsWith("cf-")) {
      // A structured header holding what its grammar never has (`${jndi:…}` in Accept-Language).
      if (STRUCTURED_HEADERS.has(name) && foreignToHeaderGrammar(value))
        c.scan(headerKind(name), value, "header:", name, name);
      continue;
    }
    c.scan(headerKind(name), value, "header:", name, name);
    if (name.startsWith("x-")) scanDecoded(c, value, "header:", name);
  }
  for (const f of checkHeaders(
    input.headers,
    input.rawPath,
    input.query,
    input.peer,
    input.urlTruncated === true,
    method,
  ))
    c.add(f.rule, f.location, "");
  if (DEBUG_METHODS.has(method)) c.add(R.DEBUG_METHOD as number, "method", "");
  let bodyOverLimit = false;
  let parseErrors: string[] = [];
  if (input.body) {
    const limit = options.bodyLimit && options.bodyLimit > 0 ? options.bodyLimit : DEFAULT_BODY_LIMIT;
    const formFields: Array<[string, string]> = [];
    let privileges: Set<string> | undefined;
    // Credential guesses counted over the body's documents, reported once at the one that makes them a batch.
    let guesses = 0;
    const guess = (n: number, prefix: string, parent: string, key: string): void => {
      if (n === 0 || batchedGuesses(guesses)) return;
      guesses += n;
      if (batchedGuesses(guesses))
        c.add(R.BATCHED_GUESSES as number, prefix + joinPath(parent, key), joinPath(parent, key));
    };
    // Mass assignment of privilege (privilege-assignment.ts), on writes only.
    const grants = WRITE_METHODS.has(method) ? new PrivilegeWatch() : undefined;
    // Whether a key read could hold a boolean that counts (a password, an admin flag): only then are the
    // body's bytes walked for its booleans (json-booleans.ts), as most bodies have no such key.
    let booleanKeys = false;
    let credentialAt: string | undefined;
    let credentialUnder = false;
    // The form fields being read are a form reading of a body that parsed whole as JSON (BodySink.formOfJson).
    let formOfJson = false;
    // A password reset asked for more than one address (reset-recipients.ts), on writes to a reset's path.
    const resets = grants !== undefined && resetPath(input.rawPath) ? new ResetRecipients() : undefined;
    // A login sent an LDAP wildcard for its user name or password (ldap-login.ts), on writes.
    const logins = grants !== undefined ? new LdapLogin() : undefined;
    const report = extractBody(input.body, limit, {
      value: (format, parent, key, value) => {
        if (resets !== undefined && format !== "raw" && format !== "xml")
          resets.value(VALUE_PREFIX[format], parent, key, value);
        if (logins !== undefined && (format === "form" || format === "json" || format === "multipart"))
          logins.value(VALUE_PREFIX[format], parent, key, value);
        if (format === "form" && formFields.length < 256) formFields.push([key, value]);
        else if (format === "json" && isRedirectName(key))
          checkRedirects(c, [[key, value]], VALUE_PREFIX.json + parent + (parent ? "." : ""), host);
        if (grants !== undefined) {
          // A form field holding the JSON an AJAX handler binds (`members_data={…"role":"administrator"}`).
          if ((format === "form" || format === "multipart") && value.charCodeAt(0) === 0x7b)
            grants.document(jsonStringLeaves(value), VALUE_PREFIX[format] + joinPath(parent, key));
          // A field of the request's own, not a line of a file it uploads (a vCard's `ROLE:Administrator`).
          else if (value.length <= 64 && (format !== "multipart" || parent === ""))
            grants.value(format, parent, key, value, VALUE_PREFIX[format]);
        }
        // A raw body is one value ("body:raw"); what is read out of it has a name (`body:raw.pickle`).
        const prefix = format === "raw" && key !== "" ? "body:raw." : VALUE_PREFIX[format];
        c.scanField(format === "raw" ? K_BODY_RAW : K_BODY_VALUE, value, prefix, parent, key);
        if (format === "multipart") checkUploadLine(c, parent, key, value);
        if (outsideInclude(value)) c.add(R.DOC_OUTSIDE_INCLUDE as number, prefix + joinPath(parent, key), key);
        if (format === "raw" && key === "" && parent === "" && yamlAliasBomb(value))
          c.add(R.YAML_ALIAS_EXPANSION as number, "body:raw", "");
        if (format === "raw" && parent === "cli" && cliFileArgument(value))
          c.add(R.CLI_FILE_ARGUMENT as number, `body:raw.cli.${key}`, key);
        // A batch's embedded request's parameters (body/http-batch.ts) are parameters.
        if (format === "multipart" && parent.endsWith(".request.query"))
          checkBreakouts(c, parent, key, value, VALUE_PREFIX.multipart);
        // java.beans.XMLDecoder's grammar (`<java><object class=…>`, `<void method=…>`): the document calls
        // what it names as it is read (WebLogic's wls-wsat, CVE-2017-10271 and kin).
        if (format === "xml" && (xmlDecoderCall(key) || dotnetXmlGadget(key, value)))
          c.add(R.JAVA_GADGET as number, VALUE_PREFIX.xml + joinPath(parent, key), key);
        // An XSLT stylesheet sent to a transform endpoint: what it includes, reads or calls (doc-includes.ts).
        const xslt = format === "xml" ? xsltRule(parent, key, value) : -1;
        if (xslt >= 0) c.add(xslt, VALUE_PREFIX.xml + joinPath(parent, key), key);
        // An XML element's text is a parameter too (a SOAP call's `<login>`, HNAP's `<Username>%n%n…`,
        // a package's `<data>` of Base64 PHP that Cacti's import writes out as a file).
        if (format === "xml") {
          checkBreakouts(c, parent, key, value, VALUE_PREFIX.xml);
          if (overflowProbe(value, true))
            c.add(R.OVERFLOW_PROBE as number, VALUE_PREFIX.xml + joinPath(parent, key), key);
          if (mayReadAsParameter(value)) scanUrlParameter(c, key, value, VALUE_PREFIX.xml, parent);
          // `xsi:schemaLocation="ns http://10.10.0.12:2375/containers/json"`: namespace and location
          // pairs; a validating parser fetches each location, judged as a parameter's address.
          if (key.endsWith("chemaLocation") && value.includes("://")) {
            const path = joinPath(parent, key);
            for (const token of value.split(/\s+/, 32))
              if (token.includes("://")) c.scan(K_QUERY_VALUE, token, VALUE_PREFIX.xml, `${path}.location`, path);
          }
        }
        // A plain multipart field is a form field sent another way: a document in it is read as in a form's.
        if (format === "multipart" && parent === "" && mayHoldDocument(value))
          readDocuments(c, value, VALUE_PREFIX.multipart, key);
        if (format === "form" || format === "json") {
          if (mayHoldDocument(value)) readDocuments(c, value, VALUE_PREFIX[format], joinPath(parent, key));
          checkBreakouts(c, parent, key, value, VALUE_PREFIX[format], format === "form" && formOfJson);
          if (format === "form" && superglobalInQueryString(value)) {
            const path = joinPath(parent, key);
            c.add(R.PHP_SUPERGLOBAL as number, VALUE_PREFIX.form + path, path);
          }
          if (secretFieldFilter(key, value)) {
            const path = joinPath(parent, key);
            c.add(R.SECRET_FIELD_FILTER as number, VALUE_PREFIX[format] + path, path);
          }
          if (overflowProbe(value, true)) {
            const path = joinPath(parent, key);
            c.add(R.OVERFLOW_PROBE as number, VALUE_PREFIX[format] + path, path);
          }
          if (mayReadAsParameter(value)) scanUrlParameter(c, key, value, VALUE_PREFIX[format], parent);
          if (scriptGadget(value, false)) {
            const path = joinPath(parent, key);
            c.add(R.XSS_JS_SINK as number, VALUE_PREFIX[format] + path, path);
          }
          if (webShellCall(key, value)) {
            const path = joinPath(parent, key);
            c.add(R.WEB_SHELL_CALL as number, VALUE_PREFIX[format] + path, path);
          }
          if (rubyMarshalGadget(value)) {
            const path = joinPath(parent, key);
            c.add(R.JAVA_GADGET as number, VALUE_PREFIX[format] + path, path);
          }
          // Yii's object configuration (`{"__class": "yii\\rbac\\PhpManager", "__construct()": […]}`): a
          // framework that builds objects from arrays builds that class with those arguments (Craft CMS's
          // CVE-2023-41892 reaches a file include so). A namespaced PHP class under that key is the attack.
          if (format === "json" && key === "__class" && value.includes("\\") && value.length <= 256) {
            const path = joinPath(parent, key);
            c.add(R.PHP_SERIALIZED as number, VALUE_PREFIX.json + path, path);
          }
          if (format === "json" && isTypeHintKey(key)) {
            const path = joinPath(parent, key);
            if (gadgetTypeHint(value)) c.add(R.JAVA_GADGET as number, VALUE_PREFIX.json + path, path);
            // Json.NET's `$type` with an application's own type, the AT Protocol's (Bluesky's) record type
            // (`app.bsky.feed.post`, `app.bsky.richtext.facet#link`) and any type MongoDB has not (a design
            // token's `"$type": "color"`) is no MongoDB operator.
            else if (
              key === "$type" &&
              (assemblyQualifiedType(value) || namespacedTypeId(value) || !bsonTypeName(value))
            )
              c.retract(R.NOSQL_OPERATOR as number, NAME_PREFIX.json + path);
          }
          checkMailValue(c, key, value, VALUE_PREFIX[format], parent, true);
        }
        // A GraphQL document's field names and directives are selections, not shell (`@include(if:
        // $withReviews)` is no `if`); its string arguments are values of their own (graphql-strings.ts).
        const graphql = (key === "query" && format !== "raw") || (key === "graphql" && format === "raw");
        if (graphql && isGraphQLDocument(value)) {
          c.retractFamily("rce", prefix + joinPath(parent, key));
          if (graphqlAbuse(value))
            c.add(R.GRAPHQL_ABUSE as number, prefix + joinPath(parent, key), joinPath(parent, key));
          // Logins or one-time codes tried several at once, by aliases or a batch array (batched-guesses.ts).
          guess(graphqlGuesses(value), prefix, parent, key);
        }
        // The same through a JSON-RPC batch (`[{"method":"auth.login",…}, …]`).
        if (format === "json" && key === "method" && value.length <= 64 && jsonRpcGuess(value))
          guess(1, prefix, parent, key);
        // The same through XML-RPC's `system.multicall` of WordPress's methods.
        if (format === "xml" && value.length <= 48 && xmlRpcGuess(key, value)) guess(1, prefix, parent, key);
        // An exposed node's wallet or administration method, a daemon's hook that runs a program (rpc-abuse.ts).
        if (format === "json" && key === "method" && nodeAdminMethod(value))
          c.add(R.NODE_ADMIN_RPC as number, prefix + joinPath(parent, key), joinPath(parent, key));
        if (format === "json" && programHook(key, value))
          c.add(R.ARG_INJECTION as number, prefix + joinPath(parent, key), joinPath(parent, key));
        if (magicMethodOverride(key, value))
          c.add(R.PHP_HIGHRISK_FUNC as number, prefix + joinPath(parent, key), joinPath(parent, key));
        if (magicHashSecret(key, value))
          c.add(R.PHP_TYPE_JUGGLING as number, prefix + joinPath(parent, key), joinPath(parent, key));
        if (graphql)
          for (const arg of graphqlStrings(value) ?? []) {
            c.scanField(K_BODY_VALUE, arg, prefix, joinPath(parent, key), "arg");
            // A Relay node id or cursor is Base64 the server decodes (`nodeId: "WyJhY2NvdW50cyIsMV0g…"`).
            const decoded = arg.length >= 16 ? base64Line(arg) : null;
            if (decoded !== null) c.scanField(K_BODY_VALUE, decoded, prefix, joinPath(parent, key), "arg.b64");
            checkBreakouts(c, joinPath(parent, key), "arg", arg, prefix);
          }
      },
      name: (format, parent, key) => {
        c.scanField(K_BODY_NAME, key, NAME_PREFIX[format], parent, key);
        if (format === "form" || format === "multipart") {
          checkParamName(c, key, NAME_PREFIX[format] + key, VALUE_PREFIX[format] + key);
          if (credentialBracketName(key)) c.add(R.CREDENTIAL_TYPE as number, NAME_PREFIX[format] + key, key);
          if (camelParameter(key)) c.add(R.INTERNAL_HEADER as number, NAME_PREFIX[format] + key, key);
        }
        // A credential's keys (`{"password":{"not":""}}`): the reader hands an object's keys over one after
        // another with the same parent, so whether that parent is a credential's is asked once.
        if (format === "json" && parent !== credentialAt) {
          credentialAt = parent;
          credentialUnder = credentialParent(parent);
        }
        if (format === "json" && credentialUnder) {
          const path = joinPath(parent, key);
          if (credentialOperator(parent, key)) c.add(R.NOSQL_OPERATOR as number, NAME_PREFIX.json + path, path);
          if (credentialObject(parent, key)) c.add(R.CREDENTIAL_TYPE as number, NAME_PREFIX.json + path, path);
        }
        if (grants !== undefined) {
          grants.name(key);
          if (!booleanKeys && format === "json" && (booleanCredential(key) || adminFlag(key))) booleanKeys = true;
        }
        // A privilege field named twice in one object (request-shape.ts): parsers keep different copies.
        if (format === "json" && privilegeKey(key)) {
          const path = joinPath(parent, key);
          privileges ??= new Set();
          if (privileges.has(path)) c.add(R.JSON_DUPLICATE_KEY as number, NAME_PREFIX.json + path, path);
          privileges.add(path);
        }
        // {"constructor":{"prototype":{…}}}: each key alone is innocent, the path is the pollution.
        if (key === "prototype" && parent.slice(parent.lastIndexOf(".") + 1) === "constructor") {
          const path = joinPath(parent, key);
          c.add(R.PROTO_POLLUTION as number, NAME_PREFIX[format] + path, path);
        }
      },
      filename: (path, filename) => c.scan(K_FILENAME, filename, "body:multipart.", `${path}.filename`, path),
      ambiguous: (format, path) => c.add(R.MULTIPART_AMBIGUOUS as number, VALUE_PREFIX[format] + path, path),
      charset: (format, path) => c.add(R.CHARSET_EVASION as number, VALUE_PREFIX[format] + path, path),
      formOfJson: (on) => {
        formOfJson = on;
      },
      script: (format, parent, key) => addMarkupScript(c, VALUE_PREFIX[format], joinPath(parent, key), key),
    });
    if (formFields.length > 1) scanRepeated(c, formFields, K_BODY_VALUE, VALUE_PREFIX.form);
    if (formFields.length > 0) checkRedirects(c, formFields, VALUE_PREFIX.form, host);
    for (const [name, value] of formFields) checkJsfState(c, name, value, VALUE_PREFIX.form);
    checkXmlStylesheet(c, input.body);
    if (amplifiedXmlBody(input.body.bytes.subarray(0, limit))) c.add(R.XML_ENTITY_EXPANSION as number, "body:raw", "");
    // A body that is a store's command as a whole (`SLAVEOF/198.51.100.23/21000` to Webdis).
    if (storeCommandBody(input.body.bytes)) c.add(R.STORE_COMMAND as number, "body:raw", "");
    bodyOverLimit = report.overLimit;
    parseErrors = report.parseErrors;
    if (jsonText(input.body)) {
      const bytes = input.body.bytes.subarray(0, limit);
      if (handEscapedAscii(bytes)) c.add(R.JSON_ESCAPED_ASCII as number, "body", "");
      if (hasDollarKey(bytes)) filterWidening(c, bytes);
      // A body the reader did not hand over whole as JSON (malformed, past its bounds, JSON Lines) is walked
      // whatever its keys.
      if (grants !== undefined && (booleanKeys || !report.jsonWhole))
        for (const b of jsonBooleans(bytes, limit)) {
          if (booleanCredential(b.key)) c.add(R.CREDENTIAL_TYPE as number, VALUE_PREFIX.json + b.key, b.key);
          if (b.value) grants.flag(privilegeField(b.key), VALUE_PREFIX.json + b.key);
        }
    }
    if (grants !== undefined)
      for (const g of grants.counted(input.rawPath)) c.add(R.PRIVILEGE_ASSIGNMENT as number, g.path, "");
    const wildcard = logins?.found;
    if (wildcard) c.add(R.LDAP_INJECTION as number, wildcard.prefix + wildcard.path, wildcard.path);
    if (resets?.found)
      c.add(R.RESET_EXTRA_RECIPIENT as number, resets.found.prefix + resets.found.path, resets.found.path);
    if (bodyOverLimit) c.add(R.BODY_OVER_LIMIT as number, "body", "");
    if (parseErrors.length > 0) c.add(R.BODY_PARSE_ERROR as number, "body", "");
  }
  // Only a request with a SELECT finding is asked whether it is a TAP service's (a body's head decoded).
  if (c.matches.some((m) => m.rule === "942180" || m.rule === "942190") && tapService(input)) withdrawAdqlSelect(c);
  const counted = new Set<string>();
  let score = 0;
  for (const m of c.matches) {
    if (counted.has(m.rule)) continue;
    counted.add(m.rule);
    score += m.severity;
  }
  const threshold = options.threshold > 0 ? options.threshold : 5;
  return { score, block: score >= threshold, matches: c.matches, bodyOverLimit, parseErrors };
}

/** Inspects one request with the given scanner. Never throws. */
export function inspectWithScanner(
  scanner: ValueScanner,
  input: SignatureInput,
  options: SignatureOptions,
): SignatureResult {
  try {
    return inspectUnsafe(scanner, input, options);
  } catch (e) {
    // A trap in the Wasm module is a dependency failure: the caller's fail mode decides (open: rerun on
    // the TypeScript reference; closed: fail the request). Anything else is a bug on odd input: safe result.
    if (e instanceof WebAssembly.RuntimeError) throw e;
    return {
      score: 0,
      block: false,
      matches: [],
      bodyOverLimit: false,
      parseErrors: [`internal_error: ${(e as Error)?.message ?? String(e)}`],
    };
  }
}
