/**
 * One reading of a traffic record's headers for every offline consumer:
 * lower-cased names, non-strings dropped, the first of two spellings wins,
 * the same for discovery and for `apiward inspect`.
 */
import { describe, expect, it } from "vitest";
import { observationFromRecord } from "../../../core/discovery/record.ts";
import { headerValue } from "../../../core/http/header-list.ts";
import { signatureInputFromRecord } from "../../../core/signatures/from-record.ts";
import { recordHeaders } from "../../../core/traffic/record-request.ts";
import type { TrafficRecord } from "../../../core/types.ts";

describe("recordHeaders", () => {
  it("lower-cases names, keeps order, drops non-string values and non-objects", () => {
    const h = { "Content-Type": "application/json", "X-N": 5, Accept: "*/*" } as unknown as TrafficRecord["headers"];
    expect(recordHeaders(h)).toEqual([
      ["content-type", "application/json"],
      ["accept", "*/*"],
    ]);
    expect(recordHeaders(undefined)).toEqual([]);
    expect(recordHeaders("x" as unknown as TrafficRecord["headers"])).toEqual([]);
  });

  it("discovery and inspect read the same content type when a record spells it twice", () => {
    const rec: TrafficRecord = {
      method: "POST",
      url: "/api/items",
      headers: { "Content-Type": "application/json", "content-type": "text/plain" },
      body: '{"a":1}',
    };
    const list = recordHeaders(rec.headers);
    expect(headerValue(list, "content-type")).toBe("application/json");
    expect(observationFromRecord(rec).body?.contentType).toBe("application/json");
    expect(signatureInputFromRecord(rec).body?.contentType).toBe("application/json");
  });
});
