// biome-ignore-all lint/suspicious/noTemplateCurlyInString: attack payloads and rule titles are literal text, not templates
/**
 * @module core/signatures/tables/rules
 * The rule catalogue: every rule the engine can report, with its family,
 * severity (5 critical, 4 error, 3 warning, 2 notice: the anomaly score adds
 * them up) and the paranoia level that turns it on. Ids follow the OWASP CRS
 * numbering of families (920 protocol, 930 files, 931 RFI, 932 RCE, 933 PHP,
 * 934 code, 941 XSS, 942 SQLi, 944 Java) so operators' habits and exclusions
 * like "942*" carry over; the rules themselves are apiward's own.
 *
 * The order is the rule index the detectors emit (TS and Wasm alike, through
 * the generated table), so append rather than reorder when a build is already
 * deployed next to stored results.
 */

export interface RuleDef {
  /** Constant name used by the detectors (R_…). */
  key: string;
  id: string;
  family: string;
  paranoia: 1 | 2 | 3 | 4;
  severity: number;
  title: string;
}

const r = (
  key: string,
  id: string,
  family: string,
  paranoia: 1 | 2 | 3 | 4,
  severity: number,
  title: string,
): RuleDef => ({
  key,
  id,
  family,
  paranoia,
  severity,
  title,
});

