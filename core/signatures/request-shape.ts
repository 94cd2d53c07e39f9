/**
 * @module core/signatures/request-shape
 * Requests shaped to get past an application's own checks rather than to
 * inject anything:
 * - a header a framework or a front end sets for itself, sent by a client
 *   (`x-middleware-subrequest`: Next.js skipped its middleware, CVE-2025-29927;
 *   `x-invoke-path`, `x-now-route-matches`, `x-original-url`,
 *   `x-pan-authcheck`, WooCommerce Payments' `x-wcpay-platform-checkout-user`,
 *   Camel's `CamelExec…`): apiward is the edge, so no client has a reason to;
 * - a path whose ASP.NET cookieless-session tokens (`/(S(x))`) hide a private
 *   folder from IIS's request filtering (`/b/(S(x))in/App.dll`);
 * - a path that percent-encodes a letter or a digit, or encodes a character
 *   twice (`/%61dmin`, `/%2561dmin/…`): no client encodes what needs no
 *   encoding, and a path-prefix ACL compares the encoded form;
 * - a filter on a secret field (`filters[author][password][$startsWith]=$2a$10$`,
 *   `filter=authors.password:~^'$2a'`, `{"password":{"_starts_with":…}}`):
 *   a query API answers yes or no to each guessed prefix, which leaks the
 *   hash or the reset token a character at a time (Strapi's, Directus',
 *   Ghost's and PocketBase's advisories). Also in an ORM's own lookup syntax
 *   (Django's `author__password__startswith`, Ransack's
 *   `q[reset_password_token_start]`), a token-like field under a prefix or
 *   pattern operator (`filter[token][_starts_with]`: an exact match on a
 *   token is how an app looks one up), a secret in a query API's projection
 *   (`$select=UserName,PasswordHash`, `fields[users]=password_digest`), and
 *   a filter's text that tests one (`attribute_exists(passwordHash)`);
 * - a JSON object that names a privilege field twice (`"roles":["_admin"],
 *   "roles":[]`): CouchDB's Erlang parser kept the first, its JavaScript
 *   validator the last (CVE-2017-12635); any two parsers may disagree.
 */

const INTERNAL_HEADERS: ReadonlySet<string> = new Set([
  "x-middleware-subrequest",
  "x-invoke-path",
  "x-invoke-query",
  "x-invoke-output",
  "x-invoke-status",
  "x-now-route-matches",
  "x-react-router-spa-mode",
  "x-original-url",
  "x-rewrite-url",
  "x-pan-authcheck",
  // WooCommerce Payments' platform checkout took it for a signed-in user id (CVE-2023-28121).
  "x-wcpay-platform-checkout-user",
  // serverless-express and serverless-http read API Gateway's event from them, the authorizer's claims included.
  "x-apigateway-event",
  "x-apigateway-context",
]);

/**
 * Headers an authenticating proxy sets for the application behind it, naming who signed in or what
 * certificate was shown (oauth2-proxy's `x-forwarded-user`, Kong's `x-consumer-username` and
 * `x-userinfo`, AWS ALB's `x-amzn-oidc-*`, Azure's `x-ms-client-principal*`, IAP's
 * `x-goog-authenticated-*`, Envoy's `x-forwarded-client-cert` and `x-envoy-internal`, Grafana's
 * `x-webauth-user`): sent by a client, they claim an identity no one checked. The app's own
 * `trusted_proxies` may send them.
 */
const IDENTITY_HEADERS: ReadonlySet<string> = new Set([
  "x-forwarded-user",
  "x-forwarded-email",
  "x-forwarded-preferred-username",
  "x-forwarded-groups",
  "x-forwarded-access-token",
  "x-auth-request-user",
  "x-auth-request-email",
  "x-auth-request-preferred-username",
  "x-auth-request-groups",
  "x-auth-request-access-token",
  "x-consumer-id",
  "x-consumer-custom-id",
  "x-consumer-username",
  "x-consumer-groups",
  "x-authenticated-userid",
  "x-authenticated-scope",
  "x-authenticated-groups",
  "x-credential-identifier",
  "x-credential-username",
  "x-anonymous-consumer",
  "x-userinfo",
  "x-amzn-oidc-data",
  "x-amzn-oidc-identity",
  "x-amzn-oidc-accesstoken",
  "x-ms-client-principal",
  "x-ms-client-principal-id",
  "x-ms-client-principal-name",
  "x-ms-client-principal-idp",
  "x-goog-authenticated-user-email",
  "x-goog-authenticated-user-id",
  "x-goog-iap-jwt-assertion",
  "x-remote-user",
  "remote-user",
  "x-remote-group",
  "x-webauth-user",
  "x-forwarded-client-cert",
  "x-ssl-client-cert",
  "x-ssl-client-verify",
  "x-ssl-client-dn",
  "x-client-verify",
  "x-envoy-internal",
  "x-envoy-original-path",
  "x-envoy-external-address",
]);

