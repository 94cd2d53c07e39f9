/**
 * @module dashboard/views/graph
 * The service graph of one app (`GET /apps/:app/graph`): which clients call
 * which endpoints, drawn with cytoscape.js as two columns (clients left,
 * endpoints right, ordered to limit crossings), edge width by request count.
 * Zoom with the wheel or the buttons; filter by label text, minimum edge
 * count and node kind; click a node to highlight its neighbours and open its
 * logs. Labels are drawn on a canvas, so payload-like client names are inert;
 * the edge table under the graph shows the same data as text.
 */
import cytoscape from "cytoscape";
import { api, seg } from "../lib/api.ts";
import { h, replace } from "../lib/dom.ts";
import { fmtCount } from "../lib/format.ts";
import { hrefFor } from "../lib/router.ts";
import { type GraphData, parseGraph } from "../lib/shapes.ts";
import { failureBox, panel, stateBox, table } from "../lib/ui.ts";
import type { View, ViewContext } from "./context.ts";

/** Nodes drawn at most (heaviest first); more would make the canvas unreadable and slow. */
const MAX_NODES = 400;
const ROW = 30;
const COLUMN_GAP = 560;

interface Laid {
  elements: cytoscape.ElementDefinition[];
  shown: number;
  total: number;
}

/** Element ids by kind, so a client named like an endpoint cannot collide with it. */
const cid = (id: string) => `c:${id}`;
const eid = (id: string) => `e:${id}`;

/** Heaviest nodes, clients ordered by the mean position of the endpoints they call. */
export function layout(g: GraphData): Laid {
  const weight = new Map<string, number>();
  for (const e of g.edges) {
    weight.set(cid(e.client), (weight.get(cid(e.client)) ?? 0) + e.count);
    weight.set(eid(e.endpoint), (weight.get(eid(e.endpoint)) ?? 0) + e.count);
  }
  const unique = new Map<string, GraphData["nodes"][number]>();
  for (const n of g.nodes) {
    const key = n.kind === "client" ? cid(n.id) : eid(n.id);
    if (!unique.has(key)) unique.set(key, { ...n, id: key });
  }
  // Edges may name clients the node list left out: give them nodes too.
  for (const e of g.edges) {
    if (!unique.has(cid(e.client))) unique.set(cid(e.client), { id: cid(e.client), kind: "client", label: e.client });
    if (!unique.has(eid(e.endpoint)))
      unique.set(eid(e.endpoint), { id: eid(e.endpoint), kind: "endpoint", label: e.endpoint });
  }
  const nodes = [...unique.values()]
    .sort((a, b) => (weight.get(b.id) ?? 0) - (weight.get(a.id) ?? 0))
    .slice(0, MAX_NODES);
  const keep = new Set(nodes.map((n) => n.id));
  const edges = g.edges
    .map((e) => ({ client: cid(e.client), endpoint: eid(e.endpoint), count: e.count }))
    .filter((e) => keep.has(e.client) && keep.has(e.endpoint));
  const endpoints = nodes.filter((n) => n.kind === "endpoint");
  const epIndex = new Map(endpoints.map((n, i) => [n.id, i]));
  const sum = new Map<string, { s: number; n: number }>();
  for (const e of edges) {
    const i = epIndex.get(e.endpoint);
    if (i === undefined) continue;
    const a = sum.get(e.client) ?? { s: 0, n: 0 };
    a.s += i;
    a.n++;
    sum.set(e.client, a);
  }
  const bary = (id: string) => {
    const a = sum.get(id);
    return a ? a.s / a.n : Number.MAX_SAFE_INTEGER;
  };
  const clients = nodes.filter((n) => n.kind === "client").sort((a, b) => bary(a.id) - bary(b.id));
  const offset = (count: number, other: number) => ((other - count) * ROW) / 2;
  const elements: cytoscape.ElementDefinition[] = [];
  for (const [column, x, other] of [
    [clients, 0, endpoints.length],
    [endpoints, COLUMN_GAP, clients.length],
  ] as const) {
    column.forEach((n, i) => {
      elements.push({
        group: "nodes",
        data: { id: n.id, label: n.label, kind: n.kind, weight: weight.get(n.id) ?? 0 },
        position: { x, y: i * ROW + offset(column.length, other) },
      });
    });
  }
  const maxCount = Math.max(1, ...edges.map((e) => e.count));
  edges.forEach((e, i) => {
    elements.push({
      group: "edges",
      data: {
        id: `e${i}`,
        source: e.client,
        target: e.endpoint,
        count: e.count,
        width: 1 + (5 * Math.log1p(e.count)) / Math.log1p(maxCount),
      },
    });
  });
  return { elements, shown: nodes.length, total: unique.size };
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-size": 12,
      "text-valign": "center",
      "text-wrap": "ellipsis",
      "text-max-width": "300px",
      width: 14,
      height: 14,
      color: "#1f2937",
    },
  },
  {
    selector: 'node[kind = "client"]',
    style: { "background-color": "#2563eb", "text-halign": "left", "text-margin-x": -8 },
  },
  {
    selector: 'node[kind = "endpoint"]',
    style: { "background-color": "#059669", shape: "round-rectangle", "text-halign": "right", "text-margin-x": 8 },
  },
  {
    selector: "edge",
    style: { width: "data(width)", "line-color": "#94a3b8", opacity: 0.7, "curve-style": "bezier" },
  },
  { selector: ".hidden", style: { display: "none" } },
  { selector: ".faded", style: { opacity: 0.12 } },
  { selector: "node:selected", style: { "border-width": 3, "border-color": "#f59e0b" } },
];

