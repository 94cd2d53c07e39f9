import { Validator } from "@seriousme/openapi-schema-validator";
// ajv comes with the OpenAPI validator; 2020-12 is the dialect of OpenAPI 3.1 schemas.
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { compileAllowlist, proposeAllowlist } from "../../../core/discovery/allowlist.ts";
import { Learner } from "../../../core/discovery/learner.ts";
import type { Inventory } from "../../../core/discovery/types.ts";
import { toOpenApi } from "../../../core/openapi/export.ts";
import { fromOpenApi } from "../../../core/openapi/import.ts";
import { schemaFor } from "../../../core/openapi/schema-types.ts";

function inventory() {
  const l = new Learner({ now: () => 0 });
  for (let i = 0; i < 300; i++) {
    l.observe({
      method: "GET",
      path: `/api/users/${1000 + i}`,
      query: [["expand", i % 2 ? "true" : "false"]],
      status: 200,
    });
    l.observe({ method: "DELETE", path: `/api/users/${1000 + i}`, status: 204 });
    l.observe({
      method: "POST",
      path: "/api/users",
      body: { contentType: "application/json", text: JSON.stringify({ email: `a${i}@b.io`, age: i }) },
      status: 201,
    });
    l.observe({ method: "GET", path: "/api/users/search", query: [["q", `x${i}`]], status: 200 });
  }
  return l.inventory();
}

describe("OpenAPI", () => {
  it("exports a valid OpenAPI 3.1 document", async () => {
    const doc = toOpenApi(inventory(), { title: "demo", version: "1", server: "https://api.example.com" });
    const res = await new Validator().validate(doc as never);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(Object.keys(doc.paths as object).sort()).toEqual([
      "/api/users",
      "/api/users/search",
      "/api/users/{user_id}",
    ]);
  });

  it("writes no empty enum: a body field typed enum (values unknown) is a string, and every schema compiles", async () => {
    const inv: Inventory = {
      endpoints: [
        {
          method: "POST",
          path: "/api/orders",
          count: 40,
          statuses: { "201": 40 },
          first_seen: null,
          last_seen: null,
          query: { sort: { type: "enum", required: false, count: 40 } },
          body: { status: { type: "enum", count: 40 }, quantity: { type: "int", count: 40 } },
          path_params: {},
          clients: { top: [], distinct: 1 },
        },
      ],
    };
    const doc = toOpenApi(inv, { title: "demo", version: "1" });
    const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
    const op = paths["/api/orders"]?.post ?? {};
    const content = (op.requestBody as { content: Record<string, { schema: Record<string, unknown> }> }).content;
    const body = content["application/json"]?.schema ?? {};
    expect(body).toEqual({ type: "object", properties: { status: { type: "string" }, quantity: { type: "integer" } } });
    const params = op.parameters as Array<{ name: string; schema: Record<string, unknown> }>;
    expect(params.find((p) => p.name === "sort")?.schema).toEqual({ type: "string" });
    // ajv checks each schema against the 2020-12 meta-schema: `"enum": []` fails "must NOT have fewer than 1 items".
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validateSchema(body), JSON.stringify(ajv.errors)).toBe(true);
    for (const p of params) expect(ajv.validateSchema(p.schema), JSON.stringify(ajv.errors)).toBe(true);
    expect((await new Validator().validate(doc as never)).valid).toBe(true);
    expect(schemaFor("enum", ["a", "b"])).toEqual({ type: "string", enum: ["a", "b"] });
    expect(schemaFor("enum", [])).toEqual({ type: "string" });
  });

  it("round-trips: inventory → OpenAPI → allow-list equals the proposal from the inventory", () => {
    const inv = inventory();
    const imported = fromOpenApi(toOpenApi(inv, { title: "demo", version: "1" }));
    const { proposal } = proposeAllowlist(inv);
    const strip = (d: typeof proposal) =>
      d.endpoints
        .map((e) => ({ method: e.method, path: e.path, query: e.params?.query ?? {} }))
        .sort((a, b) => (`${a.path} ${a.method}` < `${b.path} ${b.method}` ? -1 : 1));
    expect(strip(imported)).toEqual(strip(proposal));
  });

  it("imports a 3.0 spec with a server base path and $refs as a starting allow-list", () => {
    const spec = {
      openapi: "3.0.3",
      info: { title: "pets", version: "1" },
      servers: [{ url: "https://pets.example.com/api/v3" }],
      components: {
        parameters: { Limit: { name: "limit", in: "query", required: true, schema: { type: "integer" } } },
      },
      paths: {
        "/pet/{petId}": {
          get: { parameters: [{ name: "petId", in: "path", required: true, schema: { type: "integer" } }] },
        },
        "/pet/findByStatus": {
          get: {
            parameters: [
              { $ref: "#/components/parameters/Limit" },
              { name: "status", in: "query", schema: { type: "string", enum: ["available", "sold"] } },
            ],
          },
        },
      },
    };
    const doc = fromOpenApi(spec);
    expect(doc.endpoints).toEqual([
      { method: "GET", path: "/api/v3/pet/{petId}" },
      {
        method: "GET",
        path: "/api/v3/pet/findByStatus",
        params: {
          query: {
            limit: { type: "int", required: true },
            status: { type: "enum", required: false, enum: ["available", "sold"] },
          },
        },
      },
    ]);
    const al = compileAllowlist(doc);
    expect(
      al.check(
        "GET",
        ["api", "v3", "pet", "findByStatus"],
        [
          ["limit", "5"],
          ["status", "sold"],
        ],
      ),
    ).toEqual([]);
    expect(al.check("GET", ["api", "v3", "pet", "9"], [])).toEqual([]);
    expect(fromOpenApi(null)).toEqual({ endpoints: [] });
    expect(fromOpenApi({ paths: "x" })).toEqual({ endpoints: [] });
  });
});
