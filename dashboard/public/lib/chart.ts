/**
 * @module dashboard/lib/chart
 * Time-series chart of requests, blocks, would-blocks and detections with
 * uPlot, from the aligned buckets of lib/series.
 */
import uPlot from "uplot";
import { h } from "./dom.ts";
import type { SeriesData } from "./series.ts";

/**
 * Draws the chart into `parent` (already in the document, so uPlot can
 * measure it); returns a destroy function for when the view goes.
 */
export function trafficChart(parent: HTMLElement, data: SeriesData): () => void {
  const el = h("div", { class: "chart", data: { chart: "traffic" } });
  parent.appendChild(el);
  const width = parent.clientWidth || 800;
  const series: uPlot.Series[] = [
    {},
    { label: "requests", stroke: "#3b82f6", fill: "rgba(59,130,246,0.10)", width: 2 },
    { label: "blocks", stroke: "#dc2626", width: 2 },
    { label: "would block", stroke: "#d97706", width: 1.5, dash: [6, 4] },
  ];
  const aligned: uPlot.AlignedData = [data.t, data.requests, data.blocks, data.wouldBlock];
  if (data.detections) {
    series.push({ label: "detections", stroke: "#7c3aed", width: 2 });
    (aligned as number[][]).push(data.detections);
  }
  const plot = new uPlot(
    {
      width: Math.max(320, width),
      height: 260,
      series,
      scales: { x: { time: true } },
      axes: [{}, { label: "per bucket", size: 60 }],
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
    },
    aligned,
    el,
  );
  return () => plot.destroy();
}