function edgeTable(g: GraphData): HTMLElement {
  const label = new Map(g.nodes.map((n) => [n.id, n.label]));
  const rows = [...g.edges].sort((a, b) => b.count - a.count).slice(0, 100);
  return table<GraphData["edges"][number]>(
    [
      { label: "Client", cell: (e) => label.get(e.client) ?? e.client, cls: "wrap" },
      { label: "Endpoint", cell: (e) => label.get(e.endpoint) ?? e.endpoint, cls: "wrap" },
      { label: "Requests", cell: (e) => fmtCount(e.count), cls: "num" },
    ],
    rows,
    { cls: "edges" },
  );
}

/** Hides what the filters leave out; returns how many nodes stay visible. */
function applyFilter(cy: cytoscape.Core, text: string, minCount: number, kinds: Set<string>): number {
  const t = text.trim().toLowerCase();
  const strong = cy.edges().filter((e) => Number(e.data("count")) >= minCount);
  // With a text filter: the matching nodes and their neighbours over the edges that pass the count.
  let wanted: Set<string> | null = null;
  if (t) {
    wanted = new Set();
    for (const n of cy.nodes()) if (String(n.data("label")).toLowerCase().includes(t)) wanted.add(n.id());
    for (const e of strong) {
      if (wanted.has(e.source().id()) || wanted.has(e.target().id())) {
        wanted.add(e.source().id());
        wanted.add(e.target().id());
      }
    }
  }
  const withEdge = new Set<string>();
  for (const e of strong) {
    withEdge.add(e.source().id());
    withEdge.add(e.target().id());
  }
  const shown = new Set<string>();
  for (const n of cy.nodes()) {
    const ok =
      kinds.has(String(n.data("kind"))) && (!wanted || wanted.has(n.id())) && (minCount <= 1 || withEdge.has(n.id()));
    if (ok) shown.add(n.id());
  }
  cy.batch(() => {
    for (const n of cy.nodes()) n.toggleClass("hidden", !shown.has(n.id()));
    for (const e of cy.edges()) {
      const ok = Number(e.data("count")) >= minCount && shown.has(e.source().id()) && shown.has(e.target().id());
      e.toggleClass("hidden", !ok);
    }
  });
  return shown.size;
}

/**
 * Starts at a zoom where labels are readable (fit to the width, at most
 * 1:1) from the top, instead of fitting a tall graph into the box with
 * unreadably small labels; "Fit" shows everything.
 */
function readableStart(cy: cytoscape.Core, canvas: HTMLElement): void {
  const bb = cy.elements().boundingBox();
  const w = canvas.clientWidth || 800;
  const h = canvas.clientHeight || 600;
  if (bb.h * Math.min(1, (w - 40) / bb.w) <= h - 40) {
    cy.fit(undefined, 20);
    if (cy.zoom() > 1.2) cy.zoom(1.2);
    cy.center();
    return;
  }
  const z = Math.min(1, (w - 40) / bb.w);
  cy.zoom(z);
  cy.pan({ x: (w - bb.w * z) / 2 - bb.x1 * z, y: 20 - bb.y1 * z });
}

function selectionInfo(app: string, node: cytoscape.NodeSingular | null): HTMLElement {
  if (!node) return h("p", { class: "note" }, "Click a node to highlight its neighbours.");
  const kind = String(node.data("kind"));
  const label = String(node.data("label"));
  const params = kind === "client" ? { app, client: label } : { app, endpoint: label };
  return h(
    "p",
    null,
    `${kind} `,
    h("code", null, label),
    ` · ${fmtCount(Number(node.data("weight")))} requests · ${node.neighborhood("node").length} neighbours · `,
    h("a", { href: hrefFor("logs", params) }, "show its logs"),
  );
}

