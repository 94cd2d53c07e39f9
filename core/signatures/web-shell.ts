/**
 * @module core/signatures/web-shell
 * A web shell's call: `/uploads/avatar.php.jpg?cmd=id`, `POST /shell.aspx` with `c=whoami`,
 * the `&c=id` that follows a `data://` include. The value is one command and nothing else, so
 * the shell grammar sees a lone word (932106, paranoia 2: `python` in a search box is a tool's
 * name). Under a parameter named for a command to run, and when the command is one of the few a
 * probe runs to learn whom and where it runs as, it is the call itself. Commands an application's
 * own command parameter uses (elFinder's `cmd=ls`, `cmd=open`; PeopleSoft's `cmd=login`; BLAST's
 * `CMD=Get`) are not among them.
 */

import { paramLeaf } from "./param-leaf.ts";

/** Parameter names (case-insensitive, the last part of a path) web shells read their command from. */
export const COMMAND_NAMES: ReadonlySet<string> = new Set([
  "c",
  "cmd",
  "cmd_exec",
  "cmdline",
  "command",
  "exec",
  "execute",
  "passthru",
  "run",
  "shell",
  "system",
]);

/** Commands a probe runs to learn the account, host and network it landed on (Unix and Windows). */
export const RECON_COMMANDS: ReadonlySet<string> = new Set([
  "id",
  "whoami",
  "uname",
  "hostname",
  "ifconfig",
  "ipconfig",
  "systeminfo",
  "printenv",
  "netstat",
  "tasklist",
]);

/** Is `value` one reconnaissance command, trimmed and in any case? */
function reconCommand(value: string): boolean {
  // Most values are already trimmed and lower-case, or hold a printable character that is no letter
  // (`SKU-1234`, `O'Brien`, neither trimmed away nor in a command): no new string for them.
  if (RECON_COMMANDS.has(value)) return true;
  let plain = true;
  for (let k = 0; k < value.length; k++) {
    const b = value.charCodeAt(k);
    const lower = b | 0x20;
    if (b > 0x20 && b < 0x7f && (lower < 0x61 || lower > 0x7a)) return false;
    if (b < 0x61 || b > 0x7a) plain = false;
  }
  // Lower-case letters only: the value as it is was asked.
  return !plain && RECON_COMMANDS.has(value.trim().toLowerCase());
}

/** The command inside a substitution that is the whole value (`` `id` ``, `$(id)`), or null. */
function substituted(value: string): string | null {
  const v = value.trim();
  if (v.length > 2 && v.charCodeAt(0) === 0x60 && v.charCodeAt(v.length - 1) === 0x60) return v.slice(1, -1);
  if (v.length > 3 && v.startsWith("$(") && v.endsWith(")")) return v.slice(2, -1);
  return null;
}

/** The text of a short standard Base64 value (`aWQ=`: `id`; D-Link's `system=` takes its command so), or null. */
function shortBase64(value: string): string | null {
  if (value.length % 4 !== 0) return null;
  for (let k = 0; k < value.length; k++) {
    const b = value.charCodeAt(k);
    const alnum = (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a);
    if (!alnum && b !== 0x2b && b !== 0x2f && !(b === 0x3d && k >= value.length - 2)) return null;
  }
  try {
    return atob(value);
  } catch {
    return null;
  }
}

/** Parameter names a handler takes a callable from (`call_user_func($_POST['callback'], $_POST['args'])`). */
const CALLBACK_NAMES: ReadonlySet<string> = new Set([
  "callback",
  "cb",
  "func",
  "function",
  "fn",
  "handler",
  "hook",
  "hhook",
]);

/** PHP functions that run a command or code: a callable named so runs what the next parameter says. */
const PHP_EXEC_FUNCTIONS: ReadonlySet<string> = new Set([
  "system",
  "exec",
  "passthru",
  "shell_exec",
  "popen",
  "proc_open",
  "pcntl_exec",
  "assert",
  "create_function",
  "call_user_func",
  "call_user_func_array",
]);

/**
 * Is `value`, under the parameter `name`, a lone reconnaissance command sent to a web shell: as it is,
 * in a substitution that is the whole value (`` `id` ``, `$(whoami)`), or in short Base64 (`aWQ=`)?
 * Or a PHP function that runs commands named as the callable a handler calls (`callback=system`
 * beside `args=id`: the Sneeit theme's AJAX action, CVE-2025-6389; htmLawed's `hhook=exec`, CVE-2022-35914)?
 */
export function webShellCall(name: string, value: string): boolean {
  if (value.length < 2 || value.length > 20) return false;
  if (value.length >= 4 && PHP_EXEC_FUNCTIONS.has(value) && CALLBACK_NAMES.has(paramLeaf(name))) return true;
  if (value.length > 16) return false;
  if (value.length <= 12 && reconCommand(value)) return COMMAND_NAMES.has(paramLeaf(name));
  const first = value.charCodeAt(0);
  const wrapped = first === 0x60 || first === 0x24 || first === 0x20 ? substituted(value) : null;
  if (wrapped !== null) return reconCommand(wrapped) && COMMAND_NAMES.has(paramLeaf(name));
  // Only under a command's name is a short Base64 value decoded (a 4-letter word is Base64 too).
  if (value.length < 4 || value.length % 4 !== 0 || !COMMAND_NAMES.has(paramLeaf(name))) return false;
  const text = shortBase64(value);
  return text !== null && reconCommand(text);
}
