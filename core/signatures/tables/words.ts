/**
 * @module core/signatures/tables/words
 * The word dictionary the lexers consult after reading one identifier: SQL
 * token class and function risk, shell command class, HTML tag/event/attribute
 * class and a few small vocabularies (mail verbs, SQLite dot-commands, template
 * keywords, JavaScript globals). One entry per word, attributes merged, so a
 * word like `exec` is at once an SQL statement, a shell prefix and a PHP
 * function. Words are lower-case; lookups fold ASCII case.
 *
 * These lists describe languages (SQL, sh, cmd.exe, HTML), not any corpus:
 * the detectors judge the context a word appears in, so a long list costs
 * nothing in false positives on its own.
 */

/** SQL token classes (the fingerprint letters). */
export const SQL_KEYWORD = 0x6b; // k
export const SQL_UNION = 0x55; // U
export const SQL_STATEMENT = 0x45; // E
export const SQL_FUNCTION = 0x66; // f
export const SQL_LOGIC = 0x26; // &
export const SQL_OPERATOR = 0x6f; // o
export const SQL_LITERAL = 0x31; // 1
export const SQL_TYPE = 0x74; // t

/** Function risk. */
export const FN_GENERIC = 1;
export const FN_DANGER = 2;
/** Arithmetic and aggregate functions (`max(3, 9)`, `count()`): a calculator's or an analytics query's words too. */
export const FN_MATH = 3;

/** Shell bits. */
export const SH_UNIX = 1;
export const SH_AMBIGUOUS = 2;
export const SH_WINDOWS = 4;
export const SH_PREFIX = 8;
export const SH_INTERPRETER = 16;
export const SH_BATCH = 32;

/** HTML classes. */
export const HTML_TAG = 1;
export const HTML_DANGEROUS_TAG = 2;
export const HTML_EVENT = 3;
export const HTML_DANGEROUS_ATTR = 4;

/** Misc bits. */
export const MISC_HTTP_HEADER = 1;
export const MISC_SQLITE_DOT = 2;
export const MISC_SMTP = 4;
export const MISC_IMAP = 8;
export const MISC_TEMPLATE = 16;
export const MISC_JS_PROP = 32;
export const MISC_JS_GLOBAL = 64;
export const MISC_SYSTEM_DIR = 128;

const w = (s: string): string[] => s.trim().split(/\s+/);

const SQL_WORDS: Array<[number, string]> = [
  [
    SQL_STATEMENT,
    "select insert update delete drop create alter truncate exec execute declare waitfor shutdown grant revoke merge call handler load kill use begin commit rollback prepare deallocate lock unlock rename analyze optimize explain describe show pragma attach detach vacuum copy do",
  ],
  [SQL_UNION, "union intersect except minus"],
  [
    SQL_KEYWORD,
    "from where into values table tables database databases schema having group order by limit offset join inner outer cross natural straight_join as distinct all any some top case when then else end procedure function view index trigger set column delay outfile dumpfile infile data asc desc returns soname with recursive using fetch first next rows only over partition primary key foreign references constraint default charset character immediate local nocase procedure_analyse distinctrow sql_calc_found_rows high_priority low_priority ignore duplicate exists",
  ],
  [SQL_LOGIC, "and or xor"],
  [SQL_OPERATOR, "like rlike regexp glob match div mod is in between sounds not escape collate ilike similar"],
  [
    SQL_LITERAL,
    "null true false unknown current_user current_date current_time current_timestamp localtime localtimestamp session_user system_user",
  ],
  [
    SQL_TYPE,
    "int integer bigint smallint tinyint mediumint varchar nvarchar varchar2 char nchar text json jsonb xml numeric decimal real double precision float bool boolean date timestamp timestamptz interval uuid bytea regclass oid inet money bit varbinary binary blob clob number signed unsigned",
  ],
];

