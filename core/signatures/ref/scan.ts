/**
 * @module core/signatures/ref/scan
 * The TypeScript reference scanner: one value in, the indexes of the rules
 * it triggers out. Same steps, same order and same tables as the Wasm export
 * `sigScan` (wasm/assembly/signatures/scan.ts); the property test holds the
 * two equal. Never throws on any bytes.
 */
import { K_PATH } from "../tables/kinds.ts";
import { scanPatterns } from "./aho.ts";
import { detectBase64 } from "./b64.ts";
import { detectCode } from "./code.ts";
import { detectFiles } from "./files.ts";
import { detectJava } from "./java.ts";
import { MAX_VALUE, resetResults, results } from "./mem.ts";
import { normalize } from "./normalize.ts";
import { detectProtocol } from "./protocol.ts";
import { detectShell } from "./rce.ts";
import { detectSqli } from "./sqli.ts";
import { detectUrls } from "./urls.ts";
import { detectXss } from "./xss.ts";

/** Rule indexes for value `bytes` of the given kind (K_* in tables/kinds.ts). The array is reused by the next call. */
export function scanValueTs(kind: number, bytes: Uint8Array): readonly number[] {
  const len = Math.min(bytes.length, MAX_VALUE);
  resetResults();
  normalize(bytes, len);
  scanPatterns();
  detectProtocol(kind);
  detectFiles(kind, bytes, len);
  detectUrls(kind);
  detectSqli(kind);
  detectXss();
  detectShell(kind);
  detectCode(kind);
  detectJava();
  if (kind !== K_PATH) detectBase64();
  return results();
}
