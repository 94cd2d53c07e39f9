/**
 * @module dashboard/lib/series
 * Aligns the stats API's time buckets for the chart. Buckets the API leaves
 * out (no traffic) are filled with zeros so a quiet minute reads as zero
 * rather than as a line drawn across it; detections come as individual
 * events and are counted into the same buckets. Pure, no DOM.
 */
import type { Stats } from "./shapes.ts";

/** Most points drawn; longer ranges would use a coarser bucket (the API caps minute buckets at 7 days). */
const MAX_POINTS = 20_000;

export interface SeriesData {
  t: number[];
  requests: number[];
  blocks: number[];
  wouldBlock: number[];
  detections: number[] | null;
}

/** Aligns stats rows (and detection times, epoch seconds) on every bucket of [from, to). */
export function bucketSeries(stats: Stats, bucketS: number, detectionTimesS: number[] | null): SeriesData {
  const start = Math.floor(stats.from / bucketS) * bucketS;
  const end = Math.max(start + bucketS, stats.to);
  const n = Math.min(Math.ceil((end - start) / bucketS), MAX_POINTS);
  const t = Array.from({ length: n }, (_, i) => start + i * bucketS);
  const requests = new Array<number>(n).fill(0);
  const blocks = new Array<number>(n).fill(0);
  const wouldBlock = new Array<number>(n).fill(0);
  const idx = (ts: number) => Math.floor((ts - start) / bucketS);
  for (const row of stats.series) {
    const i = idx(row.t);
    if (i < 0 || i >= n) continue;
    requests[i] = (requests[i] ?? 0) + row.requests;
    blocks[i] = (blocks[i] ?? 0) + row.blocks;
    wouldBlock[i] = (wouldBlock[i] ?? 0) + row.would_block;
  }
  let detections: number[] | null = null;
  if (detectionTimesS) {
    detections = new Array<number>(n).fill(0);
    for (const ts of detectionTimesS) {
      const i = idx(ts);
      if (i >= 0 && i < n) detections[i] = (detections[i] ?? 0) + 1;
    }
  }
  return { t, requests, blocks, wouldBlock, detections };
}
