/**
 * @module core/signatures/tables/keywords
 * Short literal words some detectors compare against directly (HTML/XML
 * markers, URI schemes, batch-file grammar). Indexes are stable constants;
 * the generator copies them and the bytes into the Wasm tables.
 */
export const KEYWORDS: readonly string[] = [
  "entity",
  "system",
  "public",
  "[cdata[",
  "import",
  "xmlns",
  "style",
  "script",
  "javascript",
  "vbscript",
  "livescript",
  "data",
  "text/html",
  "image/svg",
  "text/xml",
  "application/",
  "for",
  "if",
  "in",
  "do",
  "not",
  "exist",
  "defined",
  "errorlevel",
  "alias",
  "equ",
  "neq",
  "lss",
  "leq",
  "gtr",
  "geq",
  "function",
  "async",
  // Integer-overflow and float-parser probe values (942220), compared as whole values.
  "2147483647",
  "2147483648",
  "-2147483648",
  "-2147483649",
  "4294967295",
  "4294967296",
  "0000012345",
  "0000023456",
  "-0000023456",
  "2.2250738585072007e-308",
  "2.2250738585072011e-308",
  "2.2250738585072012e-308",
  "1e309",
  "then",
  "await",
  "def",
  "return",
  "true",
  "false",
  "this",
  "db",
  "sleep",
  "var",
  "let",
  "const",
  "onerror",
  "exception",
  "error",
  ".java:",
  "start",
  "calc",
  "notepad",
  "mspaint",
  ".exe",
  ".bat",
  ".cmd",
  ".ps1",
  ".vbs",
  ".hta",
  "is",
  "are",
  "was",
  "were",
  "at",
  "on",
  "in",
  "the",
  "a",
  "an",
  "to",
  "of",
  "for",
  "and",
  "or",
  "not",
  "if",
  "it",
  "my",
  "your",
  "this",
  "that",
  "with",
  "from",
  "by",
  "as",
  "be",
  "has",
  "have",
  "will",
  "can",
  "should",
  "me",
  "us",
  "when",
  "but",
  "so",
  "msexcel",
  "bcc",
  "cc",
  "to",
  "from",
  "subject",
  "reply-to",
  "sender",
  "elif",
  "unless",
  "else",
  "endif",
  "endfor",
  "endunless",
  "case",
  "when",
  "endcase",
  "attr",
  "format",
  "join",
  "map",
  "select",
  "selectattr",
  "reject",
  "rejectattr",
  "batch",
  "pprint",
  "none",
  "null",
  "nil",
  "http://www.w3.org/",
  "https://www.w3.org/",
  "net",
  "user",
  "localgroup",
  "group",
  "share",
  "use",
  "view",
  "session",
  "accounts",
  "config",
  "start",
  "stop",
  "include",
  "source",
  "constant",
  "exec",
  "eval",
  "system",
  "popen",
  "open",
  "getattr",
  "compile",
  "globals",
  "locals",
  "vars",
  "dir",
  "self",
  "_self",
  "config",
  "request",
  "lipsum",
  "cycler",
  "joiner",
  "namespace",
  "url_for",
  "get_flashed_messages",
  "range",
  "import",
  ".jpg/",
  ".jpeg/",
  ".png/",
  ".gif/",
  ".webp/",
  ".bmp/",
  ".ico/",
  ".txt/",
  ".svg/",
  // A secret file's name with one of these after it is its template or its documentation (`.env.example`).
  ".example",
  ".sample",
  ".template",
  ".tmpl",
  ".tpl",
  ".dist",
  ".md",
  ".rst",
  // JSF's own parameter namespace (`javax.faces.ViewState`, `jakarta.faces.source`): no class reference.
  "javax.faces.",
  "jakarta.faces.",
  // WKT's geometry names, also MySQL functions of error-based injection (`polygon((select…))`).
  "polygon",
  "multipolygon",
  "linestring",
  "multilinestring",
  "multipoint",
  "geometrycollection",
  // XHTML's namespace after W3C's address: an `xmlns` naming it turns an XML document's elements into HTML.
  "1999/xhtml",
  // XInclude's namespace after W3C's address: a document that pulls in other files.
  "2001/xinclude",
  // .NET's object graphs: SoapFormatter's CLR type namespaces and XAML (ObjectDataProvider), documents that build objects.
  "http://schemas.microsoft.com/clr/",
  "http://schemas.microsoft.com/winfx/2006/xaml",
  // FreeMarker's control-flow directives besides if, else and case (`<#list items as it>`, `<#elseif …>`).
  "elseif",
  "list",
  "items",
  "sep",
  "switch",
  "on",
  "default",
  "compress",
  // MathML: the math element, then the presentation elements a formula is made of (mglyph,
  // malignmark, maction and annotation-xml are not among them: mutation XSS nests HTML through those).
  "math",
  "mrow",
  "mi",
  "mn",
  "mo",
  "ms",
  "mtext",
  "mspace",
  "msqrt",
  "mroot",
  "mfrac",
  "mstyle",
  "merror",
  "mpadded",
  "mphantom",
  "mfenced",
  "menclose",
  "msub",
  "msup",
  "msubsup",
  "munder",
  "mover",
  "munderover",
  "mmultiscripts",
  "mprescripts",
  "none",
  "mtable",
  "mtr",
  "mtd",
  "mlabeledtr",
  "semantics",
  "annotation",
  "mstack",
  "mlongdiv",
  "msgroup",
  "msrow",
  "mscarries",
  "mscarry",
  "msline",
  // Static assets a document links to relatively (`<link href="../css/book.css">`, `../img/fig1.png`).
  ".css",
  ".png",
  ".jpg",
  ".jpeg",
  ".gif",
  ".svg",
  ".webp",
  ".ico",
  ".woff",
  ".woff2",
  ".ttf",
  ".otf",
  // The one header whose value, injected, is a redirect target.
  "location",
  // What a traversal inside a value reaches for: the application's code, configuration and keys.
  ".php",
  ".phtml",
  ".jsp",
  ".asp",
  ".aspx",
  ".py",
  ".rb",
  ".pl",
  ".cgi",
  ".ini",
  ".conf",
  ".cfg",
  ".yml",
  ".yaml",
  ".env",
  ".properties",
  ".config",
  ".sqlite",
  ".key",
  ".pem",
  // Document types whose own public DTD a DOCTYPE names: cXML's (procurement) and Apple's property lists.
  "http://xml.cxml.org/schemas/",
  "https://xml.cxml.org/schemas/",
  "http://www.apple.com/dtds/",
  // Ansible's lookups run a plugin (`lookup('pipe', 'id')`, `query('file', '/etc/…')`): never a plain call.
  "lookup",
  "query",
  // Template helpers that read files, secrets or the environment, or call what they are given (Go's
  // text/template with consul-template's, Sprig's and Hugo's functions): never a plain output.
  "file",
  "secret",
  "env",
  "exec",
  "readfile",
  "readdir",
  "getenv",
  "call",
  // Printing helpers: given only literals, a probe of evaluation (`{{print "c4s" 1234}}`).
  "print",
  "printf",
  "println",
  // XWiki's script macros: `{{groovy}}…{{/groovy}}` runs its body on the server.
  "groovy",
  "python",
  "velocity",
  "script",
  "ruby",
  "php",
  // Application types a browser never runs in the page, after `data:application/`.
  "octet-stream",
  "gltf-buffer",
  "json",
  "pdf",
  "zip",
  "gzip",
  // Media a project links to relatively (a DAW's samples, an editor's clips): `../Samples/kick.wav`.
  ".wav",
  ".aif",
  ".aiff",
  ".flac",
  ".mp3",
  ".ogg",
  ".mid",
  ".mov",
  ".mp4",
  // MusicXML's public DTD, which its scores name in their DOCTYPE.
  "http://www.musicxml.org/dtds/",
  "http://xml.evernote.com/pub/",
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "match",
  "imatch",
  "in",
  "is",
  "cs",
  "cd",
  "ov",
  "fts",
  "plfts",
  "phfts",
  "wfts",
  "not",
  "url",
  "image-set",
  "-webkit-image-set",
  "image",
  "element",
  "paint",
  "cross-fade",
  "expression",
  // SVG: the svg element, then the shapes, text and paint servers a drawing is made of (a signature
  // pad's strokes, an icon). Not among them: script, style, a, use, image, foreignObject, animate,
  // set and the filters, which run, link, fetch or embed HTML.
  "svg",
  "g",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "title",
  "desc",
  "defs",
  "lineargradient",
  "radialgradient",
  "stop",
  "clippath",
  "mask",
  "pattern",
  "symbol",
  "metadata",
  // A <meta> acts only through http-equiv (refresh, set-cookie, a policy); charset, name and viewport describe.
  "meta",
  "http-equiv",
  "exp",
  "set",
  "iframe",
  "srcdoc",
  "src",
  "https://",
  // More formats' public DTDs, read like the ones above: Worldpay's XML payment messages, NLM's and
  // JATS's journal articles, DocBook's documents, RSS 0.91's feeds, DAISY's NCX tables of contents.
  "http://dtd.worldpay.com/",
  "https://dtd.worldpay.com/",
  "http://dtd.nlm.nih.gov/",
  "https://jats.nlm.nih.gov/",
  "http://www.oasis-open.org/docbook/",
  "http://docbook.org/xml/",
  "http://my.netscape.com/publish/formats/",
  "http://www.daisy.org/z3986/",
  // http-equiv values that describe the page (an HTML e-mail's head opens with Content-Type): no refresh,
  // cookie or policy.
  "content-type",
  "x-ua-compatible",
  "content-language",
  // Shell's echo, the probe a scanner sends after an injected separator to see its marker come back.
  "echo",
  // A command URI's scheme (QEMU's migration, go2rtc's sources): what follows it runs.
  "exec:",
  // A chat link's address before its label (`<https://…|label>`, `<mailto:…|label>`).
  "http",
  "mailto:",
  // Apache's directives that set PHP's configuration.
  "php_value",
  "php_flag",
  "php_admin_value",
  "php_admin_flag",
  // SQL's LIKE and OData's `eq`, read as a token's whole text.
  "like",
  "eq",
];
export const KW_ENTITY = 0;
export const KW_SYSTEM = 1;
export const KW_PUBLIC = 2;
export const KW_CDATA = 3;
export const KW_IMPORT = 4;
export const KW_XMLNS = 5;
export const KW_STYLE = 6;
export const KW_SCRIPT = 7;
export const KW_JAVASCRIPT = 8;
export const KW_VBSCRIPT = 9;
export const KW_LIVESCRIPT = 10;
export const KW_DATA = 11;
export const KW_TEXT_HTML = 12;
export const KW_IMAGE_SVG = 13;
export const KW_TEXT_XML = 14;
export const KW_APPLICATION = 15;
export const KW_FOR = 16;
export const KW_IF = 17;
export const KW_IN = 18;
export const KW_DO = 19;
export const KW_NOT = 20;
export const KW_EXIST = 21;
export const KW_DEFINED = 22;
export const KW_ERRORLEVEL = 23;
export const KW_ALIAS = 24;
/** Batch comparison operators EQU…GEQ are KW_EQU + 0..5. */
export const KW_EQU = 25;
export const KW_CMP_COUNT = 6;
export const KW_FUNCTION = 31;
export const KW_ASYNC = 32;
/**
 * Whole values that probe numeric parsing rather than SQL syntax (942220):
 * 32-bit integer boundaries and zero-padded markers (scanners such as
 * skipfish send them), the doubles that hung PHP and Java's float parsers
 * (CVE-2010-4645, CVE-2010-4476) and an overflowing exponent: CRS's list plus
 * Java's value. KW_OVERFLOW + 0..KW_OVERFLOW_COUNT-1.
 */
