/**
 * @module core/signatures/type-hints
 * Polymorphic JSON: a key that names the class to build (`$type` for
 * Json.NET, `__type` for ASP.NET's JavaScriptSerializer and WCF, `@type` for
 * fastjson). A gadget class there is the attack (`System.Windows.Data.
 * ObjectDataProvider` calling `Process.Start`, 944120); an application's own
 * assembly-qualified type (`Contoso.Billing.CreditCardPayment,
 * Contoso.Billing`) is Json.NET's ordinary type hint, not MongoDB's `$type`
 * operator (whose value is a BSON type: `2`, `"string"`). The same classes
 * named by XML serializers' type attributes and by XAML (`dotnetXmlGadget`).
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

/** Gadget classes by their short name, as a DataContract `i:type`/`z:Type` or a XAML element names them. */
const DOTNET_GADGET_NAMES: ReadonlySet<string> = new Set([
  "objectdataprovider",
  "xamlreader",
  "expandedwrapper",
  "delegateserializationholder",
  "comparisoncomparer",
  "typeconfusedelegate",
  "windowsidentity",
  "roleprincipal",
  "sessionsecuritytoken",
  "assemblyinstaller",
  "workflowdesigner",
]);

/** A type name's class, lower-cased: `a:ObjectDataProvider`, `System.Collections.Generic.ComparisonComparer\`1[[…]]`. */
function className(value: string): string {
  let end = value.length;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x60 || c === 0x5b || c === 0x2c || c === 0x2b) {
      end = i;
      break;
    }
  }
  const name = value.slice(0, end);
  const cut = Math.max(name.lastIndexOf(":"), name.lastIndexOf("."));
  return name
    .slice(cut + 1)
    .trim()
    .toLowerCase();
}

/**
 * An XML value at `key` (`path.element@attribute`) that builds a .NET gadget: a DataContract or
 * NetDataContract type attribute naming one (`i:type="a:ObjectDataProvider"`,
 * `z:Type="System.DelegateSerializationHolder"`), or a XAML `ObjectDataProvider` told what to call
 * (`MethodName="Start"`, `ObjectType="{x:Type d:Process}"`).
 */
export function dotnetXmlGadget(key: string, value: string): boolean {
  const at = key.lastIndexOf("@");
  if (at < 0 || value.length > 1024) return false;
  const attr = key.slice(at + 1);
  const local = attr.slice(attr.lastIndexOf(":") + 1).toLowerCase();
  if (local === "type" || local === "factorytype") return DOTNET_GADGET_NAMES.has(className(value));
  return (local === "methodname" || local === "objecttype") && key.includes("ObjectDataProvider");
}

/** `key` names the class to build. */
export function isTypeHintKey(key: string): boolean {
  return TYPE_KEYS.has(key);
}

/** The type hint `value` names a gadget class. */
export function gadgetTypeHint(value: string): boolean {
  const v = value.slice(0, 512).toLowerCase();
  if (DOTNET_GADGETS.some((g) => v.includes(g))) return true;
  // DataContractJsonSerializer's `Name:#Namespace` (`ObjectDataProvider:#System.Windows.Data`).
  const hash = v.indexOf(":#");
  return hash > 0 && DOTNET_GADGET_NAMES.has(v.slice(0, hash).trim());
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

/**
 * `value` is a namespaced type identifier, the AT Protocol's NSID (`app.bsky.feed.post`,
 * `app.bsky.richtext.facet#link`): three or more dotted lower-case segments, an optional `#` name.
 * MongoDB's `$type` takes a BSON type (`"string"`, `2`), never one.
 */
export function namespacedTypeId(value: string): boolean {
  return value.length <= 253 && /^[a-z][a-z0-9-]*(?:\.[a-z][a-zA-Z0-9-]*){2,}(?:#[A-Za-z][A-Za-z0-9]*)?$/.test(value);
}

/** MongoDB's BSON type aliases, which its `$type` operator takes (or their numbers). */
const BSON_TYPES: ReadonlySet<string> = new Set([
  "double",
  "string",
  "object",
  "array",
  "bindata",
  "undefined",
  "objectid",
  "bool",
  "date",
  "null",
  "regex",
  "dbpointer",
  "javascript",
  "symbol",
  "javascriptwithscope",
  "int",
  "timestamp",
  "long",
  "decimal",
  "minkey",
  "maxkey",
  "number",
]);

/**
 * `value`, the string under a `$type` key, is a type MongoDB knows: a BSON alias or its number. Any
 * other is another format's type hint (the Design Tokens format's `"$type": "color"`, `"dimension"`,
 * `"fontFamily"`), which MongoDB rejects rather than runs.
 */
export function bsonTypeName(value: string): boolean {
  return BSON_TYPES.has(value.toLowerCase()) || /^-?\d{1,3}$/.test(value);
}
