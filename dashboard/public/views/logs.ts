/**
 * @module dashboard/views/logs
 * Log search: every filter of `GET /logs` (app, time range, client, IP,
 * path prefix, endpoint, decision, request id, status, rule, canonical
 * anomaly, limit), newest first, paged with the opaque `next` cursor, and an
 * NDJSON export of the same query. Filters live in the hash
 * (`#/logs?client=…`), so results can be bookmarked and the back button
 * returns to the previous page. Each row opens the request detail view. URLs,
 * user agents and reasons are attacker-controlled: they are rendered as text
 * only.
 */
import { CANONICAL_ANOMALIES } from "../../../core/canonicalize/anomalies.ts";
import { recordFindings } from "../../../core/log/record.ts";
import { api } from "../lib/api.ts";
import { h, replace } from "../lib/dom.ts";
import { fmtTime, fromLocalInput, toLocalInput } from "../lib/format.ts";
import { go, hrefFor } from "../lib/router.ts";
import { type AccessLogRecord, parseLogPage } from "../lib/shapes.ts";
import { badge, failureBox, panel, select, stateBox, table } from "../lib/ui.ts";
import type { View, ViewContext } from "./context.ts";

/** Every filter the form submits as typed or selected (the time range is converted first). */
const FORM_FILTERS = [
  "client",
  "ip",
  "path",
  "endpoint",
  "request_id",
  "status",
  "rule",
  "decision",
  "anomaly",
  "limit",
] as const;
const DECISIONS = ["allow", "block", "log", "rate_limit", "challenge"];
const LIMITS = ["25", "50", "100", "200", "500"];
const ANOMALIES = Object.keys(CANONICAL_ANOMALIES);

/** The API query of the current route: only the log API's own parameters. */
function queryOf(ctx: ViewContext): Record<string, string | null> {
  const p = ctx.params;
  const q: Record<string, string | null> = { app: ctx.app };
  for (const k of ["from", "to", ...FORM_FILTERS, "cursor"]) q[k] = p.get(k);
  q.limit = q.limit ?? "50";
  return q;
}

function filterForm(ctx: ViewContext, q: Record<string, string | null>): HTMLFormElement {
  const input = (name: string, label: string, placeholder = "") =>
    h(
      "label",
      { class: "field" },
      h("span", null, label),
      h("input", { name, id: `f-${name}`, value: q[name] ?? "", placeholder, autocomplete: "off" }),
    );
  const dt = (name: "from" | "to", label: string) =>
    h(
      "label",
      { class: "field" },
      h("span", null, label),
      h("input", {
        type: "datetime-local",
        name,
        id: `f-${name}`,
        value: q[name] ? toLocalInput(Number(q[name])) : "",
      }),
    );
  const form = h(
    "form",
    { class: "filters", role: "search" },
    h(
      "label",
      { class: "field" },
      h("span", null, "App"),
      select("app", [["", "all apps"], ...ctx.apps.map((a): [string, string] => [a, a])], ctx.app ?? ""),
    ),
    dt("from", "From"),
    dt("to", "To"),
    input("client", "Client", "IP or identity"),
    input("ip", "IP or block", "203.0.113.0/24"),
    input("path", "Path prefix", "/admin"),
    input("endpoint", "Endpoint", "GET /api/users/{id}"),
    h(
      "label",
      { class: "field" },
      h("span", null, "Decision"),
      select("decision", [["", "any"], ...DECISIONS.map((d): [string, string] => [d, d])], q.decision ?? ""),
    ),
    input("request_id", "Request id"),
    input("status", "Status", "403 or 4xx"),
    input("rule", "Rule", "signature:942100"),
    h(
      "label",
      { class: "field" },
      h("span", null, "Anomaly"),
      select("anomaly", [["", "any"], ...ANOMALIES.map((a): [string, string] => [a, a])], q.anomaly ?? ""),
    ),
    h(
      "label",
      { class: "field" },
      h("span", null, "Per page"),
      select(
        "limit",
        LIMITS.map((l): [string, string] => [l, l]),
        q.limit ?? "50",
      ),
    ),
    h(
      "div",
      { class: "field actions" },
      h("button", { type: "submit", class: "primary" }, "Search"),
      h("a", { href: hrefFor("logs", { app: ctx.app }), class: "button" }, "Reset"),
    ),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const val = (k: string) => String(fd.get(k) ?? "").trim();
    go("logs", {
      app: val("app"),
      from: fromLocalInput(val("from")),
      to: fromLocalInput(val("to")),
      ...Object.fromEntries(FORM_FILTERS.map((k) => [k, val(k)])),
    });
  });
  return form;
}