export const KW_OVERFLOW = 33;
/** The two of them that are a 32-bit type's maximum (`Integer.MAX_VALUE`), which clients send as "no limit". */
export const KW_OVERFLOW_INT_MAX = KW_OVERFLOW;
export const KW_OVERFLOW_UINT_MAX = KW_OVERFLOW + 4;
export const KW_OVERFLOW_COUNT = 13;
/** `then`: shell, Lua and Ruby grammar after an IF condition, never a batch command. */
export const KW_THEN = 46;
/** Words that put a following call in JavaScript or Python (await sleep(1000), def version():), with KW_FUNCTION and KW_ASYNC. */
export const KW_AWAIT = 47;
export const KW_DEF = 48;
/** JavaScript after a closed string (942291): `return` and the values it may return, and declarations. */
export const KW_RETURN = 49;
export const KW_TRUE = 50;
export const KW_FALSE = 51;
export const KW_THIS = 52;
export const KW_DB = 53;
export const KW_SLEEP = 54;
export const KW_VAR = 55;
export const KW_LET = 56;
export const KW_CONST = 57;
/** With KW_SCRIPT and KW_JAVASCRIPT: script markup looked for inside Base64. */
export const KW_ONERROR = 58;
/** A qualified Java name ending in a throwable, or a stack frame `(Foo.java:12)`: an error message (944130 not). */
export const KW_EXCEPTION = 59;
export const KW_ERROR = 60;
export const KW_JAVA_SOURCE = 61;
/** cmd.exe's `start`: with a program after it (`& start calc`) a launch, whatever else the word means. */
export const KW_START = 62;
/** Programs proofs of concept launch (`& start calc`): words too ("calc" homework), so only after `start`. */
export const KW_DEMO_PROGRAM = 63;
export const KW_DEMO_PROGRAM_COUNT = 3;
/** Extensions cmd.exe runs a file by (`& calc.exe`, `| x.ps1`): KW_WIN_EXT + 0..KW_WIN_EXT_COUNT-1. */
export const KW_WIN_EXT = 66;
export const KW_WIN_EXT_COUNT = 6;
/**
 * English function words: a command name followed by one ("File is at D:…", "timeout OR …",
 * "ping is failing", "ok; ping me when ready") is prose or a search query, not a command line. KW_PROSE + 0..KW_PROSE_COUNT-1.
 */
