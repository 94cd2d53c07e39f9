// Wasm entry of the signature scanner. Second output convention of the ABI
// (abi.ts): the host writes one value's UTF-8 bytes into INPUT and calls
// sigScan(kind, len); the result is a list of rule indexes (into the rule
// table of tables.ts / core/signatures/tables/rules.ts), one per f64 OUTPUT
// slot from slot 0, and the return value is their count (at most
// RULE_COUNT, below OUTPUT_SLOTS). Values longer than MAX_VALUE bytes are cut
// (the host flags them). Same steps, same order as the TypeScript reference
// core/signatures/ref/scan.ts; the equality test holds the two equal.
import { INPUT } from "../abi";
import { K_PATH } from "./tables";
import { scanPatterns, ahoInit } from "./aho";
import { detectBase64 } from "./b64";
import { charsInit } from "./chars";
import { detectCode } from "./code";
import { dictInit } from "./dict";
import { detectFiles } from "./files";
import { detectJava } from "./java";
import { MAX_VALUE, memInit, resetResults, St } from "./mem";
import { normalize } from "./normalize";
import { detectProtocol } from "./protocol";
import { detectShell } from "./rce";
import { detectSqli } from "./sqli";
import { detectUrls } from "./urls";
import { detectXss } from "./xss";

let ready = false;

/** Builds the automaton and the dictionary (once; sigScan calls it when needed). */
export function sigInit(): void {
  if (ready) return;
  charsInit();
  memInit();
  ahoInit();
  dictInit();
  ready = true;
}

/** Scans INPUT[0..len) as a value of the given kind; rule indexes go to OUTPUT, the count is returned. */
export function sigScan(kind: i32, len: i32): i32 {
  if (!ready) sigInit();
  if (len < 0) len = 0;
  if (len > MAX_VALUE) len = MAX_VALUE;
  resetResults();
  normalize(INPUT, len);
  scanPatterns();
  detectProtocol(kind);
  detectFiles(kind, INPUT, len);
  detectUrls(kind);
  detectSqli(kind);
  detectXss();
  detectShell(kind);
  detectCode(kind);
  detectJava();
  if (kind != K_PATH) detectBase64();
  return St.out;
}
