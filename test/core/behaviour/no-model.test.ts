/**
 * Before an app has a behaviour model every threshold sits at its kind's
 * floor, which fits no app's own clients: on our simulator one benign client
 * in six reads as a scraper then (eval/results/behaviour-central.md, "no
 * model yet"). So the ambiguous kinds (crawler, scraper) are detected and
 * logged, not challenged; the unambiguous ones (scanner, injection, brute
 * force, enumeration, fake bots) and the floods' rate limits act from the
 * first request; with a model every kind takes its policy's action.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { BehaviourModel } from "../../../core/behaviour/model.ts";
import type { TrafficRecord } from "../../../core/types.ts";
import * as T from "../../../eval/behaviour-traffic.ts";
import { replay, train } from "./helpers.ts";

const T0 = 1_700_000_000;
const T1 = T0 + 86_400;
let model: BehaviourModel;

beforeAll(() => {
  model = train(T.benignDay(1, T0));
});

function attacks(): TrafficRecord[] {
  return [
    ...T.scraper("10.66.0.1", T1),
    ...T.crawler("10.66.0.2", T1),
    ...T.scanner("10.66.0.3", T1),
    ...T.injection("10.66.0.4", T1),
    ...T.dictionary("10.66.0.5", T1),
    ...T.loginFlood("10.66.0.6", T1),
  ];
}

/** The first action each kind was detected with. */
function actions(m: BehaviourModel | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of replay(m, attacks()).detections) out[d.kind] ??= d.action;
  return out;
}

describe("behaviour before the app has a model", () => {
  it("logs crawlers and scrapers; blocks scanners, injection and brute force; rate-limits floods", () => {
    const a = actions(null);
    expect(a.scraper).toBe("log");
    expect(a.crawler).toBe("log");
    expect(a.scanner).toBe("block");
    expect(a.injection).toBe("block");
    expect(a.bruteforce).toBe("block");
    expect(a.login_dos).toBe("rate_limit");
  });

  it("with a model every kind takes its policy's action", () => {
    const a = actions(model);
    expect(a.scraper).toBe("challenge");
    expect(a.crawler).toBe("challenge");
    expect(a.scanner).toBe("block");
  });

  it("the scraper's requests after an advisory detection pass (the mitigation is log-only)", () => {
    const { replay: r } = replay(null, T.scraper("10.66.0.9", T1));
    const m = r.table.active("10.66.0.9", T1 + 60);
    expect(m?.kind).toBe("scraper");
    expect(m?.action).toBe("log");
  });
});
