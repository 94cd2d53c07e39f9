/**
 * @module core/signatures/body/form
 * application/x-www-form-urlencoded bodies (and bodies without a content
 * type, which servers commonly read the same way): `&`-separated pairs, a
 * piece without `=` is a name with an empty value. A name that still holds
 * `=` after decoding (sent as `%3D`) is split again and its right side
 * inspected as a value too, since some back ends decode before splitting.
 * Bounded by `maxFields`; the remainder is reported, not dropped silently.
 */
import type { BodySink } from "./types.ts";
import { formDecode } from "./url-decode.ts";

export function parseForm(text: string, sink: BodySink, maxFields: number): string | undefined {
  let count = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("&", start);
    if (end < 0) end = text.length;
    if (end > start) {
      if (++count > maxFields) return `form: more than ${maxFields} fields`;
      const piece = text.slice(start, end);
      const eq = piece.indexOf("=");
      const name = formDecode(eq < 0 ? piece : piece.slice(0, eq));
      const value = eq < 0 ? "" : formDecode(piece.slice(eq + 1));
      sink.name("form", "", name);
      if (value.length > 0) sink.value("form", "", name, value);
      const inner = name.indexOf("=");
      if (inner > 0 && inner < name.length - 1) sink.value("form", "", name.slice(0, inner), name.slice(inner + 1));
    }
    start = end + 1;
  }
  return undefined;
}
