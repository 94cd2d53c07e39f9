/**
 * @module core/signatures/body/dwr
 * Direct Web Remoting's plain calls (`POST …/dwr/call/plaincall/Service.method.dwr`, `text/plain`):
 * the body is `name=value` lines, `callCount=1` first, each call's parameters as
 * `c0-param0=string:x%27%20or%20…`, a type then the value percent-encoded. Read as one raw string the
 * parameters stay encoded; each is handed over decoded, as DWR hands it to the Java method
 * (OpenMRS, older Java back offices).
 */
import { formDecode } from "./url-decode.ts";

/** Lines read at most. */
const MAX_LINES = 512;
/** A call's parameter (`c0-param0`, `c1-e3` for an element of a collection) and its type prefix. */
const PARAM = /^c\d{1,4}-(?:param|e)\d{1,4}$/;
const TYPED = /^(?:string|number|boolean|date|reference|Array|Object_\w{1,64}):/;

/** The parameters of a DWR plain-call batch as [name, decoded value] pairs, or null when it is none. */
export function dwrParameters(text: string): Array<[string, string]> | null {
  if (!text.startsWith("callCount=")) return null;
  const out: Array<[string, string]> = [];
  let start = 0;
  for (let n = 0; n < MAX_LINES && start < text.length; n++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
    start = end + 1;
    const eq = line.indexOf("=");
    if (eq <= 0 || !PARAM.test(line.slice(0, eq))) continue;
    const value = line.slice(eq + 1);
    const type = TYPED.exec(value);
    out.push([line.slice(0, eq), formDecode(type === null ? value : value.slice(type[0].length))]);
  }
  return out;
}
