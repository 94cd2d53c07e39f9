/**
 * @module core/discovery/classifier
 * The small character-level classifier: probability that a path segment is
 * a generated value (`tiSTSUzh4B…`, `xk3f9q`) rather than a word-like
 * literal (`listOriginalChannels`, `login-with-token`). Logistic regression
 * over classifier-features, weights trained by scripts/train-classifier.ts
 * and shipped as models/segment-classifier.json. It cannot tell a user name
 * from a route word (both are words): the learner leaves those to the
 * structure of the graph and uses this score as one signal among several.
 */
import shipped from "../../models/segment-classifier.json";
import { DENSE_NAMES, DIM, segmentFeatures } from "./classifier-features.ts";

export interface ClassifierModel {
  version: 1;
  dim: number;
  bias: number;
  weights: number[];
  /** Standardisation of the dense features (training-set mean and deviation). */
  mean: number[];
  std: number[];
  /** Free-form training metadata (seed, sizes, held-out accuracy). */
  meta?: Record<string, unknown>;
}

export class SegmentClassifier {
  private readonly w: Float64Array;
  private readonly bias: number;
  private readonly mean: number[];
  private readonly std: number[];
  private readonly buckets: number;

  constructor(model: ClassifierModel) {
    const ok = model.dim === DIM && Array.isArray(model.weights) && model.weights.length === DIM;
    // A model of the wrong shape scores everything 0.5 (no opinion) rather than failing the learner.
    this.w = ok ? Float64Array.from(model.weights) : new Float64Array(DIM);
    this.bias = ok ? model.bias : 0;
    this.mean = ok && model.mean.length === DENSE_NAMES.length ? model.mean : DENSE_NAMES.map(() => 0);
    this.std = ok && model.std.length === DENSE_NAMES.length ? model.std : DENSE_NAMES.map(() => 1);
    this.buckets = DIM - DENSE_NAMES.length;
  }

  /** Log-odds that `segment` is generated. */
  logit(segment: string): number {
    const f = segmentFeatures(segment);
    let z = this.bias;
    for (let i = 0; i < f.idx.length; i++) z += (this.w[f.idx[i] as number] as number) * (f.val[i] as number);
    for (let i = 0; i < f.dense.length; i++) {
      const x = ((f.dense[i] as number) - (this.mean[i] as number)) / ((this.std[i] as number) || 1);
      z += (this.w[this.buckets + i] as number) * x;
    }
    return z;
  }

  /** Probability in [0, 1] that `segment` is generated. */
  score(segment: string): number {
    const z = this.logit(segment);
    return 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));
  }
}

let cached: SegmentClassifier | null = null;

/** The classifier with the shipped weights (built once). */
export function defaultClassifier(): SegmentClassifier {
  if (cached === null) cached = new SegmentClassifier(shipped as unknown as ClassifierModel);
  return cached;
}
