/**
 * @module core/signatures/tables/patterns
 * Substring patterns found in one pass by the Aho–Corasick automaton (built at
 * start-up from this table, in TypeScript and in Wasm alike). A hit is only a
 * candidate: each group has a detector that checks the context around it
 * (word boundaries are checked here, the rest in the detector). Patterns are
 * lower-case and matched case-insensitively; `F_CASE` asks the detector to
 * re-check the exact case (Base64 magic prefixes).
 */

export const G_SQL_SYSOBJ = 1;
export const G_FILE = 2;
export const G_UA_SCANNER = 3;
export const G_PROBE_PATH = 4;
export const G_PHP_HIGHRISK = 5;
export const G_PHP_FUNC = 6;
export const G_PHP_SUPERGLOBAL = 7;
export const G_PHP_INI = 8;
export const G_NODE = 9;
export const G_PROTO = 10;
export const G_JAVA_PKG = 11;
export const G_JAVA_KW = 12;
export const G_JAVA_GADGET = 13;
export const G_JAVA_SER = 14;
export const G_SSI = 15;
export const G_JS_SINK = 16;
export const G_JS_FUNC = 17;
export const G_CSS = 18;
export const G_SHELL_PATH = 19;
export const G_POWERSHELL = 20;
export const G_SSRF_HOST = 21;
export const G_MONGO = 22;
export const G_ORM = 23;
export const G_RUBY = 24;
export const G_PYTHON = 25;
export const G_EXT = 26;
export const G_SQL_PHRASE = 27;
export const G_JS_GLOBAL = 28;
export const G_SQL_KW = 29;
/** Options that make git run a program of the caller's choosing (argument injection). */
export const G_GIT_OPTION = 30;
/**
 * Out-of-band interaction services: the hosts scanners and exploit kits send a target to fetch or
 * resolve to learn that a blind SSRF, XXE, command or template injection ran (interactsh, Burp
 * Collaborator, CEYE, DNSLog, Acunetix's AcuMonitor).
 */
export const G_OAST = 31;
/**
 * The clouds' instance metadata services' own paths (`/latest/meta-data/`, `/computeMetadata/v1/`):
 * no application serves them, so a request or a value that carries one is aimed at the metadata
 * service behind a proxying feature, whatever it names as the host (an IPv6 or decimal address, a
 * DNS name that resolves to it, a base URL the app adds).
 */
export const G_META_PATH = 32;

/** Require a non-word byte (or the start) before the pattern. */
export const F_WB_L = 1;
/** Require a non-word byte (or the end) after the pattern. */
export const F_WB_R = 2;
/** The detector re-checks the exact case given here. */
export const F_CASE = 4;

/** G_FILE codes. */
export const FILE_OS = 1;
export const FILE_SECRET = 2;
export const FILE_UPLOAD_CONFIG = 3;
/** G_EXT codes. */
export const EXT_STRONG = 1;
export const EXT_WEAK = 2;
export const EXT_PHP = 3;
export const EXT_JSP = 4;
/** G_SSI codes: a tag whose content must be a path (CrushFTP's `<INCLUDE>`). */
export const SSI_PATH_TAG = 1;
/** G_NODE codes. */
export const NODE_STRONG = 1;
export const NODE_CALL = 2;
export const NODE_INDEX = 3;
/** G_JS_FUNC codes. */
export const JS_CALL = 1;
export const JS_LOOP = 2;
export const JS_CODE_CALL = 3;
/** G_SSRF_HOST codes. */
export const SSRF_META = 1;
export const SSRF_LOCAL = 2;
/** G_JAVA_PKG codes: a package name on its own, or a prefix that must go on with a letter. */
export const JPKG_PACKAGE = 1;
export const JPKG_DOTTED = 2;
/**
 * G_PHP_FUNC codes: code-looking names (underscores, long) are calls on sight; dangerous short names
 * need a tight call; names that are also English words need PHP-looking arguments ($var or a quoted
 * string); include/require need a path-like or variable argument.
 */
