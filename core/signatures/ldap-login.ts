/**
 * @module core/signatures/ldap-login
 * A login that an LDAP directory checks, sent a wildcard (921200): the user name `*` or `adm*`, or
 * the password `*`, or a NUL that ends the filter where the directory's C library reads it
 * (`admin)\0`). An app that pastes them into its search filter (`(&(uid=*)(userPassword=*))`)
 * finds the first account that matches, and a bind it skips for a match signs the caller in. No
 * account's name or password is a wildcard in a login form; a user search takes `adm*` by design, so
 * only a request that carries both a user name and a password counts.
 */
import { joinPath } from "./body/types.ts";
import { lastFieldName } from "./request-shape.ts";

/** A login's user-name fields (lower-cased, without `_` and `-`). */
const USER_FIELDS: ReadonlySet<string> = new Set(["username", "user", "login", "uid", "userid", "account", "email"]);
/** A login's secret fields. */
const SECRET_FIELDS: ReadonlySet<string> = new Set(["password", "pass", "passwd", "pwd", "pin", "passcode"]);

/** A user name that is a wildcard or ends in one (`*`, `adm*`). */
const NAME_WILDCARD = /^[\w.@-]{0,64}\*$/;

/** Watches one write's fields for a login with a wildcard; `found` is the wildcard field's location. */
export class LdapLogin {
  private user = false;
  private secret = false;
  private wildcard: { prefix: string; path: string } | null = null;

  value(prefix: string, parent: string, key: string, value: string): void {
    if (value.length > 66 || key.length > 40) return;
    // Every name read here opens with u, l, e, a or p, or is bracketed (`user[login]`): most keys are
    // left at their first letter, with no string built.
    const c0 = key.charCodeAt(0) | 0x20;
    if (c0 !== 0x75 && c0 !== 0x6c && c0 !== 0x65 && c0 !== 0x61 && c0 !== 0x70 && !key.includes("[")) return;
    // A key that is a field's own name as it is (`email`, `password`) needs no normalizing.
    const name = USER_FIELDS.has(key) || SECRET_FIELDS.has(key) ? key : lastFieldName(key, false);
    const isUser = USER_FIELDS.has(name);
    const isSecret = !isUser && SECRET_FIELDS.has(name);
    if (!isUser && !isSecret) return;
    if (isUser) this.user = true;
    else this.secret = true;
    if (this.wildcard !== null) return;
    // A NUL cuts the filter short where a C library reads it (`admin)\0`), as `*` widens it.
    const cut = value.includes("\u0000");
    const star = value.charCodeAt(value.length - 1) === 0x2a;
    if (cut || (star && (isUser ? NAME_WILDCARD.test(value) : value === "*")))
      this.wildcard = { prefix, path: joinPath(parent, key) };
  }

  get found(): { prefix: string; path: string } | null {
    return this.user && this.secret ? this.wildcard : null;
  }
}
