/**
 * @module cli/commands/logs
 * `apiward logs`: queries a running apiward's access log
 * (`GET /__apiward/logs`) and prints NDJSON or a terminal table, following
 * `next` cursors until `--limit` records are printed (or all, with `--all`).
 *
 * The records hold attackers' payloads, so everything printed is defused
 * for a terminal: control characters, C1 codes (a raw U+009B is a CSI
 * escape on many terminals) and bidi overrides are shown escaped, in the
 * table and in NDJSON (where `\uXXXX` keeps the JSON equal to the record).
 *
 * Token: `--token`, else `APIWARD_ADMIN_TOKEN`, else `.dev.vars` in the
 * current directory (what `npm start` writes).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type AccessLogRecord, recordFindings } from "../../core/log/record.ts";
import { type Command, parseFlags, UsageError } from "../io.ts";

const USAGE =
  "apiward logs [--url http://127.0.0.1:8787] [--token T] [--app a] [--from t] [--to t] [--client c] [--ip a|cidr] [--path /prefix] " +
  "[--endpoint e] [--decision d[,d]] [--status 403|4xx] [--request-id id] [--anomaly code] [--rule source:id] [--limit n | --all] [--page-size n] " +
  "[--format table|ndjson]\n" +
  "  t: epoch seconds, an ISO date (2026-05-01T12:00:00Z) or an age (90s, 15m, 2h, 7d, 1w)";

const FLAGS = {
  url: "string",
  token: "string",
  app: "string",
  from: "string",
  to: "string",
  client: "string",
  ip: "string",
  path: "string",
  endpoint: "string",
  decision: "string",
  status: "string",
  "request-id": "string",
  anomaly: "string",
  rule: "string",
  limit: "string",
  all: "boolean",
  "page-size": "string",
  format: "string",
} as const;

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const PAGE_MAX = 1000;
const PAGE_TIMEOUT_MS = 30_000;
/** Upper bound on pages followed (1,000 records each); a server handing out cursors forever cannot loop us forever. */
const MAX_PAGES = 100_000;

/** Epoch seconds from epoch seconds, an ISO date or an age (`15m` = 15 minutes ago). */
export function parseTimeArg(value: string, nowMs: number, name: string): number {
  if (/^\d{1,11}(\.\d+)?$/.test(value)) return Number(value);
  const age = /^(\d{1,9})([smhdw])$/.exec(value);
  if (age) return Math.floor(nowMs / 1000) - Number(age[1]) * (UNIT_S[age[2] as string] ?? 1);
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    if (Number.isFinite(t)) return Math.floor(t / 1000);
  }
  throw new UsageError(`--${name}: expected epoch seconds, an ISO date or an age like 15m, got '${value}'`);
}

/** The admin token from the flag, the environment or `.dev.vars` (in that order). */
export function resolveToken(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  if (flag) return flag;
  if (env.APIWARD_ADMIN_TOKEN) return env.APIWARD_ADMIN_TOKEN;
  try {
    const text = readFileSync(join(cwd, ".dev.vars"), "utf8");
    const m = /^APIWARD_ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?/m.exec(text);
    if (m?.[1]) return m[1].trim();
  } catch {
    // no .dev.vars here
  }
  throw new UsageError("no admin token: pass --token, set APIWARD_ADMIN_TOKEN, or run where .dev.vars is");
}

