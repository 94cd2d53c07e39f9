/**
 * A known client's own baseline: a client identified by its address (no
 * signed-in principal) that training saw reading heavily, night after night,
 * is held to its own peak; a stranger doing the same is held to its
 * cluster's. Also through the shards' path (trainingSummary with the
 * client's id) and the model's JSON.
 */
import { describe, expect, it } from "vitest";
import { BehaviourEngine, trainingSummary } from "../../../core/behaviour/engine.ts";
import { MarkovLearner } from "../../../core/behaviour/markov.ts";
import { parseModel } from "../../../core/behaviour/model.ts";
import { clientKey, parseSummary } from "../../../core/behaviour/summary.ts";
import { buildModel } from "../../../core/behaviour/train.ts";
import { offlineRequest } from "../../../core/pipeline/offline.ts";
import * as T from "../../../eval/behaviour-traffic.ts";
import { replay, train } from "./helpers.ts";

const T0 = 1_700_000_000;
const PARTNER = "10.9.0.1";
const STRANGER = "10.9.0.2";

/** A partner's catalogue sync: 150 products read in order, 1 s apart, every 6 hours. */
const sync = (ip: string, t0: number) => T.scraper(ip, t0, 150, 1);

function trainingDay() {
  const day = T.benignDay(11, T0, 60, 20);
  for (let run = 0; run < 4; run++) day.push(...sync(PARTNER, T0 + 3_600 + run * 21_600));
  return day;
}

const flaggedScraper = (detections: ReturnType<typeof replay>["detections"], ip: string) =>
  detections.some((d) => d.client === ip && d.kind === "scraper");

describe("a known client's own baseline", () => {
  const model = train(trainingDay());

  it("is learned for a busy client that acted as no principal, keyed by its identity", () => {
    const own = model.principals?.find((p) => p.id === clientKey(PARTNER).toString(16).padStart(8, "0"));
    expect(own).toMatchObject({ kind: "client" });
    expect(own?.requests).toBeGreaterThanOrEqual(600);
    // The signed-in integration of the benign day keeps its principal baseline.
    expect(model.principals?.some((p) => p.kind === undefined)).toBe(true);
    expect(parseModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(parseModel({ ...model, principals: [{ ...own, kind: "address" }] })).toMatch(/principals\[0\]\.kind/);
  });

  it("holds the client to its own peak, and a stranger acting alike to its cluster's", () => {
    const t1 = T0 + 90_000;
    const { detections } = replay(model, [...sync(PARTNER, t1), ...sync(STRANGER, t1 + 7)]);
    expect(flaggedScraper(detections, STRANGER)).toBe(true);
    expect(flaggedScraper(detections, PARTNER)).toBe(false);
  });

  it("lifts only what the client did: failing logins or a flood from it are flagged as from anyone", () => {
    const t1 = T0 + 90_000;
    const kinds = (records: ReturnType<typeof sync>) =>
      new Set(
        replay(model, records)
          .detections.filter((d) => d.client === PARTNER)
          .map((d) => d.kind),
      );
    expect(kinds(T.dictionary(PARTNER, t1, 30, 1))).toContain("bruteforce");
    expect(kinds(T.scraper(PARTNER, t1, 2_400, 0.03))).toContain("http_dos");
  });

  it("is learned from the shards' summaries too, which carry the client's key", () => {
    const engine = new BehaviourEngine({ model: null, collect: true });
    const records = trainingDay().sort((a, b) => (a.ts as number) - (b.ts as number));
    records.forEach((r, i) => {
      engine.observe(offlineRequest(r, i + 1, "shop", 0).event);
    });
    const summaries = [];
    for (const [client, e] of engine.entries()) {
      const s = trainingSummary(e, client);
      if (!s) continue;
      expect(s.client).toBe(clientKey(client));
      // The key survives the trip to the learning core.
      summaries.push(parseSummary(JSON.parse(JSON.stringify(s))) ?? s);
    }
    expect(summaries.every((s) => typeof s.client === "number")).toBe(true);
    const central = buildModel(summaries, {
      app: "shop",
      records: records.length,
      templates: [],
      login: [],
      expensive: [],
      markov: new MarkovLearner().build(),
      from: null,
      to: null,
    });
    expect(
      central.principals?.some((p) => p.kind === "client" && p.id === clientKey(PARTNER).toString(16).padStart(8, "0")),
    ).toBe(true);
  });
});
