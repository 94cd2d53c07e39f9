/**
 * @module core/signatures/type-hints
 * Polymorphic JSON: a key that names the class to build (`$type` for
 * Json.NET, `__type` for ASP.NET's JavaScriptSerializer and WCF, `@type` for
 * fastjson). A gadget class there is the attack (`System.Windows.Data.
 * ObjectDataProvider` calling `Process.Start`, 944120); an application's own
 * assembly-qualified type (`Contoso.Billing.CreditCardPayment,
 * Contoso.Billing`) is Json.NET's ordinary type hint, not MongoDB's `$type`
 * operator (whose value is a BSON type: `2`, `"string"`).
 */

const TYPE_KEYS: ReadonlySet<string> = new Set(["$type", "__type", "@type"]);

/** .NET classes the known polymorphic-JSON gadget chains build (ysoserial.net's Json.NET and JavaScriptSerializer chains). */
const DOTNET_GADGETS: readonly string[] = [
  "system.windows.data.objectdataprovider",
  "system.windows.markup.xamlreader",
  "system.windows.resourcedictionary",
  "system.security.principal.windowsidentity",
  "system.security.claims.claimsidentity",
  "system.web.security.roleprincipal",
  "system.identitymodel.tokens.sessionsecuritytoken",
  "system.configuration.install.assemblyinstaller",
  "system.activities.presentation.workflowdesigner",
  "system.data.services.internal.expandedwrapper",
  "system.diagnostics.process",
];

/** `key` names the class to build. */
export function isTypeHintKey(key: string): boolean {
  return TYPE_KEYS.has(key);
}

/** The type hint `value` names a gadget class. */
export function gadgetTypeHint(value: string): boolean {
  const v = value.slice(0, 512).toLowerCase();
  return DOTNET_GADGETS.some((g) => v.includes(g));
}

/** A dotted name of identifier characters (and a generic's `` ` ``, `+`, brackets): `Contoso.Billing.Payment`. */
function dottedName(s: string, needDot: boolean): boolean {
  if (s.length === 0 || s.startsWith(".") || s.endsWith(".")) return false;
  let dot = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) dot = true;
    else if (
      !(
        (c >= 0x30 && c <= 0x39) ||
        ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
        c === 0x5f ||
        c === 0x60 ||
        c === 0x2b ||
        c === 0x5b ||
        c === 0x5d
      )
    )
      return false;
  }
  return dot || !needDot;
}

/** `value` is an assembly-qualified .NET type name (`Namespace.Type, Assembly`), as Json.NET writes `$type`. */
export function assemblyQualifiedType(value: string): boolean {
  const comma = value.indexOf(",");
  if (comma <= 0 || value.length > 512) return false;
  const assembly = value.slice(comma + 1).split(",", 1)[0] ?? "";
  return dottedName(value.slice(0, comma).trim(), true) && dottedName(assembly.trim(), false);
}