/** Time, file, command, error-based and information functions: a call is strong evidence. */
const SQL_DANGER_FUNCS = w(`
  sleep benchmark pg_sleep load_file extractvalue updatexml name_const xp_cmdshell sys_eval sys_exec
  lo_import lo_export lo_get lo_put pg_read_file pg_read_binary_file pg_ls_dir pg_stat_file randomblob
  receive_message get_host_address make_set geometrycollection multipoint polygon multipolygon
  linestring multilinestring gtid_subset json_keys exp version database schema user current_user
  system_user session_user db_name host_name suser_name suser_sname is_srvrolemember load_extension
  sqlite_version sqlite_compileoption_used sqlite_compileoption_get xmltype dbms_xmlgen utl_http
  openrowset opendatasource sp_executesql sp_oacreate xp_regread xp_dirtree xp_fileexist
  pg_sleep_for pg_sleep_until dblink dblink_exec query_to_xml database_to_xml getpgusername
  current_database current_schema inet_server_addr sleepeachrow
`);

/** Of the generic functions, those of arithmetic and aggregation (FN_MATH). */
const SQL_MATH_FUNCS = w(`
  count sum avg min max round floor ceil ceiling abs pow power sqrt pi log log10 log2 ln sin cos tan
  asin acos atan atan2 cot degrees radians sign truncate mod greatest least
`);

const SQL_GENERIC_FUNCS = w(`
  ascii char chr concat concat_ws group_concat string_agg array_agg substring substr mid left right
  length len char_length character_length octet_length bit_length lower upper lcase ucase md5 sha sha1
  sha2 hex unhex bin conv cast convert count sum avg min max round floor ceil ceiling abs pow power sqrt
  rand random now sysdate curdate curtime getdate pi log log10 log2 ln sin cos tan asin acos atan atan2
  cot degrees radians sign truncate if ifnull isnull nullif coalesce iif instr locate position strcmp
  reverse repeat replace rtrim ltrim trim space elt field find_in_set lpad rpad quote soundex uuid
  last_insert_id row_count found_rows connection_id collation coercibility encode decode aes_encrypt
  aes_decrypt compress uncompress json_extract json_object json_array json_value to_char to_number nvl
  nvl2 generate_series pg_typeof typeof unicode zeroblob ord extract date_format from_base64 to_base64
  inet_aton inet_ntoa unistr benchmark char_length datalength substring_index export_set mid
  des_encrypt des_decrypt encrypt password old_password crc32 bit_count bit_and bit_or bit_xor
  schema_name object_name object_id col_name type_name is_member has_dbaccess fn_virtualfilestats
  str_to_date makedate maketime timestampdiff dayname monthname weekday utc_date utc_time
  regexp_like regexp_replace regexp_substr json_contains json_search jsonb_extract_path
  json_extract_path xpath exists_node default values
`);

const SHELL_UNIX = w(`
  whoami ifconfig uname netstat nslookup traceroute tracepath nc ncat netcat socat telnet wget curl
  chmod chown chgrp useradd adduser userdel usermod groupadd passwd chpasswd crontab lsof ltrace gdb
  tcpdump nmap masscan iptables ip6tables nft sysctl dmesg systemctl journalctl lastlog getent ls ll
  tac grep egrep fgrep zgrep rgrep awk gawk mawk nawk sed xargs whereis mkdir rmdir rm cp mv dd tar
  gzip gunzip zcat bzip2 bunzip2 bzcat xz unxz xzcat zstd unzstd unzip base64 base32 xxd od hexdump
  md5sum sha1sum sha256sum sha512sum openssl ssh scp sftp rsync tftp ping ping6 ps killall pkill
  pgrep pidof printenv unset printf alias unalias bash sh zsh ksh csh tcsh busybox python python2
  python3 perl ruby php node nodejs lua luajit jrunscript jshell javac gcc pip pip3 npm npx gem
  apt apt-get yum dnf apk rpm dpkg mount umount fdisk reboot halt poweroff runlevel finger hostname
  hostnamectl arp dig whois renice tmux vi vim nano emacs visudo chattr lsattr setfacl getfacl uniq
  wc shred iconv jq chroot runuser pkexec doas newgrp ansible ansible-playbook ansible-doc
  ansible-pull ansible-vault ansible-console ansible-galaxy ansible-inventory chef-client chef-shell
  chef-vault chef-solo knife puppet kubectl docker podman cscli nproc lscpu uptime lsblk blkid vmstat
  iostat mpstat rcp rlogin rsh rexec xterm zip 7z rar unrar lzma lz4 sqlite3 mysql psql mongo redis-cli
  nohup strace sudo su timeout nice ionice stdbuf unbuffer setsid taskset xdg-open eval exec env
  ncftp lwp-download lwp-request lynx w3m aria2c fetch smbclient rpcclient ldapsearch
  certbot gpg ulimit umask nslookup host telnetd utelnetd setprop getprop logcat dumpsys
`);

