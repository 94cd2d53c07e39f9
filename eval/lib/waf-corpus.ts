/**
 * @module eval/lib/waf-corpus
 * Reads the labelled WAF corpus (../shared/corpus/waf/*.ndjson, see its
 * README): one request per line with `label`, `class` and `source`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TrafficRecord } from "../../core/types.ts";

export interface WafCase extends TrafficRecord {
  id: string;
  label: "attack" | "benign";
  class: string;
  source: string;
}

/** Default corpus: the dev split next to the repository (`../shared/corpus/waf/dev.ndjson` from the repo root). */
export const DEFAULT_CORPUS = fileURLToPath(new URL("../../../shared/corpus/waf/dev.ndjson", import.meta.url));

/** Attack classes in report order; `anomalous` is reported beside them, not inside the signature figure. */
export const SIGNATURE_CLASSES = [
  "sqli",
  "xss",
  "traversal",
  "rce",
  "rfi",
  "php",
  "ssti",
  "java",
  "protocol",
  "scanner",
];

export function loadWafCorpus(path: string): WafCase[] {
  const out: WafCase[] = [];
  const lines = readFileSync(path, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] as string).trim();
    if (t.length === 0) continue;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      throw new Error(`${path}:${i + 1}: ${(e as Error).message}`);
    }
    const c = v as Partial<WafCase>;
    if (typeof c.method !== "string" || typeof c.url !== "string" || (c.label !== "attack" && c.label !== "benign"))
      throw new Error(`${path}:${i + 1}: not a labelled WAF case`);
    out.push({ ...c, id: String(c.id ?? i + 1), class: String(c.class), source: String(c.source) } as WafCase);
  }
  return out;
}
