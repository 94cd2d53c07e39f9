/**
 * The learning core's path in Node: an engine that collects (as the
 * ClientState objects do) turns live traffic into client summaries,
 * endpoint statistics and workflow transitions; train.ts builds the model
 * from them with the same code `apiward learn` ends with. The model finds
 * the login and expensive endpoints, and catches the attacks.
 */
import { describe, expect, it } from "vitest";
import {
  BehaviourEngine,
  entryFromJSON,
  entryToJSON,
  restartTraining,
  trainingSummary,
} from "../../../core/behaviour/engine.ts";
import { MarkovLearner } from "../../../core/behaviour/markov.ts";
import { parseModel } from "../../../core/behaviour/model.ts";
import { type ClientSummary, parseSummary, SummaryAccumulator } from "../../../core/behaviour/summary.ts";
import {
  buildModel,
  type EndpointStats,
  endpointRoles,
  endpointStatsFromJSON,
  endpointStatsToJSON,
  excludedBecause,
  mergeEndpointStats,
} from "../../../core/behaviour/train.ts";
import { parseTrainingSettings, TRAINING_DEFAULTS } from "../../../core/behaviour/training-settings.ts";
import { offlineRequest } from "../../../core/pipeline/offline.ts";
import type { TrafficRecord } from "../../../core/types.ts";
import * as T from "../../../eval/behaviour-traffic.ts";
import { replay, verifier } from "./helpers.ts";

const T0 = 1_700_000_000;

/** Runs records through a collecting engine (no model: the bootstrap) and gathers what the learning core would get. */
function collect(
  records: TrafficRecord[],
  engine = new BehaviourEngine({ model: null, bots: verifier(), collect: true }),
) {
  const sorted = [...records].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  sorted.forEach((r, i) => {
    engine.observe(offlineRequest(r, i + 1, "shop", 0).event);
  });
  const summaries: ClientSummary[] = [];
  for (const [, e] of engine.entries()) {
    const s = trainingSummary(e);
    if (s) summaries.push(s);
  }
  return { engine, summaries, traffic: engine.takeTraining() };
}

function modelFrom(summaries: ClientSummary[], markov: MarkovLearner, endpoints: EndpointStats) {
  const roles = endpointRoles(endpoints);
  return buildModel(summaries, {
    app: "shop",
    templates: [],
    login: roles.login,
    expensive: roles.expensive,
    markov: markov.build(),
    records: summaries.reduce((a, s) => a + s.requests, 0),
    from: null,
    to: null,
  });
}

