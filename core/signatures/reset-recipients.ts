/**
 * @module core/signatures/reset-recipients
 * A password reset asked with more than one address for the account (920290): GitLab's
 * CVE-2023-7028 (`user[email][]=victim@…&user[email][]=attacker@…`), and the same through a JSON
 * array (`{"email":["victim@…","attacker@…"]}`) or a list in one value (`victim@…,attacker@…`,
 * `victim@… attacker@…|attacker@…`). A framework that binds the field as given looks the account up
 * by the first address and mails the reset link to every one; no payload for a scanner to see, the
 * shape is the exploit. Only requests to a reset's path count (`/users/password`,
 * `/password/forgot`, `/auth/reset`): an invitation or a share form sends several addresses by design.
 */
import { joinPath } from "./body/types.ts";
import { lastFieldName } from "./request-shape.ts";

/** Words a reset's path opens one of with (`/users/password`, `/password/forgot`, `/auth/resetPassword`). */
const RESET_WORDS = ["password", "passwd", "reset", "forgot", "recover"];

/** Names of the field a reset takes the account's address in (lower-cased, without `_` and `-`). */
const ADDRESS_FIELDS: ReadonlySet<string> = new Set(["email", "mail", "emailaddress", "useremail", "login"]);

/** An e-mail address, alone between separators. */
const ADDRESS = /[^\s,;|<>"]+@[^\s,;|<>"@]+\.[a-z]{2,}/gi;

/**
 * Is `rawPath` a password reset's? One of its words (letters between other characters) opens with a
 * reset's word; `/passengers`, `/boarding-pass`, `/presets` and `/compass` are none.
 */
export function resetPath(rawPath: string): boolean {
  if (rawPath.length > 512) return false;
  for (const word of rawPath.toLowerCase().split(/[^a-z]+/))
    if (RESET_WORDS.some((w) => word.startsWith(w))) return true;
  return false;
}

/** Does `value` hold two addresses or more? */
function severalAddresses(value: string): boolean {
  if (value.length > 1024 || value.indexOf("@") === value.lastIndexOf("@")) return false;
  ADDRESS.lastIndex = 0;
  let n = 0;
  while (ADDRESS.exec(value) !== null) if (++n >= 2) return true;
  return false;
}

/**
 * Watches one reset request's fields: an address field given twice or more (a form's repeated
 * name, a JSON array's elements) or holding a list. `found` is the first such field, its path and
 * its location's prefix (`body:form.`).
 */
export class ResetRecipients {
  private readonly seen = new Map<string, number>();
  found: { prefix: string; path: string } | null = null;

  /** A field value at `parent.key` under `prefix` (a JSON array's element has its index as `key`). */
  value(prefix: string, parent: string, key: string, value: string): void {
    if (this.found !== null || !value.includes("@")) return;
    const element = /^\d+$/.test(key);
    const path = element ? parent : joinPath(parent, key);
    if (!ADDRESS_FIELDS.has(lastFieldName(path, true))) return;
    const count = severalAddresses(value) ? 2 : (this.seen.get(prefix + path) ?? 0) + 1;
    this.seen.set(prefix + path, count);
    if (count >= 2) this.found = { prefix, path };
  }
}
