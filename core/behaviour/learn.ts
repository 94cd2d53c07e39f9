/**
 * @module core/behaviour/learn
 * Learning the behaviour model from traffic that is mostly benign, without
 * labels, in three streaming passes over the same requests (time order):
 *
 * 1. inventory: API discovery's Learner names the endpoints (templates);
 * 2. endpoints: which are logins (bodies carrying a user name), which are
 *    expensive (train.ts endpointRoles), and the workflow Markov model,
 *    learned twice on halves of the clients so that pass 3 scores each
 *    client with the half it is not in (no client explains its own
 *    sequences);
 * 3. clients: every client's profile is replayed and its features computed
 *    after each request; a client contributes its summary (summary.ts):
 *    peak value of each feature, overall and while its window was young,
 *    and its mean style.
 *
 * Then train.ts builds the model from the summaries, exactly as the
 * learning core does from the summaries the ClientState objects send.
 */
import { claimedBot } from "../bots/tokens.ts";
import { hash32 } from "../discovery/hash.ts";
import { Learner } from "../discovery/learner.ts";
import type { Observation } from "../discovery/types.ts";
import type { OfflineRequest } from "../pipeline/offline.ts";
import { ClientProfile, SESSION_GAP_S } from "./client-profile.ts";
import type { BehaviourContext } from "./context.ts";
import { type EndpointName, heuristicName, TemplateMatcher, templateHash } from "./endpoint.ts";
import { eventFacts } from "./facts.ts";
import { computeFeatures, FEATURE_COUNT } from "./features.ts";
import { Lru } from "./lru.ts";
import { MarkovLearner, MarkovModel, type MarkovState } from "./markov.ts";
import type { BehaviourModel } from "./model.ts";
import { CLASS_STATIC, requestClass } from "./request-class.ts";
import { clientKey, MIN_REQUESTS, SummaryAccumulator } from "./summary.ts";
import { buildModel, countEndpoint, type EndpointStats, endpointRoles } from "./train.ts";

export { MIN_REQUESTS } from "./summary.ts";
export {
  BASELINE_MIN_REQUESTS,
  CORE_FACTOR,
  CORE_Q,
  EXPENSIVE_FACTOR,
  EXPENSIVE_MIN_MS,
  MIN_CLUSTER,
  NOVEL_FACTOR,
  THRESHOLD_Q,
} from "./train.ts";

const MAX_TRAIN_CLIENTS = 200_000;

interface ClientAcc {
  profile: ClientProfile;
  summary: SummaryAccumulator;
  fold: number;
}

export interface TrainerOptions {
  app?: string;
  /** Most clusters tried (default 8). */
  maxK?: number;
  now?: () => Date;
}

function observation(req: OfflineRequest): Observation {
  const e = req.event;
  const obs: Observation = { method: e.method, path: e.path, query: e.query };
  if (e.status > 0) obs.status = e.status;
  obs.ts = e.ts;
  if (e.identity) obs.identity = e.identity;
  if (req.body.length > 0)
    obs.body = {
      contentType: req.contentType || (req.body.trimStart().startsWith("{") ? "application/json" : ""),
      text: req.body,
    };
  return obs;
}

export class BehaviourTrainer {
  private readonly learner = new Learner();
  private matcher: TemplateMatcher | null = null;
  private readonly endpoints: EndpointStats = new Map();
  private readonly markovAll = new MarkovLearner();
  private readonly markovFold = [new MarkovLearner(), new MarkovLearner()];
  private readonly seqPrev = new Lru<string, [string, number]>(MAX_TRAIN_CLIENTS);
  private markovState: MarkovState | null = null;
  private ctxFold: BehaviourContext[] = [];
  private login: string[] = [];
  private expensive: string[] = [];
  private readonly clients = new Lru<string, ClientAcc>(MAX_TRAIN_CLIENTS);
  private readonly x = new Float64Array(FEATURE_COUNT);
  private records = 0;
  private from: number | null = null;
  private to: number | null = null;

  constructor(private readonly opts: TrainerOptions = {}) {}

