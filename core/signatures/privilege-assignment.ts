/**
 * @module core/signatures/privilege-assignment
 * Mass assignment of privilege: a request a user makes for their own account
 * (signing up, editing a profile, the account's settings) that also sets the
 * account's role or admin flag (`{"email":…,"password":…,"role":"admin"}`,
 * `user[admin]=1`, `wp_capabilities[administrator]=1`, a SCIM or JSON Patch
 * operation replacing `userType` with `Admin`). Frameworks that bind a request
 * to a model write every field it names unless the app lists them, so the
 * field is the whole exploit: no payload for a scanner to see.
 *
 * A grant alone is no attack: an administrator's console sets roles all day
 * (`PUT /admin/users/42 {"role":"admin"}`, an invitation `{"role":"admin"}`).
 * So a grant counts where the request is self-service: its path names a
 * registration, the caller's own profile or account (`/register`,
 * `/users/me`, `/account`), a WordPress AJAX action that registers, or it
 * sets a password for the account (a registration form posted to `/users`),
 * and no path segment names an administrator's area (`/admin/`, invitations,
 * members, teams). A site's default role for new accounts set to an
 * administrator's counts anywhere.
 */
import { joinPath } from "./body/types.ts";

/** Fields that name a role or a group (lower-cased, without `_`, `-` and spaces). */
const ROLE_FIELDS: ReadonlySet<string> = new Set([
  "role",
  "roles",
  "userrole",
  "userroles",
  "usertype",
  "accounttype",
  "accesslevel",
  "userlevel",
  "group",
  "groups",
  "usergroup",
  "membertype",
  "defaultrole",
  "defaultuserrole",
]);

/** Boolean flags that make an account an administrator. */
const ADMIN_FLAGS: ReadonlySet<string> = new Set([
  "admin",
  "isadmin",
  "superuser",
  "issuperuser",
  "isstaff",
  "staff",
  "isowner",
  "isroot",
  "claimsadmin",
  "siteadmin",
  "issiteadmin",
]);

/** A site's role for every new account: an administrator's there is an attack wherever it is sent. */
const DEFAULT_ROLE_FIELDS: ReadonlySet<string> = new Set(["defaultrole", "defaultuserrole"]);

/** Role values that administer (normalized like the fields; `ROLE_ADMIN` reads `roleadmin`). */
const PRIVILEGED_VALUES: ReadonlySet<string> = new Set([
  "admin",
  "admins",
  "administrator",
  "administrators",
  "superadmin",
  "superadministrator",
  "superuser",
  "sysadmin",
  "systemadmin",
  "root",
  "owner",
  "roleadmin",
  "rolesuperadmin",
  "servicerole",
  "systemmasters",
]);

/** Keys that hold the name of the field an operation writes (`{"path":"userType","value":"Admin"}`). */
const OPERATION_FIELD_KEYS: ReadonlySet<string> = new Set(["path", "field", "optionname", "name", "key", "setting"]);
/** Keys that hold the value it writes. */
const OPERATION_VALUE_KEYS: ReadonlySet<string> = new Set(["value", "optionvalue", "newvalue"]);
/** Capability maps keyed by role (`wp_capabilities[administrator]=1`). */
const CAPABILITY_MAPS: ReadonlySet<string> = new Set(["wpcapabilities", "capabilities", "caps"]);

/** Fields that set an account's password: a form that carries one creates or edits that account. */
const PASSWORD_FIELDS: ReadonlySet<string> = new Set([
  "password",
  "passwd",
  "pwd",
  "pass",
  "userpassword",
  "userpass",
  "regpassword",
  "registerpass",
  "newpassword",
  "passwordconfirmation",
  "confirmpassword",
  "password2",
]);

/** Path segments of a self-service request (normalized). */
const SELF_SERVICE_SEGMENTS: ReadonlySet<string> = new Set([
  "register",
  "registration",
  "registrations",
  "signup",
  "signups",
  "join",
  "enroll",
  "enrol",
  "onboarding",
  "me",
  "self",
  "profile",
  "myprofile",
  "account",
  "myaccount",
  "preferences",
  "createaccount",
]);

/** Path segments of an administrator's area, where setting roles is the job. */
const ADMIN_SEGMENTS: ReadonlySet<string> = new Set([
  "admin",
  "administrator",
  "administration",
  "manage",
  "management",
  "staff",
  "backoffice",
  "console",
  "internal",
  "invite",
  "invites",
  "invitation",
  "invitations",
  "members",
  "memberships",
  "team",
  "teams",
]);

/** A field's or a value's name for comparison: lower case, without `_`, `-`, `.`, `:` and spaces. */
export function fieldName(s: string): string {
  // Most keys are ASCII letters and digits already: lower-cased (camelCase) or returned as they are.
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c <= 0x20 || c >= 0x7f || c === 0x5f || c === 0x2d || c === 0x2e || c === 0x3a) return normalized(s);
  }
  return upper ? s.toLowerCase() : s;
}

