/**
 * @module core/signatures/ref/java
 * Java-side attacks: fully qualified JDK/library class names, Runtime and
 * ProcessBuilder with Java context, deserialization gadget chains (a
 * Runtime/ProcessBuilder keyword together with a commons-collections-style
 * transformer or closure), serialized-object magic (`rO0AB`, `aced0005` and
 * the other Base64 alignments), and Log4Shell: `${…}` lookups are resolved the
 * way Log4j would (nested lookups, `:-` defaults, lower/upper) before looking
 * for `jndi:`, so `${${::-j}ndi:…}` and `${:1337:-x$}{jndi:…}` are seen.
 * Mirrors wasm/assembly/signatures/java.ts.
 */

import { PAT_CODE, PAT_GROUP, PAT_OFF } from "../tables/flat.ts";
import { KW_ERROR, KW_EXCEPTION, KW_JAVA_SOURCE, KW_JSF_PARAMS } from "../tables/keywords.ts";
import {
  G_JAVA_GADGET,
  G_JAVA_KW,
  G_JAVA_PKG,
  G_JAVA_SER,
  JKW_CALL,
  JKW_CLASSLOADER,
  JKW_JDBC_INTERCEPTOR,
  JKW_METHODNAME,
  JKW_PROCESSBUILDER,
  JKW_RUNTIME,
  JPKG_DOTTED,
} from "../tables/patterns.ts";
import { R } from "../tables/rules.ts";
import { fold, isAlpha, isDigit, isWord, M_DOLLAR, M_LBRACE } from "./chars.ts";
import { kwAt, kwLen } from "./kw.ts";
import { D, emit, HIT_PAT, HIT_START, st } from "./mem.ts";

const RMAX = 1024;
/** The value with ${…} lookups resolved (Log4j semantics, approximated), folded. */
const RES = new Uint8Array(RMAX);
const STACK = new Int32Array(16);

/** Resolves lookups from the first "${" onward; returns the resolved length, or -1 when nothing to resolve. */
function resolveLookups(): number {
  const n = st.dLen;
  let i = 0;
  while (i + 1 < n && !(D[i] === 0x24 && D[i + 1] === 0x7b)) i++;
  if (i + 1 >= n) return -1;
  let len = 0;
  let depth = 0;
  let lookups = 0;
  while (i < n && len < RMAX) {
    const b = D[i] as number;
    if (b === 0x24 && i + 1 < n && D[i + 1] === 0x7b) {
      if (depth < 16) STACK[depth] = len;
      depth++;
      lookups++;
      i += 2;
      continue;
    }
    if (b === 0x7d && depth > 0) {
      depth--;
      i++;
      continue;
    }
    if (depth > 0 && depth <= 16 && b === 0x3a) {
      const top = STACK[depth - 1] as number;
      if (i + 1 < n && D[i + 1] === 0x2d) {
        // key:-default → the default replaces the key.
        len = top;
        i += 2;
        continue;
      }
      // lower:x / upper:x → x; other prefixes (env:, sys:, jndi:) stay visible.
      const kl = len - top;
      if (kl === 5) {
        const a = RES[top] as number;
        if ((a === 0x6c || a === 0x75) && RES[top + 4] === 0x72) {
          len = top;
          i++;
          continue;
        }
      }
    }
    // Turkish dotless ı in a lookup: Java's toUpperCase makes it `I` (`${jnd${upper:ı}:ldap:…}`).
    if (depth > 0 && b === 0xc4 && i + 1 < n && D[i + 1] === 0xb1) {
      RES[len++] = 0x69;
      i += 2;
      continue;
    }
    RES[len++] = fold(b);
    i++;
  }
  return lookups > 0 ? len : -1;
}

function log4j(): void {
  const len = resolveLookups();
  if (len < 0) return;
  for (let k = 0; k + 5 < len; k++) {
    if (
      RES[k] === 0x6a &&
      RES[k + 1] === 0x6e &&
      RES[k + 2] === 0x64 &&
      RES[k + 3] === 0x69 &&
      RES[k + 4] === 0x3a &&
      isAlpha(RES[k + 5] as number)
    ) {
      emit(R.LOG4J as number);
      return;
    }
  }
  const n = st.dLen;
  // Lookups nested with empty keys' defaults (`${${::-${::-$${::-j}}}}`): nothing but hiding
  // characters from a filter uses `${::-`, and one inside another is Log4Shell's obfuscation.
  if (nestedEmptyDefault()) {
    emit(R.LOG4J as number);
    return;
  }
  // A lookup with a prefix (env:, sys:, lower:…) but no JNDI: a probe, not an exploit.
  for (let i = 0; i + 3 < n; i++) {
    if (D[i] !== 0x24 || D[i + 1] !== 0x7b) continue;
    let k = i + 2;
    while (k < n && k - i < 16 && isAlpha(D[k] as number)) k++;
    if (k > i + 2 && k < n && D[k] === 0x3a) {
      emit(R.LOG4J_LOOKUP as number);
      return;
    }
  }
}

