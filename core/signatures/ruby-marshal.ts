/**
 * @module core/signatures/ruby-marshal
 * A Ruby Marshal stream in Base64 (`BAh…`, the bytes 04 08), as old Rails
 * apps keep sessions in cookies and some APIs pass objects: `Marshal.load`
 * builds whatever classes the stream names, and the published gadget chains
 * run a command from them (ActiveSupport's DeprecatedInstanceVariableProxy
 * around an ERB template; RubyGems' Requirement, Installer, StubSpecification
 * and Net::WriteAdapter chains). A session hash (`BAh7…`) names none of them.
 * Judged as a deserialization gadget (944120), like Java's and .NET's.
 */

/** Classes the public Ruby Marshal gadget chains are built from. */
const GADGET_CLASSES = [
  "ActiveSupport::Deprecation::DeprecatedInstanceVariableProxy",
  "ActiveSupport::Deprecation::DeprecatedConstantProxy",
  "Gem::Requirement",
  "Gem::DependencyList",
  "Gem::Installer",
  "Gem::StubSpecification",
  "Gem::Source::SpecificFile",
  "Gem::Package::TarReader",
  "Gem::RequestSet",
  "Gem::Resolver::",
  "Gem::SpecFetcher",
  "Net::BufferedIO",
  "Net::WriteAdapter",
];

/** Longest value decoded. */
const MAX_LENGTH = 65536;

/** The bytes (Latin-1) of a Base64 Marshal stream in `value` (a signed cookie's `--digest` aside), or null. */
function marshalBytes(value: string): string | null {
  let v = value;
  if (v.includes("%")) {
    try {
      v = decodeURIComponent(v);
    } catch {
      return null;
    }
  }
  const sig = v.indexOf("--");
  if (sig > 0) v = v.slice(0, sig);
  if (v.length < 8 || v.length > MAX_LENGTH || !v.startsWith("BAh")) return null;
  try {
    const bytes = atob(v.replace(/-/g, "+").replace(/_/g, "/"));
    return bytes.charCodeAt(0) === 4 && bytes.charCodeAt(1) === 8 ? bytes : null;
  } catch {
    return null;
  }
}

/** The value is a Base64 Ruby Marshal stream that names a gadget chain's class. */
export function rubyMarshalGadget(value: string): boolean {
  if (!value.includes("BAh")) return false;
  const bytes = marshalBytes(value);
  if (bytes === null) return false;
  // A gadget chain's class anywhere in the stream, or an ERB object (`o:\bERB`) with a source to run.
  for (const cls of GADGET_CLASSES) if (bytes.includes(cls)) return true;
  return bytes.includes(":\bERB") && bytes.includes("@src");
}