export const KW_PROSE = 72;
export const KW_PROSE_COUNT = 37;
/** Excel as a DDE server (`=MSEXCEL|'…cmd.exe /c calc'!''`). */
export const KW_MSEXCEL = 109;
/**
 * Mail header fields (`Bcc:`, `Reply-To:`): after an address and a line break, a header added to a
 * message the app sends. KW_MAIL_HEADER + 0..KW_MAIL_HEADER_COUNT-1.
 */
export const KW_MAIL_HEADER = 110;
export const KW_MAIL_HEADER_COUNT = 7;
/**
 * Template control flow besides KW_IF and KW_FOR (`{% elif … %}`, `{% endfor %}`): such a tag is
 * judged by its body, not by its keyword. KW_TEMPLATE_CONTROL + 0..KW_TEMPLATE_CONTROL_COUNT-1.
 */
export const KW_TEMPLATE_CONTROL = 117;
export const KW_TEMPLATE_CONTROL_COUNT = 9;
/** Jinja filters that reach attributes or build strings (`|attr('__class__')`, `|format(95)`). */
export const KW_RISKY_FILTER = 126;
export const KW_RISKY_FILTER_COUNT = 10;
/** Literals a condition made of nothing else probes with (`{% if True %}`), with KW_TRUE and KW_FALSE. */
export const KW_TEMPLATE_LITERAL = 136;
export const KW_TEMPLATE_LITERAL_COUNT = 3;
/** W3C's own DTDs (HTML, XHTML, SVG): a DOCTYPE naming one is no external entity to fetch. */
export const KW_HTTP_W3C = 139;
export const KW_HTTPS_W3C = 140;
/**
 * cmd.exe's `net`, a word too ("net 30 days", "net -3.2 L"): a command with one of its subcommands
 * after it (`net user`, `net localgroup administrators`). KW_NET_SUB + 0..KW_NET_SUB_COUNT-1.
 */