  /** Pass 1: endpoint discovery. */
  observeInventory(req: OfflineRequest): void {
    this.records++;
    const ts = req.event.ts;
    if (this.from === null || ts < this.from) this.from = ts;
    if (this.to === null || ts > this.to) this.to = ts;
    this.learner.observe(observation(req));
  }

  finishInventory(): void {
    const templates = this.learner.inventory().endpoints.map((e) => `${e.method} ${e.path}`);
    this.matcher = new TemplateMatcher(templates);
  }

  private name(method: string, path: string): EndpointName {
    return this.matcher ? this.matcher.name(method, path) : heuristicName(method, path);
  }

  /** Pass 2: endpoint roles and workflows. */
  observeEndpoints(req: OfflineRequest): void {
    const e = req.event;
    const n = this.name(e.method, e.path);
    countEndpoint(this.endpoints, n.endpoint, e);
    if (requestClass(e.path, e.headers) === CLASS_STATIC) return;
    const prev = this.seqPrev.get(e.client);
    const from = prev && e.ts - prev[1] <= SESSION_GAP_S ? prev[0] : undefined;
    this.markovAll.observe(from, n.endpoint);
    (this.markovFold[this.foldOf(e.client)] as MarkovLearner).observe(from, n.endpoint);
    this.seqPrev.set(e.client, [n.endpoint, e.ts]);
  }

  private foldOf(client: string): number {
    return hash32(client, 0x5eed) & 1;
  }

  finishEndpoints(): void {
    const roles = endpointRoles(this.endpoints);
    this.login = roles.login;
    this.expensive = roles.expensive;
    this.markovState = this.markovAll.build();
    const loginSet = new Set(this.login.map(templateHash));
    const expSet = new Set(this.expensive.map(templateHash));
    const matcher = this.matcher;
    this.ctxFold = this.markovFold.map((ml) => ({
      name: (m: string, p: string) => (matcher ? matcher.name(m, p) : heuristicName(m, p)),
      login: loginSet,
      expensive: expSet,
      // Each half is scored with the model learned on the other half.
      markov: new MarkovModel(ml.build()),
      baselines: new Map<number, Float64Array>(),
      learned: true,
    }));
  }

  /** Pass 3: client profiles, in time order. */
  observeClients(req: OfflineRequest): void {
    const e = req.event;
    let acc = this.clients.get(e.client);
    if (!acc) {
      acc = { profile: new ClientProfile(), summary: new SummaryAccumulator(), fold: this.foldOf(e.client) };
      this.clients.set(e.client, acc);
    }
    if (claimedBot(e.userAgent)) acc.summary.bot = true;
    const ctx = this.ctxFold[1 - acc.fold] as BehaviourContext;
    const facts = eventFacts(e, ctx);
    acc.profile.add(facts);
    acc.summary.principal(facts.principal);
    if (acc.profile.n < MIN_REQUESTS) return;
    computeFeatures(acc.profile, e.ts, ctx.markov, this.x);
    acc.summary.observe(this.x, ctx.markov.trained);
  }

  /** Clusters the clients and writes the model. */
  finish(): BehaviourModel {
    const summaries = [...this.clients.entries()].map(([client, acc]) =>
      acc.summary.summary(acc.profile.n, clientKey(client)),
    );
    return buildModel(summaries, {
      app: this.opts.app ?? "default",
      templates: this.matcher ? this.learner.inventory().endpoints.map((e) => `${e.method} ${e.path}`) : [],
      login: this.login,
      expensive: this.expensive,
      markov: this.markovState ?? new MarkovLearner().build(),
      records: this.records,
      from: this.from,
      to: this.to,
      maxK: this.opts.maxK,
      now: this.opts.now,
    });
  }
}

/**
 * Runs the three passes over `requests()` (called once per pass, in time
 * order) and returns the model: what `apiward learn` does.
 */
export function learnModel(requests: () => Iterable<OfflineRequest>, opts: TrainerOptions = {}): BehaviourModel {
  const t = new BehaviourTrainer(opts);
  for (const q of requests()) t.observeInventory(q);
  t.finishInventory();
  for (const q of requests()) t.observeEndpoints(q);
  t.finishEndpoints();
  for (const q of requests()) t.observeClients(q);
  return t.finish();
}