export const graphView: View = {
  title: "Service graph",
  needsApp: true,
  async render(ctx: ViewContext) {
    const app = ctx.app;
    if (!app) {
      replace(ctx.root, h("h1", null, "Service graph"), stateBox("empty", "No app configured yet."));
      return;
    }
    replace(ctx.root, h("h1", null, "Service graph", h("span", { class: "sub" }, ` ${app}`)), stateBox("loading"));
    const r = await api<unknown>(`/apps/${seg(app)}/graph`);
    if (!ctx.live()) return;
    if (!r.ok) {
      replace(ctx.root, h("h1", null, "Service graph"), failureBox("The service graph", r));
      return;
    }
    const g = parseGraph(r.data);
    if (g.nodes.length === 0) {
      replace(ctx.root, h("h1", null, "Service graph"), stateBox("empty", "No clients or endpoints seen yet."));
      return;
    }
    const laid = layout(g);
    const canvas = h("div", { class: "graph", id: "graph", aria: { label: "service graph" } });
    const text = h("input", {
      type: "search",
      name: "graph-filter",
      placeholder: "filter nodes by label",
      autocomplete: "off",
    });
    const min = h("input", {
      type: "number",
      name: "graph-min",
      min: "1",
      value: "1",
      title: "minimum requests per edge",
    });
    const kindBox = (kind: string) =>
      h("input", { type: "checkbox", name: `kind-${kind}`, checked: true, value: kind });
    const clientsBox = kindBox("client");
    const endpointsBox = kindBox("endpoint");
    const zoomIn = h("button", { type: "button", title: "zoom in" }, "+");
    const zoomOut = h("button", { type: "button", title: "zoom out" }, "−");
    const fit = h("button", { type: "button" }, "Fit");
    const info = h("div", { class: "graph-info" });
    replace(
      ctx.root,
      h("h1", null, "Service graph", h("span", { class: "sub" }, ` ${app}`)),
      h(
        "div",
        { class: "controls" },
        text,
        h("label", null, " min requests ", min),
        h("label", null, " ", clientsBox, " clients"),
        h("label", null, " ", endpointsBox, " endpoints"),
        " ",
        zoomOut,
        zoomIn,
        fit,
      ),
      h(
        "p",
        { class: "note" },
        `${laid.shown} of ${laid.total} nodes, ${g.edges.length} edges. Clients (blue) on the left, endpoints (green) on the right; drag to pan, wheel or buttons to zoom, Fit for everything.`,
      ),
      canvas,
      info,
      panel("Busiest edges", edgeTable(g)),
    );
    const cy = cytoscape({
      container: canvas,
      elements: laid.elements,
      style: STYLE,
      layout: { name: "preset", fit: false },
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    readableStart(cy, canvas);
    ctx.onCleanup(() => cy.destroy());
    canvas.dataset.visible = String(laid.shown);
    canvas.dataset.zoom = cy.zoom().toFixed(3);
    cy.on("zoom", () => {
      canvas.dataset.zoom = cy.zoom().toFixed(3);
    });
    replace(info, selectionInfo(app, null));
    const refilter = () => {
      const kinds = new Set<string>();
      if (clientsBox.checked) kinds.add("client");
      if (endpointsBox.checked) kinds.add("endpoint");
      const shown = applyFilter(cy, text.value, Math.max(1, Number(min.value) || 1), kinds);
      // State on the container (text attributes only) for tests and assistive summaries.
      canvas.dataset.visible = String(shown);
    };
    for (const el of [text, min]) el.addEventListener("input", refilter);
    for (const el of [clientsBox, endpointsBox]) el.addEventListener("change", refilter);
    const zoomBy = (f: number) =>
      cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } });
    zoomIn.addEventListener("click", () => zoomBy(1.25));
    zoomOut.addEventListener("click", () => zoomBy(0.8));
    fit.addEventListener("click", () => cy.fit(cy.elements(":visible"), 40));
    cy.on("tap", "node", (ev) => {
      const n = ev.target as cytoscape.NodeSingular;
      cy.elements().addClass("faded");
      n.closedNeighborhood().removeClass("faded");
      replace(info, selectionInfo(app, n));
    });
    cy.on("tap", (ev) => {
      if (ev.target === cy) {
        cy.elements().removeClass("faded");
        replace(info, selectionInfo(app, null));
      }
    });
  },
};
