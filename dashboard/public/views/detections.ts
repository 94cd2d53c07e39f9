/**
 * @module dashboard/views/detections
 * What the behaviour and anomaly detectors flagged
 * (`GET /detections?app=&from=&to=`), newest first, filterable by kind, each
 * client linking to its logs. 404/501 show "not available" (the endpoint
 * ships with the behaviour work).
 */
import { api } from "../lib/api.ts";
import { h, replace } from "../lib/dom.ts";
import { fmtTime, RANGES, toMs } from "../lib/format.ts";
import { go, hrefFor } from "../lib/router.ts";
import { type Detection, parseDetections } from "../lib/shapes.ts";
import { badge, evidenceList, failureBox, panel, select, stateBox, table } from "../lib/ui.ts";
import type { View, ViewContext } from "./context.ts";

function detectionsTable(rows: Detection[]): HTMLElement {
  return table<Detection>(
    [
      { label: "Time", cell: (d) => fmtTime(d.ts), cls: "nowrap" },
      { label: "App", cell: (d) => d.app },
      {
        label: "Client",
        cell: (d) => h("a", { href: hrefFor("logs", { app: d.app, client: d.client }) }, d.client),
        cls: "wrap",
      },
      { label: "Kind", cell: (d) => h("code", null, d.kind) },
      { label: "Action", cell: (d) => badge(d.action) },
      { label: "Score", cell: (d) => (d.score === null ? "" : d.score.toFixed(2)), cls: "num" },
      { label: "Evidence", cell: (d) => evidenceList(d.reasons), cls: "wrap small" },
    ],
    rows,
    { cls: "detections" },
  );
}

export const detectionsView: View = {
  title: "Detections",
  needsApp: false,
  async render(ctx: ViewContext) {
    const rangeKey = ctx.params.get("range") ?? "24h";
    const range = RANGES[rangeKey] ?? RANGES["24h"]!;
    const kind = ctx.params.get("kind") ?? "";
    const to = Math.ceil(Date.now() / 1000);
    const from = to - range.seconds;
    const body = h("div", null, stateBox("loading"));
    replace(
      ctx.root,
      h("h1", null, "Detections", h("span", { class: "sub" }, ` ${ctx.app ?? "all apps"}, ${range.label}`)),
      body,
    );
    const r = await api<unknown>("/detections", { query: { app: ctx.app, from, to } });
    if (!ctx.live()) return;
    if (!r.ok) {
      replace(body, failureBox("Detections", r));
      return;
    }
    const all = parseDetections(r.data).sort((a, b) => (toMs(b.ts) ?? 0) - (toMs(a.ts) ?? 0));
    const kinds = [...new Set(all.map((d) => d.kind))].sort();
    const rows = kind ? all.filter((d) => d.kind === kind) : all;
    replace(
      body,
      h(
        "div",
        { class: "controls" },
        h("label", { for: "f-range" }, "Range "),
        select(
          "range",
          Object.entries(RANGES).map(([k, v]) => [k, v.label]),
          rangeKey in RANGES ? rangeKey : "24h",
          (v) => go("detections", { app: ctx.app, range: v, kind }),
        ),
        h("label", { for: "f-kind" }, " Kind "),
        select("kind", [["", "all kinds"], ...kinds.map((k): [string, string] => [k, k])], kind, (v) =>
          go("detections", { app: ctx.app, range: rangeKey, kind: v }),
        ),
      ),
      panel(
        `Detections (${rows.length})`,
        rows.length ? detectionsTable(rows) : stateBox("empty", "Nothing detected in this range."),
      ),
    );
  },
};
