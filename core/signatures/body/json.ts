/**
 * @module core/signatures/body/json
 * JSON bodies: every key and every string value (numbers, booleans and null
 * cannot carry a payload), with a dotted path (`user.name`, `items.0.sku`)
 * handed over as parent path and key so that no string is built per field.
 *
 * One validating pass over the text (the RFC 8259 grammar, as `JSON.parse`
 * accepts it), iterative so that no nesting can exhaust the stack, without
 * building the document: the strings are queued as they are read and handed
 * to the sink only once the whole text has parsed, so an invalid body is
 * inspected raw by the caller, never half as JSON. Unlike a parse into
 * objects, a key given twice is inspected both times: `JSON.parse` keeps only
 * the last value, while backends differ on which one they take, so a payload
 * in the other copy would pass unseen. Keys keep their document order. Depth
 * and field count are bounded: past either bound nothing more is queued, the
 * text is still validated, and the bound is returned so the caller flags it;
 * a document nested deeper than MAX_NESTING is refused as malformed.
 */
import { type BodySink, joinPath } from "./types.ts";

const MAX_DEPTH = 64;
/** Nesting past which a document is refused as malformed (inspected raw): bounds the reader's stack. */
const MAX_NESTING = 4096;

class JsonSyntaxError extends Error {}

const INDEX_KEYS = Array.from({ length: 256 }, (_, i) => String(i));
const indexKey = (i: number): string => (i < 256 ? (INDEX_KEYS[i] as string) : String(i));

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The value of a hex digit, or -1. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

const ESCAPES: Record<number, string> = {
  34: '"',
  92: "\\",
  47: "/",
  98: "\b",
  102: "\f",
  110: "\n",
  114: "\r",
  116: "\t",
};

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new JsonSyntaxError(
      this.i >= this.s.length ? `unexpected end of input (${what})` : `unexpected character at ${this.i} (${what})`,
    );
  }

  ws(): void {
    const s = this.s;
    let i = this.i;
    while (i < s.length && isWs(s.charCodeAt(i))) i++;
    this.i = i;
  }

  peek(): number {
    return this.i < this.s.length ? this.s.charCodeAt(this.i) : -1;
  }

  /** The string token whose opening quote is at `i`, unescaped. */
  string(): string {
    const s = this.s;
    let i = this.i + 1;
    let out = "";
    let from = i;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        this.i = i + 1;
        return out + s.slice(from, i);
      }
      if (c < 0x20) {
        this.i = i;
        this.fail("control character in a string");
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += s.slice(from, i);
      const e = i + 1 < s.length ? s.charCodeAt(i + 1) : -1;
      if (e === 0x75) {
        let code = 0;
        for (let k = i + 2; k < i + 6; k++) {
          const h = k < s.length ? hexValue(s.charCodeAt(k)) : -1;
          if (h < 0) {
            this.i = k;
            this.fail("\\u escape");
          }
          code = code * 16 + h;
        }
        out += String.fromCharCode(code);
        i += 6;
      } else {
        const esc = ESCAPES[e];
        if (esc === undefined) {
          this.i = i + 1;
          this.fail("escape");
        }
        out += esc;
        i += 2;
      }
      from = i;
    }
    this.i = i;
    return this.fail("unterminated string");
  }

  digits(): void {
    const start = this.i;
    while (isDigit(this.peek())) this.i++;
    if (this.i === start) this.fail("number");
  }

  number(): void {
    if (this.peek() === 0x2d) this.i++;
    if (this.peek() === 0x30) this.i++;
    else this.digits();
    if (this.peek() === 0x2e) {
      this.i++;
      this.digits();
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const sign = this.peek();
      if (sign === 0x2b || sign === 0x2d) this.i++;
      this.digits();
    }
  }

  literal(word: string): void {
    if (!this.s.startsWith(word, this.i)) this.fail("literal");
    this.i += word.length;
  }
}

/**
 * One parse's working memory: the strings of the document in document order
 * (names, kind 0, and values, kind 1, with parent path and key) and the
 * stack of open containers (array or object, dotted path, index of the
 * current element). Pooled, keeping their capacity: growing these per body
 * was most of what a JSON body cost the garbage collector (about 80 KB of
 * the 120 KB an 8 KB body allocated).
 */
class StringQueue {
  kinds: number[] = [];
  parents: string[] = [];
  keys: string[] = [];
  values: string[] = [];
  length = 0;
  frameArray: boolean[] = [];
  frameHere: string[] = [];
  frameN: number[] = [];
  depth = 0;
  /** Deepest frame this parse used (what `clear` has to let go of). */
  framesUsed = 0;

