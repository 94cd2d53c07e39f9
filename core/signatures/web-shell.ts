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
const COMMAND_NAMES = new Set([
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
const RECON_COMMANDS = new Set([
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
  const v = value.trim().toLowerCase();
  if (!RECON_COMMANDS.has(v)) return false;
  return COMMAND_NAMES.has(paramLeaf(name));
}
