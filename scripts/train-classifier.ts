/**
 * @module scripts/train-classifier
 * Trains the segment classifier (core/discovery/classifier.ts) and writes
 * models/segment-classifier.json. `npx tsx scripts/train-classifier.ts
 * [--seed 7] [--out models/segment-classifier.json]`.
 *
 * Data, all built offline and reproducible from the seed and the installed
 * node_modules (pinned by package-lock.json):
 * - literal (0): identifiers from the TypeScript declaration files in
 *   node_modules (`listObjects`, `max_retries`, `ContentType`), and route-
 *   like forms built from their words (`payment-methods`, `user_groups`,
 *   `admin.users.list`, `oauth2`, `v2_items`);
 * - generated (1): random tokens of many kinds (base62, base64url, hex,
 *   ULID, nanoid, prefixed ids, lower-case or upper-case alphanumerics,
 *   consonant soup, short codes).
 * User names and slugs are deliberately in neither class: they are words,
 * and the learner tells them apart by structure, not by spelling. None of
 * the evaluation's route tables or value lists are used.
 *
 * Model: logistic regression over classifier-features (hashed n-grams plus
 * standardised dense features), SGD with L2, 6 epochs, seeded shuffles.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClassifierModel } from "../core/discovery/classifier.ts";
import {
  BUCKETS,
  DENSE_NAMES,
  DIM,
  type SparseFeatures,
  segmentFeatures,
} from "../core/discovery/classifier-features.ts";
import { mulberry32 } from "../core/discovery/hash.ts";
import { walkFiles } from "../eval/lib/walk-files.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}

const seed = Number(arg("seed", "7"));
const out = resolve(root, arg("out", "models/segment-classifier.json"));
const r = mulberry32(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Declaration files under node_modules, sorted, at most `limit`. */
/** Type definition files under node_modules, depth first in name order, the first `limit`. */
function dtsFiles(dir: string, limit: number): string[] {
  return walkFiles(dir, (name, size) => name.endsWith(".d.ts") && size < 400_000).slice(0, limit);
}

function identifiers(): string[] {
  const set = new Set<string>();
  for (const f of dtsFiles(join(root, "node_modules"), 4000)) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/\b[A-Za-z][A-Za-z0-9_]{2,39}\b/g)) set.add(m[0]);
  }
  // Identifiers that are themselves random-looking (hashes in generated code) are dropped.
  return [...set].filter((s) => !/\d{4,}/.test(s) && !/[0-9a-f]{12,}/i.test(s)).sort();
}

function words(ids: string[]): string[] {
  const set = new Set<string>();
  for (const id of ids) {
    for (const w of id
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
      .split(/[^A-Za-z]+/)) {
      if (w.length >= 2 && w.length <= 14) set.add(w.toLowerCase());
    }
  }
  return [...set].sort();
}

function literal(ids: string[], ws: string[]): string {
  const k = int(0, 9);
  const phrase = (n: number, sep: string): string => Array.from({ length: n }, () => pick(ws)).join(sep);
  switch (k) {
    case 0:
    case 1:
      return pick(ids);
    case 2:
      return phrase(int(1, 3), "-");
    case 3:
      return phrase(int(1, 3), "_");
    case 4:
      return `${phrase(int(1, 2), "")}${r() < 0.5 ? "s" : ""}`;
    case 5:
      return [phrase(1, ""), ...Array.from({ length: int(1, 3) }, () => pick(ids))].join(".");
    case 6: {
      const w = pick(ws);
      return pick([
        `${w}${int(1, 3)}`,
        `${w}_v${int(1, 4)}`,
        `v${int(1, 3)}_${w}`,
        `${int(2, 3)}d_${w}`,
        `${w}-${int(2, 9)}`,
      ]);
    }
    case 7:
      return pick(ws);
    case 8: {
      const a = pick(ws);
      const b = pick(ws);
      return `${a}${b[0]?.toUpperCase() ?? ""}${b.slice(1)}`;
    }
    default:
      return phrase(int(2, 4), pick(["-", "_", ""]));
  }
}

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${B62}-_`;
const HEX = "0123456789abcdef";
const LOWER_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";
const UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const CONSONANTS = "bcdfghjklmnpqrstvwxz";
const LOWER = "abcdefghijklmnopqrstuvwxyz";

function chars(alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function generated(ws: string[]): string {
  switch (int(0, 11)) {
    case 0:
      return chars(B62, int(6, 32));
    case 1:
      return chars(B64URL, int(8, 43));
    case 2:
      return chars(HEX, pick([8, 12, 16, 24, 32, 40, 64]));
    case 3:
      return `01${chars("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 24)}`;
    case 4:
      return `${pick(ws).slice(0, int(2, 5))}_${chars(B62, int(8, 24))}`;
    case 5:
      return chars(LOWER_ALNUM, int(5, 20));
    case 6:
      return chars(UPPER_ALNUM, int(5, 16));
    case 7:
      return chars(r() < 0.5 ? CONSONANTS : LOWER, int(4, 16));
    case 8:
      return `${chars(LOWER, int(1, 3))}${int(10, 99999)}${chars(LOWER, int(0, 3))}`;
    case 9:
      return chars(B62, int(3, 6));
    case 10:
      return `${chars(UPPER_ALNUM, 4)}-${chars(UPPER_ALNUM, 4)}${r() < 0.5 ? `-${chars(UPPER_ALNUM, 4)}` : ""}`;
    default:
      return chars(B62.slice(10), int(10, 28));
  }
}