export const PHPF_WORD = 0;
export const PHPF_CODE = 1;
export const PHPF_DANGER = 2;
export const PHPF_INCLUDE = 3;
/** G_JAVA_KW codes. */
export const JKW_RUNTIME = 1;
export const JKW_PROCESSBUILDER = 2;
export const JKW_CALL = 3;
export const JKW_CLASSLOADER = 4;
/** `MethodName`: .NET's ObjectDataProvider names the method it calls (with a gadget, a call by data). */
export const JKW_METHODNAME = 5;
/**
 * MySQL Connector/J's `ServerStatusDiffInterceptor`: a connection told to run it (with
 * `autoDeserialize=true`) deserializes what the attacker's server answers (Fastjson's
 * `JDBC4Connection` gadget, JDBC URL attacks). No request of an application names it.
 */
export const JKW_JDBC_INTERCEPTOR = 6;

export interface PatternDef {
  text: string;
  group: number;
  flags: number;
  code: number;
}

const B = F_WB_L | F_WB_R;
/** Whitespace separates patterns; `+` stands for a space inside one. */
const list = (s: string): string[] =>
  s
    .trim()
    .split(/\s+/)
    .map((t) => t.replaceAll("+", " "));
const defs: PatternDef[] = [];
const add = (group: number, flags: number, code: number, texts: string[]): void => {
  for (const text of texts) defs.push({ text, group, flags, code });
};

add(
  G_SQL_SYSOBJ,
  B,
  0,
  list(`
  information_schema mysql.user mysql.db pg_catalog pg_shadow pg_user pg_database pg_namespace sysobjects
  syscolumns sys.objects sys.tables sys.columns sys.databases sysdatabases sysusers msdb master..
  master.dbo sqlite_master sqlite_schema sqlite_temp_master all_tables all_users all_tab_columns
  dba_users dba_tables user_tables user_tab_columns v$version v$instance utl_http utl_inaddr dbms_pipe
  dbms_lock dbms_xmlgen dbms_java xp_cmdshell sp_executesql xp_regread xp_dirtree xp_fileexist
  sp_oacreate sp_oamethod sp_password sp_addlogin sp_configure openrowset opendatasource @@version
  @@datadir @@hostname @@basedir @@servername pg_sleep load_file mysql.innodb_table_stats
  sys.schema_auto_increment_columns performance_schema`),
);
add(G_SQL_KW, B, 0, ["select", "union"]);
add(G_SQL_PHRASE, B, 0, [
  "into outfile",
  "into dumpfile",
  "load data infile",
  "load data local infile",
  "waitfor delay",
  "waitfor time",
  "exec master",
  "execute immediate",
  "procedure analyse",
]);