describe("training material from live traffic", () => {
  it("builds a valid model that finds the endpoints' roles and names the attacks", () => {
    const day = T.benignDay(3, T0);
    const { summaries, traffic } = collect(day);
    expect(summaries.length).toBeGreaterThan(50);
    const model = modelFrom(summaries, traffic.markov, traffic.endpoints);
    expect(parseModel(JSON.parse(JSON.stringify(model)))).not.toBeTypeOf("string");
    expect(model.endpoints.login).toContain("POST /api/login");
    expect(model.endpoints.expensive).toContain("GET /api/search");
    expect(model.markov.transitions.length).toBeGreaterThan(0);
    expect(model.clusters.length).toBeGreaterThanOrEqual(1);

    const t1 = T0 + 90_000;
    const r = T.rng(8);
    const people: TrafficRecord[] = [];
    for (let i = 0; i < 30; i++) people.push(...T.human(`10.9.2.${i}`, t1 + r() * 3000, r, 4 + Math.floor(r() * 10)));
    expect(replay(model, people).detections).toEqual([]);
    for (const [kind, recs] of [
      ["scanner", T.scanner("6.6.1.1", t1)],
      ["scraper", T.scraper("6.6.1.2", t1)],
      ["bruteforce", T.dictionary("6.6.1.3", t1)],
      ["enumeration", T.enumeration("6.6.1.4", t1)],
    ] as const)
      expect(replay(model, recs).detections.map((d) => d.kind)).toContain(kind);
  });

  it("merged counts from several shards give the same roles as one", () => {
    const day = T.benignDay(4, T0);
    const a = collect(day.filter((_, i) => i % 2 === 0));
    const b = collect(day.filter((_, i) => i % 2 === 1));
    const merged: EndpointStats = new Map();
    mergeEndpointStats(
      merged,
      endpointStatsFromJSON(JSON.parse(JSON.stringify(endpointStatsToJSON(a.traffic.endpoints)))),
    );
    mergeEndpointStats(merged, b.traffic.endpoints);
    expect(endpointRoles(merged)).toEqual(endpointRoles(collect(day).traffic.endpoints));
    const m = new MarkovLearner();
    for (const [f, t, n] of [...a.traffic.markov.transitions(), ...b.traffic.markov.transitions()])
      m.add(f ?? undefined, t, n);
    expect(m.build().states.length).toBeGreaterThan(0);
  });

  it("leaves out what must not train: detected with a model or of an unambiguous kind, answered by apiward, crawlers", () => {
    const t1 = T0 + 90_000;
    const { engine } = collect([
      ...T.scanner("6.6.2.1", t1),
      ...T.human("10.4.0.1", t1, T.rng(1), 8),
      ...T.integration("10.4.0.2", t1, 20, 30),
    ]);
    const sum = (ip: string) => {
      const e = engine.peek(ip);
      return e ? trainingSummary(e) : null;
    };
    expect(sum("6.6.2.1")).toBeNull();
    expect(sum("10.4.0.1")).not.toBeNull();
    expect(sum("10.4.0.2")).not.toBeNull();
    // A floors-only scraper call (no model yet) does not rule a client out; with a model it would.
    const human = engine.peek("10.4.0.1");
    if (!human?.train) throw new Error("no training state");
    human.kinds.add("scraper");
    expect(trainingSummary(human)).not.toBeNull();
    human.train.flagged = true;
    expect(trainingSummary(human)).toBeNull();
    // apiward answered it once: out.
    const integ = engine.peek("10.4.0.2");
    if (!integ) throw new Error("no entry");
    integ.profile.seen++;
    expect(trainingSummary(integ)).toBeNull();
  });

  it("a restarted summary begins empty; the state round-trips through JSON", () => {
    const { engine } = collect(T.human("10.5.0.1", T0, T.rng(2), 10));
    const e = engine.peek("10.5.0.1");
    if (!e) throw new Error("no entry");
    const before = trainingSummary(e);
    const again = entryFromJSON(JSON.parse(JSON.stringify(entryToJSON(e))));
    expect(trainingSummary(again)).toEqual(before);
    restartTraining(again, T0 + 100);
    expect(trainingSummary(again)).toBeNull();
    expect(again.train?.since).toBe(T0 + 100);
  });

  it("workflow thresholds learn only from summaries scored with a workflow model", () => {
    const { summaries, traffic } = collect(T.benignDay(5, T0));
    expect(summaries.every((s) => !s.markov)).toBe(true);
    const f = modelFrom(summaries, traffic.markov, traffic.endpoints).features.indexOf("unseen_transitions");
    // Summaries without a workflow model say nothing about workflows (here: nonsense); copies scored with one say 0.05.
    const without = summaries.map((s) => ({ ...s, peak: s.peak.map((v, i) => (i === f ? 0.9 : v)) }));
    const withMarkov = summaries.map((s) => ({ ...s, markov: true, peak: s.peak.map((v, i) => (i === f ? 0.05 : v)) }));
    const thresholds = (m: ReturnType<typeof modelFrom>) => m.clusters.map((c) => c.threshold[f] as number);
    expect(Math.min(...thresholds(modelFrom(without, traffic.markov, traffic.endpoints)))).toBeGreaterThanOrEqual(0.9);
    expect(
      Math.max(...thresholds(modelFrom([...without, ...withMarkov], traffic.markov, traffic.endpoints))),
    ).toBeLessThanOrEqual(0.15);
  });
});

describe("summaries and settings from elsewhere are validated", () => {
  it("parseSummary rejects malformed ones, keeps good ones", () => {
    const acc = new SummaryAccumulator();
    acc.observe(new Float64Array(acc.peak.length).fill(1), true);
    const good = acc.summary(7);
    expect(parseSummary(JSON.parse(JSON.stringify(good)))).toEqual(good);
    for (const bad of [null, 3, { ...good, peak: [1] }, { ...good, age_peak: [] }, { ...good, requests: -1 }])
      expect(parseSummary(bad)).toBeNull();
    expect(excludedBecause({ ...good, samples: 0 })).toMatch(/too few/);
    expect(excludedBecause({ ...good, bot: true })).toMatch(/crawler/);
  });

  it("training settings: defaults, overrides, and named errors", () => {
    expect(parseTrainingSettings(null)).toEqual({ settings: TRAINING_DEFAULTS });
    expect(parseTrainingSettings({ min_clients: 50 })).toEqual({ settings: { ...TRAINING_DEFAULTS, min_clients: 50 } });
    expect(parseTrainingSettings({ min_clients: 5 })).toEqual({ error: expect.stringMatching(/min_clients/) });
    expect(parseTrainingSettings({ interval_s: 10 })).toEqual({ error: expect.stringMatching(/interval_s/) });
    expect(parseTrainingSettings({ nope: 1 })).toEqual({ error: expect.stringMatching(/nope/) });
    expect(parseTrainingSettings([1])).toEqual({ error: expect.any(String) });
  });
});
