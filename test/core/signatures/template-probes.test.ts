// biome-ignore-all lint/suspicious/noTemplateCurlyInString: template payloads are literal text, not templates
/**
 * Template expressions that dump a secret-holding object, read a secret by its path, or run what the
 * engine lets them run without a call or a dunder (template-probes.ts); a template's ordinary work
 * passes.
 */
import { describe, expect, it } from "vitest";
import { templateProbe } from "../../../core/signatures/template-probes.ts";
import { matchesAt } from "./support.ts";

describe("template probes", () => {
  it("takes dumps of secret-holding objects and paths that end in a secret", () => {
    for (const v of [
      "{{config}}",
      "{{ settings | json }}",
      "{{request.environ}}",
      "{{handler.settings}}",
      "{{ .Config }}",
      "{{ dump(app) }}",
      "{$smarty.version}",
      "{{ .User.Password }}",
      "{{ messages.storages.0.signer.key }}",
    ])
      expect(templateProbe(v), v).toBe(true);
  });

  it("takes engines' own ways to run code", () => {
    for (const v of [
      `{math equation='("\\163\\171\\163\\164\\145\\155")("\\151\\144")'}`,
      "$\\c{1337*1337}",
      '@{ var p = new System.Diagnostics.Process(); p.StartInfo.FileName = "powershell"; p.Start(); }',
      '[% USE dir = Directory("/etc") %][% FOREACH f = dir.files %][% f.name %][% END %]',
      "{7*7}",
    ])
      expect(templateProbe(v), v).toBe(true);
  });

  it("takes OGNL's and EL's probes and a braced product concatenated into a string", () => {
    for (const v of [
      "%{233*233}",
      "action:%{3*4}",
      "%{(1337*1337)}",
      "\\u0027+{233*233}+\\u0027",
      "'+{7*7}+'",
      "${applicationScope}",
      "#{facesContext.externalContext.sessionMap}",
      "${ sessionScope.user }",
    ])
      expect(templateProbe(v), v).toBe(true);
  });

  it("leaves format placeholders and sums in text alone", () => {
    for (const v of [
      "%{count} items in your cart",
      "Hello %{name}, 5% off",
      "${firstName} ${lastName}",
      "${scope.value}",
      "price + {tax} + shipping",
      "{3*4} grid",
      "#{session_id}",
    ])
      expect(templateProbe(v), v).toBe(false);
  });

  it("leaves a template's ordinary work alone", () => {
    for (const v of [
      "{{ settings.site_name }}",
      "<h1>{$product.name|escape:'html'}</h1>{if $product.stock > 0}{$smarty.const.IN_STOCK_LABEL}{/if}",
      "{{ config.theme }}",
      "Your temporary password is {{ password }}",
      "{{ password_reset_url }}",
      "Hi {{first_name}}, your order {{ order.id }} shipped",
      "$\\frac{1}{2}$ of the batch",
      "{x: 7*7}",
      "[% IF user %]Hello [% user.name %][% END %]",
      '@{ ViewData["Title"] = "Home"; }',
    ])
      expect(templateProbe(v), v).toBe(false);
  });

  it("reports 934170 where the request carries one", () => {
    expect(matchesAt({ query: [["name", "{{request.environ}}"]] })).toContain("934170@query:name");
  });

  it("reports an OGNL probe in a parameter's name (Struts' `action:` prefix)", () => {
    expect(matchesAt({ query: [["action:%{3*4}", ""]] })).toContain("934170@query-name");
    expect(matchesAt({ query: [["action:save", ""]] })).toEqual([]);
  });
});
