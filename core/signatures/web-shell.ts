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

/** Is `value`, under the parameter `name`, a lone reconnaissance command sent to a web shell? */
export function webShellCall(name: string, value: string): boolean {
  if (value.length < 2 || value.length > 12) return false;
  // Most values are already trimmed and lower-case, or hold a printable character that is no letter
  // (`SKU-1234`, `O'Brien`, neither trimmed away nor in a command): no new string for them.
  if (!RECON_COMMANDS.has(value)) {
    let plain = true;
    for (let k = 0; k < value.length; k++) {
      const b = value.charCodeAt(k);
      const lower = b | 0x20;
      if (b > 0x20 && b < 0x7f && (lower < 0x61 || lower > 0x7a)) return false;
      if (b < 0x61 || b > 0x7a) plain = false;
    }
    // Lower-case letters only: the value as it is was asked.
    if (plain || !RECON_COMMANDS.has(value.trim().toLowerCase())) return false;
  }
  return COMMAND_NAMES.has(paramLeaf(name));
}
