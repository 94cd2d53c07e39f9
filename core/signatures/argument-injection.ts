/**
 * @module core/signatures/argument-injection
 * Values that a back end passes to a program's command line, where an
 * option of that program runs a command of the attacker's (932231; git's
 * own options and `ext::` URLs are 932230 in the detectors):
 * yt-dlp's `--exec 'curl …|sh'`, tar's `--checkpoint-action=exec=sh x`,
 * `--to-command`, `--use-compress-program`, rsync's `--rsh`, ssh's
 * `-oProxyCommand=…`, find's `-exec`.
 * The shell detectors judge a command line that a shell would read; these
 * options need no shell: the program itself starts what follows them. The
 * option must stand as an argument (the value's start or after a blank,
 * in a JSON array each element is a value) and what follows it must look
 * like a command: a quote, a path, a pipe, a `;`, a `$` or a backtick.
 */

const EXEC_OPTION =
  /(?:^|\s)(?:--exec(?:-before-download)?|--checkpoint-action=exec|--to-command|--use-compress-program|--rsh|-o\s?ProxyCommand|-execdir|-exec)(?:=|\s+)/g;

/** What a command to run has and a sentence ("use --exec to run a command") has not: a quote, a path, a pipe, a `;`, a `$` or a backtick. */
const COMMAND_SHAPE = /['"/|;$`]/;

export function execOption(value: string): boolean {
  if (value.length >= 8192 || !value.includes("-")) return false;
  EXEC_OPTION.lastIndex = 0;
  for (let m = EXEC_OPTION.exec(value); m !== null; m = EXEC_OPTION.exec(value)) {
    const end = m.index + m[0].length;
    if (COMMAND_SHAPE.test(value.slice(end, end + 200))) return true;
  }
  return false;
}

/**
 * A template expression that reads the application's secrets (Django's
 * `{{ settings.SECRET_KEY }}`, `{{ settings.DATABASES }}`, Flask's
 * `{{ config.SECRET_KEY }}`): what a user's bio or a receipt footer renders
 * back is the key that signs its sessions (934170). A site name or a theme
 * setting (`{{ settings.site_name }}`) is not a secret.
 */
const SECRET_READ =
  /\{[{%]-?[^{}]{0,40}?\b(?:settings|config|app\.config|current_app\.config)\s*(?:\.\s*|\[\s*['"])(?:SECRET_KEY|DATABASES|[A-Z][A-Z_]*(?:PASSWORD|SECRET|API_KEY|PRIVATE_KEY|TOKEN)[A-Z_]*)\b/;

export function templateSecret(value: string): boolean {
  return value.length < 65536 && value.includes("{") && SECRET_READ.test(value);
}