interface Sample {
  f: SparseFeatures;
  y: number;
}

function main(): void {
  const ids = identifiers();
  const ws = words(ids);
  const n = 40_000;
  const data: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const lit = literal(ids, ws);
    data.push({ f: segmentFeatures(lit), y: 0 });
    data.push({ f: segmentFeatures(generated(ws)), y: 1 });
  }
  // Shuffle, then hold out 10 % for the reported accuracy.
  for (let i = data.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [data[i], data[j]] = [data[j] as Sample, data[i] as Sample];
  }
  const split = Math.floor(data.length * 0.9);
  const train = data.slice(0, split);
  const test = data.slice(split);
  const D = DENSE_NAMES.length;
  const mean = new Array<number>(D).fill(0);
  const std = new Array<number>(D).fill(0);
  for (const s of train)
    for (let i = 0; i < D; i++) mean[i] = (mean[i] as number) + (s.f.dense[i] as number) / train.length;
  for (const s of train)
    for (let i = 0; i < D; i++)
      std[i] = (std[i] as number) + ((s.f.dense[i] as number) - (mean[i] as number)) ** 2 / train.length;
  for (let i = 0; i < D; i++) std[i] = Math.sqrt(std[i] as number) || 1;
  const w = new Float64Array(DIM);
  let bias = 0;
  const l2 = 1e-5;
  const logit = (f: SparseFeatures): number => {
    let z = bias;
    for (let i = 0; i < f.idx.length; i++) z += (w[f.idx[i] as number] as number) * (f.val[i] as number);
    for (let i = 0; i < D; i++)
      z += (w[BUCKETS + i] as number) * (((f.dense[i] as number) - (mean[i] as number)) / (std[i] as number));
    return z;
  };
  const epochs = 6;
  for (let ep = 0; ep < epochs; ep++) {
    const lr = 0.2 / (1 + ep);
    for (let i = train.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [train[i], train[j]] = [train[j] as Sample, train[i] as Sample];
    }
    for (const s of train) {
      const p = 1 / (1 + Math.exp(-logit(s.f)));
      const g = p - s.y;
      for (let i = 0; i < s.f.idx.length; i++) {
        const k = s.f.idx[i] as number;
        w[k] = (w[k] as number) * (1 - lr * l2) - lr * g * (s.f.val[i] as number);
      }
      for (let i = 0; i < D; i++) {
        const x = ((s.f.dense[i] as number) - (mean[i] as number)) / (std[i] as number);
        w[BUCKETS + i] = (w[BUCKETS + i] as number) * (1 - lr * l2) - lr * g * x;
      }
      bias -= lr * g;
    }
  }
  let correct = 0;
  for (const s of test) if ((logit(s.f) > 0 ? 1 : 0) === s.y) correct++;
  const accuracy = correct / test.length;
  const model: ClassifierModel = {
    version: 1,
    dim: DIM,
    bias: Number(bias.toFixed(5)),
    weights: Array.from(w, (x) => Number(x.toFixed(4))),
    mean: mean.map((x) => Number(x.toFixed(5))),
    std: std.map((x) => Number(x.toFixed(5))),
    meta: {
      seed,
      identifiers: ids.length,
      words: ws.length,
      samples: data.length,
      heldout_accuracy: Number(accuracy.toFixed(4)),
      trained_by: "scripts/train-classifier.ts",
    },
  };
  writeFileSync(out, `${JSON.stringify(model)}\n`);
  console.log(
    JSON.stringify({
      out,
      identifiers: ids.length,
      words: ws.length,
      samples: data.length,
      heldout_accuracy: accuracy,
    }),
  );
}

main();
