/**
 * @module core/signatures/jsonp
 * A JSONP endpoint writes its callback parameter, unescaped, in front of the JSON it returns as
 * script, so `callback=window.AndroidBridge.postMessage(JSON.stringify(localStorage));//` runs in
 * the page or the WebView that loads it (and reads what the response carries). A callback is a
 * function's name, dotted or indexed (`jQuery37100123_1716`, `angular.callbacks._0`, `cbs[3]`); a
 * cache-buster (`cb=1716812345`) is digits, and a webhook's callback is a URL. Script is what a
 * name never holds: a call, a statement's end, an assignment, markup, a quote, a blank.
 */

const CALLBACK_PARAMS: ReadonlySet<string> = new Set([
  "callback",
  "jsonp",
  "jsonpcallback",
  "jsoncallback",
  "jsonp_callback",
  "cb",
]);

/** Bytes no function name holds. */
const SCRIPT_BYTES = new Set(["(", ")", ";", "=", "<", ">", "'", '"', "`", "{", "}", " ", "\t", "\n", "\r", "+", ","]);

/** `name` (any case) is a JSONP callback parameter and `value` is script rather than a function's name. */
export function scriptInCallback(name: string, value: string): boolean {
  if (value.length === 0 || value.length > 2048 || !CALLBACK_PARAMS.has(name.toLowerCase())) return false;
  // A URL (a webhook's callback) or a path is no function name, and no JSONP response starts with one.
  if (value.startsWith("/") || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  for (const ch of value) if (SCRIPT_BYTES.has(ch)) return true;
  return false;
}
