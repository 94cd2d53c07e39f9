import { describe, expect, it } from "vitest";
import { toTrafficRecord } from "../../../core/traffic/ndjson.ts";

describe("traffic records from apiward's own access log", () => {
  const logged = {
    ts: 1_700_000_123_456,
    request_id: "18bcfe5b8c0000000000000000000000",
    app: "shop",
    client: "key:3f2a",
    ip: "203.0.113.9",
    method: "POST",
    host: "shop.example",
    url: "/api/login",
    decision: "rate_limit",
    would: "rate_limit",
    mode: "enforce",
    reasons: [],
    status: 429,
    bytes: 0,
    latency_ms: 1,
    policy_version: 3,
    user_agent: "curl/8.5",
  };

  it("reads its milliseconds, identity and user agent, and marks what apiward answered", () => {
    expect(toTrafficRecord(logged)).toMatchObject({
      ts: 1_700_000_123.456,
      identity: "key:3f2a",
      headers: { "user-agent": "curl/8.5" },
      apiward_answered: true,
    });
    expect(toTrafficRecord({ ...logged, decision: "log" })).toMatchObject({ apiward_answered: false });
    expect(toTrafficRecord({ ...logged, decision: "allow", status: 200 })).toMatchObject({ apiward_answered: false });
  });

  it("still rejects milliseconds in a plain traffic record (the contract is seconds)", () => {
    expect(toTrafficRecord({ ts: 1_700_000_123_456, method: "GET", url: "/" })).toMatch(/milliseconds\?/);
  });
});
