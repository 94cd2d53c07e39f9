/**
 * @module dashboard/lib/format
 * Display formatting: times (the API mixes epoch seconds and milliseconds:
 * log records carry ms, stats and discovery seconds), counts, durations.
 * Pure functions, no DOM.
 */
import type { Evidence } from "./shapes.ts";

/** Values above this are taken as milliseconds (1e11 s is the year 5138). */
const MS_THRESHOLD = 1e11;

/** Epoch seconds or milliseconds to milliseconds; null for missing or absurd values. */
export function toMs(ts: number | null | undefined): number | null {
  if (ts === null || ts === undefined || !Number.isFinite(ts) || ts <= 0) return null;
  return ts >= MS_THRESHOLD ? ts : ts * 1000;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** `2026-11-25 22:34:05` in local time; `—` when unknown. */
export function fmtTime(ts: number | null | undefined, withMs = false): string {
  const ms = toMs(ts);
  if (ms === null) return "—";
  const d = new Date(ms);
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** `in 4m`, `3h ago`: how far a time is from now. */
export function fmtRelative(ts: number | null | undefined, now = Date.now()): string {
  const ms = toMs(ts);
  if (ms === null) return "—";
  const diff = ms - now;
  const abs = Math.abs(diff);
  const unit =
    abs < 60_000
      ? `${Math.round(abs / 1000)}s`
      : abs < 3_600_000
        ? `${Math.round(abs / 60_000)}m`
        : abs < 86_400_000
          ? `${Math.round(abs / 3_600_000)}h`
          : `${Math.round(abs / 86_400_000)}d`;
  return diff >= 0 ? `in ${unit}` : `${unit} ago`;
}

export function fmtCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return Math.round(n).toLocaleString("en-US");
}

export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** `200×12 404×3`, most frequent first. */
export function fmtStatuses(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${s}×${n}`)
    .join(" ");
}

/** `datetime-local` input value (local time, minutes) from epoch seconds. */
export function toLocalInput(epochS: number): string {
  const d = new Date(epochS * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Epoch seconds from a `datetime-local` value; null when empty or invalid. */
export function fromLocalInput(v: string): number | null {
  if (!v) return null;
  const ms = new Date(v).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** Named time ranges of the overview and detections views, with the stats bucket each uses. */
export const RANGES: Record<string, { label: string; seconds: number; bucket: "minute" | "hour" }> = {
  "1h": { label: "last hour", seconds: 3600, bucket: "minute" },
  "6h": { label: "last 6 hours", seconds: 6 * 3600, bucket: "minute" },
  "24h": { label: "last 24 hours", seconds: 86_400, bucket: "hour" },
  "7d": { label: "last 7 days", seconds: 7 * 86_400, bucket: "hour" },
};

/** `ordered_walk 13 (threshold 6)`: a feature, its value and the threshold it crossed. */
export function evidenceText(e: Evidence): string {
  const n = (v: number) => String(Math.round(v * 1000) / 1000);
  if (e.value === null) return e.feature;
  return e.threshold === null
    ? `${e.feature} ${n(e.value)}`
    : `${e.feature} ${n(e.value)} (threshold ${n(e.threshold)})`;
}