/** A `${::-` (an empty key's default) and another `${` in the value. */
function nestedEmptyDefault(): boolean {
  const n = st.dLen;
  let opens = 0;
  let empty = false;
  for (let i = 0; i + 1 < n; i++) {
    if (D[i] !== 0x24 || D[i + 1] !== 0x7b) continue;
    opens++;
    if (i + 4 < n && D[i + 2] === 0x3a && D[i + 3] === 0x3a && D[i + 4] === 0x2d) empty = true;
  }
  return empty && opens >= 2;
}

/** Keyword k ends D[s..e) (ASCII case folded). */
function endsWith(s: number, e: number, k: number): boolean {
  return e - s >= kwLen(k) && kwAt(e - kwLen(k), k);
}

/**
 * The qualified name going on from e ends in a throwable (`java.lang.NullPointerException`,
 * `…OutOfMemoryError`) or is a stack frame (`java.util.X.run(X.java:12)`): an error message or a
 * trace pasted into a ticket, not a class a payload names.
 */
function throwableOrFrame(e: number): boolean {
  const n = st.dLen;
  let j = e;
  let seg = e;
  let module = false;
  while (j < n) {
    const c = D[j] as number;
    if (c === 0x2e) seg = j + 1;
    else if (c === 0x2f && !module && j + 1 < n && isAlpha(D[j + 1] as number)) {
      // A Java 9+ frame names its module first: `java.base/java.lang.Thread.run(Thread.java:1583)`.
      module = true;
      seg = j + 1;
    } else if (!isWord(c) && c !== 0x24) break;
    j++;
  }
  if (endsWith(seg, j, KW_EXCEPTION) || endsWith(seg, j, KW_ERROR)) return true;
  if (j >= n || D[j] !== 0x28) return false;
  let k = j + 1;
  while (k < n && (isWord(D[k] as number) || D[k] === 0x24)) k++;
  if (!kwAt(k, KW_JAVA_SOURCE)) return false;
  k += kwLen(KW_JAVA_SOURCE);
  const d = k;
  while (k < n && isDigit(D[k] as number)) k++;
  return k > d && k < n && D[k] === 0x29;
}

export function detectJava(): void {
  const n = st.dLen;
  let runtime = false;
  let pb = false;
  let gadget = false;
  let method = false;
  let java = false;
  for (let h = 0; h < st.hits; h++) {
    const p = HIT_PAT[h] as number;
    const g = PAT_GROUP[p] as number;
    const s = HIT_START[h] as number;
    const e = s + (PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number);
    if (g === G_JAVA_PKG) {
      const prev = s > 0 ? (D[s - 1] as number) : 0x20;
      if (prev === 0x2e || prev === 0x2f || prev === 0x40 || prev === 0x2d) continue;
      if (PAT_CODE[p] === JPKG_DOTTED && (e >= n || !isAlpha(D[e] as number))) continue;
      // JSF names its own request parameters in a package's shape (`javax.faces.ViewState`).
      if (kwAt(s, KW_JSF_PARAMS) || kwAt(s, KW_JSF_PARAMS + 1)) continue;
      if (throwableOrFrame(e)) continue;
      java = true;
      emit(R.JAVA_CLASS as number);
    } else if (g === G_JAVA_KW) {
      const code = PAT_CODE[p] as number;
      if (code === JKW_RUNTIME) runtime = true;
      else if (code === JKW_PROCESSBUILDER) pb = true;
      else if (code === JKW_CALL) emit(R.JAVA_RCE as number);
      else if (code === JKW_CLASSLOADER) emit(R.JAVA_CLASSLOADER as number);
      else if (code === JKW_METHODNAME) method = true;
      else if (code === JKW_JDBC_INTERCEPTOR) emit(R.JAVA_GADGET as number);
    } else if (g === G_JAVA_GADGET) gadget = true;
    else if (g === G_JAVA_SER) emit(R.JAVA_SERIALIZED as number);
  }
  if ((runtime || pb || method) && gadget) emit(R.JAVA_GADGET as number);
  if (pb || (runtime && java)) emit(R.JAVA_RCE as number);
  if ((st.mask & M_DOLLAR) !== 0 && (st.mask & M_LBRACE) !== 0) log4j();
}
