/**
 * @module dashboard/lib/ui
 * Small building blocks shared by the views: panels, state boxes (loading,
 * not available, error, empty), decision badges, tables and the reasons
 * table. All text goes through `h()` (text nodes only).
 */
import { type Child, h } from "./dom.ts";
import { evidenceText } from "./format.ts";
import type { Evidence, Reason } from "./shapes.ts";

export function panel(title: string, ...children: Array<Child | Child[]>): HTMLElement {
  return h("section", { class: "panel" }, h("h2", null, title), ...children);
}

export type StateKind = "loading" | "unavailable" | "error" | "empty";

const STATE_TITLES: Record<StateKind, string> = {
  loading: "Loading…",
  unavailable: "Not available",
  error: "Error",
  empty: "Nothing yet",
};

/** A clear state instead of content: `data-state` lets tests and styles find it. */
export function stateBox(kind: StateKind, message = ""): HTMLElement {
  return h(
    "div",
    { class: `state state-${kind}`, role: kind === "error" ? "alert" : "status", data: { state: kind } },
    h("strong", null, STATE_TITLES[kind]),
    message ? h("span", null, ` ${message}`) : null,
  );
}

/** The state box for a failed call: 404/501 mean the endpoint or data is not there (yet). */
export function failureBox(what: string, r: { status: number; error: string; unavailable: boolean }): HTMLElement {
  if (r.unavailable)
    return stateBox("unavailable", `${what}: this instance does not serve it (HTTP ${r.status}: ${r.error}).`);
  return stateBox("error", `${what} failed (HTTP ${r.status || "—"}): ${r.error}`);
}

const BLOCKING = new Set(["block", "rate_limit", "challenge"]);

export function badge(decision: string): HTMLElement {
  const cls = BLOCKING.has(decision) ? "bad" : decision === "log" ? "warn" : decision === "allow" ? "ok" : "neutral";
  return h("span", { class: `badge badge-${cls}` }, decision || "—");
}

export interface Column<T> {
  label: string;
  cell: (row: T) => Child | Child[];
  cls?: string;
}

/** A table; `onRow` makes rows clickable (and keyboard-activatable). */
export function table<T>(cols: Column<T>[], rows: T[], opts: { onRow?: (row: T) => void; cls?: string } = {}) {
  const body = h("tbody");
  for (const row of rows) {
    const tr = h("tr", null, ...cols.map((c) => h("td", { class: c.cls }, ...[c.cell(row)].flat())));
    if (opts.onRow) {
      const fn = opts.onRow;
      tr.classList.add("clickable");
      tr.tabIndex = 0;
      tr.addEventListener("click", (ev) => {
        if ((ev.target as Element).closest("a,button,input,select")) return;
        fn(row);
      });
      tr.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") fn(row);
      });
    }
    body.appendChild(tr);
  }
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: opts.cls ?? "" },
      h("thead", null, h("tr", null, ...cols.map((c) => h("th", { class: c.cls }, c.label)))),
      body,
    ),
  );
}

/** Every reason with source, id, action, detail, location and score. */
export function reasonsTable(reasons: Reason[]): HTMLElement {
  if (reasons.length === 0) return stateBox("empty", "No reasons: nothing matched.");
  return table<Reason>(
    [
      { label: "Source", cell: (r) => r.source },
      { label: "Id", cell: (r) => h("code", null, r.id) },
      { label: "Action", cell: (r) => badge(r.action) },
      { label: "Detail", cell: (r) => r.detail ?? "", cls: "wrap" },
      { label: "Location", cell: (r) => (r.location ? h("code", null, r.location) : "") },
      { label: "Score", cell: (r) => (r.score === undefined ? "" : String(r.score)), cls: "num" },
    ],
    reasons,
    { cls: "reasons" },
  );
}

/** A detection's or mitigation's evidence, one line each, the detail (when any) on hover. */
export function evidenceList(list: Evidence[]): HTMLElement {
  return h(
    "ul",
    { class: "evidence" },
    ...list.map((e) => h("li", e.detail ? { title: e.detail } : null, evidenceText(e))),
  );
}

/** A definition list of label/value pairs. */
export function facts(pairs: Array<[string, Child | Child[]]>): HTMLElement {
  return h("dl", { class: "facts" }, ...pairs.flatMap(([k, v]) => [h("dt", null, k), h("dd", null, ...[v].flat())]));
}

/** A <select> of options; `value` selects one. */
export function select(
  name: string,
  options: Array<[value: string, label: string]>,
  value: string,
  onChange?: (v: string) => void,
): HTMLSelectElement {
  const s = h(
    "select",
    { name, id: `f-${name}` },
    ...options.map(([v, l]) => h("option", { value: v, selected: v === value }, l)),
  );
  s.value = value;
  if (onChange) s.addEventListener("change", () => onChange(s.value));
  return s;
}