/** Command names that are also ordinary words: they need shell context (separator, arguments). */
const SHELL_AMBIGUOUS = w(`
  cat head tail more less find locate which file stat touch ln strings top kill export set echo source
  make shutdown init w who last users groups route ip host time at batch screen fold rev bridge cut sort
  tr diff patch split yes sleep free df du watch fish ed id pwd cd exit sync wall write mail test true
  false type read rc perf chef salt terraform do done then fi lp look join paste join comm expand
  unexpand nl pr seq shuf tee script view env command builtin trap wait jobs disown logout login
  hash help let local return shift times dir copy del move format start call net tree erase vol ver
  links cc dash history
`);

const SHELL_PREFIX = w(
  "sudo nohup time env xargs exec nice timeout strace ltrace command builtin busybox doas su watch stdbuf unbuffer ionice setsid taskset chroot runuser",
);

const SHELL_INTERPRETER = w(
  "sh bash zsh ksh dash csh tcsh fish busybox python python2 python3 perl ruby php node nodejs lua powershell pwsh cmd",
);

const SHELL_WINDOWS = w(`
  cmd powershell pwsh ipconfig systeminfo tasklist taskkill net net1 netsh reg regedit regsvr32 rundll32
  wmic certutil bitsadmin schtasks type dir copy del erase xcopy robocopy attrib icacls cacls whoami
  hostname findstr mshta cscript wscript msiexec iex iwr iwmi irm icm saps sal vssadmin wevtutil bcdedit
  ver vol cls echo set start call goto ping nslookup tracert netstat arp route tree more fsutil
  diskpart wusa cmstp installutil regasm regsvcs odbcconf forfiles pcalua msbuild
`);

const BATCH_BUILTINS = w(
  "echo set goto call exit cmd start del copy type pause rem dir move ren rename md mkdir rd rmdir cd chdir cls shift setlocal endlocal pushd popd title color",
);

/** Tags dangerous by themselves (script containers, framing, base/meta redirection, forms); tags that
 * only run script through an event handler (img, body, video, details…) are plain tags: the handler
 * rule catches them. */
export const HTML_DANGEROUS_TAGS: readonly string[] = w(`
  script iframe frame frameset object embed applet svg math base link meta style form isindex xml import
  vmlframe bgsound layer ilayer xss animate animatetransform animatemotion set handler listener portal
  plaintext xmp foreignobject feimage annotation-xml noembed
`);

export const HTML_TAGS: readonly string[] = w(`
  body video audio source track details marquee template image use keygen noscript
  a b i u s p br hr div span img table tr td th ul ol li h1 h2 h3 h4 h5 h6 em strong font center pre
  code blockquote small big sub sup label select option textarea input button html head title section
  article nav header footer abbr dl dt dd tbody thead tfoot caption canvas area map picture figure
  figcaption main mark q cite del ins kbd samp var wbr nobr col colgroup fieldset legend optgroup
  progress meter output summary dialog slot data time address bdo bdi ruby rt rp tt strike acronym dfn
  menu menuitem aside blink hgroup search
`);

