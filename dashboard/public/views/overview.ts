/**
 * @module dashboard/views/overview
 * Requests, blocks, would-blocks and detections over time (uPlot), totals,
 * the log pipeline's health (records dropped must be visible), config
 * documents in KV that failed to load (the last good one is enforced), and the top
 * clients, endpoints and rules, each linking to the matching log search.
 * Sources: `GET /logs/stats`, `GET /detections` (optional), `GET /health`.
 */
import { api } from "../lib/api.ts";
import { trafficChart } from "../lib/chart.ts";
import { h, replace } from "../lib/dom.ts";
import { fmtCount, RANGES, toMs } from "../lib/format.ts";
import { go, hrefFor } from "../lib/router.ts";
import { bucketSeries } from "../lib/series.ts";
import {
  type ConfigError,
  isObj,
  num,
  parseConfigErrors,
  parseDetections,
  parseStats,
  type StatRow,
  str,
} from "../lib/shapes.ts";
import { failureBox, panel, select, stateBox, table } from "../lib/ui.ts";
import type { View, ViewContext } from "./context.ts";

function card(label: string, value: string, note = "", cls = ""): HTMLElement {
  return h(
    "div",
    { class: `card ${cls}`, data: { card: label } },
    h("div", { class: "card-label" }, label),
    h("div", { class: "card-value" }, value),
    note ? h("div", { class: "card-note" }, note) : null,
  );
}

function topTable(
  rows: StatRow[],
  label: string,
  link: (key: string) => string | null,
  empty = "No traffic in this range.",
): HTMLElement {
  if (rows.length === 0) return stateBox("empty", empty);
  return table<StatRow>(
    [
      {
        label,
        cell: (r) => {
          const href = link(r.key);
          return href ? h("a", { href }, r.key) : h("span", null, r.key);
        },
        cls: "wrap",
      },
      { label: "Requests", cell: (r) => fmtCount(r.requests), cls: "num" },
      { label: "Blocked", cell: (r) => fmtCount(r.blocks), cls: "num" },
      { label: "Would block", cell: (r) => fmtCount(r.would_block), cls: "num" },
    ],
    rows,
  );
}

function pipelineCard(health: unknown): HTMLElement {
  const logs = isObj(health) && isObj(health.isolate) && isObj(health.isolate.logs) ? health.isolate.logs : null;
  if (!logs) return card("Log records dropped", "—", "health did not report the log pipeline");
  const dropped = num(logs.dropped) ?? 0;
  const note = `this isolate: ${fmtCount(num(logs.sent))} sent, ${fmtCount(num(logs.buffered))} buffered${
    logs.lastError ? `; last error: ${str(logs.lastError)}` : ""
  }`;
  return card("Log records dropped", fmtCount(dropped), note, dropped > 0 ? "card-bad" : "");
}

/** Documents in KV this isolate refuses (a bad config or policy): the last good one is enforced meanwhile. */
function configCard(health: unknown): HTMLElement {
  const errs = parseConfigErrors(health);
  if (!errs) return card("Config errors", "—", "health did not report the config caches");
  if (errs.length === 0) return card("Config errors", "0", "every config and policy in KV loaded");
  const first = errs[0] as ConfigError;
  const text = `${first.key}: ${first.error}`;
  const more = errs.length > 1 ? ` (+${errs.length - 1} more in /__apiward/health)` : "";
  const el = card(
    "Config errors",
    fmtCount(errs.length),
    `last good kept. ${text.length > 120 ? `${text.slice(0, 119)}…` : text}${more}`,
    "card-bad",
  );
  el.title = errs.map((e) => `${e.key}: ${e.error}`).join("\n");
  return el;
}

export const overviewView: View = {
  title: "Overview",
  needsApp: false,
  async render(ctx: ViewContext) {
    const rangeKey = ctx.params.get("range") ?? "1h";
    const range = RANGES[rangeKey] ?? RANGES["1h"]!;
    const to = Math.ceil(Date.now() / 1000);
    const from = to - range.seconds;
    const controls = h(
      "div",
      { class: "controls" },
      h("label", { for: "f-range" }, "Range "),
      select(
        "range",
        Object.entries(RANGES).map(([k, r]) => [k, r.label]),
        rangeKey in RANGES ? rangeKey : "1h",
        (v) => go("overview", { app: ctx.app, range: v }),
      ),
    );
    const cards = h("div", { class: "cards" }, stateBox("loading"));
    const chartBox = h("div", { class: "chart-box" }, stateBox("loading"));
    const tops = h("div", { class: "grid3" });
    replace(
      ctx.root,
      h("h1", null, "Overview", h("span", { class: "sub" }, ` ${ctx.app ?? "all apps"}, ${range.label}`)),
      controls,
      cards,
      panel("Traffic over time", chartBox),
      tops,
    );
    const base = { app: ctx.app, from, to };
    const [statsR, detR, healthR] = await Promise.all([
      api<unknown>("/logs/stats", { query: { ...base, bucket: range.bucket } }),
      api<unknown>("/detections", { query: base }),
      api<unknown>("/health"),
    ]);
    if (!ctx.live()) return;
    if (!statsR.ok) {
      replace(cards, failureBox("Log statistics", statsR));
      replace(chartBox, stateBox("unavailable", "No statistics to draw."));
      return;
    }
    const stats = parseStats(statsR.data);
    const detections = detR.ok ? parseDetections(detR.data) : null;
    const total = stats.series.reduce(
      (s, r) => ({ req: s.req + r.requests, blk: s.blk + r.blocks, would: s.would + r.would_block }),
      { req: 0, blk: 0, would: 0 },
    );
    replace(
      cards,
      card("Requests", fmtCount(total.req)),
      card("Blocked", fmtCount(total.blk), "block, rate limit, challenge", total.blk > 0 ? "card-bad" : ""),
      card("Would block", fmtCount(total.would), "what enforce mode would stop"),
      detections
        ? card("Detections", fmtCount(detections.length))
        : card("Detections", "n/a", detR.ok ? "" : `not available (HTTP ${detR.status})`),
      pipelineCard(healthR.ok ? healthR.data : null),
      configCard(healthR.ok ? healthR.data : null),
    );
    const bucketS = range.bucket === "minute" ? 60 : 3600;
    const detTimes = detections
      ? detections.map((d) => (toMs(d.ts) ?? 0) / 1000).filter((t) => t >= from && t < to)
      : null;
    replace(chartBox);
    ctx.onCleanup(trafficChart(chartBox, bucketSeries(stats, bucketS, detTimes)));
    if (!detections)
      chartBox.appendChild(h("p", { class: "note" }, "Detections are not available yet on this instance."));
    const logLink = (params: Record<string, string>) => hrefFor("logs", { app: ctx.app, from, to, ...params });
    replace(
      tops,
      panel(
        "Top clients",
        topTable(stats.top_clients, "Client", (k) => logLink({ client: k })),
      ),
      panel(
        "Top endpoints",
        topTable(stats.top_endpoints, "Endpoint", (k) => logLink({ endpoint: k })),
      ),
      panel(
        "Top rules",
        topTable(stats.top_rules, "Rule (source:id)", (k) => logLink({ rule: k })),
      ),
      panel(
        "Top canonical anomalies",
        topTable(
          stats.top_anomalies,
          "Anomaly",
          (k) => logLink({ anomaly: k }),
          "No canonical anomalies in this range.",
        ),
      ),
    );
  },
};