export const KW_NET = 141;
export const KW_NET_SUB = 142;
export const KW_NET_SUB_COUNT = 11;
/**
 * Functions a template call must not name to count as plain (`include('/etc/passwd')`, `self`,
 * `config`, `lipsum`: what SSTI chains start from). KW_RISKY_CALL + 0..KW_RISKY_CALL_COUNT-1.
 */
export const KW_RISKY_CALL = 153;
export const KW_RISKY_CALL_COUNT = 26;
/** A static file's name followed by a further segment (`avatar.jpg/`): with a PHP name after it, PHP-FPM's path confusion. */
export const KW_STATIC_SEGMENT = 179;
export const KW_STATIC_SEGMENT_COUNT = 9;
/**
 * Suffixes that make a secret file's name its template or its documentation (`.env.example`,
 * `database.yml.sample`, `web.config.md`): no secret in it. KW_SAMPLE_SUFFIX + 0..KW_SAMPLE_SUFFIX_COUNT-1.
 */
export const KW_SAMPLE_SUFFIX = 188;
export const KW_SAMPLE_SUFFIX_COUNT = 8;
/** JSF's parameter namespace, `javax.faces.` and `jakarta.faces.` (KW_JSF_PARAMS + 0..1). */
export const KW_JSF_PARAMS = 196;
/**
 * WKT's geometry names (`POLYGON((-3.71 40.41, …))` in a map's filter), which MySQL also has as functions:
 * KW_WKT + 0..KW_WKT_COUNT-1.
 */
