/**
 * @module core/signatures/remote-schema
 * An XML document in a value whose `xsi:schemaLocation` sends a validating
 * parser to another site than the namespace it describes
 * (`http://a.b/ http://x.attacker.example/a.xsd`), or whose
 * `noNamespaceSchemaLocation` is a remote URL: the parser fetches it, an
 * out-of-band probe or a request forgery (920268). A namespace's own site
 * (`http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/…`,
 * OGC's `www.opengis.net` with `schemas.opengis.net`) passes; so does a URN
 * namespace (UBL's `urn:oasis:…` with OASIS's schema), which names no site to
 * compare with.
 */

import { siteOf } from "./redirects.ts";

/** The attribute and its quoted value; bounded, and no quantifier nests. */
const LOCATION = /(noNamespaceSchemaLocation|schemaLocation)\s*=\s*(["'])([^"'<>]{0,2048})\2/g;

/** The host of an http(s) URL, lower-cased, without user info and port; null for anything else. */
function httpHost(url: string): string | null {
  const m = /^https?:\/\/([^/?#]*)/i.exec(url);
  if (m === null) return null;
  const authority = m[1] as string;
  const host = authority.slice(authority.lastIndexOf("@") + 1).replace(/:\d*$/, "");
  return host.toLowerCase();
}

/** The location's host is the namespace's site or under it (`schemas.opengis.net` for `www.opengis.net`). */
function sameSite(location: string, namespace: string): boolean {
  const base = siteOf(namespace);
  return location === base || location.endsWith(`.${base}`);
}

export function remoteSchema(value: string): boolean {
  LOCATION.lastIndex = 0;
  for (let m = LOCATION.exec(value); m !== null; m = LOCATION.exec(value)) {
    const tokens = (m[3] as string).trim().split(/\s+/);
    if (m[1] === "noNamespaceSchemaLocation") {
      if (httpHost(tokens[0] ?? "") !== null) return true;
      continue;
    }
    for (let i = 0; i + 1 < tokens.length; i += 2) {
      const location = httpHost(tokens[i + 1] as string);
      const namespace = httpHost(tokens[i] as string);
      if (location !== null && namespace !== null && !sameSite(location, namespace)) return true;
    }
  }
  return false;
}
