/**
 * @module sim/scenario
 * `generateScenario`: a seeded, time-driven simulation of the demo shop's
 * clients, returning labelled traffic records sorted by `ts`. The shop runs
 * in-process (demo/app.ts on the scenario's catalogue, simulated clock,
 * seeded tokens), so statuses, sizes and ids are what the app really does.
 *
 * A mix maps kinds to client counts (for distributed kinds, to source
 * addresses of the campaign). `variant` picks structural variations (think
 * time family, pacing style, rotation); without it the seed picks one.
 */
import { createDemoApp } from "../demo/app.ts";
import { buildCatalog } from "../demo/catalog.ts";
import type { Intensity } from "./actors/disguise.ts";
import { type BotRanges, loadBotRanges } from "./bots.ts";
import { attackers } from "./campaigns.ts";
import { runActors } from "./engine.ts";
import { ALL_KINDS, type Kind } from "./kinds.ts";
import { IpAllocator } from "./net/ip-pool.ts";
import { batchJobs, bigNat, dailyRise, flashEvent, goodBots, humans, integrations, mobileApps } from "./population.ts";
import { Rng } from "./prng.ts";
import { makeProfile } from "./profile.ts";
import { inProcessTransport, type Transport } from "./transport.ts";
import type { Actor, LabelledRecord } from "./types.ts";
import { makeWorld, type World } from "./world.ts";

export type Mix = Partial<Record<Kind, number>>;

export interface ScenarioOptions {
  seed: number;
  /** Start of the window, seconds since epoch. */
  startTs: number;
  durationS: number;
  mix: Mix;
  variant?: number;
  /** Host of the shop in the records (default `shop.example`). */
  host?: string;
  /** Origin clients put in Referer/Origin (default `https://<host>`). */
  origin?: string;
  /** First client index per kind (a test period can start past the training day's clients to add new ones). */
  clientOffset?: Partial<Record<Kind, number>>;
  /** Crawler ranges (default: loaded from the corpus folder). */
  bots?: BotRanges;
  /** Safety bound on records (default 5 million). */
  maxRecords?: number;
  /** Attack intensities to use (default fast, medium and slow). */
  attackLevels?: Intensity[];
}

/** Builds the world and every actor of a scenario (also used by the live driver). */
export function buildScenario(opts: ScenarioOptions): { world: World; actors: Actor[] } {
  if (!Number.isFinite(opts.startTs) || !(opts.durationS > 0))
    throw new Error("startTs and durationS > 0 are required");
  const profile = makeProfile(opts.seed, opts.variant);
  const bots = opts.bots ?? loadBotRanges();
  const host = opts.host ?? "shop.example";
  const world = makeWorld({
    profile,
    catalog: buildCatalog(opts.seed),
    origin: opts.origin ?? `https://${host}`,
    start: opts.startTs,
    end: opts.startTs + opts.durationS,
    ips: new IpAllocator(new Rng(opts.seed).fork("ip-pools"), bots.all, profile.ipv6Share),
    bots,
    attackLevels: opts.attackLevels,
  });
  const actors: Actor[] = [];
  for (const kind of ALL_KINDS) {
    const n = Math.max(0, Math.floor(opts.mix[kind] ?? 0));
    if (n === 0) continue;
    const offset = opts.clientOffset?.[kind] ?? 0;
    switch (kind) {
      case "human":
        actors.push(...humans(world, n, offset));
        break;
      case "mobile_app":
        actors.push(...mobileApps(world, n, offset));
        break;
      case "api_integration":
        actors.push(...integrations(world, n, offset));
        break;
      case "batch_job":
        actors.push(...batchJobs(world, n, offset));
        break;
      case "flash_sale":
      case "flash_crowd":
        actors.push(...flashEvent(world, kind, n));
        break;
      case "big_nat":
        actors.push(...bigNat(world, n));
        break;
      case "daily_rise":
        actors.push(...dailyRise(world, n));
        break;
      case "good_bot":
        actors.push(...goodBots(world, n, offset));
        break;
      default:
        actors.push(...attackers(world, kind, n));
    }
  }
  return { world, actors };
}

/** Streams the scenario's records in time order. */
export async function* scenarioStream(opts: ScenarioOptions, transport?: Transport): AsyncGenerator<LabelledRecord> {
  const { world, actors } = buildScenario(opts);
  const clock = { nowMs: opts.startTs * 1000 };
  const appRng = new Rng(opts.seed).fork(`app@${opts.startTs}`);
  const { app } = createDemoApp({
    catalog: world.catalog,
    now: () => clock.nowMs,
    randomU32: () => appRng.u32(),
    sleep: async () => {},
  });
  const host = opts.host ?? "shop.example";
  yield* runActors(actors, transport ?? inProcessTransport(app, host), {
    start: world.start,
    end: world.end,
    host,
    rng: new Rng(opts.seed).fork(`engine@${opts.startTs}`),
    clock,
    maxRecords: opts.maxRecords,
  });
}

/** The whole scenario as an array sorted by `ts`. */
export async function generateScenario(opts: ScenarioOptions): Promise<LabelledRecord[]> {
  const out: LabelledRecord[] = [];
  for await (const rec of scenarioStream(opts)) out.push(rec);
  return out;
}