add(
  G_FILE,
  0,
  FILE_OS,
  list(`
  etc/passwd etc/shadow etc/group etc/gshadow etc/hosts etc/issue etc/subuid etc/subgid etc/sudoers
  etc/crontab etc/master.passwd etc/security/ etc/ssh/ etc/mysql/ etc/apache2/ etc/nginx/ etc/httpd/
  etc/profile etc/bashrc etc/environment etc/resolv.conf etc/fstab etc/motd etc/os-release
  etc/pam.d etc/rc.d etc/init.d etc/netplan etc/network/ etc/hostname etc/machine-id
  etc/webmin/ etc/pve/ etc/vmware/ etc/vmware-vpx/ etc/asterisk/
  boot.ini win.ini system.ini windows/system32 windows\\system32 system32/config system32\\config
  winnt/system32 inetpub/ proc/self/ proc/version proc/cpuinfo proc/net/ proc/1/ var/log/ var/run/secrets
  proc/sys/kernel proc/sys/net proc/sys/fs proc/kcore proc/sched_debug proc/mounts proc/meminfo proc/cmdline
  usr/local/apps/ httpd.conf apache2.conf nginx.conf php.ini my.cnf my.ini tomcat-users.xml
  web-inf/web.xml meta-inf/ .ssh/id_rsa .ssh/id_dsa .ssh/id_ecdsa .ssh/id_ed25519 .ssh/authorized_keys
  .ssh/known_hosts .ssh/config .aws/credentials .aws/config .docker/config.json .docker/ .kube/config
  .azure/ .config/gcloud .gnupg/ .bash_history .zsh_history .mysql_history .psql_history
  .python_history .node_repl_history .viminfo .lesshst id_rsa id_dsa id_ed25519
  root/.ssh root/.aws root/.kube root/.gnupg root/.docker root/.azure web-inf/ /heapdump
  .ssh\\authorized_keys .ssh\\known_hosts .ssh\\config .aws\\credentials .aws\\config .docker\\config.json
  .kube\\config .azure\\ .config\\gcloud .gnupg\\`),
);
add(
  G_FILE,
  F_WB_R,
  FILE_SECRET,
  list(`
  .env .env.local .env.production .env.development .env.backup .htaccess .htpasswd .git/config .git/head
  .git/index .git/logs .git/objects .git/refs .git/ .gitconfig .git-credentials .svn/entries .svn/wc.db
  .svn/ .hg/ .bzr/ .ds_store .npmrc .pypirc .netrc .pgpass .boto .s3cfg .dockercfg .terraform/
  terraform.tfstate .vscode/ .idea/ web.config wp-config.php .bashrc .bash_profile .profile .zshrc
  .cshrc .kshrc .rhosts .forward .mailrc .my.cnf .travis.yml .gitlab-ci.yml .circleci/ .plandex/
  .aider .cursor/ localsettings.php localconfiguration.php configuration.php config.inc.php settings.php database.yml
  secrets.yml credentials.json service-account.json appsettings.json appsettings.development.json
  appsettings.production.json parameters.yml parameters.yaml vcdb.properties`),
);
add(
  G_FILE,
  F_WB_R,
  FILE_UPLOAD_CONFIG,
  list(
    ".user.ini config.yml config.yaml .yarnrc .bowerrc .editorconfig .jshintrc .eslintrc package.json composer.json",
  ),
);
add(
  G_UA_SCANNER,
  0,
  0,
  list(`
  sqlmap nikto nmap masscan zgrab nuclei acunetix netsparker nessus openvas w3af wpscan dirbuster
  gobuster feroxbuster ffuf wfuzz arachni skipfish whatweb joomscan jaeles commix havij pangolin
  zmeu morfeus jorgee paros webinspect appscan fimap bsqlbf sqlninja dotdotpwn uniscan xsser vega/
  nsauditor grendel-scan webshag brutus zap/ owasp_zap burpcollaborator interactsh
  projectdiscovery l9explore l9tcpid zgrab/ muieblackcat mozilla/4.0+(compatible;+msie+6.0;+windows+nt+5.1;+sv1)
  nasl wapiti sqlsus sql+power+injector webvulnscan n-stealth qualys cgichk satan scanbot
  openvas-vt dirb/ hydra medusa-http ncrack brutespray fuzz+faster+u+fool clairvoyance/ graphql-cop
  graphw00f inql/ graphqlmap`),
);
add(
  G_PROBE_PATH,
  0,
  0,
  list(`
  /phpmyadmin /phpmyadmin2 /pma/ /myadmin/ /mysqladmin /cgi-bin/test-cgi /cgi-bin/php /boaform
  /hnap1 /manager/html /jmx-console /web-console /invoker/jmxinvokerservlet /solr/admin /actuator/env
  /actuator/heapdump /actuator/gateway /server-status /server-info /vendor/phpunit eval-stdin.php
  /shell.php /c99.php /r57.php /wso.php /webshell /cmd.php /wp-admin/setup-config.php /xmlrpc.php
  /.well-known/../ /console/login /hudson/script /jenkins/script /setup.cgi /goform/ /tmui/ /remote/fgt_lang
  /owa/auth/x.js /autodiscover/autodiscover.json /ecp/ /vpn/../ /cgi-bin/luci /sdk/vimservice /ui/vropspluginui
  /mgmt/tm/util/bash /api/jsonws/invoke /druid/index.html /nacos/v1/auth /_ignition/execute-solution
  /telescope/requests /debug/default/view /horde/imp/ /user/register?element_parents`),
);
// IIS short-name (8.3) enumeration: a wildcard beside `~1` (`/*~1*/.aspx`, `/backup~1*/a.aspx`).
add(G_PROBE_PATH, 0, 0, ["*~1", "~1*"]);
// ASP.NET's diagnostics handlers, which list requests, errors and server variables when left on.
add(G_PROBE_PATH, 0, 0, list("/trace.axd /elmah.axd"));
// `popen` alone needs a word boundary before it: a modem's AT+CIPOPEN log line holds it; the longer,
// code-only names count inside a word too (CRS tests `FOOfsockopen()`).
add(G_PHP_HIGHRISK, F_WB_L, 0, ["popen"]);
// Drupal render arrays whose callbacks run what the request names (Drupalgeddon2, CVE-2018-7600):
// `mail[#post_render][]=exec`.
add(G_PHP_HIGHRISK, 0, 0, list("#post_render #pre_render #lazy_builder #access_callback"));
add(
  G_PHP_HIGHRISK,
  0,
  0,
  list(`
  fsockopen pfsockopen shell_exec passthru proc_open pcntl_exec base64_decode gzinflate
  gzuncompress gzdecode str_rot13 zlib_decode create_function call_user_func call_user_func_array
  file_get_contents file_put_contents move_uploaded_file phpinfo get_defined_functions get_defined_vars
  get_defined_constants ini_set ini_get_all ini_restore posix_getpwuid posix_uname posix_kill
  posix_setuid show_source highlight_file php_uname getmypid getmyuid proc_nice proc_terminate
  proc_get_status stream_socket_client stream_socket_server escapeshellcmd escapeshellarg
  register_shutdown_function register_tick_function set_error_handler assert_options forward_static_call
  forward_static_call_array preg_replace_callback array_walk_recursive mb_ereg_replace
  apache_child_terminate expect_popen ssh2_exec curl_exec curl_multi_exec parse_ini_file
  readline_callback_handler_install`),
);
const phpFuncs = list(`
  chr crypt chroot gethostbyname gethostbynamel serialize unserialize unpack pack exec system
  assert include include_once require require_once readfile fopen fread fwrite fputs file opendir
  scandir readdir mail header extract parse_str array_map array_filter usort uasort uksort array_walk
  preg_replace ob_start putenv getenv symlink link chmod chown unlink rename copy mkdir rmdir tempnam
  tmpfile touch glob is_file is_dir file_exists fgets fgetc fscanf fpassthru session_start setcookie
  print_r var_dump var_export debug_zval_dump error_log iconv ord md5 sha1 crc32 strrev str_replace
  implode explode php:function php:functionstring`);
