/**
 * @module core/signatures/body/xml
 * XML bodies: text content and attribute values, with the element path as
 * location (`root.a`, `root.a@probe`). Element and attribute names are
 * markup, not data, and are not inspected as payloads, except the names an
 * XML-to-object converter (xml2js) turns into a prototype's keys
 * (`<__proto__>`, `<constructor><prototype>`). A DOCTYPE is passed
 * on whole so external entity declarations are seen. A small tolerant
 * tokenizer (no entity expansion, no network): malformed input is reported
 * and what was read so far is still inspected. A document carried in CDATA is
 * read as XML too. No regular expressions.
 */
import { type BodySink, within } from "./types.ts";

function isWs(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

function isNameEnd(c: string | undefined): boolean {
  return c === undefined || isWs(c) || c === "/" || c === ">" || c === "=";
}

export function parseXml(text: string, sink: BodySink, maxFields: number, nested = 0): string | undefined {
  const stack: string[] = [];
  let count = 0;
  let i = 0;
  const n = text.length;
  const path = (): string => stack.join(".");
  const emitText = (s: string, at: string): boolean => {
    if (s.trim().length === 0) return true;
    if (++count > maxFields) return false;
    sink.value("xml", "", at, s);
    return true;
  };
  while (i < n) {
    const lt = text.indexOf("<", i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.length > 0 && !emitText(chunk, path())) return `xml: more than ${maxFields} fields`;
    if (lt < 0) break;
    i = lt;
    if (text.startsWith("<!--", i)) {
      const e = text.indexOf("-->", i + 4);
      if (e < 0) return "xml: unterminated comment";
      i = e + 3;
    } else if (text.startsWith("<![CDATA[", i)) {
      const e = text.indexOf("]]>", i + 9);
      if (e < 0) return "xml: unterminated CDATA";
      const cdata = text.slice(i + 9, e);
      if (!emitText(cdata, path())) return `xml: more than ${maxFields} fields`;
      // A document carried in CDATA (a DVR's `<SetConfiguration><![CDATA[<?xml …]]>`): the device parses
      // it in turn, so its attributes and text are values too, under `<path>.cdata`.
      if (nested < 2 && cdata.trimStart().startsWith("<")) {
        const at = `${path()}.cdata`;
        parseXml(cdata, withinXml(sink, at), maxFields - count, nested + 1);
      }
      i = e + 3;
    } else if (text.startsWith("<!", i)) {
      // DOCTYPE (with an internal subset) or other declaration: inspected whole.
      let depth = 0;
      let e = i + 2;
      for (; e < n; e++) {
        const c = text[e];
        if (c === "[") depth++;
        else if (c === "]") depth--;
        else if (c === ">" && depth <= 0) break;
      }
      if (!emitText(text.slice(i, Math.min(e + 1, n)), "!doctype")) return `xml: more than ${maxFields} fields`;
      if (e >= n) return "xml: unterminated declaration";
      i = e + 1;
    } else if (text.startsWith("<?", i)) {
      const e = text.indexOf("?>", i + 2);
      if (e < 0) return "xml: unterminated processing instruction";
      i = e + 2;
    } else if (text.startsWith("</", i)) {
      const e = text.indexOf(">", i + 2);
      if (e < 0) return "xml: unterminated end tag";
      stack.pop();
      i = e + 1;
    } else {
      let j = i + 1;
      while (j < n && !isNameEnd(text[j])) j++;
      const name = text.slice(i + 1, j);
      if (name.length === 0) {
        if (!emitText("<", path())) return `xml: more than ${maxFields} fields`;
        i++;
        continue;
      }
      if (name === "__proto__" || name === "prototype") sink.name("xml", path(), name);
      // Attributes.
      let selfClose = false;
      for (;;) {
        while (j < n && isWs(text[j])) j++;
        if (j >= n) return "xml: unterminated start tag";
        if (text[j] === ">") {
          j++;
          break;
        }
        if (text.startsWith("/>", j)) {
          selfClose = true;
          j += 2;
          break;
        }
        let k = j;
        while (k < n && !isNameEnd(text[k])) k++;
        const attr = text.slice(j, k);
        j = k;
        while (j < n && isWs(text[j])) j++;
        if (text[j] !== "=") {
          if (k === j && attr.length === 0) j++;
          continue;
        }
        j++;
        while (j < n && isWs(text[j])) j++;
        const q = text[j];
        let value: string;
        if (q === '"' || q === "'") {
          const e = text.indexOf(q, j + 1);
          if (e < 0) return "xml: unterminated attribute value";
          value = text.slice(j + 1, e);
          j = e + 1;
        } else {
          let e = j;
          while (e < n && !(isWs(text[e]) || text[e] === ">")) e++;
          value = text.slice(j, e);
          j = e;
        }
        const at = stack.length === 0 ? `${name}@${attr}` : `${path()}.${name}@${attr}`;
        if (!emitText(value, at)) return `xml: more than ${maxFields} fields`;
      }
      if (!selfClose) {
        if (stack.length >= 64) return "xml: nested deeper than 64 elements";
        stack.push(name);
      }
      i = j;
    }
  }
  return undefined;
}

/** The sink with an XML value's element path (its key) put under `prefix`: XML hands its paths as keys. */
function withinXml(sink: BodySink, prefix: string): BodySink {
  const inner = within(sink, prefix);
  return { ...inner, value: (format, parent, key, value) => sink.value(format, parent, `${prefix}.${key}`, value) };
}