export const KW_WKT = 198;
export const KW_WKT_COUNT = 6;
/** XHTML's namespace path after `http://www.w3.org/` (KW_HTTP_W3C, KW_HTTPS_W3C); XInclude's next. */
export const KW_XHTML_NS = 204;
export const KW_XINCLUDE_NS = 205;
/**
 * .NET's object-graph namespaces: SoapFormatter's CLR types (`xmlns:a1="http://schemas.microsoft.com/clr/nsassem/…"`),
 * then XAML's (KW_CLR_NS + 1).
 */
export const KW_CLR_NS = 206;
/**
 * FreeMarker's control-flow directives besides KW_IF and KW_TEMPLATE_CONTROL's else and case
 * (`<#list offers as o>`): such a directive is judged by its body, as a Jinja tag is.
 * KW_FTL_CONTROL + 0..KW_FTL_CONTROL_COUNT-1.
 */
export const KW_FTL_CONTROL = 208;
export const KW_FTL_CONTROL_COUNT = 8;
/** MathML's `math` element (KW_MATH), then its presentation elements, KW_MATHML + 0..KW_MATHML_COUNT-1. */
export const KW_MATH = 216;
export const KW_MATHML = 217;
export const KW_MATHML_COUNT = 38;
/**
 * Extensions of the static assets a document links to relatively: one or two leading `../` before
 * such a name is a page's or an e-book's link (`../css/book.css`), not a traversal to a file worth
 * reading. KW_ASSET_EXT + 0..KW_ASSET_EXT_COUNT-1.
 */
export const KW_ASSET_EXT = 255;
export const KW_ASSET_EXT_COUNT = 12;
/** `Location`: injected after a line break, a header only when a redirect target follows (a URL, a path). */
export const KW_LOCATION = 267;
/**
 * Extensions of the application's code, configuration and keys: a traversal inside a value
 * (`_pictures/../../config/config_db.php`) that ends in one reaches for a file worth reading.
 * KW_SOURCE_EXT + 0..KW_SOURCE_EXT_COUNT-1.
 */
export const KW_SOURCE_EXT = 268;
export const KW_SOURCE_EXT_COUNT = 20;
/**
 * Public DTDs of document types (cXML's `http://xml.cxml.org/schemas/cXML/1.2.060/cXML.dtd`, Apple's
 * property list's): a DOCTYPE naming one is the format's own, as W3C's are. KW_PUBLIC_DTD + 0..KW_PUBLIC_DTD_COUNT-1.
 */
export const KW_PUBLIC_DTD = 288;
export const KW_PUBLIC_DTD_COUNT = 3;
/** Ansible's `lookup` and `query`: a template call that runs a plugin. KW_LOOKUP + 0..KW_LOOKUP_COUNT-1. */
export const KW_LOOKUP = 291;
export const KW_LOOKUP_COUNT = 2;
/** Template helpers that read files, secrets or the environment, or call what they are given. KW_TEMPLATE_RISKY + 0..KW_TEMPLATE_RISKY_COUNT-1. */
export const KW_TEMPLATE_RISKY = 293;
export const KW_TEMPLATE_RISKY_COUNT = 8;
/** Go's printing helpers: `{{print "c4s" 1234}}` with only literals is a probe. KW_PRINT + 0..KW_PRINT_COUNT-1. */
export const KW_PRINT = 301;
export const KW_PRINT_COUNT = 3;
/**
 * XWiki's script macros (`{{groovy}}`, `{{velocity}}`): a macro of one, closed later in the same value,
 * runs its body on the server (CVE-2025-24893 in a search box). KW_WIKI_SCRIPT + 0..KW_WIKI_SCRIPT_COUNT-1.
 */