function normalized(s: string): string {
  let t = s.toLowerCase();
  // `wp_càpabilities`: a look-alike letter some PHP code folds back (Ultimate Member's CVE-2023-3460).
  if (/[^\x00-\x7f]/.test(t)) t = t.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return t.replace(/[\s_\-.:]/g, "");
}

/** Does a key name an admin flag (`is_admin`, `isSuperuser`)? */
export function adminFlag(key: string): boolean {
  return key.length <= 40 && mayNormalizeTo(key, ADMIN_FIRST, ADMIN_LONGEST) && ADMIN_FLAGS.has(fieldName(key));
}

/** The field a form name sets: `user[role]` → `role`, `role` → `role`. */
function formField(name: string): { base: string; last: string } {
  const open = name.indexOf("[");
  if (open < 0 || !name.endsWith("]")) return { base: name, last: name };
  const lastOpen = name.lastIndexOf("[");
  return { base: name.slice(0, open), last: name.slice(lastOpen + 1, -1) };
}

const TRUTHY: ReadonlySet<string> = new Set(["1", "true", "on", "yes"]);

/** The first letters (lower case) of the names in `sets`: a name opening with another is none of them. */
const firstLetters = (...sets: ReadonlySet<string>[]): ReadonlySet<number> =>
  new Set(sets.flatMap((set) => [...set].map((f) => f.charCodeAt(0))));
/** The first letters of every field this module reads a JSON value at: a key opening with another is passed over unread. */
const FIRST_LETTERS = firstLetters(ROLE_FIELDS, OPERATION_FIELD_KEYS, OPERATION_VALUE_KEYS);

function isIndex(key: string): boolean {
  if (key.length === 0 || key.length >= 6) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const PRIVILEGED_FIRST = firstLetters(PRIVILEGED_VALUES);
const GRANTED_FIELD_FIRST = firstLetters(ROLE_FIELDS, ADMIN_FLAGS);

/** The longest name of a set. */
const longest = (...sets: ReadonlySet<string>[]): number =>
  Math.max(...sets.flatMap((set) => [...set].map((f) => f.length)));
const PRIVILEGED_LONGEST = longest(PRIVILEGED_VALUES);
const GRANTED_FIELD_LONGEST = longest(ROLE_FIELDS, ADMIN_FLAGS);
const ADMIN_FIRST = firstLetters(ADMIN_FLAGS);
const ADMIN_LONGEST = longest(ADMIN_FLAGS);

/**
 * Can `s`, normalized, be one of the names whose first letters are `first` and that are at most
 * `max` long? Read without allocating: a value opening with a letter or digit of ASCII keeps it first
 * when normalized (any other opening is normalized in full), and every character of ASCII that is no
 * separator stays, so more of them than `max` is too long (a sentence in a `name` field).
 */
function mayNormalizeTo(s: string, first: ReadonlySet<number>, max: number): boolean {
  const c = s.charCodeAt(0);
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (alnum && !first.has(c | 0x20)) return false;
  let kept = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i);
    if (d > 0x20 && d < 0x7f && d !== 0x5f && d !== 0x2d && d !== 0x2e && d !== 0x3a && ++kept > max) return false;
  }
  return true;
}

/** Where a grant was seen, and whether it counts wherever it is sent (a default role). */
export interface Grant {
  path: string;
  anywhere: boolean;
}

/** Collects a request's grants and its password fields from the body reader's callbacks. */
export class PrivilegeWatch {
  grants: Grant[] = [];
  password = false;
  /** WordPress's `action` (admin-ajax.php), when the body names one. */
  action = "";
  private operations: Map<string, { field?: string; value?: boolean }> | undefined;
  /** The value being read: its location's prefix, parent and key, joined only when a grant is found. */
  private atPrefix = "";
  private atParent = "";
  private atKey = "";

  private here(): string {
    return this.atPrefix + joinPath(this.atParent, this.atKey);
  }

  private reading(prefix: string, parent: string, key: string): void {
    this.atPrefix = prefix;
    this.atParent = parent;
    this.atKey = key;
  }

  /** A body field's name (JSON key or form name): notes password fields. */
  name(key: string): void {
    if (key.length < 3 || key.length > 40) return;
    // A JSON key names itself; only a form's `user[password]` has a last part to take.
    const last = key.endsWith("]") ? formField(key).last : key;
    const c = last.charCodeAt(0) | 0x20;
    if (c !== 0x70 && c !== 0x75 && c !== 0x72 && c !== 0x6e && c !== 0x63) return;
    if (PASSWORD_FIELDS.has(fieldName(last))) this.password = true;
  }

