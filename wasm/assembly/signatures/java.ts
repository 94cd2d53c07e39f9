// java detector: AssemblyScript port of core/signatures/ref/java.ts (see there for the
// rationale of every check); keep the two in step, the equality test holds them equal.
import {
  G_JAVA_GADGET,
  G_JAVA_KW,
  G_JAVA_PKG,
  G_JAVA_SER,
  JKW_CALL,
  JKW_CLASSLOADER,
  JKW_METHODNAME,
  JKW_JDBC_INTERCEPTOR,
  JKW_PROCESSBUILDER,
  JKW_RUNTIME,
  JPKG_DOTTED,
  R_JAVA_CLASS,
  R_JAVA_GADGET,
  R_JAVA_CLASSLOADER,
  R_JAVA_RCE,
  R_JAVA_SERIALIZED,
  R_LOG4J,
  R_LOG4J_LOOKUP,
  KW_ERROR,
  KW_EXCEPTION,
  KW_JAVA_SOURCE,
  KW_JSF_PARAMS,
} from "./tables";
import { M_DOLLAR, M_LBRACE, fold, isAlpha, isDigit, isWord } from "./chars";
import { St, dAt, emit, hitPat, hitStart } from "./mem";
import { kwAt, kwLen } from "./kw";
import { patCode, patGroup, patOff } from "./tab";


const RMAX = 1024;
/** The value with ${…} lookups resolved (Log4j semantics, approximated), folded. */
const RES: usize = memory.data(1024);
@inline function resAt(i: i32): i32 { return <i32>load<u8>(RES + <usize>i); }
@inline function resSet(i: i32, v: i32): void { store<u8>(RES + <usize>i, <u8>v); }
const STACK: usize = memory.data(64);
@inline function stackAt(i: i32): i32 { return load<i32>(STACK + (<usize>i << 2)); }
@inline function stackSet(i: i32, v: i32): void { store<i32>(STACK + (<usize>i << 2), v); }

/** Resolves lookups from the first "${" onward; returns the resolved length, or -1 when nothing to resolve. */
function resolveLookups(): i32 {
  const n = St.dLen;
  let i = 0;
  while (i + 1 < n && !(dAt(i) == 0x24 && dAt(i + 1) == 0x7b)) i++;
  if (i + 1 >= n) return -1;
  let len = 0;
  let depth = 0;
  let lookups = 0;
  while (i < n && len < RMAX) {
    const b = dAt(i);
    if (b == 0x24 && i + 1 < n && dAt(i + 1) == 0x7b) {
      if (depth < 16) stackSet(depth, len);
      depth++;
      lookups++;
      i += 2;
      continue;
    }
    if (b == 0x7d && depth > 0) {
      depth--;
      i++;
      continue;
    }
    if (depth > 0 && depth <= 16 && b == 0x3a) {
      const top = stackAt(depth - 1);
      if (i + 1 < n && dAt(i + 1) == 0x2d) {
        // key:-default → the default replaces the key.
        len = top;
        i += 2;
        continue;
      }
      // lower:x / upper:x → x; other prefixes (env:, sys:, jndi:) stay visible.
      const kl = len - top;
      if (kl == 5) {
        const a = resAt(top);
        if ((a == 0x6c || a == 0x75) && resAt(top + 4) == 0x72) {
          len = top;
          i++;
          continue;
        }
      }
    }
    // Turkish dotless ı in a lookup (see the reference).
    if (depth > 0 && b == 0xc4 && i + 1 < n && dAt(i + 1) == 0xb1) {
      resSet(len++, 0x69);
      i += 2;
      continue;
    }
    resSet(len++, fold(b));
    i++;
  }
  return lookups > 0 ? len : -1;
}

/** A `${::-` and another `${` in the value (mirrors the reference's nestedEmptyDefault). */
function nestedEmptyDefault(): bool {
  const n = St.dLen;
  let opens = 0;
  let empty = false;
  for (let i = 0; i + 1 < n; i++) {
    if (dAt(i) != 0x24 || dAt(i + 1) != 0x7b) continue;
    opens++;
    if (i + 4 < n && dAt(i + 2) == 0x3a && dAt(i + 3) == 0x3a && dAt(i + 4) == 0x2d) empty = true;
  }
  return empty && opens >= 2;
}