export function detailHref(r: AccessLogRecord): string {
  return hrefFor("log", { id: r.request_id, app: r.app, ts: r.ts });
}

function recordsTable(records: AccessLogRecord[]): HTMLElement {
  return table<AccessLogRecord>(
    [
      { label: "Time", cell: (r) => h("a", { href: detailHref(r) }, fmtTime(r.ts)), cls: "nowrap" },
      { label: "App", cell: (r) => r.app },
      {
        label: "Decision",
        cell: (r) => [
          badge(r.decision),
          r.would !== r.decision ? h("span", { class: "would" }, ` would ${r.would}`) : null,
        ],
        cls: "nowrap",
      },
      { label: "Method", cell: (r) => r.method },
      { label: "URL", cell: (r) => h("code", { class: "url" }, r.url), cls: "wrap" },
      { label: "Status", cell: (r) => String(r.status), cls: "num" },
      { label: "Client", cell: (r) => r.client, cls: "wrap" },
      { label: "Endpoint", cell: (r) => r.endpoint ?? "", cls: "wrap" },
      { label: "Reasons", cell: (r) => recordFindings(r).join(", "), cls: "wrap small" },
    ],
    records,
    { onRow: (r) => (location.hash = detailHref(r)), cls: "logs" },
  );
}

async function exportNdjson(q: Record<string, string | null>, status: HTMLElement): Promise<void> {
  replace(status, "exporting…");
  const { cursor: _c, limit: _l, ...rest } = q;
  const r = await api<string>("/logs", { query: { ...rest, format: "ndjson" }, raw: true });
  if (!r.ok) {
    replace(status, `export failed: ${r.error}`);
    return;
  }
  const url = URL.createObjectURL(new Blob([r.data], { type: "application/x-ndjson" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `apiward-logs-${new Date().toISOString().replace(/[:.]/g, "-")}.ndjson`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  const lines = r.data ? r.data.split("\n").filter((l) => l.trim()).length : 0;
  replace(status, `exported ${lines} records`);
}

export const logsView: View = {
  title: "Log search",
  needsApp: false,
  async render(ctx: ViewContext) {
    const q = queryOf(ctx);
    const results = h("div", { class: "results" }, stateBox("loading"));
    const exportStatus = h("span", { class: "note" });
    const exportBtn = h("button", { type: "button" }, "Export NDJSON");
    exportBtn.addEventListener("click", () => void exportNdjson(q, exportStatus));
    replace(
      ctx.root,
      h("h1", null, "Log search"),
      panel("Filters", filterForm(ctx, q)),
      panel("Requests", h("div", { class: "controls" }, exportBtn, exportStatus), results),
    );
    const r = await api<unknown>("/logs", { query: q });
    if (!ctx.live()) return;
    if (!r.ok) {
      replace(results, failureBox("Log search", r));
      return;
    }
    const page = parseLogPage(r.data);
    const nav = h("div", { class: "pager" });
    if (q.cursor) {
      const first = h("button", { type: "button" }, "← Newest");
      first.addEventListener("click", () => go("logs", { ...q, cursor: null }));
      nav.appendChild(first);
    }
    if (page.next) {
      const next = h("button", { type: "button", data: { next: "1" } }, "Older →");
      const cursor = page.next;
      next.addEventListener("click", () => go("logs", { ...q, cursor }));
      nav.appendChild(next);
    }
    replace(
      results,
      page.records.length === 0
        ? stateBox("empty", q.cursor ? "No more records." : "No records match these filters.")
        : recordsTable(page.records),
      h("p", { class: "note" }, `${page.records.length} records on this page${page.next ? "; more are older" : ""}.`),
      nav,
    );
  },
};