export const KW_WIKI_SCRIPT = 304;
export const KW_WIKI_SCRIPT_COUNT = 6;
/**
 * `data:application/…` subtypes a browser downloads or hands to a viewer, never runs in the page
 * (glTF's buffers, JSON, PDF). KW_INERT_APPLICATION + 0..KW_INERT_APPLICATION_COUNT-1.
 */
export const KW_INERT_APPLICATION = 310;
export const KW_INERT_APPLICATION_COUNT = 6;
/** Media extensions a project links to relatively, like KW_ASSET_EXT. KW_MEDIA_EXT + 0..KW_MEDIA_EXT_COUNT-1. */
export const KW_MEDIA_EXT = 316;
export const KW_MEDIA_EXT_COUNT = 9;
/** MusicXML's public DTD, read like KW_PUBLIC_DTD. */
export const KW_MUSICXML_DTD = 325;
/** Evernote's ENML DTD (`<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">` opens every note), read like KW_PUBLIC_DTD. */
export const KW_ENML_DTD = 326;
/** PostgREST's filter operators (`in.(1,2)`, `eq.5`, `not.is.null`), read before their value's dot. KW_POSTGREST_OP + 0..KW_POSTGREST_OP_COUNT-1. */
export const KW_POSTGREST_OP = 327;
export const KW_POSTGREST_OP_COUNT = 20;
/** CSS functions that fetch or run (`url(`, `image-set(`, IE's `expression(`): a style element using none is formatting. KW_CSS_FETCH + 0..KW_CSS_FETCH_COUNT-1. */
export const KW_CSS_FETCH = 347;
export const KW_CSS_FETCH_COUNT = 8;
/** SVG's `svg` element (KW_SVG), then the drawing elements of a plain drawing, KW_SVG_SHAPE + 0..KW_SVG_SHAPE_COUNT-1. */
export const KW_SVG = 355;
export const KW_SVG_SHAPE = 356;
export const KW_SVG_SHAPE_COUNT = 21;
/** The `meta` element (KW_META) and its `http-equiv` attribute (KW_HTTP_EQUIV), without which it acts on nothing. */
export const KW_META = 377;
export const KW_HTTP_EQUIV = 378;
/** SQL's `exp()`: an error-based probe only when it overflows (`exp(~(select…))`, `exp(710)`), else a formula's. */
export const KW_EXP = 379;
/** The template tag `{% set … %}`, judged by what it assigns. */
export const KW_SET = 380;
/** An `<iframe>` (KW_IFRAME) judged by its attributes: `srcdoc` (KW_SRCDOC), and a `src` (KW_SRC) of `https://` (KW_HTTPS_URL). */
export const KW_IFRAME = 381;
export const KW_SRCDOC = 382;
export const KW_SRC = 383;
export const KW_HTTPS_URL = 384;
/** More document types' public DTDs, read like KW_PUBLIC_DTD. KW_FORMAT_DTD + 0..KW_FORMAT_DTD_COUNT-1. */
export const KW_FORMAT_DTD = 385;
export const KW_FORMAT_DTD_COUNT = 8;
/** http-equiv values that act on nothing (`Content-Type`, `X-UA-Compatible`, `Content-Language`). KW_META_INERT + 0..KW_META_INERT_COUNT-1. */
export const KW_META_INERT = 393;
export const KW_META_INERT_COUNT = 3;
/** The shell's `echo` (KW_ECHO): a scanner's probe after an injected separator (`127.0.0.1|echo hkqz`). */
export const KW_ECHO = 396;
/** A command URI's `exec:` (KW_EXEC_URI): QEMU's `migrate "exec:…"`, go2rtc's `src=exec:…`. */
export const KW_EXEC_URI = 397;
/** A chat link's address before its label's pipe: `http` (KW_LINK_HTTP, `https` too) or `mailto:` (KW_LINK_MAILTO). */
export const KW_LINK_HTTP = 398;
export const KW_LINK_MAILTO = 399;
/** Apache's directives that set PHP's configuration (`php_admin_value auto_prepend_file …`). KW_APACHE_PHP + 0..KW_APACHE_PHP_COUNT-1. */
export const KW_APACHE_PHP = 400;
export const KW_APACHE_PHP_COUNT = 4;
/** SQL's `LIKE` (KW_LIKE) and OData's `eq` (KW_EQ), each a token's whole text. */
export const KW_LIKE = 404;
export const KW_EQ = 405;