export const RULES: readonly RuleDef[] = [
  // Protocol (host-side header checks and value checks).
  r(
    "SMUGGLING_CL_TE",
    "920100",
    "protocol",
    1,
    5,
    "Content-Length together with Transfer-Encoding (request smuggling)",
  ),
  r("SMUGGLING_DUP_CL", "920110", "protocol", 1, 5, "Repeated or malformed Content-Length"),
  r("BAD_TE", "920120", "protocol", 1, 5, "Transfer-Encoding other than a plain chunked coding"),
  r("BAD_HEADER_NAME", "920130", "protocol", 1, 4, "Invalid character in a header name"),
  r("METHOD_OVERRIDE", "920140", "protocol", 1, 2, "Method-override header"),
  r("HOST_MISSING", "920150", "protocol", 2, 2, "Missing Host header"),
  r("HOST_ODD", "920151", "protocol", 1, 3, "Host header repeated or with invalid characters"),
  r("HOST_IP", "920152", "protocol", 2, 2, "Host header is an IP address"),
  r("OVERSIZE", "920160", "protocol", 1, 3, "Absurd size: URL, header, argument count or name length"),
  r("BODY_OVER_LIMIT", "920170", "protocol", 1, 2, "Body larger than the inspection limit (rest not inspected)"),
  r("BODY_PARSE_ERROR", "920180", "protocol", 1, 2, "Body does not parse as its content type"),
  r("NUL_BYTE", "920190", "protocol", 1, 3, "NUL byte in a value"),
  r("MULTI_ENCODED", "920200", "protocol", 2, 3, "Value encoded more than once"),
  r("CONTROL_CHARS", "920210", "protocol", 2, 3, "Control characters in a URL, header or cookie value"),
  r("OVERLONG_UTF8", "920220", "protocol", 1, 3, "Overlong UTF-8 encoding (evasion)"),
  r("INVALID_UTF8", "920230", "protocol", 3, 2, "Invalid UTF-8"),
  r(
    "RANGE_ODD",
    "920240",
    "protocol",
    1,
    5,
    "Range header that is no range, with too many ranges or with an offset no file has",
  ),
  r("LEGACY_COOKIE", "920250", "protocol", 2, 3, "Legacy cookie attributes ($Version, $Path)"),
  r("REQUEST_LINE_IN_VALUE", "921110", "protocol", 1, 5, "HTTP request line inside a value (request splitting)"),
  r("HEADER_INJECTION", "921120", "protocol", 1, 5, "CR/LF followed by a header field (header injection)"),
  r("CRLF_IN_FIELD", "921130", "protocol", 1, 5, "CR or LF in the path, a query name, a cookie or a header"),
  r("CRLF_IN_QUERY_VALUE", "921131", "protocol", 1, 5, "CR or LF in a query value"),
  r("MAIL_INJECTION", "921140", "protocol", 1, 5, "SMTP/IMAP command after a line break (mail command injection)"),
  r("LDAP_INJECTION", "921200", "ldap", 1, 5, "LDAP filter injection"),
  // Scanners.
  r("SCANNER_UA", "913100", "scanner", 1, 5, "User agent of a security scanner"),
  r("SCANNER_PATH", "913120", "scanner", 2, 3, "Probe path of a vulnerability scanner"),
  // Files: traversal, local file inclusion, restricted files, uploads.
  r("TRAVERSAL_ENCODED", "930100", "traversal", 1, 5, "Path traversal hidden by encoding"),
  r("TRAVERSAL", "930110", "traversal", 1, 5, "Path traversal (../)"),
  r("TRAVERSAL_WEAK", "930111", "traversal", 2, 3, "Single relative ../ inside a value"),
  r("OS_FILE", "930120", "lfi", 1, 5, "Sensitive operating-system file named in a value"),
  r("RESTRICTED_FILE_PATH", "930130", "lfi", 1, 5, "Sensitive file requested in the URL path"),
  r("HIDDEN_PATH", "930140", "lfi", 2, 3, "Hidden file or directory in the URL path"),
  r("RESTRICTED_EXT", "930150", "lfi", 1, 5, "Backup or secret file extension in the URL path"),
  r("RESTRICTED_EXT_WEAK", "930151", "lfi", 2, 3, "Configuration or log file extension in the URL path"),
  r("CONFIG_UPLOAD", "932180", "upload", 1, 5, "Upload of a server or tool configuration file name"),
  r("PHP_UPLOAD", "933110", "upload", 1, 5, "Upload of a PHP script file name"),
  r("SESSION_FILE", "933220", "upload", 1, 5, "Upload named like a PHP session file"),
  r("JSP_UPLOAD", "944140", "upload", 1, 5, "Upload of a JSP or ASP.NET script file name"),
  // Remote file inclusion and SSRF.
  r("RFI_IP_HOST", "931100", "rfi", 1, 5, "URL with an IP-address host in a parameter"),
  r("RFI_WRAPPER", "931110", "rfi", 1, 5, "Stream wrapper or local scheme in a parameter (php://, file://, phar://…)"),
  r("RFI_TRAILING_QMARK", "931120", "rfi", 1, 5, "URL ending in ? (suffix truncation)"),
  r("RFI_OFFSITE_URL", "931130", "rfi", 2, 3, "Absolute URL in a parameter"),
  r("SSRF_METADATA", "934110", "ssrf", 1, 5, "Cloud metadata endpoint in a parameter"),
  r("SSRF_OBFUSCATED_IP", "934120", "ssrf", 1, 5, "URL host written as an integer, hex, octal or IPv6 literal"),
  r("SSRF_INTERNAL_HOST", "934190", "ssrf", 1, 5, "Loopback or container-internal host in a parameter"),
  // Command injection.
  r("UNIX_CMD", "932100", "rce", 1, 5, "Unix command after a shell separator or in a substitution"),
  r("UNIX_CMD_START", "932105", "rce", 1, 5, "Unix command with shell arguments or a separator"),
  r("UNIX_CMD_ALONE", "932106", "rce", 2, 3, "Value is a lone command name"),
  r("WIN_CMD", "932110", "rce", 1, 5, "Windows command injection"),
  r("WIN_BATCH", "932115", "rce", 1, 5, "Windows batch FOR/IF construct"),
  r("POWERSHELL", "932120", "rce", 1, 5, "PowerShell cmdlet or download cradle"),
  r("SHELL_EXPANSION", "932130", "rce", 1, 5, "Shell expansion: $(…), backticks, ${IFS}, <(…), {a,b}"),
  r("SHELL_OBFUSCATION", "932150", "rce", 1, 5, "Command name obfuscated with quotes, backslashes or empty variables"),
  r("SHELL_PATH", "932160", "rce", 1, 5, "Shell binary path or /dev/tcp"),
  r("SHELL_FUNCTION", "932170", "rce", 1, 5, "Shell function definition (Shellshock, fork bomb)"),
  r("GLOB_PATH", "932190", "rce", 1, 5, "System path written with wildcards"),
  r("SSI", "932200", "rce", 1, 5, "Server-side include directive"),
  r("SQLITE_DOT", "932210", "rce", 1, 5, "SQLite shell dot-command"),
  r("SHELL_ALIAS", "932220", "rce", 1, 5, "Shell alias bound to a command"),
  // PHP.
  r("PHP_OPEN_TAG", "933100", "php", 1, 5, "PHP open tag"),
  r("PHP_INI", "933120", "php", 1, 5, "PHP configuration directive"),
  r("PHP_SUPERGLOBAL", "933130", "php", 1, 5, "PHP superglobal or input stream"),
  r("PHP_VARVAR", "933135", "php", 1, 5, "PHP variable variable ${'…'}"),
  r("PHP_HIGHRISK_FUNC", "933150", "php", 1, 5, "High-risk PHP function name"),
  r("PHP_FUNC_CALL", "933160", "php", 1, 5, "PHP function call"),
  r("PHP_SERIALIZED", "933170", "php", 1, 5, "PHP serialized object"),
  r("PHP_VAR_CALL", "933180", "php", 1, 5, "PHP variable function call"),
  // Other code injection and templates.
  r("NODE_INJECTION", "934100", "code", 1, 5, "Node.js code injection"),
  r("B64_CODE", "934101", "code", 1, 5, "Code injection inside a Base64 value"),
  r("PROTO_POLLUTION", "934130", "code", 1, 5, "Prototype pollution"),
  r("PERL_INTERP", "934140", "code", 1, 5, "Perl interpolation @{[…]}"),
  r("RUBY_INJECTION", "934150", "code", 1, 5, "Ruby code injection"),
  r("PYTHON_INJECTION", "934155", "code", 1, 5, "Python code injection"),
  r("JS_DOS", "934160", "code", 1, 5, "JavaScript endless loop"),
  r("TEMPLATE_INJECTION", "934170", "ssti", 1, 5, "Server-side template expression"),
  r("TEMPLATE_PLAIN", "934171", "ssti", 2, 3, "Template delimiters around a plain name"),
  r("ORM_LOOKUP", "934200", "orm", 2, 5, "ORM lookup operator in a parameter name"),
  r("NOSQL_OPERATOR", "942290", "nosql", 1, 5, "NoSQL query operator"),
  // Java.
  r("JAVA_RCE", "944100", "java", 1, 5, "Java Runtime or ProcessBuilder"),
  r("JAVA_GADGET", "944120", "java", 1, 5, "Java deserialization gadget chain"),
  r("JAVA_CLASS", "944130", "java", 1, 5, "Fully qualified Java class name"),
  r("LOG4J", "944150", "java", 1, 5, "Log4Shell JNDI lookup"),
  r("LOG4J_LOOKUP", "944151", "java", 1, 3, "Log4j-style ${…:…} lookup"),
  r("JAVA_SERIALIZED", "944210", "java", 1, 5, "Java or .NET serialized object"),
  r("JAVA_B64", "944300", "java", 1, 5, "Deserialization gadget keyword inside Base64 (Java, .NET)"),
  r("JAVA_CLASSLOADER", "944260", "java", 1, 5, "Java class loader reached through data binding (Spring4Shell)"),
  // XSS.
  r("XSS_SCRIPT_TAG", "941100", "xss", 1, 5, "Script tag"),
  r("XSS_EVENT_HANDLER", "941110", "xss", 1, 5, "Event handler attribute"),
  r("XSS_JS_URI", "941120", "xss", 1, 5, "javascript:, vbscript: or data:text/html URI"),
  r("XSS_DANGEROUS_TAG", "941130", "xss", 1, 5, "Dangerous HTML tag (iframe, svg, object, base, meta…)"),
  r("XSS_CSS", "941140", "xss", 1, 5, "CSS expression or binding"),
  r("XSS_ATTR_INJECTION", "941150", "xss", 1, 5, "Attribute injection after a quote"),
  r("XSS_JS_SINK", "941160", "xss", 1, 5, "JavaScript sink call or DOM property"),
  r("XSS_TAG", "941170", "xss", 2, 3, "HTML tag"),
  r("XXE", "941180", "xxe", 1, 5, "XML external entity declaration"),
  // SQL injection.
  r("SQLI_BOOLEAN", "942100", "sqli", 1, 5, "SQL boolean injection after a literal"),
  r("SQLI_COMMENT_BREAKOUT", "942110", "sqli", 1, 5, "Quote breakout ended by an SQL comment"),
  r("SQLI_STACKED", "942120", "sqli", 1, 5, "Stacked SQL statement"),
  r("SQLI_UNION", "942130", "sqli", 1, 5, "UNION SELECT"),
  r("SQLI_SYSOBJ", "942140", "sqli", 1, 5, "Database system object or command"),
  r("SQLI_FUNC_DANGER", "942150", "sqli", 1, 5, "Time, file or command SQL function call"),
  r("SQLI_FUNC", "942151", "sqli", 1, 5, "Value starts as an SQL function call with SQL arguments"),
  r("SQLI_CAST", "942160", "sqli", 1, 5, "SQL type cast (::type)"),
  r("SQLI_VERSIONED_COMMENT", "942170", "sqli", 1, 5, "MySQL versioned comment /*!"),
  r("SQLI_SELECT", "942180", "sqli", 1, 5, "SELECT statement structure"),
  r("SQLI_SELECT_WORDS", "942181", "sqli", 2, 3, "SELECT … FROM in words"),
  r("SQLI_AS_FROM", "942190", "sqli", 1, 5, "SQL fragment: … AS name FROM"),
  r("SQLI_LOGIC_START", "942200", "sqli", 1, 5, "Value starts with a boolean SQL condition"),
  r("SQLI_COMPARE_BREAKOUT", "942210", "sqli", 1, 5, "Quote breakout into a comparison"),
  r("SQLI_KEYWORDS", "942230", "sqli", 2, 3, "Value is made of SQL keywords only"),
  r(
    "SQLI_CLAUSE",
    "942231",
    "sqli",
    1,
    5,
    "SQL clause probe: ORDER BY a column number, or a bare SQL-only operator (RLIKE, REGEXP)",
  ),
  r("SQLI_SPECIAL_CHARS", "942430", "sqli", 2, 3, "Short value made of SQL special characters"),
  r("SQLI_STATEMENT", "942240", "sqli", 1, 5, "Value is an SQL statement (DDL, DML, EXEC)"),
  r("NOSQL_JS", "942291", "nosql", 1, 5, "JavaScript injected into a NoSQL $where or eval string"),
  r(
    "SQLI_OVERFLOW",
    "942220",
    "sqli",
    1,
    5,
    "Integer-overflow or float-parser crash value (2147483648, 4294967296, 2.2250738585072011e-308, 1e309)",
  ),
  r("RFI_FTP_URL", "931101", "rfi", 1, 5, "FTP URL as a parameter value (remote file inclusion)"),
  r(
    "SSRF_URL_CONFUSION",
    "934191",
    "ssrf",
    1,
    5,
    "URL whose host parsers disagree on (several @ in the authority, \\ or /: before @)",
  ),
  r("COOKIE_SMUGGLING", "920251", "protocol", 1, 5, "Quoted cookie value spanning a ';' (cookie smuggling)"),
  r("CHARSET_EVASION", "920480", "protocol", 1, 5, "Request body charset that hides payloads (UTF-7, UTF-32, EBCDIC)"),
  r(
    "CONTENT_TYPE_ILLEGAL",
    "920470",
    "protocol",
    1,
    5,
    "Content-Type that is no media type (an expression in it: Struts2 OGNL, CVE-2017-5638)",
  ),
  r(
    "PATH_OVERRIDE_HEADER",
    "920252",
    "protocol",
    1,
    5,
    "X-Original-URL or X-Rewrite-URL from the client (a back end that routes by it skips the front's access rules)",
  ),
  r("JWT_ALG_NONE", "920253", "protocol", 1, 5, "Bearer JWT whose header asks for no signature (alg none)"),
  r("JWT_EMBEDDED_KEY", "920254", "protocol", 1, 5, "Bearer JWT that carries its own verification key (jwk)"),
  r("JWT_KEY_URL", "920255", "protocol", 2, 3, "Bearer JWT that names its verification key by URL (jku, x5u)"),
  r("DDE_FORMULA", "932201", "rce", 1, 5, "Spreadsheet DDE formula that runs a program (=cmd|' /C calc'!A0)"),
  r(
    "XML_ENTITY_EXPANSION",
    "941181",
    "xxe",
    1,
    5,
    "XML entity whose replacement text refers to other entities (entity expansion: billion laughs)",
  ),
  r(
    "DEBUG_METHOD",
    "911100",
    "protocol",
    1,
    5,
    "Method no API serves: TRACE, TRACK or DEBUG (the request echoed back, or a debugger attached)",
  ),
  r(
    "GIT_OPTION",
    "932230",
    "rce",
    1,
    5,
    "Git option that runs a program (argument injection: --upload-pack, ext::, core.sshCommand)",
  ),
  r("SQLI_BARE_ORDER", "942232", "sqli", 2, 5, "Value is ORDER BY or GROUP BY alone (a probe for the clause)"),
  r(
    "H2C_UPGRADE",
    "920256",
    "protocol",
    1,
    5,
    "Upgrade to cleartext HTTP/2 (h2c) from a client: a request smuggled past the proxy's checks",
  ),
  r(
    "CONNECTION_STRIPS_HEADER",
    "920257",
    "protocol",
    1,
    5,
    "Connection names an end-to-end header (X-Forwarded-For, Authorization, Cookie…) for the proxy to drop",
  ),
  r(
    "PHP_PATH_INFO",
    "933111",
    "php",
    1,
    5,
    "A PHP script name after a static file's in the path (`avatar.jpg/x.php`: PHP-FPM runs the upload)",
  ),
  r(
    "UNICODE_HEADER_INJECTION",
    "921121",
    "protocol",
    1,
    5,
    "A character whose low byte is CR or LF followed by a header field (servers that truncate to bytes split there)",
  ),
  r(
    "CLIENT_SELF_ADDRESS",
    "920258",
    "protocol",
    1,
    5,
    "A client-address header (X-Forwarded-For, X-Real-IP, X-Originating-IP…) names the server itself (127.0.0.1, ::1, localhost)",
  ),
  r(
    "SAML_TAMPERED",
    "920260",
    "protocol",
    1,
    5,
    "SAML response tampered: more than one assertion (signature wrapping), a comment inside a value, or an unsigned assertion",
  ),
  r(
    "OPEN_REDIRECT",
    "920261",
    "protocol",
    1,
    5,
    "Redirect parameter a browser reads as another site (//host, \\, https:host, user info, ../ in the path, given twice)",
  ),
  r("OFFSITE_REDIRECT", "920262", "protocol", 2, 3, "Redirect parameter naming another site"),
  r(
    "JWT_NULL_SIGNATURE",
    "920263",
    "protocol",
    1,
    5,
    "JWT whose ECDSA signature is r = s = 0, valid for any message on Java 15-18 (CVE-2022-21449)",
  ),
  r(
    "MARKUP_BREAKOUT",
    "920264",
    "protocol",
    1,
    5,
    "A value that closes the element it is put in and opens others (XML, SOAP, CAML or FetchXML injection)",
  ),
  r(
    "XPATH_BREAKOUT",
    "920265",
    "xpath",
    1,
    5,
    "A value that ends its XPath literal and predicate and goes on as a path, a union or an XQuery clause",
  ),
  r(
    "LATEX_SHELL",
    "920266",
    "rce",
    1,
    5,
    "LaTeX that runs a command or writes a file (\\write18, \\directlua, \\input{|…})",
  ),
  r(
    "LATEX_FILE",
    "920267",
    "lfi",
    1,
    5,
    "LaTeX that reads a file by absolute or parent path (\\input{/etc/…}, \\verbatiminput)",
  ),
  r(
    "XML_REMOTE_SCHEMA",
    "920268",
    "xxe",
    1,
    5,
    "XML schema location on another site than its namespace, or remote without one (a validating parser fetches it)",
  ),
];

/** Rule index by key, for the TypeScript detectors. */
export const R: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(RULES.map((rule, i) => [rule.key, i])),
);

/** Index of a rule key; throws at module load if a detector names a rule that does not exist. */
export function ruleIndex(key: string): number {
  const i = R[key];
  if (i === undefined) throw new Error(`unknown rule key ${key}`);
  return i;
}