const phpDanger = new Set(
  list(
    "chr crypt chroot gethostbyname gethostbynamel serialize unserialize unpack exec system assert readfile fopen fread fwrite fputs opendir scandir readdir putenv getenv symlink unlink tempnam tmpfile fpassthru fgets fscanf iconv md5 sha1 crc32 strrev pack",
  ),
);
const phpInclude = new Set(list("include include_once require require_once"));
for (const f of phpFuncs)
  add(
    G_PHP_FUNC,
    B,
    phpInclude.has(f)
      ? PHPF_INCLUDE
      : f.includes("_") || f.length >= 9
        ? PHPF_CODE
        : phpDanger.has(f)
          ? PHPF_DANGER
          : PHPF_WORD,
    [f],
  );
add(
  G_PHP_SUPERGLOBAL,
  F_WB_R,
  0,
  list(`
  $_get $_post $_request $_server $_cookie $_files $_env $_session $globals $http_raw_post_data
  $http_get_vars $http_post_vars $http_cookie_vars $http_server_vars $http_env_vars php://input
  php://filter php://stdin php://memory php://temp php://fd`),
);
add(
  G_PHP_INI,
  B,
  0,
  list(`
  allow_url_include allow_url_fopen auto_prepend_file auto_append_file disable_functions
  disable_classes open_basedir safe_mode register_globals display_errors error_reporting log_errors
  html_errors sendmail_path sendmail_from mail.add_x_header session.save_path
  session.auto_start session.use_trans_sid session.upload_progress.enabled upload_tmp_dir
  file_uploads post_max_size upload_max_filesize max_execution_time memory_limit include_path
  doc_root user_dir extension_dir extension zend_extension short_open_tag asp_tags expose_php
  magic_quotes_gpc enable_dl cgi.force_redirect suhosin.executor.disable_eval opcache.enable
  xdebug.remote_enable xdebug.remote_host phar.readonly`),
);
add(
  G_NODE,
  0,
  NODE_STRONG,
  list(`
  child_process _$$nd_func$$_ process.binding process.mainmodule constructor.constructor
  require.main global.process process.dlopen process.kill module.constructor._load
  this.constructor.constructor execsync( spawnsync( .spawn( new+function( vm.runinnewcontext
  vm.runinthiscontext require.cache constructor:constructor`),
);
add(G_NODE, 0, NODE_CALL, ["require("]);
/** Node core modules whose require() is an injection, not a snippet of ordinary code. */
add(G_NODE, 0, NODE_INDEX, ["process[", "process ["]);
add(
  G_PROTO,
  0,
  0,
  list(
    "__proto__ constructor.prototype constructor[prototype] [constructor][prototype] __definegetter__ __definesetter__ __lookupgetter__",
  ),
);
add(
  G_JAVA_PKG,
  F_WB_L | F_WB_R,
  JPKG_PACKAGE,
  list(`
  java.lang java.io java.net java.util java.nio java.rmi java.beans java.security java.sql javax.script
  javax.naming javax.management sun.misc sun.reflect com.sun.org org.apache.commons org.apache.xalan
  org.apache.xbean org.apache.tomcat org.apache.catalina org.springframework org.codehaus.groovy
  groovy.lang org.hibernate com.mchange org.mozilla.javascript com.opensymphony.xwork2
  freemarker.template org.python ch.qos.logback.core.db`),
);
// Jenkins' class that decrypts its stored credentials: reached only from a Groovy script (the script console).
add(G_JAVA_PKG, F_WB_L | F_WB_R, JPKG_PACKAGE, ["hudson.util.secret"]);
add(G_JAVA_PKG, F_WB_L, JPKG_DOTTED, list("java. javax. jdk. bsh. ognl. com.sun."));
add(G_JAVA_KW, 0, JKW_RUNTIME, ["runtime"]);
add(G_JAVA_KW, 0, JKW_PROCESSBUILDER, ["processbuilder"]);
// H2's JDBC URL runs a script fetched from anywhere when it connects (CVE-2021-42392 and kin).
add(G_JAVA_KW, 0, JKW_CALL, list("getruntime( .getruntime() runtime.exec( .exec(new+java init=runscript"));
// Groovy runs a string as a command: `"id".execute().text` (Jenkins' script console and kin).
add(G_JAVA_KW, 0, JKW_CALL, ['".execute()', "'.execute()", '".execute(null', "'.execute(null"]);
// …and a list of arguments as one: `['sh','-c','id'].execute()`.
add(G_JAVA_KW, 0, JKW_CALL, ['"].execute()', "'].execute()"]);
// Spring4Shell (CVE-2022-22965): data binding walked into the class loader.
add(G_JAVA_KW, 0, JKW_CLASSLOADER, list("class.module.classloader class.classloader module.classloader"));
// ObjectDataProvider's MethodName (XAML's attribute, XmlSerializer's element: DotNetNuke's DNNPersonalization).
add(G_JAVA_KW, 0, JKW_METHODNAME, ["methodname"]);
add(G_JAVA_KW, 0, JKW_JDBC_INTERCEPTOR, ["serverstatusdiffinterceptor"]);
add(
  G_JAVA_GADGET,
  0,
  0,
  list(`
  clonetransformer forclosure instantiatefactory instantiatetransformer invokertransformer
  prototypeclonefactory prototypeserializationfactory whileclosure chainedtransformer
  constanttransformer templatesimpl getoutputproperties jdbcrowsetimpl xmldecoder commons.collections
  lazymap transformedmap annotationinvocationhandler badattributevalueexpexception
  textformattingrunproperties objectdataprovider typeconfusedelegate clr-namespace:system.diagnostics`),
);
// .NET gadget chains as their serialized streams name them (ysoserial.net: TypeConfuseDelegate,
// ActivitySurrogateSelector, WindowsIdentity, RolePrincipal, SessionSecurityToken, XamlReader…).
add(
  G_JAVA_GADGET,
  0,
  0,
  list(`
  system.delegateserializationholder activitysurrogateselector system.security.principal.windowsidentity
  system.web.security.roleprincipal system.identitymodel.tokens.sessionsecuritytoken
  system.windows.markup.xamlreader system.configuration.install.assemblyinstaller`),
);
// Not Base64 gzip (`H4sI…`): npm tarballs, compressed payloads and JSF view state all start so, whatever they hold.
add(G_JAVA_SER, F_CASE, 0, ["rO0AB", "KztAA", "Cs7QA", "aced0005"]);
// .NET: BinaryFormatter's header in Base64, and ViewState whose root is a BinaryFormatter stream
// (`/wEy`: ObjectStateFormatter's token 0x32; a page's own state starts with a pair or a triplet).
add(G_JAVA_SER, F_CASE, 0, ["AAEAAAD/////"]);
add(G_JAVA_SER, F_CASE | F_WB_L, 0, ["/wEy"]);
add(
  G_SSI,
  0,
  0,
  list(
    "<!--#exec <!--#include <!--#echo <!--#config <!--#printenv <!--#set <!--#fsize <!--#flastmod <!--#if <!--#elif",
  ),
);
// Edge Side Includes, which a caching proxy (Varnish, Squid, Akamai, Fastly) runs in a page it caches: an
// include fetches another URL with the visitor's cookies (`$(HTTP_COOKIE)`), `esi:vars` prints them.
add(G_SSI, 0, 0, list("<esi:include <esi:vars <esi:assign <esi:eval <esi:inline <esi:debug <esi:choose"));
// CrushFTP's own server-side include, which its web interface expands in a path it is given
// (`path=<INCLUDE>/etc/passwd</INCLUDE>`, CVE-2024-4040): upper case as CrushFTP reads it, where a
// build file's `<include>` is lower case, and holding a path, where OFX's `<INCLUDE>Y` holds a flag.
add(G_SSI, F_CASE, SSI_PATH_TAG, ["<INCLUDE>"]);
add(
  G_JS_SINK,
  F_WB_L,
  0,
  list(`
  document.cookie document.domain document.write document.location document.url document.referrer
  document.documenturi window.location location.href location.replace location.assign .innerhtml
  .outerhtml .insertadjacenthtml document.createelement document.body.appendchild
  .parentnode .srcdoc window.open( document.execcommand
  top.location self.location parent.location`),
);
add(G_JS_FUNC, B, JS_CALL, list("alert prompt confirm eval"));
add(G_JS_FUNC, B, JS_CODE_CALL, list("settimeout setinterval execscript atob btoa unescape msgbox fromcharcode"));
add(G_JS_FUNC, B, JS_LOOP, ["while"]);
add(G_JS_GLOBAL, B, 0, list("document window self top this parent frames globalthis"));
add(
  G_CSS,
  0,
  0,
  list("expression( expression+( behavior: behaviour: -moz-binding @import url(javascript url(vbscript url(data:"),
);
add(
  G_SHELL_PATH,
  0,
  0,
  list(`
  /bin/ /usr/bin/ /sbin/ /usr/sbin/ /usr/local/bin/ /dev/tcp/ /dev/udp/ %comspec% cmd.exe
  powershell.exe cmd+/c cmd.exe+/c cmd+/k \\system32\\ /system32/ /windows/system32/ system32\\cmd
  /bin/sh /bin/bash`),
);
// Ghostscript's pipe device: a PostScript file that names it runs the command (media.ts hands such lines over).
add(G_SHELL_PATH, 0, 0, ["%pipe%"]);
add(
  G_POWERSHELL,
  0,
  0,
  list(`
  invoke- invoke-expression invoke-webrequest invoke-restmethod invoke-command invoke-wmimethod invoke-item
  invoke-shellcode invoke-mimikatz downloadstring( downloadfile( downloaddata( new-object
  net.webclient start-process get-wmiobject frombase64string( -encodedcommand [system.convert]
  [convert]:: [system.text.encoding] [reflection.assembly] set-mppreference add-mppreference
  -executionpolicy+bypass -windowstyle+hidden get-content set-content out-file new-itemproperty
  system.net.sockets.tcpclient get-childitem remove-item stop-process set-executionpolicy get-localuser
  new-localuser add-localgroupmember stop-service set-service copy-item start-bitstransfer get-ciminstance`),
);
// Reconnaissance cmdlets an injected PowerShell runs first: processes, services, rights, the network,
// the domain, defences (`; Get-Process`, `| Get-ADUser -Filter *`).
add(
  G_POWERSHELL,
  F_WB_L,
  0,
  list(`
  get-process get-service get-acl get-itemproperty get-netipaddress get-netipconfiguration
  get-nettcpconnection get-dnsclientcache get-computerinfo get-hotfix get-localgroup
  get-localgroupmember get-aduser get-adcomputer get-adgroupmember get-smbshare get-psdrive
  get-executionpolicy get-scheduledtask get-winevent get-eventlog get-mpcomputerstatus
  test-netconnection`),
);
// The aliases of the cradle cmdlets, where they cannot be words of a text: called (`iex(`), fed a
// URL (`iwr http…`, `irm -uri`) or piped into (`| iex`).
add(G_POWERSHELL, F_WB_L, 0, list(`iex( iex+( iwr+http iwr+-uri irm+http irm+-uri`));
add(G_POWERSHELL, F_WB_R, 0, list(`|iex |+iex`));
// Aliases no text uses as words, with what only PowerShell takes after them: one of the
// cmdlet's parameters (`gci -recurse`; not any dash: `GCI - the index` is prose), a drive or
// share (`gci c:\`) or a WMI class (`gwmi win32_process`).
add(
  G_POWERSHELL,
  F_WB_L,
  0,
  list(`
  gci+-recurse gci+-r+ gci+-path gci+-literalpath gci+-filter gci+-include gci+-exclude gci+-force
  gci+-hidden gci+-file gci+-directory gci+-attributes gci+-depth gci+c:\\ gci+\\\\
  gwmi+-class gwmi+-query gwmi+-namespace gwmi+-list gwmi+win32_ gcim+-classname gcim+-query
  gcim+win32_ icm+-scriptblock icm+-computername icm+-filepath icm+-session saps+-filepath
  saps+-argumentlist saps+-verb saps+-windowstyle sajb+-scriptblock ipmo+-force ipmo+-name
  iwr+-outfile`),
);
// Git argument injection: a value the app passes to git as a ref, a URL or a branch name
// (CVE-2022-24439, CVE-2022-25648): `--upload-pack=touch /tmp/x`, `ext::sh -c id`, `-c core.sshCommand=id`.
add(
  G_GIT_OPTION,
  0,
  0,
  list(`
  --upload-pack --receive-pack ext:: -c+core.sshcommand -c+core.gitproxy -c+core.fsmonitor
  -c+protocol.ext.allow --config=core.sshcommand --config=core.fsmonitor`),
);
/** The clouds' instance metadata services' hosts (G_SSRF_HOST, and a Host header naming one). */
export const METADATA_HOSTS: readonly string[] = list(`
  169.254.169.254 metadata.google.internal metadata.azure.com 100.100.100.200 fd00:ec2::254
  169.254.170.2 instance-data metadata.tencentyun.com 169.254.169.253 metadata.oraclecloud.com
  192.0.0.192`);
