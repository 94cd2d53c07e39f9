import { describe, expect, it } from "vitest";
import { templateHash } from "../../../core/behaviour/endpoint.ts";
import { MarkovLearner, MarkovModel, START, UNKNOWN } from "../../../core/behaviour/markov.ts";

describe("workflow Markov model", () => {
  const l = new MarkovLearner();
  for (let i = 0; i < 50; i++) {
    l.observe(undefined, "GET /");
    l.observe("GET /", "GET /products/{id}");
    l.observe("GET /products/{id}", "POST /cart");
    l.observe("POST /cart", "POST /orders");
  }
  const m = MarkovModel.fromJSON(JSON.parse(JSON.stringify(l.build())));

  it("learned transitions are unsurprising, skipped steps and unknown endpoints are not", () => {
    const s = (t: string) => m.stateOf(templateHash(t));
    expect(m.surprise(START, s("GET /"))).toBeLessThan(0.5);
    expect(m.surprise(s("POST /cart"), s("POST /orders"))).toBeLessThan(0.5);
    expect(m.surprise(START, s("POST /orders"))).toBeGreaterThan(5);
    expect(m.stateOf(templateHash("GET /admin"))).toBe(UNKNOWN);
    expect(m.count(s("GET /"), s("POST /orders"))).toBe(0);
  });

  it("a malformed state is an empty model", () => {
    expect(MarkovModel.fromJSON({ states: "x" }).trained).toBe(false);
    expect(MarkovModel.fromJSON(null).trained).toBe(false);
  });
});