/**
 * Is `name` (lower-cased) a header an authenticating proxy sets for who the client is (IDENTITY_HEADERS)?
 * Also written with underscores (`x_forwarded_user`): a proxy that strips the dashed name lets it by,
 * and CGI, WSGI and Rack name both `HTTP_X_FORWARDED_USER` for the app.
 */
export function identityHeader(name: string): boolean {
  return IDENTITY_HEADERS.has(name) || (name.includes("_") && IDENTITY_HEADERS.has(name.replaceAll("_", "-")));
}

/**
 * Kubernetes' impersonation headers (`Impersonate-User`, `Impersonate-Group`) naming the cluster's
 * administrators: `system:masters` bypasses every authorization check, and a proxy in front of the
 * API server (Rancher's, a dashboard's) that forwards a client's impersonation acts as whoever it
 * names. An administrator's `kubectl --as` names a user or a namespace's account, rarely the masters.
 */
export function impersonatesAdmin(name: string, value: string): boolean {
  if (!name.startsWith("impersonate-")) return false;
  const v = value.trim().toLowerCase();
  return (
    v === "system:masters" ||
    v === "system:admin" ||
    v === "cluster-admin" ||
    (name === "impersonate-user" && v === "admin")
  );
}

/** Is `name` (lower-cased) a header only a framework or a front end sets? */
export function internalHeader(name: string): boolean {
  // Apache Camel's own message headers (`CamelExecCommandExecutable`, `CamelFileName`), which its
  // HTTP components once let a client set (CVE-2025-27636).
  return INTERNAL_HEADERS.has(name) || name.startsWith("camel");
}

/**
 * A parameter named as one of Apache Camel's exec, file, HTTP or bean headers, in any case
 * (`CAmelExecCommandExecutable=ls`): Camel's HTTP components bind request parameters to message
 * headers, and a case its filter missed reaches the exec endpoint (CVE-2025-29891).
 */
