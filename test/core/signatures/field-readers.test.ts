/**
 * The per-field readers every JSON body's keys pass through: json-booleans.ts, and the field-name
 * normalizers of request-shape.ts and privilege-assignment.ts, whose fast paths (which allocate nothing
 * for the common key) give what the plain definitions give, on any input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonBooleans } from "../../../core/signatures/json-booleans.ts";
import { adminFlag, fieldName as privilegeField } from "../../../core/signatures/privilege-assignment.ts";
import {
  booleanCredential,
  credentialObject,
  credentialOperator,
  credentialParent,
  fieldName,
} from "../../../core/signatures/request-shape.ts";

/** The definition: lower case, without `_` and `-`. */
const plainField = (s: string): string => s.toLowerCase().replaceAll("_", "").replaceAll("-", "");

/** The definition: lower case, accents of look-alike letters dropped, without spaces, `_`, `-`, `.` and `:`. */
function plainPrivilegeField(s: string): string {
  let t = s.toLowerCase();
  if (/[^\x00-\x7f]/.test(t)) t = t.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return t.replace(/[\s_\-.:]/g, "");
}

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);
const names = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom("password", "Pass_Word", "wp_càpabilities", "is-admin", "user.role", "role:admin", "ROLE_ADMIN"),
);

describe("jsonBooleans", () => {
  it("finds every boolean member of a JSON document, in order, and nothing inside a string", () => {
    const doc = fc.dictionary(
      fc.string({ maxLength: 12 }),
      fc.oneof(fc.boolean(), fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null)),
      { maxKeys: 12 },
    );
    fc.assert(
      fc.property(doc, (obj) => {
        const text = JSON.stringify(obj);
        // A key JSON.stringify escaped (a quote, a backslash, a control character) or not ASCII is not read as written.
        const expected = Object.entries(obj)
          .filter(([k, v]) => typeof v === "boolean" && JSON.stringify(k) === `"${k}"` && /^[\x00-\x7f]{0,40}$/.test(k))
          .map(([key, value]) => ({ key, value }));
        expect(jsonBooleans(encode(text), text.length)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("reads no key quoted inside a string value", () => {
    const body = encode('{"note":"\\"password\\": true","admin":false}');
    expect(jsonBooleans(body, body.length)).toEqual([{ key: "admin", value: false }]);
  });
});

describe("field names", () => {
  it("normalize as their definitions do, on any string", () => {
    fc.assert(
      fc.property(names, (s) => {
        expect(fieldName(s)).toBe(plainField(s));
        expect(privilegeField(s)).toBe(plainPrivilegeField(s));
      }),
      { numRuns: 3000 },
    );
  });

  it("pass over no key their definitions would take (the first-letter and length gates)", () => {
    const passwordOnly = ["password", "passwd", "pwd", "passcode", "userpassword"];
    const adminFlags = ["admin", "isadmin", "superuser", "issuperuser", "isstaff", "staff", "isowner", "isroot"];
    const more = ["claimsadmin", "siteadmin", "issiteadmin"];
    const pieces = ["pass", "word", "Pass", "_", "-", "wd", "user", "is", "admin", "Admin", "super", "User", "staff"];
    const key = fc
      .array(fc.constantFrom(...pieces, "owner", "root", "site", "claims", "p", "d", "x", "à", ".", ":", " ", "1"), {
        maxLength: 6,
      })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(key, names), (k) => {
        expect(booleanCredential(k)).toBe(k.length >= 3 && k.length <= 16 && passwordOnly.includes(plainField(k)));
        expect(adminFlag(k)).toBe(k.length <= 40 && [...adminFlags, ...more].includes(plainPrivilegeField(k)));
      }),
      { numRuns: 5000 },
    );
  });

  it("ask a parent once: no credential's key sits under a parent credentialParent passes over", () => {
    const part = fc.constantFrom(
      "password",
      "Pass_Word",
      "token",
      "reset_token",
      "pin",
      "items",
      "0",
      "user",
      "otp",
      "x",
    );
    const parent = fc.array(part, { maxLength: 3 }).map((parts) => parts.join("."));
    const key = fc.constantFrom("not", "$ne", "ne", "password", "pwd", "in", "name", "Equals", "x");
    fc.assert(
      fc.property(parent, key, (p, k) => {
        if (credentialOperator(p, k) || credentialObject(p, k)) expect(credentialParent(p)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("answer each key of an object against its own parent, whatever parent was asked last", () => {
    expect(credentialOperator("password", "not")).toBe(true);
    expect(credentialOperator("filters.title", "not")).toBe(false);
    expect(credentialOperator("Pass_Word", "$ne")).toBe(true);
    expect(credentialObject("password", "password")).toBe(true);
    expect(credentialObject("profile", "password")).toBe(false);
    expect(credentialOperator("token", "ne")).toBe(true);
    expect(credentialOperator("user.token", "ne")).toBe(false);
    // A one-time token deeper in a filter, asked a character at a time: an oracle.
    expect(credentialOperator("where.author.is.resetToken", "startsWith")).toBe(true);
    expect(credentialOperator("where.resetToken", "equals")).toBe(false);
    expect(credentialObject("pwd", "passwd")).toBe(true);
  });
});
