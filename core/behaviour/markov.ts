/**
 * @module core/behaviour/markov
 * A first-order Markov model of workflows: the probability that a client
 * goes from one endpoint template to the next (login → browse → cart →
 * order), learned from mostly benign traffic. A client's recent transitions
 * are scored as their mean surprise (−log2 P, add-α smoothed) and as the
 * share of transitions never seen in training. Static assets are left out of
 * sequences (they follow pages, not decisions). State 0 is a session start,
 * state 1 every endpoint the model does not know.
 *
 * Bounded: at most MAX_STATES states (the most frequent templates) and the
 * transitions between them.
 */
import { templateHash } from "./endpoint.ts";

export const START = 0;
export const UNKNOWN = 1;
export const MAX_STATES = 256;
/** Add-α smoothing: an unseen transition out of a well-known state costs about log2(total/α) bits. */
const ALPHA = 0.5;

export interface MarkovState {
  version: 1;
  /** Templates of states 2…; 0 is start, 1 unknown. */
  states: string[];
  /** [from, to, count]. */
  transitions: Array<[number, number, number]>;
}

export class MarkovModel {
  private readonly byHash = new Map<number, number>();
  private readonly trans = new Map<number, number>();
  private outTotal: Float64Array;
  private readonly stateNames: string[];

  constructor(state?: MarkovState) {
    this.stateNames = state ? state.states.slice(0, MAX_STATES - 2) : [];
    this.stateNames.forEach((t, i) => {
      this.byHash.set(templateHash(t), i + 2);
    });
    const n = this.stateNames.length + 2;
    this.outTotal = new Float64Array(n);
    for (const row of state?.transitions ?? []) {
      const [a, b, c] = row;
      if (!(a >= 0 && a < n && b >= 0 && b < n && c > 0)) continue;
      this.trans.set(a * 65536 + b, c);
      this.outTotal[a] = (this.outTotal[a] as number) + c;
    }
  }

  get size(): number {
    return this.stateNames.length + 2;
  }

  /** True when the model has learned anything. */
  get trained(): boolean {
    return this.trans.size > 0;
  }

  /** State of a template hash (UNKNOWN when not a state). */
  stateOf(tplHash: number): number {
    return this.byHash.get(tplHash) ?? UNKNOWN;
  }

  /** Count of a transition between states. */
  count(a: number, b: number): number {
    return this.trans.get(a * 65536 + b) ?? 0;
  }

  /** Surprise of a transition in bits (−log2 P, smoothed). */
  surprise(a: number, b: number): number {
    const total = this.outTotal[a] ?? 0;
    const c = this.count(a, b);
    return -Math.log2((c + ALPHA) / (total + ALPHA * this.size));
  }

  static fromJSON(state: unknown): MarkovModel {
    if (!state || typeof state !== "object") return new MarkovModel();
    const s = state as Partial<MarkovState>;
    if (!Array.isArray(s.states) || !Array.isArray(s.transitions)) return new MarkovModel();
    const states = s.states.filter((x): x is string => typeof x === "string");
    const transitions = s.transitions.filter(
      (r): r is [number, number, number] =>
        Array.isArray(r) && r.length === 3 && r.every((x) => typeof x === "number" && Number.isFinite(x)),
    );
    return new MarkovModel({ version: 1, states, transitions });
  }
}

/**
 * Counts transitions while learning; `build` keeps the most frequent
 * templates as states. Counts can be exported and merged (`counts()`,
 * `add`): the ClientState objects count their clients' transitions and the
 * learning core adds them up.
 */
export class MarkovLearner {
  private readonly counts = new Map<string, number>();
  private readonly freq = new Map<string, number>();
  private static readonly MAX_KEYS = 200_000;

  /** `prev` undefined: a session start. */
  observe(prev: string | undefined, next: string): void {
    this.add(prev, next, 1);
  }

  /** Adds `n` of the transition `prev` → `next` (`prev` undefined: a session start). */
  add(prev: string | undefined, next: string, n: number): void {
    if (!(n > 0)) return;
    this.freq.set(next, (this.freq.get(next) ?? 0) + n);
    const key = `${prev ?? "^"}\n${next}`;
    const c = this.counts.get(key);
    if (c !== undefined) this.counts.set(key, c + n);
    else if (this.counts.size < MarkovLearner.MAX_KEYS) this.counts.set(key, n);
  }

  get size(): number {
    return this.counts.size;
  }

  /** The transitions counted: [from (null: a session start), to, count]. */
  transitions(): Array<[string | null, string, number]> {
    return [...this.counts].map(([key, c]) => {
      const nl = key.indexOf("\n");
      const a = key.slice(0, nl);
      return [a === "^" ? null : a, key.slice(nl + 1), c];
    });
  }

  build(minCount = 2): MarkovState {
    const states = [...this.freq.entries()]
      .filter(([, c]) => c >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_STATES - 2)
      .map(([t]) => t);
    const index = new Map<string, number>(states.map((t, i) => [t, i + 2]));
    const merged = new Map<number, number>();
    for (const [key, c] of this.counts) {
      const nl = key.indexOf("\n");
      const a = key.slice(0, nl);
      const b = key.slice(nl + 1);
      const ia = a === "^" ? START : (index.get(a) ?? UNKNOWN);
      const ib = index.get(b) ?? UNKNOWN;
      const k = ia * 65536 + ib;
      merged.set(k, (merged.get(k) ?? 0) + c);
    }
    const transitions: Array<[number, number, number]> = [...merged.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([k, c]) => [Math.floor(k / 65536), k % 65536, c]);
    return { version: 1, states, transitions };
  }
}