export function camelParameter(name: string): boolean {
  if (name.length < 9 || (name.charCodeAt(0) | 0x20) !== 0x63) return false;
  const n = name.toLowerCase();
  return (
    n.startsWith("camelexec") || n.startsWith("camelfile") || n.startsWith("camelhttp") || n.startsWith("camelbean")
  );
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

function alnum(b: number): boolean {
  const l = b | 0x20;
  return (l >= 0x61 && l <= 0x7a) || (b >= 0x30 && b <= 0x39);
}

/** Does the raw path percent-encode a letter or digit, once or twice? */
export function obfuscatedPath(rawPath: string): boolean {
  for (let i = rawPath.indexOf("%"); i >= 0 && i + 2 < rawPath.length; i = rawPath.indexOf("%", i + 1)) {
    const h = hexValue(rawPath.charCodeAt(i + 1));
    const l = hexValue(rawPath.charCodeAt(i + 2));
    if (h < 0 || l < 0) continue;
    const b = (h << 4) | l;
    if (alnum(b)) return true;
    if (b === 0x25 && i + 4 < rawPath.length) {
      const h2 = hexValue(rawPath.charCodeAt(i + 3));
      const l2 = hexValue(rawPath.charCodeAt(i + 4));
      const b2 = (h2 << 4) | l2;
      // A slash or a dot encoded twice is an object key's own `%2F` (S3, GCS); a letter never is.
      if (h2 >= 0 && l2 >= 0 && alnum(b2)) return true;
    }
  }
  return false;
}

/**
 * A path a server behind the edge reads differently from a rule that compares it as written, the
 * way a gateway's ACL is walked around: a dot segment written encoded (`/api/%2e/internal`: no
 * client encodes one), an empty path parameter before a slash (`/actuator;/env`: Tomcat and Spring
 * drop `;`, a prefix rule on `/actuator/` does not) or ending the path (`/InsightPluginShowGeneral
 * Configuration.jspa;`: Jira's Seraph matched the action's name with the `;` and let it through,
 * CVE-2022-0540), a tab or other control character (`/admin%09/`), or a no-break space or NEL ending a
 * segment (`/admin%C2%A0`), or a script's name followed by an encoded `?` (`/index.php%3F.php/…`), or
 * a dot segment left as written (`/./RestAPI/…`).
 */
export function confusingPath(rawPath: string): boolean {
  if (rawPath.includes(";/") || rawPath.endsWith(";") || extensionPathParameter(rawPath)) return true;
  // A dot segment as written (`/./RestAPI/s247action`): a client's URL parser removes it, so a request
  // that keeps one was built to walk past a filter that compares the path's start (ManageEngine's).
  if (rawPath.includes("/./") || rawPath.endsWith("/.")) return true;
  if ((rawPath.includes("%3F") || rawPath.includes("%3f")) && SCRIPT_THEN_QUESTION.test(rawPath)) return true;
  for (let i = rawPath.indexOf("%"); i >= 0 && i + 2 < rawPath.length; i = rawPath.indexOf("%", i + 1)) {
    const h = hexValue(rawPath.charCodeAt(i + 1));
    const l = hexValue(rawPath.charCodeAt(i + 2));
    if (h < 0 || l < 0) continue;
    const b = (h << 4) | l;
    // A C0 control other than NUL, CR and LF (their own rules), or DEL.
    if ((b < 0x20 && b !== 0x00 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return true;
    // A no-break space or NEL (`%C2%A0`, `%85`) ending a segment: Node's and Python's trim drop it behind
    // a proxy that matched `/admin` exactly (`/admin%C2%A0`).
    if ((b === 0xa0 || b === 0x85) && segmentEnd(rawPath, i + 3) && !continuationByte(rawPath, i)) return true;
    if (b === 0x2e && encodedDotSegment(rawPath, i)) return true;
  }
  return false;
}

/**
 * Is the escaped byte at `i` the last byte of another character (`✅` is `%E2%9C%85`)? It is the
 * character itself when no escape comes before it, or `%C2` does (U+0085, U+00A0 in UTF-8).
 */
function continuationByte(rawPath: string, i: number): boolean {
  if (i < 3 || rawPath.charCodeAt(i - 3) !== 0x25) return false;
  const prev = (hexValue(rawPath.charCodeAt(i - 2)) << 4) | hexValue(rawPath.charCodeAt(i - 1));
  return prev >= 0x80 && prev !== 0xc2;
}

/**
 * A script's name, then an encoded `?` (`/client/index.php%3F.php/gsb/users.php`): Apache's
 * rewrites decode it into a query and run `index.php`, while a rule matched the path's `.php` end
 * (Orange Tsai's confusion attacks, CVE-2024-38474).
 */
const SCRIPT_THEN_QUESTION = /\.(?:php\d?|phtml|phar|jsp|jspx|aspx?|ashx|cgi|pl)%3f/i;

/** Does a path segment end at `at` (the path's end, a `/`, or an encoded `/`)? */
function segmentEnd(rawPath: string, at: number): boolean {
  if (at >= rawPath.length) return true;
  const c = rawPath.charCodeAt(at);
  return c === 0x2f || c === 0x3b || (c === 0x25 && rawPath.slice(at + 1, at + 3).toLowerCase() === "2f");
}

/**
 * A path parameter that is only a file extension, ending its segment (`/app/rest/users;.jsp`,
 * `/admin;.css/`): Tomcat drops the parameter and serves `/app/rest/users`, while a filter that
 * reads the path's end sees a `.jsp` page or a stylesheet it lets through without a login
 * (TeamCity's CVE-2024-27198, Spring Security's bypasses). Also a value that is such a path
 * (TeamCity's `?jsp=/app/rest/users;.jsp`, forwarded to inside the server). A real path
 * parameter has a name and a value (`;jsessionid=…`).
 */
export function extensionPathParameter(path: string): boolean {
  for (let i = path.indexOf(";."); i >= 0; i = path.indexOf(";.", i + 1)) {
    let k = i + 2;
    while (k < path.length && k - i < 8 && isAsciiAlnum(path.charCodeAt(k))) k++;
    if (k === i + 2) continue;
    const c = k < path.length ? path.charCodeAt(k) : -1;
    if (c === -1 || c === 0x2f || c === 0x3f || c === 0x23) return true;
  }
  return false;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * A path that a cache takes for a static file while the application serves the page before it (web
 * cache deception): a delimiter the application stops at right before a static extension that ends
 * the path (`/profile;.js`, `/settings%3f.jpg`, `/profile%23.css`, `/me%00.js`), or a file name that is
 * only an extension (`/billing/invoices/.css`). The victim's page is then cached as that file.
 */
export function cacheDeceptionPath(rawPath: string): boolean {
  return CACHE_DECEPTION.test(rawPath);
}

const CACHE_DECEPTION =
  /(?:;|%3b|%3f|%23|%00|%0a|%0d|%09|\/)\.(?:css|js|mjs|png|jpe?g|gif|svg|ico|woff2?|ttf|eot|avif|webp|map|txt)$/i;

/** The `%2e` at `at` is part of a segment made only of one or two dots (`/%2e/`, `/.%2e`, `/%2e%2e?`). */
function encodedDotSegment(rawPath: string, at: number): boolean {
  let s = at;
  while (s > 0 && rawPath.charCodeAt(s - 1) !== 0x2f) s--;
  let e = at;
  while (e < rawPath.length && rawPath.charCodeAt(e) !== 0x2f && rawPath.charCodeAt(e) !== 0x3f) e++;
  const segment = rawPath.slice(s, e).toLowerCase().replaceAll("%2e", ".");
  return s > 0 && (segment === "." || segment === "..");
}

/** An ASP.NET cookieless-session token in a path (`/(S(x))`, `/(A(…))`), with the slash before it. */
const COOKIELESS_TOKEN = /\/\([A-Za-z]\([^()/]*\)\)/g;
/** What ASP.NET never serves, in a path it has stripped the tokens from. */
const ASPNET_PRIVATE =
  /\/(?:bin|app_data|app_code|app_globalresources|app_webreferences)(?:\/|$)|web\.config|\.\.(?:\/|$)/i;

/**
 * A path whose ASP.NET cookieless-session tokens hide its target: ASP.NET removes `/(S(x))` before
 * it maps the path, so `/b/(S(x))in/App.dll` is `/bin/App.dll` to it while IIS's request filtering
 * saw no `/bin/` (CVE-2023-36899). A token alone before an ordinary page is a session.
 */
export function cookielessPath(rawPath: string): boolean {
  if (!rawPath.includes("/(")) return false;
  const stripped = rawPath.replace(COOKIELESS_TOKEN, "");
  if (stripped === rawPath) return false;
  return ASPNET_PRIVATE.test(stripped.replaceAll("%2e", ".").replaceAll("%2E", "."));
}

/** Secret fields, lower-cased without `_` and `-`. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  "password",
  "passwd",
  "passwordhash",
  "hashedpassword",
  "resetpasswordtoken",
  "passwordresettoken",
  "resettoken",
  "otpsecret",
  "totpsecret",
  "mfasecret",
  "passworddigest",
  "encryptedpassword",
  "securitystamp",
  "verificationtoken",
]);
/** Token-like fields: looked up by exact match, leaked by a prefix or a pattern (lower-cased, no `_`). */
const TOKEN_FIELDS: ReadonlySet<string> = new Set([
  "token",
  "apikey",
  "apitoken",
  "accesstoken",
  "refreshtoken",
  "sessiontoken",
  "secret",
  "secretkey",
  "privatekey",
  "clientsecret",
]);
/** A token-like field, by name or by its last word (`spree_api_key`, `confirmation_token`, `webhook_secret`). */
function tokenField(field: string): boolean {
  return TOKEN_FIELDS.has(field) || field.endsWith("apikey") || field.endsWith("token") || field.endsWith("secret");
}

/** Operators that answer a guess at part of a value (lower-cased, without `$` and `_`). */
const ORACLE_OPERATORS: ReadonlySet<string> = new Set([
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
  "regex",
  "iregex",
  "like",
  "ilike",
  "contains",
  "icontains",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "range",
]);
/** Ransack's predicates, as name suffixes (`reset_password_token_start`), longest first. */
const RANSACK_PREDICATES: readonly string[] = [
  "_start_any",
  "_cont_any",
  "_not_eq",
  "_i_cont",
  "_matches",
  "_start",
  "_end",
  "_cont",
  "_gteq",
  "_lteq",
  "_gt",
  "_lt",
  "_eq",
  "_in",
];
/** Parameters that choose the fields a query API returns (OData, JSON:API, GraphQL-over-REST). */
/** Elasticsearch's source filtering (`_source=email,reset_token`) is a projection too. */
const PROJECTION_PARAMS: ReadonlySet<string> = new Set(["$select", "$expand", "fields", "select", "_source"]);
/** Parameter names that take a filter, whose bracketed parts (`filters[author][password]`) name fields. */
const FILTER_PARAMS: ReadonlySet<string> = new Set(["filter", "filters", "where", "query", "queries"]);
/**
 * Of those, the ones whose text is a filter language rather than a search box's words
 * (`query=password: reset` is a question).
 */
const FILTER_TEXT_PARAMS: ReadonlySet<string> = new Set(["filter", "filters", "where", "queries"]);
/** A secret field's name, then an operator (`:`, `~`, `=`, `!`, `<`, `>`), within a filter's text. */
const SECRET_CONDITION =
  /(?:^|[^a-z0-9_])(?:password(?:_?hash)?|passwd|hashed_?password|reset_?password_?token|password_?reset_?token|reset_?token|(?:otp|totp|mfa)_?secret)["']?\s*[:~=!<>]|\(\s*#?(?:password_?hash|hashed_?password|reset_?password_?token|password_?reset_?token|reset_?token)\s*[),]/i;
/** Lucene's and Elasticsearch's `_exists_:password`: the records that hold a secret, asked for by any search box. */
const EXISTS_SECRET =
  /_exists_\s*:\s*["']?(?:password(?:_?hash)?|passwd|hashed_?password|reset_?(?:password_?)?token|(?:otp|totp|mfa)_?secret)\b/i;

/**
 * Lucene's, KQL's and Solr's `field:*` on a secret (`password_hash:*`, `user.api_key:*`): every record
 * that holds one, asked for by any search box. A YAML alias (`api_key: *default`) names its anchor.
 */
const WILDCARD_SECRET =
  /(?:^|[^a-z0-9_])(?:password(?:_?hash)?|passwd|hashed_?password|reset_?(?:password_?)?token|(?:otp|totp|mfa)_?secret|api_?key|secret_?key|private_?key)["']?\s*:\s*\*(?![a-z0-9_])/i;

/** A token-like field under a prefix or pattern operator, in a filter's JSON (`{"sessionToken":{"$regex":"^r:"}}`). */
const TOKEN_ORACLE =
  /["']?(?:session_?token|api_?(?:key|token)|access_?token|refresh_?token|token|client_?secret|secret(?:_?key)?|private_?key)["']?\s*:\s*\{\s*["']?[$_]?(?:i?regex|i?starts_?with|i?ends_?with|i?like|gte?|lte?|i?contains)\b/i;

export function fieldName(part: string): string {
  // Most names are ASCII without `_` or `-`: lower-cased (camelCase) or returned as they are.
  let upper = false;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c === 0x5f || c === 0x2d || c >= 0x80) return part.toLowerCase().replaceAll("_", "").replaceAll("-", "");
  }
  return upper ? part.toLowerCase() : part;
}

/**
 * The field name of a path's last part (`user[email][]` → `email`, `user.Pass_Word` → `password`),
 * as `fieldName` reads it; with `skipIndexes`, a part of digits only (an array's index) is passed over.
 */
export function lastFieldName(path: string, skipIndexes: boolean): string {
  const parts = path.split(/[[\].]+/).filter((p) => p.length > 0 && !(skipIndexes && /^\d+$/.test(p)));
  return fieldName(parts[parts.length - 1] ?? "");
}

/**
 * The last part of a JSON key's parent path as a field name, for the two credential checks that ask it
 * of every key: the keys of one object share their parent, so the last parent's answer is kept.
 */
let lastParent: string | undefined;
let lastParentField = "";
function parentField(parent: string, start: number): string {
  if (parent !== lastParent) {
    lastParent = parent;
    lastParentField = fieldName(parent.slice(start));
  }
  return lastParentField;
}

function operatorName(part: string): string {
  return part.toLowerCase().replaceAll("_", "").replaceAll("$", "");
}

/** The parts before the last name a secret, or a token-like field when the last part is an oracle operator. */
function secretBeforeOperator(parts: readonly string[], from: number): boolean {
  const oracle = ORACLE_OPERATORS.has(operatorName(parts[parts.length - 1] as string));
  for (let k = from; k < parts.length; k++) {
    const field = fieldName(parts[k] as string);
    if (SECRET_FIELDS.has(field) || (oracle && k < parts.length - 1 && tokenField(field))) return true;
  }
  return false;
}

/** Django's lookups: `author__password__startswith`, a relation's secret under any lookup. */
function djangoLookup(name: string): boolean {
  const parts = name.split("__");
  return parts.length >= 2 && parts[0] !== "" && secretBeforeOperator(parts, 0);
}

/** A secret field reached through an association (`user_encrypted_password`: a user's `encrypted_password`). */
function associatedSecret(field: string): boolean {
  for (const secret of SECRET_FIELDS) if (field.length > secret.length && field.endsWith(secret)) return true;
  return false;
}

/**
 * Ransack's `q[reset_password_token_start]`: a secret field and a predicate in one name; under a
 * prefix or pattern predicate, a token-like field or a secret through an association
 * (`q[user_encrypted_password_start]`) too.
 */
function ransackPredicate(name: string): boolean {
  if (!name.startsWith("q[") || !name.endsWith("]")) return false;
  const inner = name.slice(2, -1);
  for (const suffix of RANSACK_PREDICATES) {
    if (!inner.endsWith(suffix)) continue;
    const field = fieldName(inner.slice(0, -suffix.length));
    const oracle = suffix !== "_eq" && suffix !== "_not_eq" && suffix !== "_in";
    return SECRET_FIELDS.has(field) || (oracle && (tokenField(field) || associatedSecret(field)));
  }
  return false;
}

/** Fields a login compares a secret against (lower-cased, no `_`). */
const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set(["password", "passwd", "pass", "pwd", "passcode", "pin", "otp"]);
/** A reset's or a verification's one-time token, at a body's top level (lower-cased, no `_`). */
const ONE_TIME_TOKENS: ReadonlySet<string> = new Set([
  "token",
  "resettoken",
  "resetpasswordtoken",
  "passwordresettoken",
  "confirmationtoken",
  "verificationtoken",
  "verificationcode",
  "otpcode",
  "mfacode",
  "totp",
]);
/** An ORM's or a store's comparison, as a key (Prisma's `not`, Sequelize's, DynamoDB's legacy `ComparisonOperator`). */
const OPERATOR_KEYS: ReadonlySet<string> = new Set([
  "not",
  "ne",
  "neq",
  "equals",
  "in",
  "notin",
  "nin",
  "lt",
  "lte",
  "gt",
  "gte",
  "contains",
  "startswith",
  "endswith",
  "like",
  "ilike",
  "regex",
  "exists",
  "comparisonoperator",
]);

/**
 * A JSON key `key` under `parent` that makes a credential a comparison: `{"password":{"not":""}}` is
 * "any password but the empty one" to Prisma, `{"password":{"ComparisonOperator":"NE",…}}` to
 * DynamoDB's Scan: a login that matches every account. A real login sends the secret as a string.
 */
export function credentialOperator(parent: string, key: string): boolean {
  if (key.length > 20 || !credentialParent(parent)) return false;
  const op = operatorName(key);
  if (!OPERATOR_KEYS.has(op)) return false;
  // A one-time token deeper in a filter (`{"where":{"author":{"is":{"resetToken":{"startsWith":"7f"}}}}}`):
  // only an operator that answers a character at a time makes it an oracle; filters look tokens up.
  const start = parent.lastIndexOf(".") + 1;
  return start === 0 || CREDENTIAL_FIELDS.has(parentField(parent, start)) || ORACLE_OPERATORS.has(op);
}

/**
 * Can a key under `parent` be a credential's operator or object (`credentialOperator`,
 * `credentialObject`)? Asked once per parent by a reader that hands over keys in order: most
 * objects are no credential's.
 */
export function credentialParent(parent: string): boolean {
  // The parent's last part, by its length first.
  const start = parent.lastIndexOf(".") + 1;
  const length = parent.length - start;
  if (length < 3 || length > 24) return false;
  const field = parentField(parent, start);
  // A one-time token: of the body's own (`{"token":{"not":"x"}}` to a reset), or deeper in a filter,
  // where only an oracle operator counts (credentialOperator).
  return CREDENTIAL_FIELDS.has(field) || ONE_TIME_TOKENS.has(field);
}

/**
 * A credential given as an object that names a credential (`{"password":{"password":1}}`): mysqljs
 * writes an object as `key = value` pairs, so the check becomes `password = password = 1`, true for
 * every row. No login sends its secret as an object.
 */
export function credentialObject(parent: string, key: string): boolean {
  const start = parent.lastIndexOf(".") + 1;
  const length = parent.length - start;
  if (length < 3 || length > 10 || key.length < 3 || key.length > 10) return false;
  return CREDENTIAL_FIELDS.has(parentField(parent, start)) && CREDENTIAL_FIELDS.has(fieldName(key));
}

/**
 * The same in a form's or a query's bracket syntax (`password[password]=1`, `user[pass][pwd]=x`): qs,
 * PHP and Rails build the object from the name, and the login hands it to the query as above.
 */
export function credentialBracketName(name: string): boolean {
  if (name.length > 64 || !name.endsWith("]")) return false;
  const parts = name.split(/[[\]]+/).filter((p) => p.length > 0);
  return parts.length >= 2 && credentialObject(parts[parts.length - 2] as string, parts[parts.length - 1] as string);
}

/** Password fields that `true` or `false` is never a value of (`pass` and `pin` are a test's result and a pinned item too). */
const PASSWORD_ONLY: ReadonlySet<string> = new Set(["password", "passwd", "pwd", "passcode", "userpassword"]);

/** Is a JSON key holding `true` or `false` a password field? */
export function booleanCredential(key: string): boolean {
  if (key.length < 3 || key.length > 16) return false;
  // Every such field opens with p or u; a key opening with another letter is none, with no lookup.
  const c = key.charCodeAt(0) | 0x20;
  if (c >= 0x61 && c <= 0x7a && c !== 0x70 && c !== 0x75) return false;
  return PASSWORD_ONLY.has(fieldName(key));
}

/** A projection naming a secret field: `$select=UserName,PasswordHash`, `$expand=Owner($select=PasswordHash)`. */
function secretProjection(head: string, value: string): boolean {
  if (!PROJECTION_PARAMS.has(head) || value.length > 2048) return false;
  for (const field of value.split(/[\s,;()=$/.]+/)) {
    const f = fieldName(field);
    // A form builder's `fields=name,email,password` names an input; a hash or a stamp is never one.
    if (f !== "password" && f !== "passwd" && SECRET_FIELDS.has(f)) return true;
  }
  return false;
}

/**
 * A search box's query syntax (Lucene's, Elasticsearch's `query_string`) asking a secret field by its
 * path or with a regular expression: `owner.password:/\$2[aby]\$.*\/` guesses a hash a character at a
 * time. `password: forgotten` is a question.
 */
const SEARCH_SECRET =
  /(?:[A-Za-z_]\w{0,40}\.)+(?:password|passwd|password_?hash|hashed_?password)\s*:|\b(?:password|passwd|password_?hash|hashed_?password)\s*:\s*\/(?!\s)/i;
/** A JSON filter's projection: LoopBack's `"fields":["email","password"]` or `{"password":true}`, an include's scope's too. */
const JSON_PROJECTION = /"fields"\s*:\s*(\[[^\]]{0,512}\]|\{[^}]{0,512}\})/g;
/** A projection's member kept: `"password": true` or `1` (`false` and `0` leave it out). */
const KEPT_MEMBER = /"([^"]{1,64})"\s*:\s*(?:true|1)\b/g;

/** Does a JSON filter project a secret field (its array names one, or its object keeps one)? */
function jsonSecretProjection(value: string): boolean {
  if (value.length > 4096 || !value.includes('"fields"')) return false;
  for (const m of value.matchAll(JSON_PROJECTION)) {
    const list = m[1] as string;
    const names =
      list.charCodeAt(0) === 0x5b
        ? list.slice(1, -1).split(/["\s,]+/)
        : [...list.matchAll(KEPT_MEMBER)].map((k) => k[1] as string);
    for (const n of names) if (n.length > 0 && SECRET_FIELDS.has(fieldName(n))) return true;
  }
  return false;
}

/** Strapi v3's filter operators, a suffix of the field's name (`password_contains`, `email_eq`). */
const STRAPI_V3_OPERATOR = /_(?:eq|ne|lt|gt|lte|gte|in|nin|contains|ncontains|containss|ncontainss|null)\]?$/i;

/**
 * Strapi v3's filter on a secret field, alone or under `_where` (`password_contains=$2a$10$`,
 * `_where[password_contains]=…`, `_where[0][reset_password_token_null]=false`): the hash read back a
 * character at a time, as v4's `filters[password][$startsWith]` reads it.
 */
function strapiSecretFilter(name: string): boolean {
  const m = STRAPI_V3_OPERATOR.exec(name);
  if (m === null) return false;
  const bracketed = name.endsWith("]");
  if (bracketed && !name.startsWith("_where[")) return false;
  return SECRET_FIELDS.has(fieldName(name.slice(bracketed ? name.lastIndexOf("[") + 1 : 0, m.index)));
}

/** Does the query or form parameter `name`=`value` filter on a secret field? */
export function secretFieldFilter(name: string, value: string): boolean {
  // The name's first letter, then its head, without allocating: most parameters are no filter. Every
  // head read here opens with f, w, q, s or `$` (filter, where, query, select, $select); Django's
  // lookups have their `__`.
  const c0 = name.charCodeAt(0);
  const l0 = c0 | 0x20;
  if (value.length < 4096 && value.includes("_exists_") && EXISTS_SECRET.test(value)) return true;
  if (name.length <= 64 && strapiSecretFilter(name)) return true;
  if (value.length < 4096 && value.includes("*") && WILDCARD_SECRET.test(value)) return true;
  if (l0 !== 0x66 && l0 !== 0x77 && l0 !== 0x71 && l0 !== 0x73 && c0 !== 0x24 && c0 !== 0x5f && !name.includes("__"))
    return false;
  let h = 0;
  while (h < name.length && name.charCodeAt(h) !== 0x5b && name.charCodeAt(h) !== 0x2e) h++;
  const head = h > 7 ? "" : name.slice(0, h).toLowerCase();
  if (name.includes("__") && djangoLookup(name)) return true;
  if (
    (head === "q" || head === "query" || head === "search") &&
    value.length < 4096 &&
    value.includes("ass") &&
    SEARCH_SECRET.test(value)
  )
    return true;
  if (head === "q") return ransackPredicate(name);
  if (PROJECTION_PARAMS.has(head)) return secretProjection(head, value);
  if (!FILTER_PARAMS.has(head)) return false;
  const parts = name.split(/[[\].]+/).filter((p) => p.length > 0);
  if (parts.length > 1 && secretBeforeOperator(parts, 1)) return true;
  return (
    FILTER_TEXT_PARAMS.has(head) &&
    value.length < 4096 &&
    (SECRET_CONDITION.test(value) ||
      TOKEN_ORACLE.test(value) ||
      (value.charCodeAt(0) === 0x7b && jsonSecretProjection(value)))
  );
}

/**
 * Fields that grant (lower-cased, no `_` or `-`), and the fields that pick what runs (JSON-RPC's
 * `method`, an API's `action` or `operation`): given twice, the parser that checks and the one that
 * stores or dispatches may each take another (`{"method":"account.balance",…,"method":"account.withdrawAll"}`).
 */
const PRIVILEGE_FIELDS: ReadonlySet<string> = new Set([
  "method",
  "action",
  "operation",
  "operationname",
  "roles",
  "role",
  "admin",
  "isadmin",
  "issuperuser",
  "superuser",
  "permissions",
  "groups",
  "scope",
  "scopes",
  "privileges",
  "accesslevel",
]);

/** Is a JSON key a privilege or dispatch field, whose repetition in one object is worth tracking? */
export function privilegeKey(key: string): boolean {
  if (key.length < 4 || key.length > 16) return false;
  // By the first letter before any allocation: every such field opens with one of these.
  const c = key.charCodeAt(0) | 0x20;
  if (c !== 0x72 && c !== 0x61 && c !== 0x69 && c !== 0x73 && c !== 0x70 && c !== 0x67 && c !== 0x6d && c !== 0x6f)
    return false;
  return PRIVILEGE_FIELDS.has(fieldName(key));
}

/** Files that configure the server for the folder they sit in (lower-cased). */
const SERVER_CONFIG_FILES: ReadonlySet<string> = new Set([
  ".htaccess",
  ".user.ini",
  "web.config",
  "php.ini",
  ".htpasswd",
]);

/**
 * A WebDAV or REST write whose target is a server configuration file (`PUT /remote.php/dav/files/admin/.user.ini`,
 * a `MOVE` whose `Destination` ends in `.htaccess`): the folder's next request runs what it says
 * (`auto_prepend_file=avatar.gif`). `target` is the path written to.
 */
export function configFileTarget(target: string): boolean {
  const q = target.search(/[?#]/);
  const path = q < 0 ? target : target.slice(0, q);
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  return name.length >= 7 && name.length <= 32 && SERVER_CONFIG_FILES.has(name.replaceAll("%2e", "."));
}
