/**
 * @module core/signatures/body/hl7
 * HL7 v2 messages in their pipe-and-hat encoding (ER7: the ADT, ORU, VXU, QBP… messages that
 * interface engines and immunization registries take over HTTP), read as the application's HL7
 * library reads them: segment by segment, each field's repetitions, components and subcomponents
 * one value each (located `<segment>.<field>`), HL7's escape sequences decoded (`\F\` is the field
 * separator, `\X0A\` a byte). The separators (`|`, `^`, `~`, `&`) are the message's grammar: read
 * whole, `RCP|I|5^RD&Records&HL70126` reads as shell pipes and chains. No separator can reach the
 * application inside a value except escaped, so a value's escapes are decoded before it is judged.
 */
import type { BodySink } from "./types.ts";

/** A header segment (a message's MSH, a file's or batch's FHS/BHS) opening `text`, from which the separators are read. */
function headerAt(text: string): number {
  let i = 0;
  // MLLP's start block (0x0B) and blank lines may come first.
  while (i < text.length && i < 8 && (text.charCodeAt(i) === 0x0b || text.charCodeAt(i) <= 0x20)) i++;
  const seg = text.slice(i, i + 3);
  return seg === "MSH" || seg === "FHS" || seg === "BHS" ? i : -1;
}

function isSeparator(c: number): boolean {
  return c > 0x20 && c < 0x7f && !(c >= 0x30 && c <= 0x39) && !((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

interface Separators {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

function separatorsAt(text: string, at: number): Separators | null {
  const f = text.charCodeAt(at + 3);
  if (!isSeparator(f)) return null;
  const enc: string[] = [];
  let k = at + 4;
  while (k < text.length && enc.length < 5 && text.charCodeAt(k) !== f) {
    const c = text.charCodeAt(k);
    if (!isSeparator(c) || enc.includes(text[k] as string)) return null;
    enc.push(text[k] as string);
    k++;
  }
  if (enc.length < 4 || text.charCodeAt(k) !== f) return null;
  const [component, repetition, esc, subcomponent] = enc as [string, string, string, string];
  return { field: String.fromCharCode(f), component, repetition, escape: esc, subcomponent };
}

/** Does `text` open with an HL7 v2 header segment and its separators? */
export function looksLikeHl7(text: string): boolean {
  const at = headerAt(text);
  return at >= 0 && separatorsAt(text, at) !== null;
}

/** A value with HL7's escape sequences (`\F\`, `\S\`, `\T\`, `\R\`, `\E\`, `\X..\`, `\.br\`) replaced by what they stand for. */
function decodeEscapes(value: string, s: Separators): string {
  if (!value.includes(s.escape)) return value;
  let out = "";
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf(s.escape, i);
    if (open < 0) break;
    const close = value.indexOf(s.escape, open + 1);
    if (close < 0) break;
    out += value.slice(i, open);
    const seq = value.slice(open + 1, close);
    const code = seq[0];
    if (seq === "F") out += s.field;
    else if (seq === "S") out += s.component;
    else if (seq === "T") out += s.subcomponent;
    else if (seq === "R") out += s.repetition;
    else if (seq === "E") out += s.escape;
    else if (seq === ".br") out += "\n";
    else if ((code === "X" || code === "x") && /^[0-9a-f]*$/i.test(seq.slice(1)) && seq.length % 2 === 1) {
      for (let h = 1; h < seq.length; h += 2) out += String.fromCharCode(Number.parseInt(seq.slice(h, h + 2), 16));
    } else if (seq !== "H" && seq !== "N") out += value.slice(open, close + 1);
    i = close + 1;
  }
  return out + value.slice(i);
}

/** A segment without MLLP's framing bytes (0x0B before, 0x1C after) and leading blanks. */
function trimFraming(segment: string): string {
  let a = 0;
  let e = segment.length;
  while (a < e && (segment.charCodeAt(a) <= 0x20 || segment.charCodeAt(a) === 0x1c)) a++;
  while (e > a && (segment.charCodeAt(e - 1) === 0x0b || segment.charCodeAt(e - 1) === 0x1c)) e--;
  return segment.slice(a, e);
}

/**
 * Hands an HL7 v2 message's values to `sink` as `raw` values keyed `<segment>.<field>`; returns why
 * it could not (not HL7, more than `maxFields` values), and the caller reads the body whole.
 */
export function readHl7(text: string, sink: BodySink, maxFields: number): string | undefined {
  const at = headerAt(text);
  const s = at < 0 ? null : separatorsAt(text, at);
  if (s === null) return "hl7: no header segment with separators";
  let count = 0;
  for (const segment of text.slice(at).split(/\r\n|\r|\n/)) {
    const line = trimFraming(segment);
    if (line.length === 0) continue;
    const fields = line.split(s.field);
    const name = fields[0] as string;
    const header = name === "MSH" || name === "FHS" || name === "BHS";
    for (let f = 1; f < fields.length; f++) {
      // A header's first field is the separator itself and its second the encoding characters.
      if (header && f === 1) continue;
      const key = `${name}.${header ? f + 1 : f}`;
      for (const rep of (fields[f] as string).split(s.repetition))
        for (const comp of rep.split(s.component))
          for (const sub of comp.split(s.subcomponent)) {
            if (sub.length === 0) continue;
            if (++count > maxFields) return `hl7: more than ${maxFields} values`;
            sink.value("raw", "", key, decodeEscapes(sub, s));
          }
    }
  }
  return undefined;
}
