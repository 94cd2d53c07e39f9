/**
 * @module dashboard/lib/inventory-shapes
 * Typed views of the discovery answers: the inventory (same shape as
 * `apiward discover`, core/discovery/types.ts) and the allow-list proposal.
 * Defensive like lib/shapes: these endpoints are young and may grow fields.
 * Endpoint keys are `METHOD /template`, the form the approve call takes.
 */
import type { Endpoint } from "../../../core/discovery/types.ts";
import { arr, isObj, num, str } from "./shapes.ts";

export type { Endpoint };

export function parseInventory(v: unknown): Endpoint[] {
  return arr(isObj(v) ? v.endpoints : undefined).map((e) => {
    const o = isObj(e) ? e : {};
    const statuses: Record<string, number> = {};
    if (isObj(o.statuses)) for (const [k, n] of Object.entries(o.statuses)) statuses[k] = num(n) ?? 0;
    const clients = isObj(o.clients) ? o.clients : {};
    return {
      method: str(o.method, "?"),
      path: str(o.path, "?"),
      count: num(o.count) ?? 0,
      statuses,
      first_seen: num(o.first_seen),
      last_seen: num(o.last_seen),
      query: (isObj(o.query) ? o.query : {}) as Endpoint["query"],
      body: (isObj(o.body) ? o.body : {}) as Endpoint["body"],
      path_params: (isObj(o.path_params) ? o.path_params : {}) as Endpoint["path_params"],
      clients: {
        top: arr(clients.top).map((c) => ({
          identity: str(isObj(c) ? c.identity : c),
          count: num(isObj(c) ? c.count : null) ?? 0,
        })),
        distinct: num(clients.distinct) ?? 0,
      },
      only_failures: o.only_failures === true ? true : undefined,
    };
  });
}

/** `name: type` pairs of a parameter map (values are `{type, …}` objects or bare type strings). */
export function paramList(map: Record<string, unknown>): Array<{ name: string; type: string; note: string }> {
  return Object.entries(map).map(([name, info]) => {
    if (!isObj(info)) return { name, type: str(info, "?"), note: "" };
    const notes: string[] = [];
    if (info.required === true) notes.push("required");
    if (typeof info.shape === "string" && info.shape !== info.type) notes.push(info.shape);
    if (Array.isArray(info.enum)) notes.push(`enum ${info.enum.map((x) => str(x)).join("|")}`);
    return { name, type: str(info.type, "?"), note: notes.join(", ") };
  });
}

/** An item of a proposal or of its diff: a `METHOD /path` string or an object naming one. */
export interface ProposalItem {
  key: string;
  /** Anything else the item carried (a changed endpoint's before/after), shown as JSON. */
  extra: Record<string, unknown> | null;
}

function item(v: unknown): ProposalItem | null {
  if (typeof v === "string") return v ? { key: v, extra: null } : null;
  if (!isObj(v)) return null;
  let key = "";
  if (typeof v.endpoint === "string") key = v.endpoint;
  else if (typeof v.key === "string") key = v.key;
  else if (typeof v.method === "string" && typeof v.path === "string") key = `${v.method} ${v.path}`;
  if (!key) return null;
  const extra: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!["endpoint", "key", "method", "path"].includes(k)) extra[k] = x;
  return { key, extra: Object.keys(extra).length ? extra : null };
}

export interface Proposal {
  endpoints: ProposalItem[];
  added: ProposalItem[];
  removed: ProposalItem[];
  changed: ProposalItem[];
}

export function parseProposal(v: unknown): Proposal {
  const o = isObj(v) ? v : {};
  const prop = isObj(o.proposal) ? o.proposal : {};
  const diff = isObj(o.diff) ? o.diff : {};
  const list = (x: unknown) =>
    arr(x)
      .map(item)
      .filter((i): i is ProposalItem => i !== null);
  return {
    endpoints: list(prop.endpoints),
    added: list(diff.added),
    removed: list(diff.removed),
    changed: list(diff.changed),
  };
}
