/**
 * @module dashboard/views/log-detail
 * One request: every field of its access-log record and every reason with
 * source, id, action, detail, location and score. Found with
 * `GET /logs?request_id=…`, narrowed to the app and a minute around the
 * record's time when the link carries them (one shard instead of the whole
 * retention period).
 */
import { api } from "../lib/api.ts";
import { h, replace } from "../lib/dom.ts";
import { fmtBytes, fmtTime } from "../lib/format.ts";
import { hrefFor } from "../lib/router.ts";
import { type AccessLogRecord, parseLogPage } from "../lib/shapes.ts";
import { badge, facts, failureBox, panel, reasonsTable, stateBox, table } from "../lib/ui.ts";
import type { View, ViewContext } from "./context.ts";

function recordFacts(r: AccessLogRecord): HTMLElement {
  return facts([
    ["Request id", h("code", null, r.request_id)],
    ["Time", fmtTime(r.ts, true)],
    ["App", r.app],
    ["Decision", [badge(r.decision), r.would !== r.decision ? ` (would ${r.would} in enforce)` : ""]],
    ["Mode", r.mode],
    ["Client", h("a", { href: hrefFor("logs", { app: r.app, client: r.client }) }, r.client)],
    ["IP", h("a", { href: hrefFor("logs", { app: r.app, ip: r.ip }) }, r.ip)],
    ["Country / ASN", `${r.country ?? "—"} / ${r.asn ?? "—"}`],
    ["Method", r.method],
    ["Host", r.host],
    ["URL", h("code", { class: "url" }, r.url)],
    ["Endpoint", r.endpoint ?? "—"],
    ["Status", String(r.status)],
    ["Response bytes", fmtBytes(r.bytes)],
    ["Latency", `${r.latency_ms} ms`],
    ["Policy version", r.policy_version === null ? "—" : String(r.policy_version)],
    ["Model version", r.model_version ?? "—"],
    ["User agent", h("code", null, r.user_agent ?? "—")],
    ["Canonical anomalies", r.anomalies?.length ? h("code", null, r.anomalies.join(", ")) : "—"],
  ]);
}

function headersTable(headers: Record<string, string> | undefined): HTMLElement {
  const rows = Object.entries(headers ?? {});
  if (rows.length === 0) return stateBox("empty", "No headers recorded.");
  return table<[string, string]>(
    [
      { label: "Header", cell: ([k]) => h("code", null, k) },
      { label: "Value", cell: ([, v]) => h("code", null, v), cls: "wrap" },
    ],
    rows,
  );
}

export const logDetailView: View = {
  title: "Request",
  needsApp: false,
  async render(ctx: ViewContext) {
    const id = ctx.params.get("id") ?? "";
    const app = ctx.params.get("app");
    const ts = Number(ctx.params.get("ts"));
    const body = h("div", null, stateBox("loading"));
    replace(
      ctx.root,
      h("h1", null, "Request ", h("code", null, id)),
      h("p", null, h("a", { href: hrefFor("logs", { app }) }, "← back to log search")),
      body,
    );
    if (!id) {
      replace(body, stateBox("error", "No request id given."));
      return;
    }
    const around =
      Number.isFinite(ts) && ts > 0 ? { from: Math.floor(ts / 1000) - 60, to: Math.ceil(ts / 1000) + 60 } : {};
    let r = await api<unknown>("/logs", { query: { request_id: id, app, limit: 1, ...around } });
    // A hand-edited or stale link may carry the wrong time: search the whole retention once.
    if (r.ok && parseLogPage(r.data).records.length === 0 && "from" in around) {
      r = await api<unknown>("/logs", { query: { request_id: id, app, limit: 1 } });
    }
    if (!ctx.live()) return;
    if (!r.ok) {
      replace(body, failureBox("Loading the request", r));
      return;
    }
    const rec = parseLogPage(r.data).records[0];
    if (!rec) {
      replace(body, stateBox("empty", "No log record with this request id (it may be past retention)."));
      return;
    }
    replace(
      body,
      panel("Record", recordFacts(rec)),
      panel(`Reasons (${rec.reasons.length})`, reasonsTable(rec.reasons)),
      panel("Recorded headers (sensitive ones redacted)", headersTable(rec.headers)),
    );
  },
};