/** Event handler attribute names (`onload`, `onerror`…): script wherever markup is opened. */
export const HTML_EVENTS: readonly string[] = w(`
  onload onerror onclick onmouseover onfocus onblur onchange onsubmit onselect onkeydown onkeyup
  onkeypress onmouseout onmousedown onmouseup onmousemove onmouseenter onmouseleave ondblclick
  oncontextmenu oninput oninvalid onreset onsearch onscroll onwheel oncopy oncut onpaste ondrag
  ondragstart ondragend ondragover ondragenter ondragleave ondrop onabort oncanplay oncanplaythrough
  ondurationchange onemptied onended onplay onplaying onpause onprogress onratechange onseeked
  onseeking onstalled onsuspend ontimeupdate onvolumechange onwaiting onloadstart onloadeddata
  onloadedmetadata onanimationstart onanimationend onanimationiteration ontransitionend
  ontransitionstart ontransitionrun ontransitioncancel ontoggle onbegin onend onrepeat onpageshow
  onpagehide onhashchange onpopstate onresize onunload onbeforeunload onmessage onstorage onafterprint
  onbeforeprint onfocusin onfocusout onpointerdown onpointerup onpointerover onpointerenter
  onpointerleave onpointermove onpointerout onpointercancel ongotpointercapture onlostpointercapture
  onauxclick onshow onformdata onbeforeinput onselectstart onselectionchange ontouchstart ontouchend
  ontouchmove ontouchcancel onmousewheel onerrorupdate onfilterchange onreadystatechange
  onpropertychange onactivate onbeforeactivate onbeforecopy onbeforecut onbeforepaste onmove onstart
  onfinish onbounce oncuechange onbeforetoggle onscrollend oncontentvisibilityautostatechange
  onbeforematch onwebkitanimationstart onwebkitanimationend onwebkittransitionend onmozfullscreenchange
  onfullscreenchange onsecuritypolicyviolation onslotchange onclose oncancel onrowenter onrowexit
  ondeactivate onbeforedeactivate onhelp onlosecapture onmouseenter onresizeend onresizestart
  onscrollsnapchange onoffline ononline onbeforescriptexecute onafterscriptexecute
  ng-click ng-dblclick ng-focus ng-blur ng-mouseover ng-mouseenter ng-mousedown ng-keydown ng-keyup
  ng-change ng-submit ng-init
`);

const HTML_DANGEROUS_ATTRS = w("formaction srcdoc xlink:href dynsrc lowsrc autofocus");

const HTTP_HEADERS = w(`
  set-cookie cookie content-length content-type location refresh transfer-encoding host x-forwarded-for
  x-forwarded-host x-forwarded-proto x-real-ip connection content-disposition
  access-control-allow-origin access-control-allow-credentials remote-addr x-xss-protection
  content-security-policy authorization referer user-agent expect upgrade te via www-authenticate
  server x-powered-by cache-control pragma content-encoding x-original-url x-rewrite-url
`);

const SQLITE_DOT = w(
  "shell system databases tables dump import output once read load open schema sh excel log cd mode",
);
const SMTP_VERBS = w("mail rcpt data helo ehlo auth quit rset vrfy expn starttls noop bdat etrn");
const IMAP_COMMANDS = w(`
  list select examine search fetch store login logout capability delete rename create append uid copy
  status subscribe unsubscribe lsub expunge close check authenticate idle namespace getquota setacl
  getacl user pass retr dele uidl apop
`);
const TEMPLATE_KEYWORDS = w(`
  if for set import include extends block macro raw with load debug print call filter from autoescape
  endif endfor else elif now url csrf_token cycle firstof ifchanged lorem templatetag widthratio
  verbatim comment spaceless assign capture unless case liquid render
`);
const JS_PROPS = w(`
  cookie domain location write writeln href innerhtml outerhtml documenturi referrer localstorage
  sessionstorage eval alert prompt confirm constructor fromcharcode createelement appendchild
  execcommand opener insertadjacenthtml setattribute
`);
const JS_GLOBALS = w("document window self top this parent frames globalthis content navigator opener");
const SYSTEM_DIRS = w("etc bin usr proc var tmp dev home root sys opt boot lib lib64 sbin srv run");