  /**
   * A string value at `key` under `parent` (`format` as the body reader names it); a grant is located at
   * `prefix` and the joined path, built only for a grant.
   */
  value(format: string, parent: string, key: string, value: string, prefix: string): void {
    if (value.length === 0 || value.length > 64) return;
    if (format === "form" || format === "multipart") {
      if (key === "action" && parent === "") this.action = value;
      const { base, last } = formField(key);
      const field = fieldName(last);
      this.reading(prefix, parent, key);
      if (CAPABILITY_MAPS.has(fieldName(base)) && PRIVILEGED_VALUES.has(field) && TRUTHY.has(value.toLowerCase())) {
        this.grants.push({ path: this.here(), anywhere: false });
        return;
      }
      if (ADMIN_FLAGS.has(field) && TRUTHY.has(value.toLowerCase())) {
        this.grants.push({ path: this.here(), anywhere: false });
        return;
      }
      this.role(field, value);
      return;
    }
    if (format !== "json" || key.length > 40) return;
    // An array of roles (`"roles":["ROLE_USER","ROLE_ADMIN"]`) names its items by index.
    // (Its first letter asked before the array's name is cut out of the path: most are passed over.)
    const cut = isIndex(key) ? parent.lastIndexOf(".") + 1 : -1;
    if (!FIRST_LETTERS.has((cut < 0 ? key.charCodeAt(0) : parent.charCodeAt(cut)) | 0x20)) return;
    const named = cut < 0 ? key : parent.slice(cut);
    const field = fieldName(named);
    this.reading(prefix, parent, key);
    this.role(field, value);
    this.operation(field, value, parent);
  }

  /** The string leaves of a JSON document sent in a form field at `at` (json-strings.ts), or null. */
  document(leaves: ReadonlyArray<readonly [string, string]> | null, at: string): void {
    if (leaves === null) return;
    for (const [path, v] of leaves) {
      const dot = path.lastIndexOf(".");
      this.value("json", dot < 0 ? "" : path.slice(0, dot), path.slice(dot + 1), v, `${at}.json.`);
    }
  }

  /** A JSON `true` at `field` (normalized): an admin flag set. */
  flag(field: string, at: string): void {
    if (ADMIN_FLAGS.has(field)) this.grants.push({ path: at, anywhere: false });
  }

  private role(field: string, value: string): void {
    if (!ROLE_FIELDS.has(field) || !mayNormalizeTo(value, PRIVILEGED_FIRST, PRIVILEGED_LONGEST)) return;
    if (!PRIVILEGED_VALUES.has(fieldName(value))) return;
    this.grants.push({ path: this.here(), anywhere: DEFAULT_ROLE_FIELDS.has(field) });
  }

  /** `{"op":"replace","path":"userType","value":"Admin"}`, `{"option_name":"default_role","option_value":"administrator"}`. */
  private operation(field: string, value: string, parent: string): void {
    const names = OPERATION_FIELD_KEYS.has(field);
    if (!names && !OPERATION_VALUE_KEYS.has(field)) return;
    const last = names ? value.slice(value.lastIndexOf("/") + 1) : "";
    if (names && !mayNormalizeTo(last, GRANTED_FIELD_FIRST, GRANTED_FIELD_LONGEST)) return;
    const named = names ? fieldName(last) : "";
    if (names && !ROLE_FIELDS.has(named) && !ADMIN_FLAGS.has(named)) return;
    const privileged =
      !names && mayNormalizeTo(value, PRIVILEGED_FIRST, PRIVILEGED_LONGEST) && PRIVILEGED_VALUES.has(fieldName(value));
    if (!names && !privileged) return;
    this.operations ??= new Map();
    const op = this.operations.get(parent) ?? {};
    if (names) op.field = named;
    else op.value = true;
    this.operations.set(parent, op);
    if (op.field !== undefined && op.value === true)
      this.grants.push({ path: this.here(), anywhere: DEFAULT_ROLE_FIELDS.has(op.field) });
  }

  /** The grants that count for a request to `rawPath`. */
  counted(rawPath: string): Grant[] {
    if (this.grants.length === 0) return [];
    const anywhere = this.grants.filter((g) => g.anywhere);
    if (anywhere.length === this.grants.length) return anywhere;
    const segments = pathSegments(rawPath);
    // An administrator's area (`/admin/…`, `/account/v1/invitations`) sets other people's roles.
    const selfService =
      !segments.some((s) => ADMIN_SEGMENTS.has(s)) &&
      (segments.some((s) => SELF_SERVICE_SEGMENTS.has(s)) ||
        /regist|signup|sign_up/i.test(this.action) ||
        this.password);
    return selfService ? this.grants : anywhere;
  }
}

/** A path's segments, normalized, without an extension (`/users/me.json` → users, me). */
function pathSegments(rawPath: string): string[] {
  const q = rawPath.indexOf("?");
  const path = q < 0 ? rawPath : rawPath.slice(0, q);
  const out: string[] = [];
  for (const s of path.split("/")) {
    if (s.length === 0 || s.length > 40) continue;
    let t = s;
    try {
      t = decodeURIComponent(s);
    } catch {
      // A malformed escape: the segment as sent.
    }
    const dot = t.lastIndexOf(".");
    out.push(fieldName(dot > 0 ? t.slice(0, dot) : t));
  }
  return out;
}