  push(kind: number, parent: string, key: string, value: string): void {
    const n = this.length++;
    this.kinds[n] = kind;
    this.parents[n] = parent;
    this.keys[n] = key;
    this.values[n] = value;
  }

  /** Empties the queue, letting go of its strings but keeping its capacity. */
  clear(): void {
    for (let k = 0; k < this.length; k++) {
      this.parents[k] = "";
      this.keys[k] = "";
      this.values[k] = "";
    }
    this.length = 0;
    for (let k = 0; k < this.framesUsed; k++) this.frameHere[k] = "";
    this.framesUsed = 0;
    this.depth = 0;
  }
}

/** Free queues: one per parse in progress (a sink may parse another document while it is handed strings). */
const freeQueues: StringQueue[] = [];

export function parseJson(text: string, sink: BodySink, maxFields: number): string | undefined {
  const q = freeQueues.pop() ?? new StringQueue();
  try {
    return parseInto(q, text, sink, maxFields);
  } finally {
    q.clear();
    freeQueues.push(q);
  }
}

function parseInto(q: StringQueue, text: string, sink: BodySink, maxFields: number): string | undefined {
  const r = new Reader(text);
  let count = 0;
  let overflow: string | undefined;
  const queue = (kind: number, parent: string, key: string, value: string) => {
    if (overflow === undefined) q.push(kind, parent, key, value);
  };
  /** Reads `"key" :` in the object at `here`; returns the key. */
  const member = (here: string): string => {
    if (r.peek() !== 0x22) r.fail("object key");
    const key = r.string();
    queue(0, here, key, key);
    r.ws();
    if (r.peek() !== 0x3a) r.fail("':'");
    r.i++;
    r.ws();
    return key;
  };
  try {
    let parent = "";
    let key = "";
    r.ws();
    for (;;) {
      // A value, at (parent, key): counted as the walk over a parsed document counted it.
      if (overflow === undefined && ++count > maxFields) overflow = `json: more than ${maxFields} fields`;
      const c = r.peek();
      let complete = true;
      if (c === 0x7b || c === 0x5b) {
        if (overflow === undefined && q.depth >= MAX_DEPTH) overflow = `json: deeper than ${MAX_DEPTH} levels`;
        if (q.depth >= MAX_NESTING) r.fail(`nesting deeper than ${MAX_NESTING} levels`);
        const array = c === 0x5b;
        const here = q.depth === 0 ? "" : joinPath(parent, key);
        r.i++;
        r.ws();
        if (r.peek() === (array ? 0x5d : 0x7d)) r.i++;
        else {
          const d = q.depth++;
          if (q.depth > q.framesUsed) q.framesUsed = q.depth;
          q.frameArray[d] = array;
          q.frameHere[d] = here;
          q.frameN[d] = 0;
          parent = here;
          key = array ? indexKey(0) : member(here);
          complete = false;
        }
      } else if (c === 0x22) queue(1, parent, key, r.string());
      else if (c === 0x2d || isDigit(c)) r.number();
      else if (c === 0x74) r.literal("true");
      else if (c === 0x66) r.literal("false");
      else if (c === 0x6e) r.literal("null");
      else r.fail("value");
      if (!complete) continue;
      // After a complete value: a separator, closing brackets, or the end of the document.
      for (;;) {
        r.ws();
        if (q.depth === 0) {
          if (r.i < text.length) r.fail("end of document");
          for (let k = 0; k < q.length; k++) {
            if (q.kinds[k] === 0) sink.name("json", q.parents[k] as string, q.keys[k] as string);
            else sink.value("json", q.parents[k] as string, q.keys[k] as string, q.values[k] as string);
          }
          return overflow;
        }
        const top = q.depth - 1;
        const array = q.frameArray[top] as boolean;
        const d = r.peek();
        if (d === 0x2c) {
          r.i++;
          r.ws();
          parent = q.frameHere[top] as string;
          if (array) {
            const n = (q.frameN[top] as number) + 1;
            q.frameN[top] = n;
            key = indexKey(n);
          } else key = member(parent);
          break;
        }
        if (d !== (array ? 0x5d : 0x7d)) r.fail(array ? "',' or ']'" : "',' or '}'");
        r.i++;
        q.depth--;
      }
    }
  } catch (e) {
    if (e instanceof JsonSyntaxError) return `json: ${e.message}`;
    throw e;
  }
}
