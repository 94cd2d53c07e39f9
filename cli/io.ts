/**
 * @module cli/io
 * What a CLI command gets: arguments, output streams and input opening, so
 * tests can run commands in-process.
 */
import { createReadStream } from "node:fs";
import { type NdjsonItem, readNdjson } from "../core/traffic/ndjson.ts";
import type { RecordReadOptions } from "../core/traffic/record-request.ts";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: AsyncIterable<string | Uint8Array>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for bad usage; main prints the message and the usage, exit 2. */
export class UsageError extends Error {}

/** Opens `FILE` or `-` (stdin) as NDJSON items; bad lines are reported on stderr by `eachRecord`. */
export function openNdjson(path: string, io: CliIo): AsyncGenerator<NdjsonItem> {
  const source = path === "-" ? io.stdin : createReadStream(path);
  return readNdjson(source);
}

/** Iterates the valid records of FILE|-, reporting bad lines as `FILE:LINE: error` on stderr. Returns the count of bad lines. */
export async function eachRecord(
  path: string,
  io: CliIo,
  onRecord: (rec: NdjsonItem & { kind: "record" }) => void | Promise<void>,
): Promise<number> {
  let bad = 0;
  for await (const item of openNdjson(path, io)) {
    if (item.kind === "error") {
      bad++;
      io.stderr(`${path === "-" ? "stdin" : path}:${item.line}: ${item.error} (line skipped)\n`);
      continue;
    }
    await onRecord(item);
  }
  return bad;
}

/** The record-reading flags the traffic commands share, for `parseFlags`' spec. */
export const READ_FLAGS = { "windows-paths": "boolean" } as const;

/** How those flags say records are read (`--windows-paths`: the app config's `windows_paths`). */
export function readOptions(flags: Record<string, string | boolean>): RecordReadOptions {
  return { windowsPaths: flags["windows-paths"] === true };
}

/** Minimal flag parser: `--name value`, `--flag`, positionals. */
/**
 * A numeric option's value, `dflt` when it is absent; `integer` for options that take whole numbers.
 * A value outside `min..max` (or not a number) is a usage error naming the option and the range.
 */
export function numberFlag(
  v: string | boolean | undefined,
  name: string,
  min: number,
  max: number,
  dflt: number,
  integer = false,
): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!(integer ? Number.isInteger(n) : Number.isFinite(n)) || n < min || n > max)
    throw new UsageError(`--${name} needs ${integer ? "an integer" : "a number"} from ${min} to ${max}`);
  return n;
}

export function parseFlags(
  args: string[],
  spec: Record<string, "string" | "boolean">,
): { flags: Record<string, string | boolean>; positionals: string[] } {
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const kind = spec[name];
      if (!kind) throw new UsageError(`unknown option --${name}`);
      if (kind === "boolean") flags[name] = true;
      else {
        const value = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (value === undefined) throw new UsageError(`option --${name} needs a value`);
        flags[name] = value;
      }
    } else positionals.push(a);
  }
  return { flags, positionals };
}