/** Tag bits: file extensions, URL schemes, HTTP methods. */
export const TAG_PHP_EXT = 1;
export const TAG_JSP_EXT = 2;
export const TAG_WRAPPER = 4;
export const TAG_WEB_SCHEME = 8;
export const TAG_HTTP_METHOD = 16;
export const TAG_NODE_MODULE = 32;

const NODE_MODULES = w("child_process fs fs/promises vm net dgram cluster worker_threads process v8 inspector");

const PHP_EXTS = w("php php3 php4 php5 php6 php7 php8 phtml pht phar phps phpt pgif shtml inc");
// Java's and IIS's server scripts (not .cer, an upload of a certificate as often as of a script).
const JSP_EXTS = w("jsp jspx jspf jsw jsv jtml war asp aspx ashx asmx cshtml vbhtml");
const WRAPPERS = w(
  "file php phar expect zip data glob ogg rar zlib compress ssh2 gopher dict jar netdoc tftp ldap ldaps rmi iiop corba smb nfs",
);
const WEB_SCHEMES = w("http https ftp ftps ws wss");
const HTTP_METHODS = w("get post put delete head options patch trace connect propfind move copy");

/** SQL roles: the keywords the injection judge needs by name. */
export const ROLE_FROM = 1;
export const ROLE_ALL = 2;
export const ROLE_INTO = 3;
export const ROLE_BY = 4;
export const ROLE_OBJECT = 5;
export const ROLE_DELAY = 6;
export const ROLE_SET = 7;
export const ROLE_AS = 8;
export const ROLE_WHERE = 9;
export const ROLE_ORDER = 10;
export const ROLE_SELECT = 11;
export const ROLE_INSERT = 12;
export const ROLE_DELETE = 13;
export const ROLE_UPDATE = 14;
export const ROLE_DDL = 15;
export const ROLE_EXEC = 16;
export const ROLE_WAITFOR = 17;
export const ROLE_SHUTDOWN = 18;
export const ROLE_DECLARE = 19;
export const ROLE_VALUES = 20;
export const ROLE_LIMIT = 21;
export const ROLE_NOT = 22;
export const ROLE_EXISTS = 23;
export const ROLE_CASE = 24;
export const ROLE_COLLATE = 25;
export const ROLE_GRANT = 26;
export const ROLE_LOAD = 27;
export const ROLE_OUTFILE = 28;
export const ROLE_IMMEDIATE = 29;
export const ROLE_HAVING = 30;
export const ROLE_ARITH = 31;
export const ROLE_SQLOP = 32;

const SQL_ROLES: Array<[number, string]> = [
  [ROLE_FROM, "from"],
  [ROLE_ALL, "all distinct distinctrow top"],
  [ROLE_INTO, "into"],
  [ROLE_BY, "by"],
  [
    ROLE_OBJECT,
    "table database schema function procedure view index user trigger column login role tablespace sequence",
  ],
  [ROLE_DELAY, "delay time"],
  [ROLE_SET, "set"],
  [ROLE_AS, "as"],
  [ROLE_WHERE, "where"],
  [ROLE_ORDER, "order group"],
  [ROLE_SELECT, "select"],
  [ROLE_INSERT, "insert replace merge"],
  [ROLE_DELETE, "delete"],
  [ROLE_UPDATE, "update"],
  [ROLE_DDL, "drop create alter truncate rename"],
  [ROLE_EXEC, "exec execute call"],
  [ROLE_WAITFOR, "waitfor"],
  [ROLE_SHUTDOWN, "shutdown"],
  [ROLE_DECLARE, "declare"],
  [ROLE_VALUES, "values"],
  [ROLE_LIMIT, "limit offset"],
  [ROLE_NOT, "not"],
  [ROLE_EXISTS, "exists"],
  [ROLE_CASE, "case when"],
  [ROLE_COLLATE, "collate"],
  [ROLE_GRANT, "grant revoke"],
  [ROLE_LOAD, "load"],
  [ROLE_OUTFILE, "outfile dumpfile infile"],
  [ROLE_IMMEDIATE, "immediate"],
  [ROLE_HAVING, "having"],
  [ROLE_ARITH, "div mod escape"],
  // Bare, MySQL's pattern operators are a probe; PostgreSQL's `ilike` is a filter API's operator name too (Odoo's domains, PostgREST).
  [ROLE_SQLOP, "regexp rlike"],
];