add(G_SSRF_HOST, 0, SSRF_META, [...METADATA_HOSTS]);
add(
  G_SSRF_HOST,
  0,
  SSRF_LOCAL,
  list(`
  localhost 127.0.0.1 0.0.0.0 [::1] [::] ip6-localhost ip6-loopback host.docker.internal
  host.containers.internal gateway.docker.internal kubernetes.default kubernetes.default.svc 127.1
  0177.0.0.1 2130706433 0x7f000001 localtest.me`),
);
/** The out-of-band interaction services' domains, each with the dot before it (G_OAST). */
export const OAST_DOMAINS: readonly string[] = list(`
  .oast.pro .oast.live .oast.site .oast.online .oast.fun .oast.me .interact.sh .interactsh.com
  .burpcollaborator.net .oastify.com .ceye.io .dnslog.cn .bxss.me .requestbin.net`);
add(G_OAST, 0, 0, [...OAST_DOMAINS]);
add(
  G_META_PATH,
  0,
  0,
  list(`
  /latest/meta-data/ /latest/meta-data? /latest/user-data /latest/api/token /latest/dynamic/instance-identity
  /computemetadata/v1 /metadata/identity/oauth2/token /metadata/instance?api-version /opc/v1/instance
  /opc/v2/instance /openstack/latest/meta_data.json /metadata/v1/maintenance`),
);
add(
  G_MONGO,
  F_WB_R,
  0,
  list(`
  $ne $eq $gt $gte $lt $lte $in $nin $regex $where $exists $elemmatch $or $and $not $nor $expr
  $function $accumulator $jsonschema $size $all $mod $type $text $lookup $merge $out $unionwith $graphlookup`),
);
add(
  G_ORM,
  F_WB_R,
  0,
  list(`
  __gte __lte __gt __lt __isnull __startswith __istartswith __endswith __iendswith __contains
  __icontains __regex __iregex __in __exact __iexact __range __has_key __has_keys __has_any_keys
  __contained_by __search __overlap __trigram_similar __unaccent`),
);
add(
  G_RUBY,
  0,
  0,
  list(
    "process.spawn kernel.exec kernel.system kernel.spawn kernel.open io.popen open3. %x( instance_eval class_eval module_eval .send(:system .constantize erb.new",
  ),
);
add(
  G_PYTHON,
  0,
  0,
  list(`
  __import__ os.system( os.popen( eval(compile( pickle.loads cpickle.loads
  subprocess.run( subprocess.call( subprocess.popen( subprocess.check_output( subprocess.check_call(
  subprocess.getoutput( subprocess.getstatusoutput(
  __builtins__ __globals__ __subclasses__ __class__.__mro__ __mro__ func_globals
  f_globals gi_frame os.execv os.spawn pty.spawn`),
);
// A function named by its dotted path in a string, which a resolver then calls
// (`frappe.get_attr('subprocess.check_output')(['id'])`, Django's `import_string`, a task's name).
add(G_PYTHON, 0, 0, [
  "'os.system'",
  '"os.system"',
  "'os.popen'",
  '"os.popen"',
  "'os.execv'",
  '"os.execv"',
  "'os.execve'",
  '"os.execve"',
  "'os.spawnv'",
  '"os.spawnv"',
  "'subprocess.run'",
  '"subprocess.run"',
  "'subprocess.call'",
  '"subprocess.call"',
  "'subprocess.popen'",
  '"subprocess.popen"',
  "'subprocess.check_output'",
  '"subprocess.check_output"',
  "'subprocess.check_call'",
  '"subprocess.check_call"',
  "'subprocess.getoutput'",
  '"subprocess.getoutput"',
  "'posix.system'",
  '"posix.system"',
  "'builtins.eval'",
  '"builtins.eval"',
  "'builtins.exec'",
  '"builtins.exec"',
]);
// Lua's way to a shell (`os.execute("wget …")`, `io.popen(…)`): a home hub's or a game server's scripting.
add(G_PYTHON, 0, 0, ["os.execute(", "io.popen("]);
// A pickle (protocol 0) that calls a program when loaded: `cposix\nsystem\n(V…`.
add(G_PYTHON, F_WB_L, 0, [
  "cposix\nsystem",
  "cos\nsystem",
  "cnt\nsystem",
  "csubprocess\n",
  "c__builtin__\neval",
  "c__builtin__\nexec",
  "cbuiltins\neval",
  "cbuiltins\nexec",
  "cos\npopen",
  "cposix\npopen",
  "cnt\npopen",
  "cos\nexec",
  "cposix\nexec",
  "cnt\nexec",
  "cos\nspawn",
  "cposix\nspawn",
  "cnt\nspawn",
  "cbuiltins\n__import__",
  "c__builtin__\n__import__",
  "cbuiltins\ncompile",
  "c__builtin__\ncompile",
  "cruntpy\n",
  "cpty\nspawn",
  "ccommands\n",
]);
// YAML tags that call a callable or import a module as the document loads (PyYAML's unsafe loaders).
// Not `!!python/name:`, which configs use to name a function (mkdocs: `!!python/name:material…`).
add(G_PYTHON, 0, 0, ["!!python/object/apply:", "!!python/object/new:", "!!python/module:"]);
// Ruby's YAML gadget chains start from these classes (Psych.unsafe_load, old YAML.load).
add(
  G_RUBY,
  0,
  0,
  list("!ruby/object:gem:: !ruby/hash:gem:: !ruby/object:net:: !ruby/object:erb !ruby/hash:actioncontroller::"),
);
add(
  G_EXT,
  0,
  EXT_STRONG,
  list(`
  .bak .backup .old .orig .save .swp .swo .sql .sqlite .sqlite3 .mdb .dbf .pem .key .pfx .p12 .jks
  .kdbx .keystore .passwd .pwd .ovpn .ppk .tfstate .dump .bkp .tmp~ ~`),
);
add(
  G_EXT,
  0,
  EXT_WEAK,
  list(".log .ini .conf .cfg .config .inc .dist .dat .db .yml .yaml .sh .bat .cmd .ps1 .lnk .asa .asax"),
);
add(G_EXT, 0, EXT_PHP, list(".php .phtml .php3 .php4 .php5 .php7 .php8 .pht .phar .phps .phpt .pgif .shtml"));
add(G_EXT, 0, EXT_JSP, list(".jsp .jspx .jspf .jsw .jsv .war .jhtml .asp .aspx .ashx .asmx .cer .cfm .cgi .pl"));

/** The pattern table, in automaton order. */
export const PATTERNS: readonly PatternDef[] = defs;
