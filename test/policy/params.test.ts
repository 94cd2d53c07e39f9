import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../policy/evaluate.ts";
import { isBool, isEmail, isFloat, isInt, isUuid } from "../../policy/params.ts";
import { compile, ctx } from "./helpers.ts";

const limitRule = {
  id: "search-limit",
  action: "block",
  match: { endpoint: ["GET /search"], params: [{ name: "limit", in: "query", type: "int", min: 1, max: 100 }] },
};
const p = compile({ rules: [limitRule] });
const search = (query: Array<[string, string]>, endpoint = "GET /search") =>
  evaluatePolicy(p, ctx("GET", "/search", { query, endpoint }));

describe("param constraints match when violated", () => {
  it.each([
    [[["limit", "abc"]], "query:limit: expected int"],
    [[["limit", "1000"]], "query:limit: above max 100"],
    [[["limit", "0"]], "query:limit: below min 1"],
    [[["limit", "1.5"]], "query:limit: expected int"],
    [[["limit", ""]], "query:limit: expected int"],
    [
      [
        ["limit", "5"],
        ["limit", "1000"],
      ],
      "query:limit: above max 100",
    ], // parameter pollution: every occurrence checked
  ] as Array<[Array<[string, string]>, string]>)("%j blocks with %s", (query, detail) => {
    const o = search(query);
    expect(o.terminal).toEqual({ ruleId: "search-limit", action: "block" });
    expect(o.reasons[0]).toMatchObject({ source: "policy", id: "search-limit", detail, location: "query:limit" });
  });

  it.each([[[["limit", "100"]]], [[["limit", "1"]]], [[]], [[["other", "x"]]]] as Array<[Array<[string, string]>]>)(
    "%j passes",
    (query) => {
      expect(search(query).terminal).toBeUndefined();
    },
  );

  it("another endpoint is not constrained", () => {
    expect(search([["limit", "abc"]], "GET /other").terminal).toBeUndefined();
  });

  it("required, enum, lengths, body params", () => {
    const q = compile({
      rules: [
        {
          id: "r",
          action: "block",
          match: {
            params: [
              { name: "sort", in: "query", enum: ["asc", "desc"] },
              { name: "email", in: "body", type: "email", required: true, max_length: 64 },
              { name: "code", in: "query", type: "string", min_length: 4 },
            ],
          },
        },
      ],
    });
    const run = (query: Array<[string, string]>, bodyParams?: Array<[string, string]>) => {
      const c = ctx("POST", "/x", { query });
      if (bodyParams) c.bodyParams = bodyParams;
      return evaluatePolicy(q, c).reasons[0]?.detail ?? null;
    };
    const ok: Array<[string, string]> = [["email", "a@b.co"]];
    expect(run([], ok)).toBeNull();
    expect(run([["sort", "asc"]], ok)).toBeNull();
    expect(run([["sort", "up"]], ok)).toBe("query:sort: not one of the allowed values");
    expect(run([], [])).toBe("body:email: required");
    expect(run([], [["email", "nope"]])).toBe("body:email: expected email");
    expect(run([], [["email", `${"a".repeat(60)}@b.co`]])).toBe("body:email: longer than 64");
    expect(run([["code", "abc"]], ok)).toBe("query:code: shorter than 4");
    // A body that was not inspected cannot violate anything, `required` included.
    expect(run([])).toBeNull();
  });

  it("float, bool, uuid types", () => {
    const q = compile({
      rules: [
        {
          id: "r",
          action: "block",
          match: {
            params: [
              { name: "f", in: "query", type: "float", max: 1.5 },
              { name: "b", in: "query", type: "bool" },
              { name: "u", in: "query", type: "uuid" },
            ],
          },
        },
      ],
    });
    const d = (query: Array<[string, string]>) =>
      evaluatePolicy(q, ctx("GET", "/", { query })).reasons[0]?.detail ?? null;
    expect(
      d([
        ["f", "1.25"],
        ["b", "true"],
        ["u", "123e4567-e89b-12d3-a456-426614174000"],
      ]),
    ).toBeNull();
    expect(d([["f", "2"]])).toBe("query:f: above max 1.5");
    expect(d([["f", "0x10"]])).toBe("query:f: expected float");
    expect(d([["b", "yes"]])).toBe("query:b: expected bool");
    expect(d([["u", "123e4567e89b12d3a456426614174000"]])).toBe("query:u: expected uuid");
  });
});

describe("type checks", () => {
  it.each([
    ["0", true],
    ["-12", true],
    ["1234567890123456789", true],
    ["12345678901234567890", false],
    ["-", false],
    ["+1", false],
    ["1 ", false],
    ["١٢", false],
  ])("isInt(%j) = %s", (v, r) => expect(isInt(v)).toBe(r));
  it.each([
    ["1", true],
    ["-1.5", true],
    [".5", true],
    ["5.", true],
    ["1e10", true],
    ["1E-3", true],
    ["e5", false],
    ["1e", false],
    ["NaN", false],
    ["Infinity", false],
    [" 1", false],
    ["0x1", false],
    [".", false],
  ])("isFloat(%j) = %s", (v, r) => expect(isFloat(v)).toBe(r));
  it.each([
    ["true", true],
    ["0", true],
    ["TRUE", false],
    ["yes", false],
  ])("isBool(%j) = %s", (v, r) => expect(isBool(v)).toBe(r));
  it.each([
    ["123E4567-e89b-12d3-a456-426614174000", true],
    ["123e4567-e89b-12d3-a456-42661417400g", false],
    ["123e4567-e89b-12d3-a456_426614174000", false],
  ])("isUuid(%j) = %s", (v, r) => expect(isUuid(v)).toBe(r));
  it.each([
    ["a@b.co", true],
    ["first.last+tag@mail.example.org", true],
    ["a@bücher.de", true],
    ["a@b", false],
    ["@b.co", false],
    ["a@@b.co", false],
    ["a b@c.co", false],
    ["a@b..co", false],
    ["a@.b.co", false],
    ["a@b.co.", false],
    ["<a>@b.co", false],
  ])("isEmail(%j) = %s", (v, r) => expect(isEmail(v)).toBe(r));
});
