/**
 * @module core/signatures/yaml-bomb
 * YAML's billion laughs: anchors whose sequences repeat the alias of the anchor before
 * (`a: &a ["lol",…]`, `b: &b [*a,*a,*a,…]`, `c: &c [*b,*b,…]`). Each level multiplies what a loader
 * that expands aliases builds (Kubernetes' API server, Python's and Go's YAML libraries before their
 * limits), so a few hundred bytes become gigabytes. A configuration reuses an anchor a few times;
 * three or more anchors that each repeat four aliases or more in one flow sequence is the attack.
 */

/** Anchors defined as flow sequences of aliases, each alias counted. */
const EXPANDING = /&[\w-]{1,64}[ \t]*\[([^\]\n]{0,4096})\]/g;
const ALIAS = /\*[\w-]{1,64}/g;

/** Does the YAML text `text` define a billion-laughs chain of anchors? */
export function yamlAliasBomb(text: string): boolean {
  if (text.length > 262144 || !text.includes("&") || !text.includes("*")) return false;
  let expanding = 0;
  for (const m of text.matchAll(EXPANDING)) {
    const aliases = (m[1] as string).match(ALIAS)?.length ?? 0;
    if (aliases >= 4 && ++expanding >= 3) return true;
  }
  return false;
}