export interface WordEntry {
  word: string;
  sql: number;
  role: number;
  tag: number;
  sqlFn: number;
  shell: number;
  html: number;
  misc: number;
}

/** Builds the merged dictionary: one entry per word, in first-seen order (deterministic). */
export function buildWordEntries(): WordEntry[] {
  const byWord = new Map<string, WordEntry>();
  const get = (word: string): WordEntry => {
    let e = byWord.get(word);
    if (!e) {
      e = { word, sql: 0, role: 0, tag: 0, sqlFn: 0, shell: 0, html: 0, misc: 0 };
      byWord.set(word, e);
    }
    return e;
  };
  for (const [cls, list] of SQL_WORDS) for (const word of w(list)) get(word).sql = cls;
  for (const word of SQL_GENERIC_FUNCS) {
    const e = get(word);
    if (e.sql === 0) e.sql = SQL_FUNCTION;
    e.sqlFn = Math.max(e.sqlFn, FN_GENERIC);
  }
  for (const word of SQL_DANGER_FUNCS) {
    const e = get(word);
    if (e.sql === 0 || e.sql === SQL_FUNCTION) e.sql = SQL_FUNCTION;
    e.sqlFn = FN_DANGER;
  }
  for (const word of SQL_MATH_FUNCS) {
    const e = get(word);
    if (e.sqlFn === FN_GENERIC) e.sqlFn = FN_MATH;
  }
  for (const [role, list] of SQL_ROLES) for (const word of w(list)) get(word).role = role;
  for (const word of SHELL_UNIX) get(word).shell |= SH_UNIX;
  for (const word of SHELL_AMBIGUOUS) {
    const e = get(word);
    e.shell |= SH_UNIX | SH_AMBIGUOUS;
  }
  for (const word of SHELL_PREFIX) get(word).shell |= SH_PREFIX;
  for (const word of SHELL_INTERPRETER) get(word).shell |= SH_INTERPRETER;
  for (const word of SHELL_WINDOWS) get(word).shell |= SH_WINDOWS;
  for (const word of BATCH_BUILTINS) get(word).shell |= SH_BATCH;
  for (const word of HTML_TAGS) get(word).html = HTML_TAG;
  for (const word of HTML_DANGEROUS_TAGS) get(word).html = HTML_DANGEROUS_TAG;
  for (const word of HTML_EVENTS) get(word).html = HTML_EVENT;
  for (const word of HTML_DANGEROUS_ATTRS) get(word).html = HTML_DANGEROUS_ATTR;
  for (const word of HTTP_HEADERS) get(word).misc |= MISC_HTTP_HEADER;
  for (const word of SQLITE_DOT) get(word).misc |= MISC_SQLITE_DOT;
  for (const word of SMTP_VERBS) get(word).misc |= MISC_SMTP;
  for (const word of IMAP_COMMANDS) get(word).misc |= MISC_IMAP;
  for (const word of TEMPLATE_KEYWORDS) get(word).misc |= MISC_TEMPLATE;
  for (const word of JS_PROPS) get(word).misc |= MISC_JS_PROP;
  for (const word of JS_GLOBALS) get(word).misc |= MISC_JS_GLOBAL;
  for (const word of SYSTEM_DIRS) get(word).misc |= MISC_SYSTEM_DIR;
  for (const word of PHP_EXTS) get(word).tag |= TAG_PHP_EXT;
  for (const word of JSP_EXTS) get(word).tag |= TAG_JSP_EXT;
  for (const word of WRAPPERS) get(word).tag |= TAG_WRAPPER;
  for (const word of WEB_SCHEMES) get(word).tag |= TAG_WEB_SCHEME;
  for (const word of HTTP_METHODS) get(word).tag |= TAG_HTTP_METHOD;
  for (const word of NODE_MODULES) get(word).tag |= TAG_NODE_MODULE;
  return [...byWord.values()];
}