function log4j(): void {
  const len = resolveLookups();
  if (len < 0) return;
  for (let k = 0; k + 5 < len; k++) {
    if (resAt(k) == 0x6a && resAt(k + 1) == 0x6e && resAt(k + 2) == 0x64 && resAt(k + 3) == 0x69 && resAt(k + 4) == 0x3a && isAlpha(resAt(k + 5))) {
      emit(R_LOG4J);
      return;
    }
  }
  const n = St.dLen;
  // Lookups nested with empty keys' defaults: Log4Shell's obfuscation (see the reference).
  if (nestedEmptyDefault()) {
    emit(R_LOG4J);
    return;
  }
  // A lookup with a prefix (env:, sys:, lower:…) but no JNDI: a probe, not an exploit.
  for (let i = 0; i + 3 < n; i++) {
    if (dAt(i) != 0x24 || dAt(i + 1) != 0x7b) continue;
    let k = i + 2;
    while (k < n && k - i < 16 && isAlpha(dAt(k))) k++;
    if (k > i + 2 && k < n && dAt(k) == 0x3a) {
      emit(R_LOG4J_LOOKUP);
      return;
    }
  }
}

function endsWithKw(s: i32, e: i32, k: i32): bool {
  return e - s >= kwLen(k) && kwAt(e - kwLen(k), k);
}

/** A throwable's name or a stack frame goes on from e; mirrors the reference. */
function throwableOrFrame(e: i32): bool {
  const n = St.dLen;
  let j = e;
  let seg = e;
  let module = false;
  while (j < n) {
    const c = dAt(j);
    if (c == 0x2e) seg = j + 1;
    else if (c == 0x2f && !module && j + 1 < n && isAlpha(dAt(j + 1))) {
      module = true;
      seg = j + 1;
    } else if (!isWord(c) && c != 0x24) break;
    j++;
  }
  if (endsWithKw(seg, j, KW_EXCEPTION) || endsWithKw(seg, j, KW_ERROR)) return true;
  if (j >= n || dAt(j) != 0x28) return false;
  let k = j + 1;
  while (k < n && (isWord(dAt(k)) || dAt(k) == 0x24)) k++;
  if (!kwAt(k, KW_JAVA_SOURCE)) return false;
  k += kwLen(KW_JAVA_SOURCE);
  const d = k;
  while (k < n && isDigit(dAt(k))) k++;
  return k > d && k < n && dAt(k) == 0x29;
}

export function detectJava(): void {
  const n = St.dLen;
  let runtime = false;
  let pb = false;
  let gadget = false;
  let method = false;
  let java = false;
  for (let h = 0; h < St.hits; h++) {
    const p = hitPat(h);
    const g = patGroup(p);
    const s = hitStart(h);
    const e = s + patOff(p + 1) - patOff(p);
    if (g == G_JAVA_PKG) {
      const prev = s > 0 ? dAt(s - 1) : 0x20;
      if (prev == 0x2e || prev == 0x2f || prev == 0x40 || prev == 0x2d) continue;
      if (patCode(p) == JPKG_DOTTED && (e >= n || !isAlpha(dAt(e)))) continue;
      // JSF names its own request parameters in a package's shape (`javax.faces.ViewState`).
      if (kwAt(s, KW_JSF_PARAMS) || kwAt(s, KW_JSF_PARAMS + 1)) continue;
      if (throwableOrFrame(e)) continue;
      java = true;
      emit(R_JAVA_CLASS);
    } else if (g == G_JAVA_KW) {
      const code = patCode(p);
      if (code == JKW_RUNTIME) runtime = true;
      else if (code == JKW_PROCESSBUILDER) pb = true;
      else if (code == JKW_CALL) emit(R_JAVA_RCE);
      else if (code == JKW_CLASSLOADER) emit(R_JAVA_CLASSLOADER);
      else if (code == JKW_METHODNAME) method = true;
      else if (code == JKW_JDBC_INTERCEPTOR) emit(R_JAVA_GADGET);
    } else if (g == G_JAVA_GADGET) gadget = true;
    else if (g == G_JAVA_SER) emit(R_JAVA_SERIALIZED);
  }
  if ((runtime || pb || method) && gadget) emit(R_JAVA_GADGET);
  if (pb || (runtime && java)) emit(R_JAVA_RCE);
  if ((St.mask & M_DOLLAR) != 0 && (St.mask & M_LBRACE) != 0) log4j();
}