/** Escapes what a terminal would interpret: C0/C1 controls, DEL, bidi overrides, line separators. */
export function defuse(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** One NDJSON line, equal as JSON to the record, with no raw character a terminal would act on. */
export function ndjsonLine(r: AccessLogRecord): string {
  return JSON.stringify(r).replace(
    /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const COLUMNS: Array<{ title: string; width: number; get: (r: AccessLogRecord) => string }> = [
  { title: "TIME (UTC)", width: 19, get: (r) => new Date(r.ts).toISOString().slice(0, 19).replace("T", " ") },
  { title: "APP", width: 12, get: (r) => r.app },
  { title: "CLIENT", width: 20, get: (r) => r.client },
  { title: "METHOD", width: 7, get: (r) => r.method },
  { title: "STATUS", width: 6, get: (r) => String(r.status) },
  { title: "DECISION", width: 20, get: (r) => (r.decision === r.would ? r.decision : `${r.decision}>${r.would}`) },
  { title: "URL", width: 48, get: (r) => r.url },
  { title: "REASONS", width: 40, get: (r) => recordFindings(r).join(",") || "-" },
];

function cell(value: string, width: number): string {
  const v = defuse(value);
  return v.length > width ? `${v.slice(0, width - 1)}…` : v.padEnd(width);
}

export function tableHeader(): string {
  return `${COLUMNS.map((c) => cell(c.title, c.width))
    .join("  ")
    .trimEnd()}\n`;
}

export function tableRow(r: AccessLogRecord): string {
  return `${COLUMNS.map((c) => cell(c.get(r), c.width))
    .join("  ")
    .trimEnd()}\n`;
}

interface Page {
  records: AccessLogRecord[];
  next: string | null;
}

async function fetchPage(url: string, token: string): Promise<Page> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(PAGE_TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new Error(`cannot reach ${new URL(url).origin} (${cause}); is apiward running (npm start)?`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${res.status} from ${new URL(url).origin}: not JSON: ${defuse(text.slice(0, 200))}`);
  }
  if (!res.ok) {
    const err = (body as { error?: unknown }).error;
    const hint = res.status === 401 ? " (check --token / APIWARD_ADMIN_TOKEN)" : "";
    throw new Error(`HTTP ${res.status}: ${defuse(String(err ?? text.slice(0, 200)))}${hint}`);
  }
  const page = body as Page;
  if (!Array.isArray(page.records) || (page.next !== null && typeof page.next !== "string")) {
    throw new Error("unexpected answer: expected {records, next}");
  }
  return page;
}

export const logsCommand: Command = {
  name: "logs",
  summary: "query the access log of a running apiward (NDJSON or a table)",
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseFlags(args, FLAGS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const str = (k: keyof typeof FLAGS) => (typeof flags[k] === "string" ? (flags[k] as string) : undefined);
    const format = str("format") ?? "table";
    if (format !== "table" && format !== "ndjson") throw new UsageError("--format: expected table or ndjson");
    const all = flags.all === true;
    const limitRaw = str("limit");
    if (all && limitRaw !== undefined) throw new UsageError("--limit and --all exclude each other");
    const limit = limitRaw === undefined ? 100 : Number(limitRaw);
    if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError("--limit: expected a positive integer");
    const pageSize = Number(str("page-size") ?? PAGE_MAX);
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > PAGE_MAX) {
      throw new UsageError(`--page-size: expected an integer from 1 to ${PAGE_MAX}`);
    }
    const base = (str("url") ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
    if (!/^https?:\/\/[^/]+/.test(base)) throw new UsageError("--url: expected http(s)://host[:port]");
    const token = resolveToken(str("token"), process.env, process.cwd());

    const now = Date.now();
    const query = new URLSearchParams();
    for (const [flag, param] of [
      ["app", "app"],
      ["client", "client"],
      ["ip", "ip"],
      ["path", "path"],
      ["endpoint", "endpoint"],
      ["decision", "decision"],
      ["status", "status"],
      ["request-id", "request_id"],
      ["anomaly", "anomaly"],
      ["rule", "rule"],
    ] as const) {
      const v = str(flag);
      if (v !== undefined) query.set(param, v);
    }
    for (const k of ["from", "to"] as const) {
      const v = str(k);
      if (v !== undefined) query.set(k, String(parseTimeArg(v, now, k)));
    }

    let printed = 0;
    let cursor: string | null = null;
    if (format === "table") io.stdout(tableHeader());
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const want = all ? pageSize : Math.min(limit - printed, pageSize);
      const q = new URLSearchParams(query);
      q.set("limit", String(want));
      if (cursor) q.set("cursor", cursor);
      const page = await fetchPage(`${base}/__apiward/logs?${q}`, token);
      let out = "";
      for (const r of page.records.slice(0, want)) out += format === "ndjson" ? `${ndjsonLine(r)}\n` : tableRow(r);
      if (out) io.stdout(out);
      printed += Math.min(page.records.length, want);
      cursor = page.next;
      if (cursor === null || (!all && printed >= limit)) break;
    }
    if (format === "table") {
      io.stderr(`${printed} record(s)${cursor !== null ? "; more match (raise --limit or use --all)" : ""}\n`);
    }
    return 0;
  },
};
