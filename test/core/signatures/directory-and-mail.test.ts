/**
 * LDAP, XPath and mail injection past the first readings (the eighty-third pair): an LDAP extensible
 * match, a login's wildcard or NUL, XPath's own conditions and attribute steps, a stylesheet
 * instruction's address, a mail header after a line break in a bracketed name, sendmail's `-C`, a
 * password reset sent to two addresses, SCIM's presence test on an attribute every user has.
 */
import { describe, expect, it } from "vitest";
import type { SignatureInput } from "../../../core/signatures/index.ts";
import { eachBackend } from "./support.ts";

const enc = new TextEncoder();

function post(path: string, contentType: string, text: string): SignatureInput {
  return {
    method: "POST",
    path,
    rawPath: path,
    query: [],
    headers: [["host", "app.example"]],
    body: { bytes: enc.encode(text), contentType, truncated: false },
  };
}
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
const get = (path: string, query: Array<[string, string]>): SignatureInput => ({
  method: "GET",
  path,
  rawPath: path,
  query,
  headers: [["host", "app.example"]],
});

describe("LDAP filters", () => {
  it("takes an extensible match after a breakout, and leaves a colon in prose", () => {
    eachBackend((where, name) => {
      expect(where(get("/people", [["term", "*)(ou:dn:=Administrators"]])), name).toContain("921200@query:term");
      const oid = "*)(userAccountControl:1.2.840.113556.1.4.803:=2";
      expect(where(get("/people", [["term", oid]])), name).toContain("921200@query:term");
      expect(where(get("/people", [["term", "f)(x: 1)"]])), name).toEqual([]);
    });
  });

  it("takes a login's wildcard user name or password and a NUL that cuts the filter, not a user search", () => {
    eachBackend((where, name) => {
      expect(where(post("/login", FORM, "username=%2A&password=%2A")), name).toContain("921200@body:form.username");
      expect(where(post("/m/login", JSON_TYPE, '{"login":"adm*","pin":"1234"}')), name).toContain(
        "921200@body:json.login",
      );
      expect(where(post("/signin", FORM, "user=admin)%00&pass=x")), name).toContain("921200@body:form.user");
      expect(where(post("/login", FORM, "username=ada&password=s3cret*")), name).toEqual([]);
      expect(where(post("/admin/users/search", FORM, "user=adm*&active=1")), name).toEqual([]);
    });
  });

  it("takes SCIM's presence test of an attribute every user has after an or", () => {
    eachBackend((where, name) => {
      expect(where(get("/scim/v2/Users", [["filter", 'userName eq "x" or userName pr']])), name).toContain(
        "942100@query:filter",
      );
      expect(where(get("/scim/v2/Users", [["filter", 'title pr or userType eq "Intern"']])), name).toEqual([]);
    });
  });
});

describe("XPath", () => {
  it("takes a condition calling XPath's functions and a step to attributes after the predicate", () => {
    eachBackend((where, name) => {
      expect(where(get("/acl", [["user", "x' or true() or 'a'='b"]])), name).toContain("920265@query:user");
      expect(where(get("/orders", [["ref", "']/@*|//@*|a['"]])), name).toContain("920265@query:ref");
      expect(where(get("/orders", [["q", "it's or contains (nuts)"]])), name).toEqual([]);
    });
  });

  it("takes an expression that selects a secret or walks the document blind, not a path", () => {
    eachBackend((where, name) => {
      expect(where(get("/xml/query", [["xpath", "//user/password/text()"]])), name).toContain("920265@query:xpath");
      expect(where(get("/api/node", [["path", "/*/*[1]/*[2]/text()"]])), name).toContain("920265@query:path");
      expect(where(get("/xml/query", [["xpath", "//book/title/text()"]])), name).toEqual([]);
      expect(where(get("/docs", [["path", "/docs/password-reset.md"]])), name).toEqual([]);
    });
  });
});

describe("XML documents", () => {
  it("judges a stylesheet instruction's address as a parameter's", () => {
    const doc = (href: string) =>
      `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="${href}"?><feed><item>1</item></feed>`;
    eachBackend((where, name) => {
      expect(where(post("/import", "application/xml", doc("http://169.254.169.254/latest/user-data"))), name).toContain(
        "934110@body:xml.xml-stylesheet.href",
      );
      expect(where(post("/import", "application/xml", doc("https://feeds.example.org/rss.xsl"))), name).toEqual([]);
    });
  });

  it("reads an XML document sent as a parameter's value", () => {
    const xml =
      '<?xml version="1.0"?><initialize><param name="return_url">http://198.51.100.120:7777/OA_HTML/help/../x.jsp</param></initialize>';
    const plain = '<?xml version="1.0"?><initialize><param name="ui_type">Applet</param></initialize>';
    eachBackend((where, name) => {
      expect(where(post("/OA_HTML/UiServlet", FORM, `getUiType=${encodeURIComponent(xml)}`)), name).toContain(
        "931100@body:form.getUiType.xml.initialize.param",
      );
      expect(where(post("/OA_HTML/UiServlet", FORM, `getUiType=${encodeURIComponent(plain)}`)), name).toEqual([]);
    });
  });
});

describe("mail", () => {
  it("takes a header after a line break in a bracketed name field, by its name or its last bracket", () => {
    eachBackend((where, name) => {
      const rails = "contact[name]=Sam%0D%0ABcc%3A+victim%40example.com&contact[body]=hello";
      expect(where(post("/contacts", FORM, rails)), name).toContain("921120@body:form.contact[name]");
      const drupal = "subject[0][value]=Hi%0D%0ABcc%3A+victim%40example.com";
      expect(where(post("/contact", FORM, drupal)), name).toContain("921120@body:form.subject[0][value]");
      const body = "contact[body]=Dear team,%0D%0ATo: the board%0D%0AThanks";
      expect(where(post("/contacts", FORM, body)), name).toEqual([]);
    });
  });

  it("takes sendmail's -C with a path in an address", () => {
    eachBackend((where, name) => {
      const sent = JSON.stringify({ recipient: "ops@example.com", cc: "-C/var/www/uploads/evil.cf@example.com" });
      expect(where(post("/api/notify", JSON_TYPE, sent)), name).toContain("932231@body:json.cc");
      const prose = JSON.stringify({ note: "Senior -C/C++ developer, mail me@example.org" });
      expect(where(post("/api/notify", JSON_TYPE, prose)), name).toEqual([]);
    });
  });

  it("takes a password reset sent to two addresses, not an invitation to several", () => {
    eachBackend((where, name) => {
      const twice = "user[email][]=admin%40example.com&user[email][]=attacker%40example.net";
      expect(where(post("/users/password", FORM, twice)), name).toContain("920290@body:form.user[email][]");
      const array = JSON.stringify({ email: ["victim@example.com", "attacker@example.net"] });
      expect(where(post("/api/password/reset", JSON_TYPE, array)), name).toContain("920290@body:json.email");
      const list = "email=victim%40example.com%2Cattacker%40example.net";
      expect(where(post("/password/forgot", FORM, list)), name).toContain("920290@body:form.email");
      expect(where(post("/password/forgot", FORM, "email=victim%40example.com")), name).toEqual([]);
      const invite = JSON.stringify({ email: ["a@example.com", "b@example.com"] });
      expect(where(post("/api/teams/7/invitations", JSON_TYPE, invite)), name).toEqual([]);
      // Paths that hold a reset's letters without its words.
      expect(where(post("/api/bookings/9/passengers", JSON_TYPE, invite)), name).toEqual([]);
      expect(where(post("/api/presets", JSON_TYPE, invite)), name).toEqual([]);
    });
  });
});
