/**
 * @module core/bots/ranges
 * Published crawler ranges, as the publishers ship them
 * (`{"creationTime": "...", "prefixes": [{"ipv4Prefix": "..."} | {"ipv6Prefix": "..."}]}`),
 * reduced to `{name: [cidr…]}`: the shape the KV key `bots:ranges` holds
 * (written by scripts/load-bots.ts) and BotVerifier reads.
 */

/** KV key (SNAPSHOTS) of the loaded ranges, written by scripts/load-bots.ts. */
export const BOTS_KV_KEY = "bots:ranges";

/** Crawler name → CIDR prefixes, plus when each list was published. */
export interface BotRanges {
  version: 1;
  /** `creationTime` of each publisher file, as published. */
  created: Record<string, string>;
  prefixes: Record<string, string[]>;
}

/** The prefixes of one publisher file; malformed entries are skipped, never thrown on. */
export function prefixesOfPublisherJson(json: unknown): string[] {
  const list = (json as { prefixes?: unknown } | null)?.prefixes;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const p of list) {
    if (!p || typeof p !== "object") continue;
    const o = p as { ipv4Prefix?: unknown; ipv6Prefix?: unknown };
    const text = typeof o.ipv4Prefix === "string" ? o.ipv4Prefix : o.ipv6Prefix;
    if (typeof text === "string" && text.length > 0 && text.length < 64) out.push(text);
  }
  return out;
}

/** Validates a stored BotRanges value (from KV or a file); null when unusable. */
export function parseBotRanges(value: unknown): BotRanges | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Partial<BotRanges>;
  if (v.version !== 1 || !v.prefixes || typeof v.prefixes !== "object") return null;
  const prefixes: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(v.prefixes)) {
    if (Array.isArray(list)) prefixes[name] = list.filter((x): x is string => typeof x === "string");
  }
  const created: Record<string, string> = {};
  if (v.created && typeof v.created === "object")
    for (const [k, c] of Object.entries(v.created)) if (typeof c === "string") created[k] = c;
  return { version: 1, created, prefixes };
}

/** Builds BotRanges from publisher files keyed by file name (`googlebot.json` → its parsed JSON). */
export function rangesFromPublisherFiles(
  files: Record<string, unknown>,
  tokens: ReadonlyArray<{ name: string; file: string | null }>,
): BotRanges {
  const out: BotRanges = { version: 1, created: {}, prefixes: {} };
  for (const t of tokens) {
    if (!t.file || !(t.file in files)) continue;
    const json = files[t.file];
    const list = prefixesOfPublisherJson(json);
    if (list.length === 0) continue;
    out.prefixes[t.name] = list;
    const created = (json as { creationTime?: unknown } | null)?.creationTime;
    if (typeof created === "string") out.created[t.name] = created;
  }
  return out;
}
