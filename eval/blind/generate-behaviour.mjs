#!/usr/bin/env node
// biome-ignore-all lint: written blind by an outside author (see the header below); kept as written
// Blind client-behaviour traffic generator for shop.example (an e-commerce JSON API).
//
//   node eval/blind/generate-behaviour.mjs OUTDIR [--seed N]
//
// Writes OUTDIR/train.ndjson (24 h, benign clients + verified good bots),
// OUTDIR/test.ndjson (the following 2 h: benign + good bots + attackers) and
// OUTDIR/labels.json ({ip: {label, kind}} for every IP in test.ndjson).
//
// Written without looking at the detector it evaluates. No dependencies; deterministic
// for a given seed (own sfc32 PRNG, no Math.random, no wall clock in the output).
//
// Design in one paragraph: a small simulated origin (catalogue, accounts, tokens, carts,
// orders, load model) answers every request, so statuses/bytes/latencies are consistent
// with what each client sent. Benign populations (browser humans, app users, partner
// integrations, power users/admins, office NATs, uptime monitors) and good bots are
// simulated continuously over 26 h; the first 24 h become train, the last 2 h test, so
// test contains both returning and new individuals. Attackers only act in the test window.
// Good-bot addresses come from prefixes copied from the publishers' lists
// (/work/shared/corpus/bots/, snapshots of googlebot.json, bingbot.json, gptbot.json).

import fs from "node:fs";
import path from "node:path";

// ---------------------------------------------------------------- arguments
function usage(code) {
  (code ? process.stderr : process.stdout).write("usage: node generate-behaviour.mjs OUTDIR [--seed N]\n");
  process.exit(code);
}
const argv = process.argv.slice(2);
let OUT = null;
let SEED = 20261005;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--seed") SEED = Number(argv[++i]);
  else if (a.startsWith("--seed=")) SEED = Number(a.slice(7));
  else if (a === "-h" || a === "--help") usage(0);
  else if (!OUT) OUT = a;
  else usage(2);
}
if (!OUT || !Number.isFinite(SEED)) usage(2);
SEED = Math.trunc(SEED) >>> 0;
const WALL0 = Date.now();

// ---------------------------------------------------------------- PRNG + hashing
function fmix32(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
function hstr(s) {
  // FNV-1a + murmur finaliser
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}
const H = (...parts) => hstr(SEED + "\u0001" + parts.join("\u0001"));
const hf = (...parts) => H(...parts) / 4294967296;

class Rng {
  // sfc32 seeded through splitmix32
  constructor(seed) {
    let s = seed >>> 0;
    const sm = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = sm() | 0;
    this.b = sm() | 0;
    this.c = sm() | 0;
    this.d = sm() | 0;
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32() {
    let { a, b, c, d } = this;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return t >>> 0;
  }
  f() {
    return this.u32() / 4294967296;
  }
  int(lo, hi) {
    return lo + Math.floor(this.f() * (hi - lo + 1));
  }
  uni(a, b) {
    return a + (b - a) * this.f();
  }
  chance(p) {
    return this.f() < p;
  }
  pick(arr) {
    return arr[Math.floor(this.f() * arr.length)];
  }
  pickW(pairs) {
    // [[item, weight], ...]
    let tot = 0;
    for (const p of pairs) tot += p[1];
    let x = this.f() * tot;
    for (const p of pairs) {
      x -= p[1];
      if (x < 0) return p[0];
    }
    return pairs[pairs.length - 1][0];
  }
  normal() {
    const u = 1 - this.f(),
      v = this.f();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logn(median, sigma) {
    return median * Math.exp(sigma * this.normal());
  }
  exp(mean) {
    return -mean * Math.log(1 - this.f());
  }
  poisson(mean) {
    let n = 0,
      t = this.exp(1);
    while (t < mean) {
      n++;
      t += this.exp(1);
    }
    return n;
  }
  geom(mean) {
    return Math.max(1, Math.ceil(Math.log(1 - this.f()) / Math.log(1 - 1 / Math.max(1.0001, mean))));
  }
  shuffle(arr) {
    const a = arr.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.f() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  sample(arr, n) {
    return this.shuffle(arr).slice(0, n);
  }
  chars(n, alphabet) {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.f() * alphabet.length)];
    return s;
  }
  hex(n) {
    return this.chars(n, "0123456789abcdef");
  }
  alnum(n) {
    return this.chars(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
  }
  b64u(n) {
    return this.chars(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
  }
  uuid() {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
const rngFor = (...parts) => new Rng(H("rng", ...parts));
const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));

// ---------------------------------------------------------------- time
const T_TRAIN = Date.UTC(2026, 9, 5) / 1000; // 2026-10-05T00:00:00Z (a Monday)
const DAY = 86400;
const T_TEST = T_TRAIN + DAY; // 2026-10-06T00:00:00Z
const T_END = T_TEST + 7200; // 2026-10-06T02:00:00Z
const HOST = "shop.example";
const ORIGIN_URL = "https://shop.example";
const httpDate = (t) => new Date(Math.floor(t) * 1000).toUTCString();
const isoDate = (t) => new Date(Math.floor(t) * 1000).toISOString().replace(".000Z", "Z");

// Local-time activity profile (fraction of peak, by local hour).
const LOCAL_PROFILE = [
  0.3, 0.17, 0.1, 0.07, 0.06, 0.09, 0.19, 0.36, 0.52, 0.63, 0.7, 0.76, 0.85, 0.81, 0.77, 0.77, 0.81, 0.87, 0.94, 1.0,
  1.0, 0.93, 0.74, 0.5,
];
const REGIONS = [
  { name: "us_east", off: -4, w: 0.42 }, // EDT
  { name: "us_west", off: -7, w: 0.22 }, // PDT
  { name: "eu", off: 2, w: 0.26 }, // CEST
  { name: "au", off: 11, w: 0.1 }, // AEDT
];
function localHour(t, off) {
  return ((((t - T_TRAIN) / 3600 + off) % 24) + 24) % 24;
}
function localLevel(t, off) {
  const h = localHour(t, off);
  const i = Math.floor(h),
    fr = h - i;
  return LOCAL_PROFILE[i] * (1 - fr) + LOCAL_PROFILE[(i + 1) % 24] * fr;
}
function regionRates(t) {
  return REGIONS.map((r) => r.w * localLevel(t, r.off));
}
function diurnal(t) {
  return regionRates(t).reduce((a, b) => a + b, 0);
}
function diurnalIntegral(t0, t1) {
  let s = 0;
  for (let t = t0; t < t1; t += 60) s += diurnal(t) * 60;
  return s;
}

// ---------------------------------------------------------------- IP addresses + labels
const IPINFO = new Map(); // ip -> {label, kind}
function claimIp(ip, label, kind) {
  const cur = IPINFO.get(ip);
  if (cur && (cur.label !== label || cur.kind !== kind))
    throw new Error(`IP ${ip} reused across kinds (${cur.kind} vs ${kind})`);
  if (!cur) IPINFO.set(ip, { label, kind });
  return ip;
}
function randHost(rng, prefix) {
  if (prefix.includes(":")) {
    // IPv6: prefix has 2..4 hextets
    const parts = prefix.split(":").filter((x) => x !== "");
    while (parts.length < 8) parts.push(rng.int(0, 0xffff).toString(16));
    return parts.join(":");
  }
  if (prefix.includes("/")) {
    // CIDR
    const [base, bitsS] = prefix.split("/");
    const bits = Number(bitsS);
    const b = base.split(".").map(Number);
    const baseN = ((b[0] << 24) >>> 0) + (b[1] << 16) + (b[2] << 8) + b[3];
    const size = 2 ** (32 - bits);
    const n = baseN + (size <= 2 ? 0 : rng.int(1, size - 2));
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
  }
  const o = prefix.split(".");
  while (o.length < 3) o.push(String(rng.int(0, 255)));
  o.push(String(rng.int(2, 253)));
  return o.join(".");
}
function allocIp(rng, pool, label, kind) {
  for (let i = 0; i < 200; i++) {
    const ip = randHost(rng, rng.pick(pool));
    if (!IPINFO.has(ip)) return claimIp(ip, label, kind);
  }
  throw new Error("IP pool exhausted: " + pool.join(","));
}
const POOLS = {
  res_us: [
    "73.15",
    "73.42",
    "73.118",
    "73.158",
    "73.229",
    "24.4",
    "24.18",
    "24.130",
    "68.36",
    "68.80",
    "71.172",
    "71.246",
    "76.21",
    "76.103",
    "97.113",
    "98.201",
    "99.102",
    "99.37",
    "108.28",
    "108.49",
    "174.62",
    "174.106",
    "67.170",
    "69.136",
    "75.64",
    "47.144",
    "50.35",
    "70.119",
    "72.229",
    "96.241",
    "100.36",
    "107.209",
    "66.30",
    "173.73",
  ],
  res_eu: [
    "82.132",
    "86.162",
    "90.204",
    "92.40",
    "2.204",
    "79.248",
    "84.153",
    "93.210",
    "81.106",
    "87.122",
    "91.64",
    "62.226",
    "94.134",
    "77.4",
    "80.110",
    "88.160",
    "109.190",
    "95.90",
    "83.87",
    "176.24",
  ],
  res_au: ["1.145", "49.186", "110.144", "120.148", "124.168", "101.191", "58.174", "121.44"],
  res_world: [
    "177.92",
    "189.6",
    "187.35",
    "201.17",
    "179.218",
    "186.212",
    "152.170",
    "181.46",
    "106.215",
    "117.213",
    "122.171",
    "49.37",
    "115.99",
    "39.42",
    "182.253",
    "110.137",
    "36.72",
    "103.87",
    "41.190",
    "105.112",
    "197.210",
    "78.171",
    "88.236",
    "95.70",
    "5.251",
    "46.147",
    "176.103",
    "31.223",
  ],
  mob_us: [
    "172.56",
    "172.58",
    "172.59",
    "174.205",
    "174.211",
    "174.240",
    "166.198",
    "166.205",
    "107.77",
    "107.115",
    "100.43",
  ],
  mob_eu: ["80.187", "46.114", "109.42", "37.171", "92.184"],
  mob_au: ["1.128", "120.21", "49.195"],
  v6_res: [
    "2601:1c0",
    "2601:282",
    "2601:646",
    "2600:1700",
    "2603:8080",
    "2a02:810a",
    "2a01:e0a",
    "2a02:a210",
    "2001:8003",
  ],
  v6_mob: ["2607:fb90", "2600:387", "2600:1012", "2a01:598"],
  biz_us: ["12.161", "12.204", "64.124", "38.104", "63.116", "208.72", "216.52"],
  biz_au: ["203.41", "150.101", "203.219"],
  do: ["159.65", "167.99", "138.197", "134.209", "164.90", "206.189", "143.198", "146.190"],
  ovh: ["51.75", "51.91", "145.239", "141.94", "54.36"],
  hetzner: ["5.161", "88.198", "95.216", "116.202", "65.108", "78.46", "49.12"],
  linode: ["45.79", "172.104", "139.162"],
  vultr: ["45.77", "149.28", "207.148", "45.32"],
  aws: ["18.204", "54.146", "44.201", "3.88", "52.91", "34.229", "18.206", "54.241"],
  contabo: ["161.97", "194.163", "173.212", "62.171"],
  m247: ["185.156.73", "193.27.14", "89.248.165", "185.220.101"],
  asia_cloud: ["47.74", "8.219", "43.153", "43.135", "119.28"],
  doc: ["203.0.113", "198.51.100", "192.0.2"],
  v6_host: ["2a01:4f8", "2604:a880", "2001:41d0", "2600:3c00"],
};
const HOSTING = ["do", "ovh", "hetzner", "linode", "vultr", "aws", "contabo", "m247", "asia_cloud", "doc"];
const hostingPool = (rng, ...names) => POOLS[rng.pick(names.length ? names : HOSTING)];

// Prefixes copied from the publishers' lists (corpus/bots snapshots).
const BOT_PREFIXES = {
  googlebot: [
    "66.249.64.0/27",
    "66.249.64.32/27",
    "66.249.65.64/27",
    "66.249.66.0/27",
    "66.249.66.32/27",
    "66.249.66.64/27",
    "66.249.68.0/27",
    "66.249.68.32/27",
    "66.249.69.96/27",
    "66.249.70.32/27",
    "66.249.72.64/27",
    "66.249.73.128/27",
    "66.249.77.0/27",
    "66.249.79.0/27",
  ],
  bingbot: ["157.55.39.0/24", "207.46.13.0/24", "40.77.167.0/24", "52.167.144.0/24", "40.77.188.0/22"],
  gptbot: ["20.171.206.0/24", "20.171.207.0/24", "74.7.227.0/25", "74.7.241.0/25"],
};

// ---------------------------------------------------------------- catalogue
const CATS = [
  ["electronics", ["monitor", "charger", "cable", "tablet", "smartwatch", "router"]],
  ["laptops", ["laptop", "notebook", "ultrabook", "chromebook", "dock"]],
  ["phones", ["phone", "smartphone", "case", "screen protector"]],
  ["audio", ["headphones", "earbuds", "soundbar", "speaker", "turntable"]],
  ["cameras", ["camera", "lens", "tripod", "drone", "gimbal"]],
  ["home", ["lamp", "rug", "pillow", "curtain", "blanket", "vase"]],
  ["kitchen", ["blender", "kettle", "toaster", "pan", "knife", "mixer", "coffee maker"]],
  ["garden", ["hose", "planter", "shovel", "grill", "sprinkler"]],
  ["toys", ["puzzle", "blocks", "doll", "robot", "kite", "board game"]],
  ["books", ["novel", "cookbook", "atlas", "journal", "comic"]],
  ["fashion", ["jacket", "shirt", "dress", "scarf", "jeans", "hoodie"]],
  ["shoes", ["sneakers", "boots", "sandals", "loafers", "running shoes"]],
  ["sports", ["yoga mat", "dumbbell", "bike", "tent", "backpack", "water bottle"]],
  ["beauty", ["lipstick", "serum", "shampoo", "perfume", "moisturizer"]],
];
const CAT_SLUGS = CATS.map((c) => c[0]);
const BRANDS = [
  "acme",
  "zento",
  "norda",
  "vexa",
  "lumo",
  "kairo",
  "brio",
  "halden",
  "oakly",
  "solace",
  "tern",
  "quill",
];
const ADJS = [
  "wireless",
  "portable",
  "classic",
  "pro",
  "mini",
  "smart",
  "ultra",
  "organic",
  "vintage",
  "compact",
  "premium",
  "waterproof",
  "ergonomic",
  "stainless",
  "lightweight",
];
const SORTS = ["featured", "price_asc", "price_desc", "newest", "rating"];
const PID_MIN = 1000,
  PID_MAX = 9999;
const PRODUCTS = new Map();
for (let id = PID_MIN; id <= PID_MAX; id++) {
  if (hf("pex", id) < 0.05) continue; // ~5% of ids do not exist (deleted/never used)
  const ci = H("pcat", id) % CATS.length;
  const noun = CATS[ci][1][H("pnoun", id) % CATS[ci][1].length];
  const brand = BRANDS[H("pbrand", id) % BRANDS.length];
  const adj = ADJS[H("padj", id) % ADJS.length];
  const name = `${brand} ${adj} ${noun}`;
  PRODUCTS.set(id, {
    id,
    cat: CATS[ci][0],
    name,
    words: name.split(" ").concat([CATS[ci][0]]),
    price: Math.round((4 + 1400 * hf("pp", id) ** 2.2) * 100) / 100,
    rating: 2.4 + 2.6 * hf("pr", id),
    nrev: Math.floor(380 * hf("pn", id) ** 3),
    img: 16000 + (H("img", id) % 118000),
    det: 1650 + (H("det", id) % 2700),
    feat: hf("pf", id),
    lb: 372 + (H("lb", id) % 120),
    rv: 240 + (H("rv", id) % 190),
    hb: 1180 + (H("hb", id) % 240), // list-item, review and html-card sizes
    lastmod: T_TRAIN - Math.floor((0.3 + 240 * hf("plm", id)) * DAY),
  });
}
const PIDS = [...PRODUCTS.keys()];
const MISSING_PIDS = [];
for (let id = PID_MIN; id <= PID_MAX; id++) if (!PRODUCTS.has(id)) MISSING_PIDS.push(id);
const LISTS = {}; // LISTS[cat|'all'][sort] -> ids
for (const cat of ["all", ...CAT_SLUGS]) {
  const ids = PIDS.filter((id) => cat === "all" || PRODUCTS.get(id).cat === cat);
  const P = (id) => PRODUCTS.get(id);
  LISTS[cat] = {
    featured: ids.slice().sort((a, b) => P(b).feat - P(a).feat),
    price_asc: ids.slice().sort((a, b) => P(a).price - P(b).price || a - b),
    price_desc: ids.slice().sort((a, b) => P(b).price - P(a).price || a - b),
    newest: ids.slice().sort((a, b) => b - a),
    rating: ids.slice().sort((a, b) => P(b).rating - P(a).rating || a - b),
  };
}
const WORD_INDEX = new Map();
for (const p of PRODUCTS.values())
  for (const w of new Set(p.words.join(" ").split(" "))) {
    if (!WORD_INDEX.has(w)) WORD_INDEX.set(w, []);
    WORD_INDEX.get(w).push(p.id);
  }
const ALL_WORDS = [...WORD_INDEX.keys()];
const searchCache = new Map();
function searchIds(q) {
  const key = q.toLowerCase();
  if (searchCache.has(key)) return searchCache.get(key);
  const toks = key.split(/[^a-z0-9]+/).filter((x) => x.length >= 2);
  let res = toks.length ? null : [];
  for (const tok of toks) {
    const s = new Set();
    for (const w of ALL_WORDS) if (w.startsWith(tok)) for (const id of WORD_INDEX.get(w)) s.add(id);
    res = res === null ? [...s] : res.filter((id) => s.has(id));
    if (!res.length) break;
  }
  res = (res || []).sort((a, b) => PRODUCTS.get(b).feat - PRODUCTS.get(a).feat);
  if (searchCache.size < 20000) searchCache.set(key, res);
  return res;
}
function relatedIds(id, n = 8) {
  const p = PRODUCTS.get(id);
  if (!p) return [];
  const l = LISTS[p.cat].featured;
  const i = l.indexOf(id);
  const out = [];
  for (let k = 1; out.length < n && k < l.length; k++) out.push(l[(i + k * 7) % l.length]);
  return out;
}
const sumBytes = (ids, k) => {
  let s = 0;
  for (const id of ids) s += PRODUCTS.get(id)[k];
  return s;
};
const listPage = (cat, sort, page, per) => (LISTS[cat] ? LISTS[cat][sort] : []).slice((page - 1) * per, page * per);
const listPages = (cat, per) => Math.ceil((LISTS[cat] ? LISTS[cat].featured.length : 0) / per);
const SEARCH_TERMS = [];
for (const [slug, nouns] of CATS) {
  for (const n of nouns) SEARCH_TERMS.push(n);
  SEARCH_TERMS.push(slug);
}
for (const b of BRANDS) SEARCH_TERMS.push(b);
for (let i = 0; i < 60; i++)
  SEARCH_TERMS.push(`${ADJS[H("st1", i) % ADJS.length]} ${CATS[H("st2", i) % CATS.length][1][0]}`);
for (let i = 0; i < 40; i++)
  SEARCH_TERMS.push(`${BRANDS[H("st3", i) % BRANDS.length]} ${CATS[H("st4", i) % CATS.length][1][0]}`);
SEARCH_TERMS.push(
  "gift ideas",
  "black friday",
  "usb c",
  "birthday present",
  "iphone 17 case",
  "air fryer",
  "standing desk",
  "sale",
);

// ---------------------------------------------------------------- accounts, orders, tokens
const USER_MAX = 61234;
const userExists = (id) => id >= 1 && id <= USER_MAX && hf("uex", id) >= 0.07;
const ACCOUNTS = new Map(); // username -> {uid, pw, role}
const UID_ACCOUNT = new Map();
const FIRST = [
  "james",
  "mary",
  "robert",
  "patricia",
  "john",
  "jennifer",
  "michael",
  "linda",
  "david",
  "elizabeth",
  "william",
  "barbara",
  "richard",
  "susan",
  "joseph",
  "jessica",
  "thomas",
  "sarah",
  "chris",
  "karen",
  "daniel",
  "lisa",
  "matt",
  "nancy",
  "anthony",
  "betty",
  "mark",
  "sandra",
  "paul",
  "ashley",
  "steven",
  "emily",
  "andrew",
  "kim",
  "josh",
  "megan",
  "kevin",
  "amanda",
  "brian",
  "melissa",
  "lukas",
  "anna",
  "jonas",
  "lea",
  "pierre",
  "camille",
  "marco",
  "giulia",
  "sven",
  "emma",
  "liam",
  "olivia",
  "noah",
  "chloe",
  "jack",
  "mia",
  "carlos",
  "sofia",
  "raj",
  "priya",
  "wei",
  "yuki",
  "omar",
  "fatima",
];
const LAST = [
  "smith",
  "johnson",
  "williams",
  "brown",
  "jones",
  "garcia",
  "miller",
  "davis",
  "rodriguez",
  "martinez",
  "hernandez",
  "lopez",
  "wilson",
  "anderson",
  "thomas",
  "taylor",
  "moore",
  "jackson",
  "martin",
  "lee",
  "thompson",
  "white",
  "harris",
  "clark",
  "lewis",
  "walker",
  "young",
  "allen",
  "king",
  "wright",
  "mueller",
  "schmidt",
  "schneider",
  "fischer",
  "dubois",
  "moreau",
  "rossi",
  "russo",
  "jansen",
  "devries",
  "nguyen",
  "tran",
  "kim",
  "patel",
  "shah",
  "singh",
  "chen",
  "wang",
  "sato",
  "oconnor",
  "murphy",
  "kelly",
];
const MAILDOMS = [
  ["gmail.com", 40],
  ["yahoo.com", 9],
  ["outlook.com", 8],
  ["hotmail.com", 8],
  ["icloud.com", 9],
  ["aol.com", 2],
  ["proton.me", 2],
  ["gmx.de", 3],
  ["web.de", 2],
  ["orange.fr", 2],
  ["comcast.net", 3],
  ["live.com", 2],
  ["bigpond.com", 1],
];
function makeEmail(rng) {
  const f = rng.pick(FIRST),
    l = rng.pick(LAST);
  const style = rng.int(0, 5);
  const local = [
    `${f}.${l}`,
    `${f}${l}${rng.int(1, 99)}`,
    `${f[0]}${l}`,
    `${f}_${l}${rng.int(70, 2005)}`,
    `${f}${rng.int(100, 9999)}`,
    `${l}.${f}`,
  ][style];
  return `${local}@${rng.pickW(MAILDOMS)}`;
}
const PW_WORDS = [
  "summer",
  "sunshine",
  "dragon",
  "monkey",
  "football",
  "princess",
  "shadow",
  "master",
  "jordan",
  "hunter",
  "buster",
  "soccer",
  "harley",
  "ranger",
  "thomas",
  "tigger",
  "robert",
  "coffee",
  "maggie",
  "pepper",
  "ginger",
  "charlie",
  "bailey",
  "liverpool",
  "chelsea",
  "yankees",
  "cowboys",
  "purple",
  "orange",
  "butterfly",
];
function makePassword(rng) {
  const k = rng.int(0, 4);
  if (k === 0) return `${rng.pick(PW_WORDS)}${rng.int(1, 2024)}`;
  if (k === 1) return `${rng.pick(PW_WORDS)[0].toUpperCase()}${rng.pick(PW_WORDS).slice(1)}${rng.int(10, 99)}!`;
  if (k === 2) return rng.alnum(rng.int(12, 20));
  if (k === 3) return `${rng.pick(PW_WORDS)}-${rng.pick(PW_WORDS)}-${rng.int(1, 99)}`;
  return `${rng.pick(FIRST)}${rng.pick(["@", "#", "$", "!"])}${rng.int(1000, 9999)}`;
}
function makeAccount(rng, role = "customer", username = null) {
  let uid;
  for (;;) {
    uid = rng.int(1, USER_MAX);
    if (userExists(uid) && !UID_ACCOUNT.has(uid)) break;
  }
  let u = username || makeEmail(rng);
  while (ACCOUNTS.has(u)) u = makeEmail(rng);
  const acc = { uid, username: u, pw: makePassword(rng), role, orders: [] };
  ACCOUNTS.set(u, acc);
  UID_ACCOUNT.set(uid, acc);
  return acc;
}
// Orders: ids 100001..184000 existed before the simulation (a few purged -> 404);
// new orders get ids from a time-based sequence so ids grow with time.
const ORD_MIN = 100001,
  ORD_BASE = 184000;
const ORDER_OWNER = new Map(); // pre-existing order id -> uid (for simulated users)
const ORDERS_NEW = new Map(); // new order id -> {uid, t}
function giveOldOrders(rng, acc, n) {
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 50; k++) {
      const id = rng.int(ORD_BASE - 40000, ORD_BASE);
      if (hf("oex", id) >= 0.06 && !ORDER_OWNER.has(id)) {
        ORDER_OWNER.set(id, acc.uid);
        acc.orders.push(id);
        break;
      }
    }
  }
  acc.orders.sort((a, b) => a - b);
}
function orderInfo(id, t) {
  if (!(id >= ORD_MIN)) return null;
  if (id <= ORD_BASE) return hf("oex", id) >= 0.06 ? { uid: ORDER_OWNER.get(id) ?? -1 } : null;
  const o = ORDERS_NEW.get(id);
  return o && o.t <= t ? o : null;
}
const NEW_ORDER_IDS = [];
function newOrderId(t, uid) {
  let id = ORD_BASE + 1 + Math.floor((t - T_TRAIN + 3 * DAY) / 40) * 3;
  while (ORDERS_NEW.has(id)) id++;
  ORDERS_NEW.set(id, { uid, t });
  NEW_ORDER_IDS.push(id);
  return id;
}
const TOKENS = new Map(); // access token -> {uid, role, iat, exp}
const REFRESH = new Map(); // refresh token -> {uid, role, exp, revoked}
const APIKEYS = new Map(); // key -> partner name
let TOKSEQ = 0;
const ACCESS_TTL = 900;
function issueTokens(uid, role, t) {
  const r = rngFor("tok", TOKSEQ++);
  const payload = { sub: String(uid), role, iat: Math.floor(t), exp: Math.floor(t) + ACCESS_TTL, jti: r.hex(16) };
  const at =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
    Buffer.from(JSON.stringify(payload)).toString("base64url") +
    "." +
    r.b64u(43);
  const rt = r.b64u(43);
  TOKENS.set(at, { uid, role, iat: t, exp: t + ACCESS_TTL });
  REFRESH.set(rt, { uid, role, iat: t, exp: t + 30 * DAY, revoked: Infinity });
  return { at, rt, exp: t + ACCESS_TTL };
}
const CARTS = new Map(); // cart key -> item count

// ---------------------------------------------------------------- load model (floods)
const FLOODS = []; // {t0, t1, rps, res}
const CAPACITY = { search: 70, db: 260, auth: 45, app: 1100 };
function pressure(t, res) {
  let own = 0,
    all = 0;
  for (const f of FLOODS)
    if (t >= f.t0 && t < f.t1) {
      all += f.rps;
      if (f.res === res) own += f.rps;
    }
  return Math.max(own / CAPACITY[res], all / CAPACITY.app);
}

// ---------------------------------------------------------------- static content
const ROBOTS_TXT = `# robots.txt for shop.example
User-agent: *
Disallow: /api/cart
Disallow: /api/checkout
Disallow: /api/auth/
Disallow: /api/users/
Disallow: /api/orders
Disallow: /api/search
Disallow: /search
Disallow: /cart
Disallow: /checkout
Disallow: /account
Disallow: /login
Allow: /

Sitemap: https://shop.example/sitemap.xml
`;
const ROBOTS_DISALLOW = ROBOTS_TXT.split("\n")
  .filter((l) => l.startsWith("Disallow: "))
  .map((l) => l.slice(10));
const robotsAllowed = (url) => !ROBOTS_DISALLOW.some((d) => url.startsWith(d));
const SITEMAP_URLS = ["/", ...CAT_SLUGS.map((c) => "/c/" + c), ...PIDS.map((id) => "/p/" + id)];
const SITEMAP_BYTES = 180 + SITEMAP_URLS.reduce((s, u) => s + 95 + u.length, 0);
const ASSETS = {
  "/static/app.js": { type: "js", raw: 412733, etag: 'W/"64c3b-19a2f7d1e80"' },
  "/static/app.css": { type: "css", raw: 58211, etag: 'W/"e363-19a2f7d1e80"' },
  "/favicon.ico": { type: "img", raw: 15086, etag: 'W/"3aee-18f0c2a1b20"' },
  "/img/logo.svg": { type: "svg", raw: 3417, etag: 'W/"d59-18f0c2a1b20"' },
};
const HTML_SHELL_PATHS = new Set([
  "/search",
  "/cart",
  "/login",
  "/register",
  "/account",
  "/account/orders",
  "/checkout",
]);

// ---------------------------------------------------------------- the origin
const RATIO = {
  json: [0.22, 0.18],
  html: [0.2, 0.16],
  js: [0.29, 0.24],
  css: [0.21, 0.17],
  xml: [0.09, 0.07],
  txt: [0.55, 0.5],
  svg: [0.42, 0.36],
  img: [1, 1],
};
function encSize(raw, type, ae) {
  if (raw < 1024 || type === "img") return raw;
  const a = ae.toLowerCase();
  if (/(^|[\s,])br(\s*;\s*q=(1(\.0*)?|0?\.\d*[1-9]\d*))?(\s*,|$)/.test(a)) return Math.round(raw * RATIO[type][1]);
  if (/gzip|deflate/.test(a)) return Math.round(raw * RATIO[type][0]);
  return raw;
}
const R = (status, type, raw, lat, extra) => Object.assign({ status, type, raw, lat }, extra);
const J = (status, raw, lat, extra) => R(status, "json", raw, lat, extra);
const intParam = (v, d) => (v === null || v === undefined ? d : /^\d{1,7}$/.test(v) ? Number(v) : NaN);
const cookieVal = (hd, name) => {
  const m = new RegExp("(?:^|;\\s*)" + name + "=([^;]*)").exec(hd.cookie || "");
  return m ? m[1] : null;
};
function parseJson(hd, body) {
  if (!/application\/json/i.test(hd["content-type"] || "")) return undefined;
  try {
    return JSON.parse(body ?? "");
  } catch {
    return undefined;
  }
}
function authOf(hd, t) {
  const key = hd["x-api-key"];
  if (key !== undefined)
    return APIKEYS.has(key) ? { role: "partner", partner: APIKEYS.get(key) } : { err: "invalid_api_key" };
  const a = hd.authorization;
  if (!a) return { err: "missing" };
  const m = /^(Bearer|ApiKey)\s+(\S+)$/i.exec(a);
  if (!m) return { err: "invalid" };
  if (m[1].toLowerCase() === "apikey")
    return APIKEYS.has(m[2]) ? { role: "partner", partner: APIKEYS.get(m[2]) } : { err: "invalid_api_key" };
  const tok = TOKENS.get(m[2]);
  if (!tok || tok.iat > t) return { err: "invalid_token" };
  if (tok.exp <= t) return { err: "token_expired" };
  return { uid: tok.uid, role: tok.role };
}
function unbalanced(s) {
  if ((s.match(/"/g) || []).length % 2) return true;
  let d = 0;
  for (const ch of s) {
    if (ch === "(") d++;
    else if (ch === ")") {
      d--;
      if (d < 0) return true;
    }
  }
  return d !== 0 || /\\$/.test(s) || /(^|\s)(AND|OR|NOT)\s*$/.test(s) || (/[[{]/.test(s) && !/[\]}]/.test(s));
}
function classify(method, p) {
  if (p === "/api/search") return "search";
  if (p === "/api/auth/login") return "auth";
  if (p === "/api/products") return "db";
  if (p.startsWith("/api/") || p === "/" || p.startsWith("/c/") || p.startsWith("/p/") || p === "/health") return "app";
  return null;
}
const sitemapLastmod = (t) => Math.floor((t - 3 * 3600 - T_TRAIN) / DAY) * DAY + T_TRAIN + 3 * 3600;

function route(req, t, rawPath, p, q) {
  const { method, headers: hd, body } = req;
  const GETISH = method === "GET" || method === "HEAD";
  const ims = hd["if-modified-since"] ? Date.parse(hd["if-modified-since"]) / 1000 : NaN;
  const inm = hd["if-none-match"];
  if (p.startsWith("/api/")) return api(req, t, p, q);
  if (method === "TRACE" || method === "TRACK") return R(405, "html", 157, 0.6);
  if (!GETISH) {
    if (p === "/health" || ASSETS[p] || p === "/" || HTML_SHELL_PATHS.has(p) || p === "/robots.txt")
      return R(405, "html", 157, 0.7);
    return R(404, "html", 5420, 3);
  }
  if (p === "/health") return R(200, "json", 15, 1.4);
  if (p === "/robots.txt") {
    const lm = T_TRAIN - 20 * DAY;
    return ims >= lm ? R(304, "txt", 0, 0.6) : R(200, "txt", ROBOTS_TXT.length, 0.7);
  }
  if (p === "/sitemap.xml") {
    const lm = sitemapLastmod(t);
    return ims >= lm ? R(304, "xml", 0, 2) : R(200, "xml", SITEMAP_BYTES, 85);
  }
  if (p === "/.well-known/security.txt") return R(200, "txt", 312, 0.7);
  if (ASSETS[p]) {
    const a = ASSETS[p];
    return inm === a.etag ? R(304, a.type, 0, 0.8) : R(200, a.type, a.raw, 1.8);
  }
  let m = /^\/img\/p\/(\d+)\.jpg$/.exec(p);
  if (m) {
    const pr = PRODUCTS.get(Number(m[1]));
    if (!pr) return R(404, "html", 153, 0.7);
    const et = `"${(H("imget", pr.id) % 0xfffffff).toString(16)}-${pr.img.toString(16)}"`;
    return inm === et ? R(304, "img", 0, 0.7) : R(200, "img", pr.img, 2.6);
  }
  if (["/static", "/static/", "/img", "/img/", "/img/p", "/img/p/", "/server-status", "/server-info"].includes(p))
    return R(403, "html", 153, 0.6);
  if (p === "/") return R(200, "html", 46120 + (H("home", Math.floor((t - T_TRAIN) / 900)) % 2400), 38);
  m = /^\/c\/([a-z0-9-]+)\/?$/.exec(p);
  if (m && LISTS[m[1]] && m[1] !== "all") {
    const page = intParam(q.get("page"), 1) || 1;
    const sort = SORTS.includes(q.get("sort")) ? q.get("sort") : "featured";
    const ids = listPage(m[1], sort, page, 24);
    return R(200, "html", 21300 + m[1].length * 9 + sumBytes(ids, "hb"), 52);
  }
  m = /^\/p\/(\d+)\/?$/.exec(p);
  if (m && PRODUCTS.has(Number(m[1]))) {
    const pr = PRODUCTS.get(Number(m[1]));
    return ims >= pr.lastmod ? R(304, "html", 0, 9) : R(200, "html", 36100 + (H("phtml", pr.id) % 9000), 44);
  }
  if (HTML_SHELL_PATHS.has(p.replace(/\/$/, "") || "/") || /^\/account\/orders\/\d+$/.test(p))
    return R(200, "html", 6240, 4);
  return R(404, "html", 5420, 3);
}

function api(req, t, p, q) {
  const { method, headers: hd, body, ip } = req;
  const GET = method === "GET" || method === "HEAD";
  if (method === "OPTIONS") return R(204, "json", 0, 0.9);
  const NF = () => J(404, 44, 2.5);
  const MNA = () => J(405, 58, 1.2);
  const U401 = (a) => J(401, a && a.err === "token_expired" ? 66 : 61, 2.2);
  const seg = p.split("/").filter(Boolean); // ['api', ...]
  const s1 = seg[1],
    s2 = seg[2],
    s3 = seg[3];
  if (seg.length > 5) return NF();

  if (s1 === "categories" && seg.length === 2) return GET ? J(200, 1884, 6) : MNA();

  if (s1 === "products") {
    if (seg.length === 2) {
      if (!GET) return MNA();
      const page = intParam(q.get("page"), 1),
        per = intParam(q.get("per_page") ?? q.get("limit"), 24);
      const sort = q.get("sort") ?? "featured",
        cat = q.get("category");
      if (!(page >= 1 && page <= 100000) || !(per >= 1 && per <= 100) || !SORTS.includes(sort)) return J(400, 92, 3);
      const since = q.get("updated_since");
      let ids;
      if (since !== null) {
        const ts = Date.parse(since) / 1000;
        if (!Number.isFinite(ts)) return J(400, 88, 3);
        const nchg = Math.min(PIDS.length, Math.max(0, Math.round(((t - ts) / 3600) * 22)));
        ids = LISTS.all.newest.slice(0, nchg).slice((page - 1) * per, page * per);
      } else
        ids =
          cat !== null
            ? cat !== "all" && LISTS[cat]
              ? listPage(cat, sort, page, per)
              : []
            : listPage("all", sort, page, per);
      return J(200, 152 + sumBytes(ids, "lb") + (cat ? cat.length : 0) + String(page).length, 38 + per * 0.7, {
        data: { ids },
      });
    }
    if (!/^\d+$/.test(s2)) return J(400, 49, 1.5);
    const pr = PRODUCTS.get(Number(s2));
    if (seg.length === 3) {
      if (!GET) return MNA();
      return pr ? J(200, pr.det, 21, { data: { exists: true } }) : NF();
    }
    if (seg.length === 4 && s3 === "reviews") {
      if (GET) {
        const page = intParam(q.get("page"), 1);
        if (!(page >= 1)) return J(400, 60, 2);
        if (!pr) return NF();
        const n = clamp(pr.nrev - (page - 1) * 10, 0, 10);
        return J(200, 112 + n * pr.rv + (n ? H("rvp", pr.id, page) % 90 : 0), 24 + n * 2);
      }
      if (method !== "POST") return MNA();
      const a = authOf(hd, t);
      if (a.err) return U401(a);
      if (!pr) return NF();
      const j = parseJson(hd, body);
      if (!j || typeof j !== "object") return J(400, 71, 3);
      if (
        !Number.isInteger(j.rating) ||
        j.rating < 1 ||
        j.rating > 5 ||
        typeof j.text !== "string" ||
        j.text.length > 2000
      )
        return J(422, 118, 4);
      return J(201, 388 + String(j.text).length, 31);
    }
    return NF();
  }

  if (s1 === "search" && seg.length === 2) {
    if (!GET) return MNA();
    const qs = q.get("q");
    if (qs === null || !qs.trim()) return J(400, 58, 1.5);
    if (qs.length > 200) return J(400, 63, 1.5);
    const limit = intParam(q.get("limit"), 24),
      page = intParam(q.get("page"), 1);
    if (!(limit >= 1 && limit <= 50) || !(page >= 1 && page <= 100)) return J(400, 61, 1.5);
    if (unbalanced(qs)) return J(500, 76, 55);
    const all = searchIds(qs);
    const ids = all.slice((page - 1) * limit, page * limit);
    return J(
      200,
      121 + qs.length + (limit <= 8 ? ids.length * 96 : sumBytes(ids, "lb")),
      limit <= 8 ? 32 : 85 + Math.sqrt(all.length) * 3,
      { data: { ids, total: all.length } },
    );
  }

  if (s1 === "cart") {
    const a = authOf(hd, t);
    const key = a.uid
      ? "u" + a.uid
      : cookieVal(hd, "cart_id")
        ? "c" + cookieVal(hd, "cart_id")
        : hd["x-device-id"]
          ? "d" + hd["x-device-id"]
          : "ip" + ip;
    const n = CARTS.get(key) || 0;
    if (seg.length === 2) return GET ? J(200, 71 + n * 262, 12, { data: { n } }) : MNA();
    if (s2 === "items" && seg.length === 3) {
      if (method !== "POST") return MNA();
      const j = parseJson(hd, body);
      if (!j || typeof j !== "object") return J(400, 71, 2);
      const pid = Number(j.product_id),
        qty = j.quantity === undefined ? 1 : j.quantity;
      if (!Number.isInteger(pid) || !Number.isInteger(qty)) return J(400, 83, 2);
      if (!PRODUCTS.has(pid)) return NF();
      if (qty < 1 || qty > 10) return J(422, 97, 3);
      CARTS.set(key, n + 1);
      return J(201, 71 + (n + 1) * 262, 26, { data: { n: n + 1 } });
    }
    if (s2 === "items" && seg.length === 4) {
      if (method !== "DELETE") return MNA();
      if (!n) return NF();
      CARTS.set(key, n - 1);
      return J(204, 0, 14);
    }
    return NF();
  }

  if (s1 === "checkout" && seg.length === 2) {
    if (method !== "POST") return MNA();
    const a = authOf(hd, t);
    if (a.err || !a.uid) return U401(a);
    const j = parseJson(hd, body);
    if (!j || typeof j !== "object") return J(400, 71, 3);
    const key = "u" + a.uid;
    const n = CARTS.get(key) || 0;
    if (!n) return J(400, 40, 9);
    if (hf("declined", a.uid, Math.floor(t)) < 0.035) return J(402, 88, 610);
    const id = newOrderId(t, a.uid);
    const acc = UID_ACCOUNT.get(a.uid);
    if (acc) acc.orders.push(id);
    CARTS.set(key, 0);
    return J(201, 870 + n * 120, 470, { data: { orderId: id } });
  }

  if (s1 === "auth" && seg.length === 3) {
    if (method !== "POST") return MNA();
    const j = parseJson(hd, body);
    if (s2 === "login") {
      if (
        !j ||
        typeof j !== "object" ||
        typeof j.username !== "string" ||
        typeof j.password !== "string" ||
        !j.username ||
        !j.password
      )
        return J(400, 103, 4);
      const acc = ACCOUNTS.get(j.username.trim().toLowerCase());
      if (!acc || acc.pw !== j.password) return J(401, 47, 205);
      const tk = issueTokens(acc.uid, acc.role, t);
      for (const gk of [
        cookieVal(hd, "cart_id") && "c" + cookieVal(hd, "cart_id"),
        hd["x-device-id"] && "d" + hd["x-device-id"],
      ]) {
        // merge the guest cart into the user's cart
        if (gk && CARTS.get(gk)) {
          CARTS.set("u" + acc.uid, (CARTS.get("u" + acc.uid) || 0) + CARTS.get(gk));
          CARTS.set(gk, 0);
        }
      }
      return J(200, 1012 + acc.username.length, 215, { data: tk });
    }
    if (s2 === "refresh") {
      const rt = j && typeof j === "object" ? j.refresh_token : undefined;
      const r = typeof rt === "string" ? REFRESH.get(rt) : undefined;
      if (!r || r.iat > t || r.exp <= t || r.revoked <= t) return J(401, 55, 6);
      r.revoked = t;
      const tk = issueTokens(r.uid, r.role, t);
      return J(200, 712, 14, { data: tk });
    }
    if (s2 === "logout") {
      const rt = j && typeof j === "object" ? j.refresh_token : undefined;
      const r = typeof rt === "string" ? REFRESH.get(rt) : undefined;
      if (r && r.revoked > t) r.revoked = t;
      return J(204, 0, 5);
    }
    return NF();
  }

  if (s1 === "users") {
    if (seg.length !== 3) return NF();
    const a = authOf(hd, t);
    if (s2 === "me") {
      if (method === "PATCH" || method === "PUT") {
        if (a.err || !a.uid) return U401(a);
        const j = parseJson(hd, body);
        if (!j || typeof j !== "object") return J(400, 71, 3);
        if ("role" in j || "id" in j || "is_admin" in j) return J(403, 52, 4);
        return J(200, 548, 18);
      }
      if (!GET) return MNA();
      if (a.err || !a.uid) return U401(a);
      return J(200, 540 + (UID_ACCOUNT.get(a.uid)?.username.length || 20), 11);
    }
    if (!GET) return MNA();
    if (a.err) return U401(a);
    if (!/^\d+$/.test(s2)) return J(400, 49, 1.5);
    const uid = Number(s2);
    if (!userExists(uid)) return NF();
    if (uid === a.uid || a.role === "admin") return J(200, 590 + (H("uj", uid) % 300), 12);
    return J(403, 46, 3);
  }

  if (s1 === "orders") {
    const a = authOf(hd, t);
    if (seg.length === 2) {
      if (!GET) return MNA();
      if (a.err) return U401(a);
      const page = intParam(q.get("page"), 1),
        per = intParam(q.get("per_page"), 20);
      if (!(page >= 1) || !(per >= 1 && per <= 100)) return J(400, 61, 2);
      if (a.role === "partner" || a.role === "admin") {
        const since = q.get("updated_since") ?? q.get("since");
        let n = per;
        if (since !== null) {
          const ts = Date.parse(since) / 1000;
          if (!Number.isFinite(ts)) return J(400, 88, 2);
          n = clamp(
            Math.round(((t - ts) / 60) * 1.3 * (0.5 + hf("ordn", Math.floor(t / 60)))) - (page - 1) * per,
            0,
            per,
          );
        }
        return J(200, 134 + n * 537, 36 + n * 1.2, { data: { n } });
      }
      const acc = UID_ACCOUNT.get(a.uid);
      const mine = acc ? acc.orders.filter((id) => orderInfo(id, t)) : [];
      return J(200, 92 + Math.min(per, mine.length) * 412, 19, { data: { ids: mine.slice(-per).reverse() } });
    }
    if (seg.length >= 3) {
      if (a.err) return U401(a);
      if (!/^\d+$/.test(s2)) return J(400, 49, 1.5);
      const info = orderInfo(Number(s2), t);
      const priv = a.role === "partner" || a.role === "admin";
      if (seg.length === 4 && s3 === "status") {
        if (method !== "PUT" && method !== "PATCH") return MNA();
        if (!priv) return J(403, 46, 2);
        if (!info) return NF();
        const j = parseJson(hd, body);
        if (!j || typeof j.status !== "string") return J(400, 71, 2);
        return J(200, 221, 24);
      }
      if (seg.length !== 3) return NF();
      if (!GET) return MNA();
      if (!info) return NF();
      if (priv || info.uid === a.uid) return J(200, 1420 + (H("oj", s2) % 1700), 16);
      return J(403, 46, 3);
    }
  }
  return NF();
}

function handle(req, t) {
  const { method, url, headers: hd, ip } = req;
  const orng = new Rng(H("o", ip, t.toFixed(6), method, url));
  const ae = hd["accept-encoding"] || "";
  const qi = url.indexOf("?");
  const rawPath = (qi >= 0 ? url.slice(0, qi) : url).split("#")[0];
  let res = null,
    p = null;
  try {
    p = decodeURIComponent(rawPath);
  } catch {
    res = R(400, "html", 166, 0.5);
  }
  if (!res && (!rawPath.startsWith("/") || /(^|\/)\.\.?(\/|$)/.test(p) || /[\0\\]/.test(p) || url.length > 8000))
    res = R(400, "html", 166, 0.5);
  let status = null,
    lat = null;
  if (!res) {
    const resource = classify(method, p);
    if (resource) {
      const pr = pressure(t, resource);
      if (pr > 1) {
        const qfail = 1 - 1 / pr,
          x = orng.f();
        if (x < qfail * 0.7) res = R(503, "html", 190, orng.uni(0.4, 9));
        else if (x < qfail) (res = R(504, "html", 167, 0)), (lat = 30000 + orng.uni(0, 45));
      }
      if (!res) {
        res = route(req, t, rawPath, p, new URLSearchParams(qi >= 0 ? url.slice(qi + 1) : ""));
        if (pr > 0.55) res.lat *= 1 + 9 * (pr - 0.55) ** 2;
      }
    } else res = route(req, t, rawPath, p, new URLSearchParams(qi >= 0 ? url.slice(qi + 1) : ""));
  }
  status = res.status;
  if (lat === null) lat = Math.min(28500, orng.logn(res.lat, 0.38) + 0.15);
  const bytes = method === "HEAD" || status === 304 || status === 204 ? 0 : encSize(res.raw, res.type, ae);
  return { status, bytes, latency: Math.round(lat * 10) / 10, data: res.data || null };
}

// ---------------------------------------------------------------- browsers and headers
const CHROME_MAJ = [
  [154, 28],
  [153, 42],
  [152, 10],
  [151, 6],
  [150, 4],
  [148, 4],
  [144, 3],
  [138, 3],
];
const FIREFOX_MAJ = [
  [156, 45],
  [155, 30],
  [153, 10],
  [140, 15],
];
const GREASE = [
  ["Not)A;Brand", "8"],
  ["Not.A/Brand", "99"],
  ["Not/A)Brand", "24"],
  ["Not?A_Brand", "24"],
  ["Not_A Brand", "99"],
  ["Not A(Brand", "8"],
];
function chUaString(major, brand) {
  const g = GREASE[major % 6];
  const items = [`"${g[0]}";v="${g[1]}"`, `"Chromium";v="${major}"`, `"${brand}";v="${major}"`];
  const perm = [
    [0, 1, 2],
    [1, 2, 0],
    [2, 0, 1],
    [1, 0, 2],
    [2, 1, 0],
    [0, 2, 1],
  ][(major >> 1) % 6];
  return perm.map((i) => items[i]).join(", ");
}
const LANGS = {
  us: [
    ["en-US,en;q=0.9", 85],
    ["en-US,en;q=0.9,es;q=0.8", 6],
    ["es-US,es;q=0.9,en;q=0.8", 4],
    ["en-US,en;q=0.9,zh-CN;q=0.8,zh;q=0.7", 2],
    ["en-GB,en-US;q=0.9,en;q=0.8", 2],
    ["en-US", 1],
  ],
  eu: [
    ["de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", 24],
    ["de-DE,de;q=0.9", 8],
    ["fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", 18],
    ["en-GB,en-US;q=0.9,en;q=0.8", 20],
    ["nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", 8],
    ["es-ES,es;q=0.9", 8],
    ["it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", 7],
    ["pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", 6],
  ],
  au: [
    ["en-AU,en;q=0.9", 60],
    ["en-GB,en-US;q=0.9,en;q=0.8", 20],
    ["en-US,en;q=0.9", 20],
  ],
};
const regionLangKey = (region) => (region === "eu" ? "eu" : region === "au" ? "au" : "us");
const BROWSER_MIX = [
  [["chrome", "win"], 30],
  [["chrome", "mac"], 11],
  [["safari", "mac"], 7],
  [["safari", "ios"], 19],
  [["chrome", "android"], 14],
  [["edge", "win"], 8],
  [["firefox", "win"], 4],
  [["firefox", "mac"], 1.2],
  [["firefox", "linux"], 0.8],
  [["chrome", "linux"], 1.2],
  [["samsung", "android"], 2.5],
  [["crios", "ios"], 1.3],
];
function makeBrowser(rng, o = {}) {
  const [name, os] = o.kind || rng.pickW(o.mix || BROWSER_MIX);
  const lang0 = o.lang || rng.pickW(LANGS[regionLangKey(o.region)]);
  const b = { name, os, mobile: os === "ios" || os === "android", lang: lang0 };
  if (name === "chrome" || name === "edge" || name === "samsung") {
    const major = o.major || rng.pickW(CHROME_MAJ);
    b.fam = "chromium";
    b.major = major;
    const plat = { win: "Windows", mac: "macOS", linux: "Linux", android: "Android" }[os];
    b.platform = plat;
    const osPart = {
      win: "Windows NT 10.0; Win64; x64",
      mac: "Macintosh; Intel Mac OS X 10_15_7",
      linux: "X11; Linux x86_64",
      android: "Linux; Android 10; K",
    }[os];
    if (name === "samsung") {
      const sv = rng.pick(["28.0", "29.0", "27.0"]);
      b.ua = `Mozilla/5.0 (${osPart}) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/${sv} Chrome/${major - 14}.0.0.0 Mobile Safari/537.36`;
      b.chUa = chUaString(major - 14, "Samsung Internet");
    } else {
      b.ua = `Mozilla/5.0 (${osPart}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 ${b.mobile ? "Mobile " : ""}Safari/537.36${name === "edge" ? ` Edg/${major}.0.0.0` : ""}`;
      b.chUa = chUaString(major, name === "edge" ? "Microsoft Edge" : "Google Chrome");
    }
    b.ae = "gzip, deflate, br, zstd";
  } else if (name === "firefox") {
    const v = o.major || rng.pickW(FIREFOX_MAJ);
    b.fam = "firefox";
    b.major = v;
    const osPart = {
      win: "Windows NT 10.0; Win64; x64",
      mac: "Macintosh; Intel Mac OS X 10.15",
      linux: rng.chance(0.5) ? "X11; Ubuntu; Linux x86_64" : "X11; Linux x86_64",
    }[os];
    b.ua = `Mozilla/5.0 (${osPart}; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`;
    const prim = lang0.split(",")[0];
    b.lang = prim === "en-US" ? "en-US,en;q=0.5" : `${prim},${prim.split("-")[0]};q=0.8,en-US;q=0.5,en;q=0.3`;
    b.ae = "gzip, deflate, br, zstd";
  } else {
    // safari / crios (WebKit)
    b.fam = "safari";
    const sv = rng.pickW([
      ["26.4", 30],
      ["26.5", 25],
      ["27.0", 20],
      ["26.0", 8],
      ["18.6", 10],
      ["17.7", 7],
    ]);
    const frozen = Number(sv) >= 26;
    const iosTok = frozen ? "18_6" : sv.replace(".", "_");
    if (os === "ios") {
      const dev = rng.chance(0.92) ? "iPhone; CPU iPhone OS" : "iPad; CPU OS";
      b.ua =
        name === "crios"
          ? `Mozilla/5.0 (${dev} ${iosTok} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/${rng.pickW(CHROME_MAJ)}.0.${rng.int(7300, 7600)}.${rng.int(40, 180)} Mobile/15E148 Safari/604.1`
          : `Mozilla/5.0 (${dev} ${iosTok} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${sv} Mobile/15E148 Safari/604.1`;
    } else
      b.ua = `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${sv} Safari/605.1.15`;
    const prim = lang0.split(",")[0];
    b.lang = prim.includes("-") ? `${prim},${prim.split("-")[0]};q=0.9` : prim;
    b.ae = "gzip, deflate, br";
  }
  return b;
}
function chHints(b, h) {
  if (b.fam !== "chromium") return h;
  return Object.assign(
    { "sec-ch-ua": b.chUa, "sec-ch-ua-mobile": b.mobile ? "?1" : "?0", "sec-ch-ua-platform": `"${b.platform}"` },
    h,
  );
}
function hNav(b, o = {}) {
  const site = o.site || "same-origin";
  if (b.fam === "chromium")
    return chHints(b, {
      "upgrade-insecure-requests": "1",
      "user-agent": b.ua,
      accept:
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
      "sec-fetch-site": site,
      "sec-fetch-mode": "navigate",
      "sec-fetch-user": o.reload ? undefined : "?1",
      "sec-fetch-dest": "document",
      referer: o.referer,
      "accept-encoding": b.ae,
      "accept-language": b.lang,
      cookie: o.cookie,
      "if-modified-since": o.ims,
      priority: "u=0, i",
    });
  if (b.fam === "firefox")
    return {
      "user-agent": b.ua,
      accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      "accept-language": b.lang,
      "accept-encoding": b.ae,
      referer: o.referer,
      "upgrade-insecure-requests": "1",
      "sec-fetch-dest": "document",
      "sec-fetch-mode": "navigate",
      "sec-fetch-site": site,
      "sec-fetch-user": "?1",
      cookie: o.cookie,
      priority: "u=0, i",
      te: "trailers",
    };
  return {
    accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "sec-fetch-site": site,
    cookie: o.cookie,
    "sec-fetch-dest": "document",
    "accept-language": b.lang,
    "sec-fetch-mode": "navigate",
    "user-agent": b.ua,
    referer: o.referer,
    "accept-encoding": b.ae,
    priority: "u=0, i",
  };
}
function hXhr(b, o = {}) {
  const post = o.post;
  if (b.fam === "chromium")
    return {
      "sec-ch-ua-platform": `"${b.platform}"`,
      authorization: o.auth,
      "sec-ch-ua": b.chUa,
      "sec-ch-ua-mobile": b.mobile ? "?1" : "?0",
      "user-agent": b.ua,
      accept: "application/json, text/plain, */*",
      "content-type": post ? "application/json" : undefined,
      origin: post ? ORIGIN_URL : undefined,
      "sec-fetch-site": "same-origin",
      "sec-fetch-mode": "cors",
      "sec-fetch-dest": "empty",
      referer: o.referer,
      "accept-encoding": b.ae,
      "accept-language": b.lang,
      cookie: o.cookie,
      priority: "u=1, i",
    };
  if (b.fam === "firefox")
    return {
      "user-agent": b.ua,
      accept: "application/json, text/plain, */*",
      "accept-language": b.lang,
      "accept-encoding": b.ae,
      "content-type": post ? "application/json" : undefined,
      authorization: o.auth,
      origin: post ? ORIGIN_URL : undefined,
      referer: o.referer,
      "sec-fetch-dest": "empty",
      "sec-fetch-mode": "cors",
      "sec-fetch-site": "same-origin",
      cookie: o.cookie,
      priority: "u=0",
      te: "trailers",
    };
  return {
    accept: "application/json, text/plain, */*",
    "content-type": post ? "application/json" : undefined,
    authorization: o.auth,
    "sec-fetch-site": "same-origin",
    origin: post ? ORIGIN_URL : undefined,
    cookie: o.cookie,
    "sec-fetch-dest": "empty",
    "accept-language": b.lang,
    "sec-fetch-mode": "cors",
    "user-agent": b.ua,
    referer: o.referer,
    "accept-encoding": b.ae,
    priority: "u=3, i",
  };
}
const SUB_ACCEPT = {
  chromium: {
    script: "*/*",
    style: "text/css,*/*;q=0.1",
    image: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
  },
  firefox: {
    script: "*/*",
    style: "text/css,*/*;q=0.1",
    image: "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
  },
  safari: {
    script: "*/*",
    style: "text/css,*/*;q=0.1",
    image:
      "image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
  },
};
function hSub(b, dest, o = {}) {
  const accept = SUB_ACCEPT[b.fam][dest];
  const mode = dest === "script" ? "cors" : "no-cors";
  if (b.fam === "chromium")
    return chHints(b, {
      "user-agent": b.ua,
      accept,
      "sec-fetch-site": "same-origin",
      "sec-fetch-mode": mode,
      "sec-fetch-dest": dest,
      referer: o.referer,
      "accept-encoding": b.ae,
      "accept-language": b.lang,
      cookie: o.cookie,
      "if-none-match": o.inm,
      priority: dest === "image" ? "i" : dest === "style" ? "u=0" : "u=1",
    });
  if (b.fam === "firefox")
    return {
      "user-agent": b.ua,
      accept,
      "accept-language": b.lang,
      "accept-encoding": b.ae,
      referer: o.referer,
      "sec-fetch-dest": dest,
      "sec-fetch-mode": mode,
      "sec-fetch-site": "same-origin",
      cookie: o.cookie,
      "if-none-match": o.inm,
      priority: dest === "image" ? "u=5, i" : "u=2",
    };
  return {
    "if-none-match": o.inm,
    accept,
    "sec-fetch-site": "same-origin",
    cookie: o.cookie,
    "sec-fetch-dest": dest,
    "accept-language": b.lang,
    "sec-fetch-mode": mode,
    "user-agent": b.ua,
    referer: o.referer,
    "accept-encoding": b.ae,
    priority: dest === "image" ? "u=5, i" : "u=2",
  };
}
// Headers of common HTTP tools/libraries (as they send them by default).
const TOOL_UA = {
  requests: "python-requests/2.32.3",
  requests_old: "python-requests/2.28.1",
  httpx: "python-httpx/0.27.2",
  aiohttp: "Python/3.12 aiohttp/3.10.10",
  curl: "curl/8.5.0",
  curl_new: "curl/8.11.1",
  go: "Go-http-client/1.1",
  go2: "Go-http-client/2.0",
  axios: "axios/1.7.9",
  node: "node",
  okhttp: "okhttp/4.12.0",
  java: "Java/17.0.12",
  apache: "Apache-HttpClient/4.5.14 (Java/17.0.12)",
  postman: "PostmanRuntime/7.43.0",
  wget: "Wget/1.21.4",
  scrapy: "Scrapy/2.11.2 (+https://scrapy.org)",
};
function hTool(tool, o = {}) {
  const ua = o.ua || TOOL_UA[tool] || tool;
  const ct = o.ctype;
  switch (tool) {
    case "requests":
    case "requests_old":
      return {
        "user-agent": ua,
        "accept-encoding": "gzip, deflate",
        accept: o.accept || "*/*",
        connection: "keep-alive",
        ...o.extra,
        "content-type": ct,
        authorization: o.auth,
      };
    case "httpx":
      return {
        accept: o.accept || "*/*",
        "accept-encoding": "gzip, deflate, br, zstd",
        connection: "keep-alive",
        "user-agent": ua,
        ...o.extra,
        "content-type": ct,
        authorization: o.auth,
      };
    case "aiohttp":
      return {
        "user-agent": ua,
        accept: o.accept || "*/*",
        "accept-encoding": "gzip, deflate, br",
        ...o.extra,
        "content-type": ct,
        authorization: o.auth,
      };
    case "curl":
    case "curl_new":
      return { "user-agent": ua, accept: o.accept || "*/*", ...o.extra, "content-type": ct, authorization: o.auth };
    case "go":
    case "go2":
      return { "user-agent": ua, ...o.extra, authorization: o.auth, "content-type": ct, "accept-encoding": "gzip" };
    case "axios":
      return {
        accept: o.accept || "application/json, text/plain, */*",
        "content-type": ct,
        "user-agent": ua,
        ...o.extra,
        authorization: o.auth,
        "accept-encoding": "gzip, compress, deflate, br",
      };
    case "node":
      return {
        accept: o.accept || "*/*",
        "accept-language": "*",
        "sec-fetch-mode": "cors",
        "user-agent": ua,
        "accept-encoding": "gzip, deflate",
        ...o.extra,
        "content-type": ct,
        authorization: o.auth,
      };
    case "apache":
      return {
        accept: o.accept || "application/json",
        ...o.extra,
        authorization: o.auth,
        "content-type": ct,
        "user-agent": ua,
        "accept-encoding": "gzip,deflate",
      };
    case "postman":
      return {
        ...o.extra,
        authorization: o.auth,
        "content-type": ct,
        "user-agent": ua,
        accept: "*/*",
        "cache-control": "no-cache",
        "postman-token": o.rng ? o.rng.uuid() : undefined,
        "accept-encoding": "gzip, deflate, br",
        connection: "keep-alive",
      };
    case "scrapy":
      return {
        accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "accept-language": "en",
        "user-agent": ua,
        "accept-encoding": "gzip, deflate, br, zstd",
        ...o.extra,
        referer: o.referer,
      };
    default:
      return {
        "user-agent": ua,
        accept: o.accept || "*/*",
        "accept-encoding": "gzip",
        ...o.extra,
        "content-type": ct,
        authorization: o.auth,
      };
  }
}

// ---------------------------------------------------------------- clients
const RECORDS = [];
class Client {
  constructor(ip, rng) {
    this.ip = ip;
    this.rng = rng;
    this.t = 0;
    this.bw = 30;
  }
  send(method, url, headers, body) {
    const h = {};
    for (const k in headers) if (headers[k] !== undefined && headers[k] !== null) h[k] = headers[k];
    if (body === undefined && (method === "POST" || method === "PUT" || method === "PATCH")) body = "";
    const req = { method, url, ip: this.ip, headers: h, body };
    const res = handle(req, this.t);
    const rec = { ts: Math.round(this.t * 1e6) / 1e6, method, url, host: HOST, ip: this.ip, headers: h };
    if (body !== undefined && body !== null) rec.body = body;
    rec.status = res.status;
    rec.bytes = res.bytes;
    rec.latency_ms = res.latency;
    RECORDS.push(rec);
    this.last = res;
    return res;
  }
  // send and wait for the response (sequential client)
  call(method, url, headers, body) {
    const r = this.send(method, url, headers, body);
    this.t += r.latency / 1000 + (r.bytes * 8) / (this.bw * 1e6) + 0.0005;
    return r;
  }
  // issue several requests concurrently; wait until all are done
  batch(fns) {
    const t0 = this.t;
    let end = t0;
    const out = [];
    fns.forEach((fn, i) => {
      this.t = t0 + i * this.rng.uni(0.0003, 0.004);
      const r = fn();
      out.push(r);
      end = Math.max(end, this.t + r.latency / 1000 + (r.bytes * 8) / (this.bw * 1e6));
    });
    this.t = end + 0.001;
    return out;
  }
}
const popularPid = (rng) => LISTS.all.featured[Math.floor(LISTS.all.featured.length * rng.f() ** 2.6)];
const qsOf = (o) => {
  const s = Object.entries(o)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v)).replace(/%20/g, "+")}`)
    .join("&");
  return s ? "?" + s : "";
};
function typoOf(rng, s) {
  if (s.length < 4) return s + s[s.length - 1];
  const i = rng.int(1, s.length - 2);
  const k = rng.int(0, 2);
  if (k === 0) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  if (k === 1) return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i) + "qwertyuiopasdfghjklzxcvbnm"[rng.int(0, 25)] + s.slice(i + 1);
}

// ---------------------------------------------------------------- browser users (SPA)
class BrowserUser extends Client {
  constructor(p) {
    super(p.ip, p.rng);
    this.p = p;
    this.b = p.b;
    this.bw = p.bw;
    this.here = "/";
    this.state = { type: "home", ids: [] };
    this.hist = [];
  }
  get cookie() {
    const c = this.p.cookies;
    const parts = [];
    if (c.ga) parts.push(`_ga=${c.ga}`);
    if (c.ga4) parts.push(`_ga_8QZK2M4T1R=${c.ga4}`);
    if (c.consent) parts.push(`cookie_consent=${c.consent}`);
    if (c.sid) parts.push(`sid=${c.sid}`);
    if (c.cart) parts.push(`cart_id=${c.cart}`);
    return parts.length ? parts.join("; ") : undefined;
  }
  ref() {
    return ORIGIN_URL + this.here;
  }
  pathOf(r) {
    switch (r.type) {
      case "home":
        return "/";
      case "cat":
        return (
          `/c/${r.cat}` +
          qsOf({ page: r.page > 1 ? r.page : undefined, sort: r.sort && r.sort !== "featured" ? r.sort : undefined })
        );
      case "prod":
        return `/p/${r.pid}`;
      case "search":
        return "/search" + qsOf({ q: r.q, page: r.page > 1 ? r.page : undefined });
      case "cart":
        return "/cart";
      case "checkout":
        return "/checkout";
      case "orders":
      case "aorders":
        return "/account/orders";
      case "order":
        return `/account/orders/${r.id}`;
      case "login":
        return "/login";
      default:
        return r.path || "/";
    }
  }
  xhr(method, url, body) {
    const auth = this.p.at && !url.startsWith("/api/auth/") ? "Bearer " + this.p.at : undefined;
    return this.send(
      method,
      url,
      hXhr(this.b, { referer: this.ref(), cookie: this.cookie, auth, post: body !== undefined }),
      body,
    );
  }
  xcall(method, url, body) {
    const r = this.xhr(method, url, body);
    this.t += r.latency / 1000 + (r.bytes * 8) / (this.bw * 1e6) + 0.002;
    return r;
  }
  ensureAuth() {
    const p = this.p;
    if (!p.rt) return false;
    if (p.at && this.t < p.atExp - 20) return true;
    const saved = p.at;
    p.at = null;
    const r = this.xcall("POST", "/api/auth/refresh", JSON.stringify({ refresh_token: p.rt }));
    if (r.status === 200) {
      p.at = r.data.at;
      p.rt = r.data.rt;
      p.atExp = r.data.exp;
      return true;
    }
    if (r.status === 401) {
      p.rt = null;
      return false;
    }
    p.at = saved;
    return false;
  }
  assets() {
    const ref = this.ref();
    const fns = [];
    for (const a of ["/static/app.css", "/static/app.js"]) {
      const inm = this.p.cache.has(a) ? ASSETS[a].etag : undefined; // no-cache: revalidate on each full load
      fns.push(() =>
        this.send(
          "GET",
          a,
          hSub(this.b, a.endsWith(".js") ? "script" : "style", { referer: ref, cookie: this.cookie, inm }),
        ),
      );
    }
    if (!this.p.cache.has("/favicon.ico"))
      fns.push(() => this.send("GET", "/favicon.ico", hSub(this.b, "image", { referer: ref, cookie: this.cookie })));
    this.batch(fns);
    for (const a of ["/static/app.css", "/static/app.js", "/favicon.ico"]) this.p.cache.add(a);
  }
  images(ids) {
    const fns = [];
    for (const id of ids) {
      const key = `/img/p/${id}.jpg`;
      if (this.p.imgSeen.has(key)) continue;
      this.p.imgSeen.add(key);
      fns.push(() => this.send("GET", key, hSub(this.b, "image", { referer: this.ref(), cookie: this.cookie })));
    }
    if (fns.length) {
      this.t += this.rng.uni(0.005, 0.06);
      this.batch(fns);
    }
  }
  fullLoad(route, o = {}) {
    const path = this.pathOf(route) + (o.extra || "");
    const r = this.call(
      "GET",
      path,
      hNav(this.b, { site: o.site || "same-origin", referer: o.referer, cookie: this.cookie, reload: o.reload }),
    );
    this.here = path;
    if (!this.p.cookies.sid) this.p.cookies.sid = "s%3A" + this.rng.b64u(32) + "." + this.rng.b64u(43);
    if (r.status >= 500) {
      this.state = { type: "error", ids: [] };
      return this.state;
    }
    this.assets();
    this.t += this.rng.uni(0.04, 0.35); // parse + boot
    if (this.p.rt) this.ensureAuth();
    const pre = [() => this.xhr("GET", "/api/categories")];
    if (this.p.at) pre.push(() => this.xhr("GET", "/api/users/me"));
    if (this.p.at || this.p.cookies.cart) pre.push(() => this.xhr("GET", "/api/cart"));
    if (r.status === 404) {
      this.batch(pre);
      this.state = { type: "notfound", ids: [] };
      return this.state;
    }
    return this.view(route, pre);
  }
  spa(route) {
    this.hist.push(this.state);
    if (this.hist.length > 20) this.hist.shift();
    this.here = this.pathOf(route);
    return this.view(route, []);
  }
  view(route, pre) {
    const per = this.p.per || 24;
    const fns = pre.slice();
    switch (route.type) {
      case "home":
        fns.push(() => this.xhr("GET", "/api/products" + qsOf({ sort: "featured", per_page: per })));
        break;
      case "cat":
        fns.push(() =>
          this.xhr(
            "GET",
            "/api/products" + qsOf({ page: route.page, category: route.cat, sort: route.sort, per_page: per }),
          ),
        );
        break;
      case "prod":
        fns.push(
          () => this.xhr("GET", `/api/products/${route.pid}`),
          () => this.xhr("GET", `/api/products/${route.pid}/reviews?page=1`),
        );
        break;
      case "search":
        fns.push(() =>
          this.xhr("GET", "/api/search" + qsOf({ q: route.q, page: route.page > 1 ? route.page : undefined })),
        );
        break;
      case "cart":
      case "checkout":
        fns.push(() => this.xhr("GET", "/api/cart"));
        break;
      case "orders":
        if (this.p.at) fns.push(() => this.xhr("GET", "/api/orders"));
        break;
      case "order":
        if (this.p.at) fns.push(() => this.xhr("GET", `/api/orders/${route.id}`));
        break;
      case "aorders":
        fns.push(() => this.xhr("GET", "/api/orders" + qsOf({ page: route.page, per_page: 50, status: route.status })));
        break;
      default:
        break;
    }
    const rs = fns.length ? this.batch(fns) : [];
    const main = rs[pre.length];
    let ids = main && main.data && main.data.ids ? main.data.ids : [];
    if (route.type === "prod" && main && main.status === 200) {
      const rel = this.batch([
        () =>
          this.xhr(
            "GET",
            "/api/products" + qsOf({ category: PRODUCTS.get(route.pid).cat, sort: "rating", per_page: 8 }),
          ),
      ])[0];
      ids = rel.data && rel.data.ids ? rel.data.ids.filter((x) => x !== route.pid) : [];
      this.images([route.pid, ...ids.slice(0, this.b.mobile ? 2 : 4)]);
    } else if (ids.length && ["home", "cat", "search"].includes(route.type)) {
      this.images(ids.slice(0, this.rng.int(this.b.mobile ? 3 : 5, this.b.mobile ? 6 : 10)));
    }
    this.state = { ...route, ids, ok: main ? main.status : 0, n: main && main.data ? main.data.n : undefined };
    return this.state;
  }
  login() {
    const p = this.p,
      acc = p.account;
    if (!acc) return false;
    const r0 = this.rng;
    if (this.state.type !== "login") this.spa({ type: "login" });
    this.t += r0.uni(4, 16);
    const wrong1 = r0.chance(0.1),
      wrong2 = wrong1 && r0.chance(0.3),
      giveUp = wrong2 && r0.chance(0.4);
    for (let attempt = 1; attempt <= 3; attempt++) {
      let pw = acc.pw;
      if ((attempt === 1 && wrong1) || (attempt === 2 && wrong2) || (attempt === 3 && giveUp))
        pw = r0.chance(0.6)
          ? typoOf(r0, acc.pw)
          : acc.pw.replace(/\d+/, (d) => String(Number(d) + 1)) + (r0.chance(0.3) ? "!" : "");
      const user =
        attempt === 1 && r0.chance(0.2) ? acc.username[0].toUpperCase() + acc.username.slice(1) : acc.username;
      const r = this.xcall("POST", "/api/auth/login", JSON.stringify({ username: user, password: pw }));
      if (r.status === 200) {
        p.at = r.data.at;
        p.rt = r.data.rt;
        p.atExp = r.data.exp;
        this.batch([() => this.xhr("GET", "/api/users/me"), () => this.xhr("GET", "/api/cart")]);
        return true;
      }
      if (r.status >= 500 || attempt === 3) return false;
      this.t += r0.uni(3, 14);
      if (giveUp && attempt === 2 && r0.chance(0.5)) return false;
    }
    return false;
  }
  logout() {
    const p = this.p;
    if (!p.rt) return;
    this.xcall("POST", "/api/auth/logout", JSON.stringify({ refresh_token: p.rt }));
    p.at = p.rt = null;
    this.spa({ type: "home" });
  }
  addToCart(pid) {
    const q = this.rng.chance(0.85) ? 1 : this.rng.int(2, 3);
    if (!this.p.at && !this.p.cookies.cart) this.p.cookies.cart = this.rng.uuid();
    const r = this.xcall("POST", "/api/cart/items", JSON.stringify({ product_id: pid, quantity: q }));
    if (r.status === 201) {
      this.p.cartN = (this.p.cartN || 0) + 1;
      this.t += this.rng.uni(0.05, 0.3);
      this.xcall("GET", "/api/cart");
    }
  }
  checkout() {
    const p = this.p;
    if (!p.rt) {
      if (!this.login()) return;
      this.t += this.rng.uni(1.5, 6);
    }
    this.ensureAuth();
    this.spa({ type: "checkout" });
    this.t += clamp(this.rng.logn(50, 0.6), 12, 300);
    this.ensureAuth();
    const body = () =>
      JSON.stringify({
        shipping_address_id: "adr_" + this.rng.alnum(12),
        payment_method: "card",
        payment_token: "tok_" + this.rng.alnum(24),
        accept_terms: true,
      });
    let r = this.xcall("POST", "/api/checkout", body());
    if (r.status === 402 && this.rng.chance(0.7)) {
      this.t += this.rng.uni(20, 90);
      this.ensureAuth();
      r = this.xcall("POST", "/api/checkout", body());
    }
    if (r.status === 201) {
      p.cartN = 0;
      p.cookies.cart = undefined;
      this.spa({ type: "order", id: r.data.orderId });
    }
  }
  search(term) {
    const r0 = this.rng;
    let q = term;
    const typo = r0.chance(0.09) && q.length > 4;
    if (typo) q = typoOf(r0, q);
    // autocomplete requests while typing (debounced)
    const stops = new Set();
    const k = r0.int(0, Math.min(3, q.length - 2));
    for (let i = 0; i < k; i++) stops.add(r0.int(2, q.length));
    for (const pos of [...stops].sort((a, b) => a - b)) {
      this.t += r0.uni(0.25, 1.4);
      this.xcall("GET", "/api/search" + qsOf({ q: q.slice(0, pos), limit: 6 }));
    }
    this.t += r0.uni(0.3, 1.6);
    const st = this.spa({ type: "search", q, page: 1 });
    if (typo && (!st.ids || st.ids.length < 3) && r0.chance(0.8)) {
      this.t += r0.uni(2, 8);
      this.spa({ type: "search", q: term, page: 1 });
    }
  }
}

const DEFAULT_LANDING = { search: 34, direct: 27, social: 9, email: 5, bookmark: 5, stale: 3, shared: 6 };
function landingRoute(c, land) {
  const r = c.rng;
  const p = c.p;
  const eng = r.pickW([
    ["https://www.google.com/", 85],
    ["https://www.bing.com/", 8],
    ["https://duckduckgo.com/", 5],
    ["https://search.yahoo.com/", 2],
  ]);
  switch (land) {
    case "search":
      return r.chance(0.75)
        ? [
            { type: "prod", pid: popularPid(r) },
            { site: "cross-site", referer: eng },
          ]
        : [
            { type: "cat", cat: r.pick(p.interests), page: 1, sort: "featured" },
            { site: "cross-site", referer: eng },
          ];
    case "social": {
      const src = r.pick([
        ["facebook", "https://l.facebook.com/", `&fbclid=IwAR${r.b64u(58)}`],
        ["instagram", "https://l.instagram.com/", ""],
        ["pinterest", "https://www.pinterest.com/", ""],
        ["reddit", "https://www.reddit.com/", ""],
      ]);
      return [
        {
          type: r.chance(0.5) ? "prod" : "cat",
          pid: popularPid(r),
          cat: r.pick(p.interests),
          page: 1,
          sort: "featured",
        },
        {
          site: "cross-site",
          referer: src[1],
          extra: `?utm_source=${src[0]}&utm_medium=paid_social&utm_campaign=fall_drop_26${src[2]}`,
        },
      ];
    }
    case "email":
      return [
        { type: "home" },
        {
          site: r.chance(0.5) ? "none" : "cross-site",
          referer: undefined,
          extra: `?utm_source=newsletter&utm_medium=email&utm_campaign=oct_wk${r.int(1, 2)}&mc_eid=${r.hex(10)}`,
        },
      ];
    case "bookmark":
      return p.rt ? [{ type: "orders" }, { site: "none" }] : [{ type: "home" }, { site: "none" }];
    case "stale":
      return [
        { type: "prod", pid: r.pick(MISSING_PIDS) },
        { site: "cross-site", referer: eng },
      ];
    case "shared":
      return [{ type: "prod", pid: popularPid(r) }, { site: "none" }];
    default:
      return [{ type: "home" }, { site: "none" }];
  }
}
const HUMAN_W = {
  prod: 30,
  cat: 10,
  next: 8,
  sort: 4,
  search: 12,
  add: 7,
  cartview: 4,
  login: 5,
  checkout: 5,
  orders: 3,
  reviews: 4,
  typo404: 1,
  reload: 2.5,
  logout: 1.2,
  back: 6,
};
function browseSession(p, start, cfg) {
  const c = p.client;
  const r = c.rng;
  c.ip = p.ip;
  c.t = Math.max(start, c.t + 1);
  c.hist = [];
  p.sessions++;
  if (p.cookies.ga)
    p.cookies.ga4 = `GS2.1.s${Math.floor(c.t)}$o${p.sessions + (p.prevVisits || 0)}$g0$t${Math.floor(c.t)}$j60$l0$h0`;
  if (cfg.onStart) cfg.onStart(c);
  else {
    const [route, o] = landingRoute(c, r.pickW(Object.entries(cfg.landing || DEFAULT_LANDING)));
    c.fullLoad(route, o);
    if (c.state.type === "notfound") {
      c.t += r.uni(2, 9);
      c.spa({ type: "home" });
    }
  }
  if (!p.cookies.consent) {
    c.t += r.uni(1.5, 9);
    p.cookies.consent = r.chance(0.72) ? "all" : "essential";
    if (p.cookies.consent === "all") {
      p.cookies.ga = `GA1.1.${r.int(100000000, 2147483647)}.${Math.floor(c.t)}`;
      p.cookies.ga4 = `GS2.1.s${Math.floor(c.t)}$o1$g0$t${Math.floor(c.t)}$j60$l0$h0`;
    }
  }
  const n = cfg.actions(r);
  const W = cfg.weights || HUMAN_W;
  for (let i = 0; i < n; i++) {
    let think = clamp(r.logn(cfg.think, cfg.sigma), cfg.minThink, cfg.maxThink);
    if (r.chance(cfg.idleP ?? 0.025)) think += r.uni(180, 1800); // tab left in background
    c.t += think;
    if (c.t >= (cfg.until ?? T_END)) break;
    act(c, W, cfg);
  }
  p.lastEnd = c.t;
}
function act(c, W, cfg) {
  const r = c.rng,
    p = c.p,
    s = c.state;
  if (p.rt) c.ensureAuth();
  const opts = [];
  const add = (k, w) => {
    if (w > 0) opts.push([k, w]);
  };
  const listy = ["home", "cat", "search", "prod"].includes(s.type) && s.ids && s.ids.length;
  add("prod", listy ? W.prod || 0 : 0);
  add("cat", W.cat || 0);
  add(
    "next",
    (s.type === "cat" || s.type === "search") && s.ids && s.ids.length >= (s.type === "cat" ? p.per || 24 : 24)
      ? (W.next || 0) / (cfg.heavy ? 1 : s.page || 1)
      : 0,
  );
  add("sort", s.type === "cat" ? W.sort || 0 : 0);
  add("search", W.search || 0);
  add("add", s.type === "prod" && s.ok === 200 ? W.add || 0 : 0);
  add("cartview", p.cartN > 0 || p.rt ? W.cartview || 0 : 0);
  add("login", p.account && !p.rt ? W.login || 0 : 0);
  add("checkout", p.cartN > 0 && p.account ? W.checkout || 0 : 0);
  add("orders", p.rt ? W.orders || 0 : 0);
  add("reviews", s.type === "prod" && s.ok === 200 && PRODUCTS.get(s.pid).nrev > 10 ? W.reviews || 0 : 0);
  add("typo404", W.typo404 || 0);
  add("reload", W.reload || 0);
  add("logout", p.rt ? W.logout || 0 : 0);
  add("back", c.hist.length ? W.back || 0 : 0);
  add("admin_orders", W.admin_orders || 0);
  add("admin_order", W.admin_order || 0);
  add("admin_user", W.admin_user || 0);
  if (!opts.length) return;
  switch (r.pickW(opts)) {
    case "prod": {
      const i = Math.min(s.ids.length - 1, Math.floor(r.exp(cfg.heavy ? 10 : 4)));
      c.spa({ type: "prod", pid: s.ids[i] });
      break;
    }
    case "cat":
      c.spa({
        type: "cat",
        cat: r.chance(0.7) ? r.pick(p.interests) : r.pick(CAT_SLUGS),
        page: 1,
        sort: cfg.sortPref || "featured",
      });
      break;
    case "next":
      c.spa({ ...s, page: (s.page || 1) + 1 });
      break;
    case "sort":
      c.spa({ ...s, page: 1, sort: r.pick(SORTS.filter((x) => x !== s.sort)) });
      break;
    case "search": {
      const ic = r.pick(p.interests);
      c.search(r.chance(0.5) ? r.pick(SEARCH_TERMS) : r.pick(CATS.find((x) => x[0] === ic)[1]));
      break;
    }
    case "add":
      c.addToCart(s.pid);
      break;
    case "cartview":
      c.spa({ type: "cart" });
      break;
    case "login":
      c.login();
      break;
    case "checkout":
      c.checkout();
      break;
    case "orders": {
      const st = c.spa({ type: "orders" });
      if (st.ids && st.ids.length && r.chance(0.5)) {
        c.t += r.uni(2, 12);
        c.spa({ type: "order", id: st.ids[Math.floor(r.exp(1.5)) % st.ids.length] });
      }
      break;
    }
    case "reviews":
      c.xcall("GET", `/api/products/${s.pid}/reviews?page=${r.int(2, 4)}`);
      break;
    case "typo404": {
      const pid = popularPid(r);
      const path = r.pick([
        `/p/${String(pid).slice(0, 3)}`,
        `/p/${pid}0`,
        "/prodcuts",
        "/acount",
        "/cart/checkout",
        `/c/${typoOf(r, r.pick(CAT_SLUGS))}`,
        `/p/${pid}/`,
        "/account/order",
        "/sale",
        "/c/" + r.pick(CAT_SLUGS) + "s",
      ]);
      c.fullLoad({ type: "raw", path }, { site: "none" });
      if (c.state.type === "notfound") {
        c.t += r.uni(2, 8);
        c.spa({ type: "home" });
      }
      break;
    }
    case "reload":
      if (s.type !== "notfound" && s.type !== "error" && s.type !== "login")
        c.fullLoad(s, { site: "same-origin", reload: true, referer: undefined });
      break;
    case "logout":
      c.logout();
      break;
    case "back": {
      const prev = c.hist.pop();
      if (prev && prev.type !== "notfound" && prev.type !== "error") {
        c.here = c.pathOf(prev);
        if (r.chance(0.5)) c.view(prev, []);
        else c.state = prev;
      }
      break;
    }
    case "admin_orders":
      c.spa({
        type: "aorders",
        page: s.type === "aorders" && r.chance(0.7) ? (s.page || 1) + 1 : 1,
        status: r.pick(["paid", "paid", "processing", "shipped", undefined]),
      });
      break;
    case "admin_order": {
      const recent = NEW_ORDER_IDS.filter((x) => ORDERS_NEW.get(x).t <= c.t).slice(-300);
      const id = r.chance(0.55) || !recent.length ? ORD_BASE - r.int(0, 4000) : r.pick(recent);
      c.here = `/account/orders/${id}`;
      c.xcall("GET", `/api/orders/${id}`);
      c.state = { ...s };
      break;
    }
    case "admin_user": {
      const uid = r.int(1, USER_MAX);
      c.xcall("GET", `/api/users/${uid}`);
      break;
    }
    default:
      break;
  }
}

// ---------------------------------------------------------------- benign populations
function humanPool(rng, region, mobileDev) {
  const v6 = rng.chance(0.12);
  if (region === "eu")
    return v6
      ? mobileDev
        ? ["2a01:598"]
        : ["2a02:810a", "2a01:e0a", "2a02:a210"]
      : mobileDev && rng.chance(0.4)
        ? POOLS.mob_eu
        : POOLS.res_eu;
  if (region === "au") return v6 ? ["2001:8003"] : mobileDev && rng.chance(0.4) ? POOLS.mob_au : POOLS.res_au;
  return v6
    ? mobileDev
      ? ["2607:fb90", "2600:387", "2600:1012"]
      : ["2601:1c0", "2601:282", "2601:646", "2600:1700", "2603:8080"]
    : mobileDev && rng.chance(0.45)
      ? POOLS.mob_us
      : POOLS.res_us;
}
const regionAt = (rng, t) => REGIONS[rng.pickW(regionRates(t).map((w, i) => [i, w]))].name;
let PERSONA_SEQ = 0;
function makeBrowserPersona(rng, o) {
  const b = o.b || makeBrowser(rng, { region: o.region, mix: o.mix, kind: o.bkind, lang: o.lang, major: o.major });
  const p = {
    id: PERSONA_SEQ++,
    kind: o.kind,
    region: o.region,
    rng,
    b,
    bw: clamp(rng.logn(o.mbps || 35, 0.8), 2, 600),
    cookies: {},
    imgSeen: new Set(),
    cache: new Set(),
    cartN: 0,
    lastEnd: -Infinity,
    sessions: 0,
    interests: rng.sample(CAT_SLUGS, rng.int(1, 3)),
    per: o.per || 24,
  };
  p.ip = o.ip || allocIp(rng, humanPool(rng, o.region, b.mobile), "benign", o.kind);
  if (o.role || rng.chance(o.accountP ?? 0.55)) {
    p.account = makeAccount(rng, o.role || "customer");
    giveOldOrders(rng, p.account, rng.int(0, 5));
    if (o.role || rng.chance(o.rememberedP ?? 0.4))
      p.rt = issueTokens(p.account.uid, p.account.role, T_TRAIN - rng.uni(0.1, 20) * DAY).rt;
  }
  if (p.rt || rng.chance(o.knownP ?? 0.4)) {
    // has visited the shop before the simulated period
    p.prevVisits = rng.int(1, 40);
    p.cookies.sid = "s%3A" + rng.b64u(32) + "." + rng.b64u(43);
    p.cookies.consent = rng.chance(0.75) ? "all" : "essential";
    if (p.cookies.consent === "all")
      p.cookies.ga = `GA1.1.${rng.int(100000000, 2147483647)}.${Math.floor(T_TRAIN - rng.uni(2, 400) * DAY)}`;
    for (const a of ["/static/app.js", "/static/app.css", "/favicon.ico"]) p.cache.add(a);
  }
  p.client = new BrowserUser(p);
  return p;
}
const HUMAN_CFG = { think: 15, sigma: 0.95, minThink: 1.2, maxThink: 420, actions: (r) => r.geom(9), idleP: 0.025 };

function runHumans() {
  const rng = rngFor("humans");
  const SESS_PER_DAY = 880;
  const rate = SESS_PER_DAY / diurnalIntegral(T_TRAIN, T_TRAIN + DAY);
  const personas = [];
  let t = T_TRAIN - 2400;
  for (;;) {
    t += rng.exp(1 / rate);
    if (t >= T_END) break;
    if (!rng.chance(diurnal(t))) continue;
    const region = regionAt(rng, t);
    let p = null;
    if (personas.length > 30 && rng.chance(0.28)) {
      for (let k = 0; k < 8 && !p; k++) {
        const cand = personas[Math.floor(rng.f() * personas.length)];
        if (cand.region === region && cand.lastEnd < t - 1200) p = cand;
      }
    }
    if (!p) {
      p = makeBrowserPersona(rngFor("human", personas.length), { kind: "human", region });
      personas.push(p);
    } else if (rng.chance(0.08)) p.ip = allocIp(p.rng, humanPool(p.rng, region, p.b.mobile), "benign", "human"); // new network
    browseSession(p, t, HUMAN_CFG);
  }
  return personas.length;
}

// ---- mobile app users
const IOS_MODELS = [
  "iPhone14,5",
  "iPhone14,7",
  "iPhone15,2",
  "iPhone15,3",
  "iPhone15,4",
  "iPhone16,1",
  "iPhone16,2",
  "iPhone17,1",
  "iPhone17,3",
  "iPhone18,1",
  "iPhone13,2",
];
const ANDROID_MODELS = [
  ["SM-S921B", "UP1A.231005.007"],
  ["SM-S918U", "UP1A.231005.007"],
  ["Pixel 8", "AP4A.250205.002"],
  ["Pixel 7a", "BP1A.250505.005"],
  ["Pixel 9 Pro", "BP2A.250605.031"],
  ["SM-A546E", "UP1A.231005.007"],
  ["moto g power 5G - 2024", "U1UDS34.63-54-3"],
  ["CPH2581", "UKQ1.230924.001"],
  ["2311DRK48G", "UKQ1.231003.002"],
  ["SM-G991U", "TP1A.220624.014"],
];
function makeAppPersona(rng, o) {
  const ios = rng.chance(o.iosP ?? 0.6);
  const appV = rng.pickW([
    ["5.3.1", 52],
    ["5.3.0", 14],
    ["5.2.4", 20],
    ["5.1.0", 9],
    ["4.9.7", 5],
  ]);
  const build = appV.replace(/\./g, "") + "0";
  const p = {
    id: PERSONA_SEQ++,
    kind: o.kind,
    region: o.region,
    rng,
    ios,
    appV,
    build,
    lastEnd: -Infinity,
    sessions: 0,
    cartN: 0,
    interests: rng.sample(CAT_SLUGS, rng.int(1, 3)),
    bw: clamp(rng.logn(25, 0.9), 1, 300),
  };
  if (ios) {
    const osv = rng.pickW([
      ["26.0.1", 25],
      ["26.1", 28],
      ["26.2", 8],
      ["18.6.2", 24],
      ["18.7", 7],
      ["17.7.2", 8],
    ]);
    const darwin = osv.startsWith("26") ? "25.0.0" : osv.startsWith("18") ? "24.6.0" : "23.6.0";
    const cfn = osv.startsWith("26") ? "3826.500.111" : osv.startsWith("18") ? "3826.400.120" : "1498.700.2";
    p.ua = `ShopExample/${appV} (com.shopexample.app; build:${build}; iOS ${osv}) Alamofire/5.10.2`;
    p.imgUa = `ShopExample/${build} CFNetwork/${cfn} Darwin/${darwin}`;
    p.model = rng.pick(IOS_MODELS);
    p.lang = {
      eu: rng.pick(["de-DE;q=1.0, en-DE;q=0.9", "fr-FR;q=1.0", "en-GB;q=1.0", "nl-NL;q=1.0, en-NL;q=0.9"]),
      au: "en-AU;q=1.0",
      us: rng.chance(0.9) ? "en-US;q=1.0" : "es-US;q=1.0, en-US;q=0.9",
    }[regionLangKey(o.region)];
    p.devId = rng.uuid().toUpperCase();
  } else {
    const [model, bid] = rng.pick(ANDROID_MODELS);
    const av = rng.pickW([
      ["15", 40],
      ["14", 35],
      ["16", 12],
      ["13", 13],
    ]);
    p.ua = `ShopExample/${appV} (Android ${av}; ${model}; build ${build}) okhttp/4.12.0`;
    p.imgUa = `Dalvik/2.1.0 (Linux; U; Android ${av}; ${model} Build/${bid})`;
    p.lang = { eu: rng.pick(["de-DE", "fr-FR", "en-GB", "es-ES"]), au: "en-AU", us: "en-US" }[regionLangKey(o.region)];
    p.devId = rng.uuid();
  }
  p.homeIp = o.ip || allocIp(rng, humanPool(rng, o.region, false), "benign", o.kind);
  p.fixedIp = !!o.ip;
  if (rng.chance(o.accountP ?? 0.85)) {
    p.account = makeAccount(rng);
    giveOldOrders(rng, p.account, rng.int(0, 6));
    if (rng.chance(0.85)) p.rt = issueTokens(p.account.uid, "customer", T_TRAIN - rng.uni(0.1, 25) * DAY).rt;
  }
  p.client = new Client(p.homeIp, rng);
  p.client.bw = p.bw;
  return p;
}
function appHeaders(p, o = {}) {
  if (p.ios)
    return {
      accept: "application/json",
      "accept-language": p.lang,
      "accept-encoding": "br;q=1.0, gzip;q=0.9, deflate;q=0.8",
      "user-agent": p.ua,
      authorization: o.auth,
      "content-type": o.post ? "application/json" : undefined,
      "x-app-version": p.appV,
      "x-device-id": p.devId,
      "x-platform": "ios",
    };
  return {
    accept: "application/json",
    authorization: o.auth,
    "x-app-version": p.appV,
    "x-device-id": p.devId,
    "x-platform": "android",
    "accept-language": p.lang,
    "content-type": o.post ? "application/json; charset=utf-8" : undefined,
    "accept-encoding": "gzip",
    "user-agent": p.ua,
  };
}
function appSession(p, start, o = {}) {
  const c = p.client,
    r = p.rng;
  c.t = Math.max(start, c.t + 1);
  p.sessions++;
  c.ip = p.fixedIp || r.chance(0.45) ? p.homeIp : allocIp(r, humanPool(r, p.region, true), "benign", p.kind);
  if (o.ip) c.ip = o.ip;
  const api = (m, url, body) =>
    c.send(
      m,
      url,
      appHeaders(p, {
        auth: p.at && !url.startsWith("/api/auth/") ? "Bearer " + p.at : undefined,
        post: body !== undefined,
      }),
      body,
    );
  const apiCall = (m, url, body) => {
    const x = api(m, url, body);
    c.t += x.latency / 1000 + (x.bytes * 8) / (c.bw * 1e6) + 0.003;
    return x;
  };
  p.imgSeen ||= new Set();
  const imgs = (ids) => {
    ids = ids.filter((id) => !p.imgSeen.has(id));
    for (const id of ids) p.imgSeen.add(id);
    const fns = ids.map(
      (id) => () =>
        c.send(
          "GET",
          `/img/p/${id}.jpg`,
          p.ios
            ? {
                accept: "image/*,*/*;q=0.8",
                "accept-language": "en-US,en;q=0.9",
                "accept-encoding": "gzip, deflate, br",
                "user-agent": p.imgUa,
              }
            : { "user-agent": p.imgUa, "accept-encoding": "gzip" },
        ),
    );
    if (fns.length) c.batch(fns);
  };
  const auth = () => {
    if (!p.rt) return false;
    if (p.at && c.t < p.atExp - 30) return true;
    p.at = null;
    const x = apiCall("POST", "/api/auth/refresh", JSON.stringify({ refresh_token: p.rt }));
    if (x.status === 200) {
      p.at = x.data.at;
      p.rt = x.data.rt;
      p.atExp = x.data.exp;
      return true;
    }
    if (x.status === 401) p.rt = null;
    return false;
  };
  const login = () => {
    if (!p.account) return false;
    c.t += r.uni(5, 20);
    for (let a = 1; a <= 2; a++) {
      const x = apiCall(
        "POST",
        "/api/auth/login",
        JSON.stringify({
          username: p.account.username,
          password: a === 1 && r.chance(0.12) ? typoOf(r, p.account.pw) : p.account.pw,
        }),
      );
      if (x.status === 200) {
        p.at = x.data.at;
        p.rt = x.data.rt;
        p.atExp = x.data.exp;
        return true;
      }
      c.t += r.uni(3, 10);
    }
    return false;
  };
  const open = () => {
    // cold/warm start burst
    auth();
    const fns = [
      () => api("GET", "/api/categories"),
      () => api("GET", "/api/products" + qsOf({ page: 1, sort: "featured", per_page: 20 })),
    ];
    if (p.at) {
      fns.unshift(() => api("GET", "/api/users/me"));
      fns.push(() => api("GET", "/api/cart"));
      if (r.chance(0.3)) fns.push(() => api("GET", "/api/orders?per_page=5"));
    }
    const rs = c.batch(fns);
    const lst = rs.find((x) => x.data && x.data.ids);
    state = { type: "list", cat: null, page: 1, ids: lst ? lst.data.ids : [] };
    imgs(state.ids.slice(0, 6));
  };
  let state;
  open();
  const n = r.geom(o.heavy ? 40 : 8);
  for (let i = 0; i < n; i++) {
    c.t += clamp(r.logn(o.heavy ? 4 : 9, 0.9), 0.8, 240);
    if (r.chance(0.04)) {
      c.t += r.uni(60, 1200);
      if (c.t >= T_END) break;
      open();
      continue;
    } // background, then resume
    if (c.t >= T_END) break;
    if (p.rt) auth();
    const w = [
      ["scroll", state.type === "list" && state.ids.length >= 20 ? 25 : 0],
      ["prod", state.ids.length ? 30 : 0],
      ["cat", 12],
      ["search", 10],
      ["add", state.type === "prod" ? 9 : 0],
      ["cart", 4],
      ["checkout", p.cartN > 0 && p.account ? 5 : 0],
      ["orders", p.at ? 4 : 0],
      ["login", !p.rt && p.account ? 2 : 0],
      ["reviews", state.type === "prod" ? 4 : 0],
    ];
    switch (r.pickW(w.filter((x) => x[1] > 0))) {
      case "scroll": {
        // infinite scroll: quick consecutive pages
        const k = r.int(1, 3);
        for (let j = 0; j < k; j++) {
          state.page++;
          const x = apiCall(
            "GET",
            "/api/products" +
              qsOf({ page: state.page, category: state.cat || undefined, sort: "featured", per_page: 20 }),
          );
          const ids = x.data && x.data.ids ? x.data.ids : [];
          imgs(ids.slice(0, r.int(3, 6)));
          state.ids = ids;
          c.t += r.uni(0.8, 4);
          if (ids.length < 20) break;
        }
        break;
      }
      case "prod": {
        const pid = state.ids[Math.min(state.ids.length - 1, Math.floor(r.exp(4)))];
        const rs = c.batch([
          () => api("GET", `/api/products/${pid}`),
          () => api("GET", `/api/products/${pid}/reviews?page=1`),
        ]);
        imgs(rs[0].status === 200 ? [pid] : []);
        state = {
          ...state,
          type: rs[0].status === 200 ? "prod" : "list",
          pid,
          ids: state.type === "prod" ? relatedIds(pid, 6) : state.ids,
        };
        break;
      }
      case "cat": {
        const cat = r.chance(0.7) ? r.pick(p.interests) : r.pick(CAT_SLUGS);
        const x = apiCall("GET", "/api/products" + qsOf({ page: 1, category: cat, sort: "featured", per_page: 20 }));
        state = { type: "list", cat, page: 1, ids: x.data && x.data.ids ? x.data.ids : [] };
        imgs(state.ids.slice(0, 6));
        break;
      }
      case "search": {
        let q = r.pick(SEARCH_TERMS);
        if (r.chance(0.08)) q = typoOf(r, q);
        if (r.chance(0.6))
          for (let k = 3; k < q.length; k += r.int(2, 4)) {
            c.t += r.uni(0.3, 0.9);
            apiCall("GET", "/api/search" + qsOf({ q: q.slice(0, k), limit: 5 }));
          }
        const x = apiCall("GET", "/api/search" + qsOf({ q, limit: 20 }));
        state = { type: "search", page: 1, ids: x.data && x.data.ids ? x.data.ids : [] };
        imgs(state.ids.slice(0, 6));
        break;
      }
      case "add": {
        const x = apiCall("POST", "/api/cart/items", JSON.stringify({ product_id: state.pid, quantity: 1 }));
        if (x.status === 201) {
          p.cartN++;
          c.t += r.uni(0.1, 0.5);
          apiCall("GET", "/api/cart");
        }
        break;
      }
      case "cart":
        apiCall("GET", "/api/cart");
        break;
      case "checkout": {
        if (!p.rt) {
          if (!login()) break;
          c.t += r.uni(1, 5);
        }
        auth();
        apiCall("GET", "/api/cart");
        c.t += clamp(r.logn(35, 0.6), 8, 200);
        auth();
        const x = apiCall(
          "POST",
          "/api/checkout",
          JSON.stringify({
            shipping_address_id: "adr_" + r.alnum(12),
            payment_method: r.pick(["apple_pay", "card", "google_pay"]),
            payment_token: "tok_" + r.alnum(24),
          }),
        );
        if (x.status === 201) {
          p.cartN = 0;
          c.t += r.uni(0.5, 2);
          apiCall("GET", `/api/orders/${x.data.orderId}`);
        }
        break;
      }
      case "orders": {
        const x = apiCall("GET", "/api/orders");
        const ids = x.data && x.data.ids ? x.data.ids : [];
        if (ids.length && r.chance(0.6)) {
          c.t += r.uni(1, 6);
          apiCall("GET", `/api/orders/${ids[0]}`);
        }
        break;
      }
      case "login":
        login();
        break;
      case "reviews":
        apiCall("GET", `/api/products/${state.pid}/reviews?page=2`);
        break;
      default:
        break;
    }
  }
  p.lastEnd = c.t;
}
function runMobile() {
  const rng = rngFor("mobile");
  const SESS_PER_DAY = 520;
  const rate = SESS_PER_DAY / diurnalIntegral(T_TRAIN, T_TRAIN + DAY);
  const personas = [];
  let t = T_TRAIN - 1800;
  for (;;) {
    t += rng.exp(1 / rate);
    if (t >= T_END) break;
    if (!rng.chance(diurnal(t))) continue;
    const region = regionAt(rng, t);
    let p = null;
    if (personas.length > 20 && rng.chance(0.42)) {
      for (let k = 0; k < 8 && !p; k++) {
        const cand = personas[Math.floor(rng.f() * personas.length)];
        if (cand.region === region && cand.lastEnd < t - 600) p = cand;
      }
    }
    if (!p) {
      p = makeAppPersona(rngFor("app", personas.length), { kind: "mobile", region });
      personas.push(p);
    }
    appSession(p, t);
  }
  return personas.length;
}

// ---- office NATs (many employees behind one address)
function utcOf(localDay, hour, off) {
  return Date.UTC(2026, 9, localDay) / 1000 + (hour - off) * 3600;
}
function runOffices() {
  const offices = [
    {
      name: "nat-us-east",
      off: -4,
      open: 8.5,
      close: 18.2,
      n: 44,
      pool: POOLS.biz_us,
      region: "us_east",
      corp: [["chrome", "win"], 153],
      corpShare: 0.7,
      presence: 0.85,
      days: [5, 6],
    },
    {
      name: "nat-sydney",
      off: 11,
      open: 8.3,
      close: 18.5,
      n: 28,
      pool: POOLS.biz_au,
      region: "au",
      corp: [["edge", "win"], 153],
      corpShare: 0.65,
      presence: 0.85,
      days: [5, 6],
    },
    {
      name: "nat-cowork-sf",
      off: -7,
      open: 7.5,
      close: 22,
      n: 36,
      pool: POOLS.biz_us,
      region: "us_west",
      corp: null,
      corpShare: 0,
      presence: 0.5,
      days: [4, 5, 6],
    },
  ];
  let people = 0;
  for (const o of offices) {
    const rng = rngFor("office", o.name);
    const ip = allocIp(rng, o.pool, "benign", "nat_office");
    const staff = [];
    for (let i = 0; i < o.n; i++) {
      const prng = rngFor("office", o.name, i);
      const corp = o.corp && prng.chance(o.corpShare);
      const app = !corp && prng.chance(o.corp ? 0.12 : 0.3);
      const persona = app
        ? makeAppPersona(prng, { kind: "nat_office", region: o.region, ip })
        : makeBrowserPersona(prng, {
            kind: "nat_office",
            region: o.region,
            ip,
            bkind: corp ? o.corp[0] : undefined,
            major: corp ? o.corp[1] : undefined,
            mix: corp ? undefined : BROWSER_MIX,
            mbps: 80,
          });
      persona.app = app;
      staff.push(persona);
    }
    const events = [];
    for (const day of o.days)
      for (const p of staff) {
        const r = p.rng;
        if (!r.chance(o.presence)) continue;
        const n = r.poisson(o.corp ? 2.2 : 1.6) + (r.chance(0.6) ? 1 : 0);
        for (let k = 0; k < n; k++) {
          const h = r.chance(0.35) ? r.uni(12, 13.6) : r.uni(o.open, o.close);
          events.push([utcOf(day, h, o.off), p]);
        }
      }
    events.sort((a, b) => a[0] - b[0]);
    for (const [t, p] of events) {
      if (t < T_TRAIN - 3600 || t >= T_END) continue;
      if (p.lastEnd > t) continue;
      if (p.app) appSession(p, t, { ip });
      else browseSession(p, t, { ...HUMAN_CFG, think: 13, actions: (r) => r.geom(6) });
    }
    people += staff.length;
  }
  return people;
}

// ---- heavy users: power shoppers / resellers / internal staff reading a lot
function runHeavy() {
  const H_USERS = [
    {
      name: "merch-admin",
      role: "admin",
      off: -4,
      region: "us_east",
      pool: "biz_us",
      mode: "admin",
      bkind: ["chrome", "win"],
      windows: [
        [5, 9.2, 12.1],
        [5, 13.0, 17.4],
      ],
    },
    {
      name: "support-lead",
      role: "admin",
      off: -7,
      region: "us_west",
      pool: "res_us",
      mode: "admin",
      bkind: ["chrome", "mac"],
      windows: [
        [5, 9.0, 11.6],
        [5, 15.4, 18.7],
      ],
    },
    {
      name: "deal-hunter",
      role: "customer",
      off: -4,
      region: "us_east",
      pool: "res_us",
      mode: "power",
      bkind: ["firefox", "win"],
      windows: [
        [4, 20.3, 22.6],
        [5, 20.4, 22.4],
      ],
    },
    {
      name: "content-editor",
      role: "admin",
      off: 2,
      region: "eu",
      pool: "res_eu",
      mode: "power",
      bkind: ["safari", "mac"],
      windows: [
        [5, 9.1, 12.4],
        [5, 13.5, 16.9],
      ],
    },
    {
      name: "reseller-au",
      role: "customer",
      off: 11,
      region: "au",
      pool: "res_au",
      mode: "power",
      bkind: ["chrome", "win"],
      windows: [[6, 11.15, 12.9]],
    },
    {
      name: "collector-app",
      role: "customer",
      off: -7,
      region: "us_west",
      pool: "res_us",
      mode: "app",
      windows: [
        [4, 19.5, 21.0],
        [5, 17.2, 18.9],
      ],
    },
  ];
  for (const u of H_USERS) {
    const rng = rngFor("heavy", u.name);
    const ip = allocIp(rng, POOLS[u.pool], "benign", "heavy_user");
    if (u.mode === "app") {
      const p = makeAppPersona(rng, { kind: "heavy_user", region: u.region, ip });
      for (const [d, h0, h1] of u.windows) {
        let t = utcOf(d, h0, u.off);
        const t1 = utcOf(d, h1, u.off);
        while (t < t1 && t < T_END) {
          appSession(p, t, { heavy: true });
          t = p.lastEnd + rng.uni(60, 900);
        }
      }
      continue;
    }
    const p = makeBrowserPersona(rng, {
      kind: "heavy_user",
      region: u.region,
      ip,
      role: u.role,
      bkind: u.bkind,
      per: u.mode === "power" ? 48 : 24,
      mbps: 120,
    });
    for (const [d, h0, h1] of u.windows) {
      let t = utcOf(d, h0, u.off);
      const t1 = utcOf(d, h1, u.off);
      while (t < t1 && t < T_END) {
        const cfg =
          u.mode === "admin"
            ? {
                think: 6,
                sigma: 0.8,
                minThink: 1,
                maxThink: 120,
                idleP: 0.01,
                until: Math.min(t1, t + rng.uni(1800, 5400)),
                actions: () => 1e6,
                weights: {
                  admin_orders: 22,
                  admin_order: 30,
                  admin_user: 14,
                  prod: 10,
                  next: 6,
                  search: 8,
                  cat: 4,
                  back: 3,
                },
              }
            : {
                think: 3.1,
                sigma: 0.55,
                minThink: 0.7,
                maxThink: 60,
                idleP: 0.01,
                heavy: true,
                until: Math.min(t1, t + rng.uni(2400, 6000)),
                actions: () => 1e6,
                sortPref: rng.pick(["price_asc", "newest", "featured"]),
                weights: {
                  prod: 22,
                  next: 46,
                  sort: 4,
                  cat: 8,
                  search: 8,
                  add: 2,
                  back: 6,
                  reviews: 3,
                  reload: 1,
                  cartview: 1,
                },
              };
        browseSession(p, t, cfg);
        t = p.lastEnd + rng.uni(240, 1200); // coffee/meeting break
      }
    }
  }
  return H_USERS.length;
}

// ---- partner integrations (API key, machine-paced, legitimate)
function runIntegrations() {
  const out = [];
  // P1: inventory sync (python-requests on AWS). Delta every 5 min, full catalogue hourly.
  {
    const rng = rngFor("int", "p1");
    const key = "pk_live_" + rng.alnum(24);
    APIKEYS.set(key, "inventory-sync");
    const c = new Client(allocIp(rng, POOLS.aws, "benign", "api_integration"), rng);
    c.bw = 500;
    const h = () => hTool("requests", { accept: "application/json", extra: { "x-api-key": key } });
    let last = T_TRAIN - 300;
    for (let slot = Math.floor((T_TRAIN - 3600) / 300) * 300; slot < T_END; slot += 300) {
      c.t = slot + 2 + rng.uni(0, 0.4);
      const full = Math.round((slot % 3600) / 300) === 3; // hh:15
      if (full) {
        for (let page = 1; page <= 200; page++) {
          const r = c.call("GET", "/api/products" + qsOf({ page, per_page: 100 }), h());
          if (r.status >= 500) {
            c.t += 5;
            page--;
            continue;
          }
          if (!r.data || r.data.ids.length < 100) break;
          c.t += rng.uni(0.05, 0.2);
        }
      } else {
        for (let page = 1; page <= 5; page++) {
          const r = c.call("GET", "/api/products" + qsOf({ updated_since: isoDate(last), page, per_page: 100 }), h());
          if (!r.data || r.data.ids.length < 100) break;
        }
      }
      last = slot;
    }
    out.push(c.ip);
  }
  // P2: 3PL fulfilment (Java, Authorization: ApiKey). Fixed-rate 60 s poll of paid orders, then details + status updates.
  {
    const rng = rngFor("int", "p2");
    const key = "pk_live_" + rng.alnum(24);
    APIKEYS.set(key, "fulfilment-3pl");
    const ip = allocIp(rng, POOLS.do, "benign", "api_integration");
    const c = new Client(ip, rng);
    c.bw = 300;
    const h = (body) =>
      hTool("apache", { auth: "ApiKey " + key, ctype: body ? "application/json; charset=UTF-8" : undefined });
    const newOrders = [...ORDERS_NEW.entries()].sort((a, b) => a[1].t - b[1].t);
    let k = 0;
    const t0 = T_TRAIN - 1800 + rng.uni(0, 60);
    for (let i = 0; ; i++) {
      const tick = t0 + i * 60.0 + rng.uni(0, 0.03) + i * 0.00002;
      if (tick >= T_END) break;
      c.t = tick;
      const r = c.call(
        "GET",
        "/api/orders" + qsOf({ status: "paid", updated_since: isoDate(tick - 60), page: 1, per_page: 50 }),
        h(),
      );
      const fresh = [];
      while (k < newOrders.length && newOrders[k][1].t <= tick) fresh.push(newOrders[k++][0]);
      const extra = r.data && r.data.n && rng.chance(0.3) ? 1 : 0;
      for (let j = 0; j < extra; j++) fresh.push(ORD_BASE - rng.int(0, 200));
      for (const id of fresh) {
        c.t += 0.02;
        const d = c.call("GET", `/api/orders/${id}`, h());
        if (d.status === 200) {
          c.t += 0.05;
          c.call(
            "PUT",
            `/api/orders/${id}/status`,
            h(true),
            JSON.stringify({ status: "processing", warehouse: "EWR2" }),
          );
        }
      }
      if (i % 30 === 7)
        for (let j = 0; j < rng.int(3, 12); j++) {
          c.t += rng.uni(0.05, 0.3);
          c.call(
            "PUT",
            `/api/orders/${ORD_BASE - rng.int(200, 3000)}/status`,
            h(true),
            JSON.stringify({ status: "shipped", carrier: "UPS", tracking: "1Z" + rng.alnum(16).toUpperCase() }),
          );
        }
    }
    out.push(ip);
  }
  // P3: price-comparison feed (Go client, x-api-key) every 30 min, page 1 of every category.
  {
    const rng = rngFor("int", "p3");
    const key = "pk_live_" + rng.alnum(24);
    APIKEYS.set(key, "price-feed");
    const c = new Client(allocIp(rng, POOLS.hetzner, "benign", "api_integration"), rng);
    c.bw = 300;
    for (let slot = T_TRAIN - 1800; slot < T_END; slot += 1800) {
      c.t = slot + 11 + rng.uni(0, 1.5);
      for (const cat of CAT_SLUGS)
        c.call(
          "GET",
          "/api/products" + qsOf({ category: cat, sort: "price_asc", page: 1, per_page: 100 }),
          hTool("go2", { extra: { "x-api-key": key, accept: "application/json" } }),
        );
    }
    out.push(c.ip);
  }
  // P4: a new partner onboarding during the test window: exploratory calls (Postman, some 401/400), then a poller.
  {
    const rng = rngFor("int", "p4");
    const key = "pk_live_" + rng.alnum(24);
    APIKEYS.set(key, "marketplace-onboarding");
    const c = new Client(allocIp(rng, POOLS.biz_us, "benign", "api_integration"), rng);
    c.bw = 200;
    c.t = T_TEST + 1500 + rng.uni(0, 300);
    const pm = (mode) =>
      hTool("postman", {
        rng,
        extra: mode === "key" ? { "x-api-key": key } : mode === "bad" ? { "x-api-key": key.slice(0, -1) + "x" } : {},
      });
    const steps = [
      ["GET", "/api/products", null],
      ["GET", "/api/products?page=1&per_page=100", null],
      ["GET", "/api/orders", null],
      ["GET", "/api/orders", "bad"],
      ["GET", "/api/orders", "key"],
      ["GET", "/api/orders?page=1&per_page=100", "key"],
      ["GET", "/api/orders?updated_since=2026-10-05", "key"],
      ["GET", "/api/orders?updated_since=yesterday", "key"],
      ["GET", "/api/products?per_page=500", "key"],
      ["GET", "/api/products?per_page=100&page=2", "key"],
      ["GET", `/api/orders/${ORD_BASE - 12}`, "key"],
      ["GET", `/api/orders/${ORD_BASE - 13}`, "key"],
      ["GET", "/api/v1/orders", "key"],
      ["GET", "/api/orders?status=paid&per_page=50", "key"],
    ];
    for (const [m, u, a] of steps) {
      const r = c.call(m, u, pm(a));
      c.t += rng.logn(25, 0.8) + (r.status >= 400 ? rng.uni(20, 120) : 0);
    }
    c.t += rng.uni(600, 1200);
    for (let i = 0; c.t < T_END; i++) {
      c.call(
        "GET",
        "/api/orders" + qsOf({ updated_since: isoDate(c.t - 120), page: 1, per_page: 100 }),
        hTool("requests", { accept: "application/json", extra: { "x-api-key": key } }),
      );
      c.t += 120 + rng.uni(-0.5, 0.5);
    }
    out.push(c.ip);
  }
  return out.length;
}

// ---- uptime monitoring
function runMonitoring() {
  const mons = [
    {
      name: "uptimerobot",
      every: 60,
      ips: 6,
      pool: ["69.162.124", "216.144.248", "216.245.221", "63.143.42"],
      method: "HEAD",
      h: {
        "user-agent": "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
        accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "accept-encoding": "gzip, deflate, br",
        "cache-control": "no-cache",
      },
      rot: "random",
    },
    {
      name: "pingdom",
      every: 60,
      ips: 4,
      pool: ["178.255.152", "185.180.12", "72.46.130", "43.229.84"],
      method: "GET",
      h: {
        "user-agent": "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
        accept: "*/*",
        "accept-encoding": "gzip, deflate",
      },
      rot: "cycle",
    },
    {
      name: "datadog",
      every: 300,
      ips: 3,
      pool: POOLS.aws,
      method: "GET",
      h: { "user-agent": "Datadog/Synthetics", accept: "*/*", "accept-encoding": "gzip, deflate, br" },
      rot: "cycle",
      dd: true,
    },
    {
      name: "blackbox",
      every: 30,
      ips: 1,
      pool: POOLS.aws,
      method: "GET",
      h: { "user-agent": "Blackbox Exporter/0.25.0", "accept-encoding": "gzip" },
      rot: "cycle",
    },
  ];
  let n = 0;
  for (const m of mons) {
    const rng = rngFor("mon", m.name);
    const ips = [];
    for (let i = 0; i < m.ips; i++) ips.push(allocIp(rng, m.pool, "benign", "monitoring"));
    n += ips.length;
    const c = new Client(ips[0], rng);
    const phase = rng.uni(0, m.every);
    for (let i = 0; ; i++) {
      const t = T_TRAIN - 600 + phase + i * m.every + rng.uni(-0.4, 0.4);
      if (t >= T_END) break;
      c.t = t;
      c.ip = m.rot === "random" ? rng.pick(ips) : ips[i % ips.length];
      const h = m.dd
        ? {
            ...m.h,
            "x-datadog-origin": "synthetics",
            "x-datadog-trace-id": String(rng.int(1e9, 2e9)) + String(rng.int(1e8, 9e8)),
            "x-datadog-parent-id": "0",
            "x-datadog-sampling-priority": "1",
            "x-datadog-synthetics-test-id": "q7k-2vx-9ph",
          }
        : m.h;
      const r = c.call(m.method, "/health", h);
      if (r.status >= 500 && m.name !== "blackbox") {
        c.t += 3;
        c.call(m.method, "/health", h);
      }
      if (m.dd) {
        c.t += 0.2;
        c.call("GET", "/api/products?page=1&per_page=1", h);
      }
    }
  }
  return n;
}

// ---------------------------------------------------------------- verified good bots
const GOOGLE_UA_MOBILE =
  "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/153.0.7485.62 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const GOOGLE_UA_DESKTOP =
  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/153.0.7485.62 Safari/537.36";
const GOOGLE_UA_IMAGE = "Googlebot-Image/1.0";
const BING_UA =
  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36";
const BING_UA_MOBILE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 7_0 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko) Version/7.0 Mobile/11A465 Safari/9537.53 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";
const GPTBOT_UA =
  "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; GPTBot/1.2; +https://openai.com/gptbot";
const googleHeaders = (ua, ims) => ({
  accept: "text/html,application/xhtml+xml,application/signed-exchange;v=b3,application/xml;q=0.9,*/*;q=0.8",
  from: "googlebot(at)googlebot.com",
  "user-agent": ua,
  "accept-encoding": "gzip, deflate, br",
  "if-modified-since": ims,
});
const bingHeaders = (ua, ims) => ({
  "cache-control": "no-cache",
  accept: "*/*",
  from: "bingbot(at)microsoft.com",
  "user-agent": ua,
  "accept-encoding": "gzip, deflate, br",
  "if-modified-since": ims,
});
const gptHeaders = (ua) => ({
  "user-agent": ua,
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br",
});
// Link structure of the HTML site (what a crawler discovers).
function linksOf(path) {
  const [pth, query] = path.split("?");
  const q = new URLSearchParams(query || "");
  if (pth === "/")
    return [
      ...CAT_SLUGS.map((c) => "/c/" + c),
      ...LISTS.all.featured.slice(0, 24).map((id) => "/p/" + id),
      "/login",
      "/cart",
      "/account",
      "/search?q=sale",
      "/register",
    ];
  let m = /^\/c\/([a-z]+)$/.exec(pth);
  if (m && LISTS[m[1]]) {
    const cat = m[1];
    const page = Number(q.get("page") || 1);
    const sort = SORTS.includes(q.get("sort")) ? q.get("sort") : "featured";
    const last = listPages(cat, 24);
    const L = listPage(cat, sort, page, 24).map((id) => "/p/" + id);
    const pages = new Set([1, 2, 3, page - 1, page + 1, last].filter((x) => x >= 1 && x <= last));
    for (const pg of pages)
      L.push(`/c/${cat}` + qsOf({ page: pg > 1 ? pg : undefined, sort: sort !== "featured" ? sort : undefined }));
    for (const s of SORTS) if (s !== sort) L.push(`/c/${cat}` + qsOf({ sort: s !== "featured" ? s : undefined }));
    return L.concat(["/", "/cart", "/login"]);
  }
  m = /^\/p\/(\d+)$/.exec(pth);
  if (m && PRODUCTS.has(Number(m[1]))) {
    const p = PRODUCTS.get(Number(m[1]));
    return [
      "/c/" + p.cat,
      ...relatedIds(p.id, 8).map((id) => "/p/" + id),
      "/search" + qsOf({ q: p.name.split(" ")[0] }),
      "/cart",
      "/login",
      "/",
    ];
  }
  return [];
}
function runGoodBots() {
  const botIps = (rng, name, n) => {
    const out = [];
    const pfx = BOT_PREFIXES[name];
    for (let i = 0; i < n; i++) out.push(claimIp(randHost(rng, pfx[i % pfx.length]), "good_bot", name));
    return [...new Set(out)];
  };
  const pickUrl = (rng, weights) => {
    const k = rng.pickW(weights);
    if (k === "prod")
      return rng.chance(0.015)
        ? "/p/" + rng.pick(MISSING_PIDS)
        : "/p/" + (rng.chance(0.6) ? popularPid(rng) : rng.pick(PIDS));
    if (k === "cat") {
      const cat = rng.pick(CAT_SLUGS);
      const pg = rng.chance(0.5) ? 1 : rng.int(2, listPages(cat, 24));
      return `/c/${cat}` + qsOf({ page: pg > 1 ? pg : undefined });
    }
    return "/";
  };
  let nIps = 0;
  for (const eng of ["googlebot", "bingbot"]) {
    const rng = rngFor("bot", eng);
    const ips = botIps(rng, eng, eng === "googlebot" ? 16 : 8);
    nIps += ips.length;
    const G = eng === "googlebot";
    const c = new Client(ips[0], rng);
    c.bw = 1000;
    const state = new Map();
    let ipUntil = 0,
      cur = ips[0],
      lastRobots = -Infinity,
      robotsEvery = 0,
      lastSitemap = -Infinity;
    let t = T_TRAIN - 3600;
    while (t < T_END) {
      t += rng.exp(G ? 210 : 260);
      if (t >= T_END) break;
      c.t = t;
      if (t > ipUntil) {
        cur = rng.pick(
          ips
            .slice(0, Math.max(2, Math.floor(ips.length * (t < T_TEST ? 0.8 : 1))))
            .concat(t >= T_TEST ? ips.slice(-3) : []),
        );
        ipUntil = t + rng.exp(2400);
      }
      c.ip = cur;
      const hdr = (ua, url) => {
        const last = state.get(url);
        const ims = last && rng.chance(0.45) ? httpDate(last) : undefined;
        return G ? googleHeaders(ua, ims) : bingHeaders(ua, ims);
      };
      if (t - lastRobots > robotsEvery) {
        c.call("GET", "/robots.txt", G ? googleHeaders(GOOGLE_UA_MOBILE) : bingHeaders(BING_UA));
        lastRobots = t;
        robotsEvery = G ? rng.uni(6, 20) * 3600 : rng.uni(1, 4) * 3600;
        c.t += rng.uni(1, 5);
      }
      if (c.t - lastSitemap > (G ? 12 : 18) * 3600 * rng.uni(0.8, 1.2)) {
        const r = c.call("GET", "/sitemap.xml", hdr(G ? GOOGLE_UA_DESKTOP : BING_UA, "/sitemap.xml"));
        state.set("/sitemap.xml", c.t);
        lastSitemap = c.t;
        c.t += rng.uni(2, 10);
      }
      const n = rng.geom(G ? 5 : 3);
      for (let i = 0; i < n; i++) {
        const ua = G
          ? rng.chance(0.8)
            ? GOOGLE_UA_MOBILE
            : GOOGLE_UA_DESKTOP
          : rng.chance(0.85)
            ? BING_UA
            : BING_UA_MOBILE;
        if (G && rng.chance(0.07)) {
          // Googlebot-Image
          const id = rng.chance(0.6) ? popularPid(rng) : rng.pick(PIDS);
          c.call("GET", `/img/p/${id}.jpg`, {
            accept: "*/*",
            from: "googlebot(at)googlebot.com",
            "user-agent": GOOGLE_UA_IMAGE,
            "accept-encoding": "gzip, deflate, br",
          });
        } else {
          const url = pickUrl(rng, [
            ["prod", 78],
            ["cat", 17],
            ["home", 5],
          ]);
          if (!robotsAllowed(url)) continue;
          const r = c.call("GET", url, hdr(ua, url));
          state.set(url, c.t);
          if (G && r.status === 200 && url.startsWith("/p/") && rng.chance(0.25)) {
            // web rendering service fetches the page's resources later
            const saveT = c.t;
            c.t += rng.uni(2, 40);
            const id = url.slice(3);
            const res = [
              rng.chance(0.06) ? "/static/app.js" : null,
              rng.chance(0.06) ? "/static/app.css" : null,
              "/api/categories",
              `/api/products/${id}`,
              `/api/products/${id}/reviews?page=1`,
              "/api/products" + qsOf({ category: PRODUCTS.get(Number(id)).cat, sort: "rating", per_page: 8 }),
            ].filter(Boolean);
            c.batch(
              res.map(
                (u) => () =>
                  c.send("GET", u, {
                    "user-agent": ua,
                    accept: u.startsWith("/api/") ? "application/json, text/plain, */*" : "*/*",
                    from: "googlebot(at)googlebot.com",
                    "accept-encoding": "gzip, deflate, br",
                    referer: ORIGIN_URL + url,
                  }),
              ),
            );
            c.t = Math.max(c.t, saveT);
          }
        }
        c.t += rng.uni(G ? 0.7 : 1.5, G ? 6 : 11);
      }
    }
  }
  {
    // GPTBot: crawl sessions every few hours, robots.txt first.
    const rng = rngFor("bot", "gptbot");
    const ips = botIps(rng, "gptbot", 4);
    nIps += ips.length;
    const c = new Client(ips[0], rng);
    c.bw = 1000;
    let t = T_TRAIN - 1800 + rng.uni(0, 3600);
    while (t < T_END) {
      c.t = t;
      c.ip = rng.pick(ips);
      c.call("GET", "/robots.txt", gptHeaders(GPTBOT_UA));
      c.t += rng.uni(0.5, 3);
      if (rng.chance(0.5)) {
        c.call("GET", "/sitemap.xml", gptHeaders(GPTBOT_UA));
        c.t += rng.uni(1, 4);
      }
      const n = rng.int(40, 160);
      for (let i = 0; i < n; i++) {
        const url = pickUrl(rng, [
          ["prod", 85],
          ["cat", 13],
          ["home", 2],
        ]);
        if (robotsAllowed(url)) c.call("GET", url, gptHeaders(GPTBOT_UA));
        c.t += rng.uni(1.2, 9);
        if (rng.chance(0.05)) c.ip = rng.pick(ips);
      }
      t = c.t + rng.exp(3 * 3600);
    }
  }
  return nIps;
}

// ---------------------------------------------------------------- attackers (test window only)
const OLD_UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36",
  "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/115.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
  "Mozilla/5.0 (Linux; Android 13; SM-S901B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
];
const uaList = (rng, n, oldShare = 0.3) => {
  const out = [];
  for (let i = 0; i < n; i++)
    out.push(rng.chance(oldShare) ? rng.pick(OLD_UAS) : makeBrowser(rng, { region: "us_east" }).ua);
  return out;
};
const atkIp = (rng, kind, pool, label = "attack") => allocIp(rng, pool, label, kind);
const startIn = (rng, dur, margin = 90) => T_TEST + margin + rng.f() * Math.max(1, 7200 - dur - 2 * margin);
const COMMON_PW = [
  "123456",
  "password",
  "12345678",
  "qwerty",
  "123456789",
  "12345",
  "1234",
  "111111",
  "1234567",
  "dragon",
  "123123",
  "baseball",
  "abc123",
  "football",
  "monkey",
  "letmein",
  "696969",
  "shadow",
  "master",
  "666666",
  "qwertyuiop",
  "123321",
  "mustang",
  "1234567890",
  "michael",
  "654321",
  "superman",
  "1qaz2wsx",
  "7777777",
  "121212",
  "000000",
  "qazwsx",
  "123qwe",
  "killer",
  "trustno1",
  "jordan",
  "jennifer",
  "zxcvbnm",
  "asdfgh",
  "hunter",
  "buster",
  "soccer",
  "harley",
  "batman",
  "andrew",
  "tigger",
  "sunshine",
  "iloveyou",
  "2000",
  "charlie",
  "robert",
  "thomas",
  "hockey",
  "ranger",
  "daniel",
  "starwars",
  "klaster",
  "112233",
  "george",
  "computer",
  "michelle",
  "jessica",
  "pepper",
  "1111",
  "zxcvbn",
  "555555",
  "11111111",
  "131313",
  "freedom",
  "777777",
  "pass",
  "maggie",
  "159753",
  "aaaaaa",
  "ginger",
  "princess",
  "joshua",
  "cheese",
  "amanda",
  "summer",
  "love",
  "ashley",
  "nicole",
  "chelsea",
  "biteme",
  "matthew",
  "access",
  "yankees",
  "987654321",
  "dallas",
  "austin",
  "thunder",
  "taylor",
  "matrix",
  "admin",
  "admin123",
  "Password1",
  "P@ssw0rd",
  "Welcome1",
  "changeme",
  "Passw0rd!",
  "Summer2026!",
  "Autumn2026",
  "Shop2026!",
  "Qwerty123!",
];
function pwList(rng, n) {
  // wordlist + mutations, as cracking tools generate them
  const out = [];
  for (let i = 0; out.length < n; i++) {
    const w = COMMON_PW[i % COMMON_PW.length];
    const round = Math.floor(i / COMMON_PW.length);
    out.push(
      round === 0
        ? w
        : round === 1
          ? w + "1"
          : round === 2
            ? w[0].toUpperCase() + w.slice(1) + "!"
            : round === 3
              ? w + "2026"
              : w + rng.int(1, 99),
    );
  }
  return out;
}
function combos(rng, n, hitRate) {
  // leaked combolist: mostly unknown users, some real users with reused passwords
  const real = [...ACCOUNTS.values()].filter((a) => a.role === "customer");
  const out = [];
  for (let i = 0; i < n; i++) {
    if (rng.chance(hitRate)) {
      const a = rng.pick(real);
      out.push([a.username, a.pw]);
    } else if (rng.chance(0.04)) {
      const a = rng.pick(real);
      out.push([a.username, makePassword(rng)]);
    } else out.push([makeEmail(rng), rng.chance(0.5) ? makePassword(rng) : rng.pick(COMMON_PW) + rng.int(0, 99)]);
  }
  return out;
}
const SCAN_WORDS =
  "admin administrator backup backups bak old new test tmp temp dev staging api v1 v2 login logout register signup user users account accounts config conf configuration settings setup install db database sql mysql phpmyadmin pma adminer dashboard panel cpanel console manager management portal private secret secrets hidden internal debug status health metrics info phpinfo server-status server-info logs log error errors uploads upload files file download downloads static assets images img css js scripts includes include inc lib libs vendor node_modules src app application bin cgi-bin web www public html htdocs site sites cache data export import reports report stats graphql swagger swagger-ui docs doc documentation readme README.md CHANGELOG LICENSE robots.txt sitemap.xml crossdomain.xml .htaccess .htpasswd .env .git .svn .hg .DS_Store .well-known wp-admin wp-login.php wp-content wp-includes xmlrpc.php joomla drupal magento shop store cart checkout order orders product products catalog search feed rss atom mail email webmail forum blog news home index main default archive beta demo sample examples test.php info.php shell cmd upload.php actuator jenkins jira grafana kibana solr elasticsearch prometheus .aws .ssh id_rsa server service services rest soap wsdl xml json ajax rpc auth oauth sso saml token session sessions profile member members customer customers client clients partner partners invoice invoices payment payments billing coupon coupons promo gift wishlist compare review reviews help support contact about faq terms privacy careers jobs press media video gallery calendar events chat socket ws websocket webhook webhooks callback hooks cron queue worker node nginx apache tomcat web.config composer.json package.json yarn.lock Dockerfile docker-compose.yml Makefile Gemfile requirements.txt config.json config.yml settings.py database.yml secrets.yml credentials keys key certs ssl".split(
    " ",
  );
const NUCLEI_PATHS = [
  "/.env",
  "/.env.bak",
  "/.env.local",
  "/.env.production",
  "/.git/config",
  "/.git/HEAD",
  "/.gitlab-ci.yml",
  "/.svn/entries",
  "/.DS_Store",
  "/.aws/credentials",
  "/.npmrc",
  "/.dockerenv",
  "/docker-compose.yml",
  "/config.json",
  "/config.js",
  "/appsettings.json",
  "/web.config",
  "/WEB-INF/web.xml",
  "/server-status",
  "/server-info",
  "/phpinfo.php",
  "/info.php",
  "/actuator",
  "/actuator/env",
  "/actuator/health",
  "/actuator/heapdump",
  "/actuator/mappings",
  "/api/actuator/env",
  "/jolokia/list",
  "/metrics",
  "/debug/pprof/",
  "/debug/vars",
  "/swagger.json",
  "/swagger/v1/swagger.json",
  "/api/swagger.json",
  "/api-docs",
  "/v2/api-docs",
  "/v3/api-docs",
  "/openapi.json",
  "/swagger-ui.html",
  "/swagger-ui/index.html",
  "/graphql",
  "/graphiql",
  "/api/graphql",
  "/console",
  "/h2-console/",
  "/manager/html",
  "/jmx-console/",
  "/admin/",
  "/admin/login",
  "/administrator/",
  "/wp-login.php",
  "/wp-admin/install.php",
  "/wp-json/wp/v2/users",
  "/xmlrpc.php",
  "/wp-config.php.bak",
  "/wp-content/debug.log",
  "/phpmyadmin/",
  "/pma/",
  "/adminer.php",
  "/_profiler/phpinfo",
  "/telescope/requests",
  "/storage/logs/laravel.log",
  "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
  "/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd",
  "/icons/.%2e/%2e%2e/%2e%2e/etc/passwd",
  "/?XDEBUG_SESSION_START=phpstorm",
  "/solr/admin/cores?wt=json",
  "/api/jsonws/invoke",
  "/owa/auth/logon.aspx",
  "/remote/login?lang=en",
  "/+CSCOE+/logon.html",
  "/global-protect/login.esp",
  "/dana-na/auth/url_default/welcome.cgi",
  "/mgmt/tm/sys/management-ip",
  "/_cat/indices",
  "/_cluster/health",
  "/grafana/login",
  "/login.action",
  "/index.action",
  "/.well-known/security.txt",
  "/crossdomain.xml",
  "/sitemap.xml",
  "/robots.txt",
  "/backup.zip",
  "/backup.sql",
  "/db.sql",
  "/dump.sql",
  "/site.tar.gz",
  "/www.zip",
  "/shop.example.zip",
  "/config.php.bak",
  "/.htpasswd",
  "/.bash_history",
  "/.ssh/id_rsa",
  "/api/v1/users",
  "/api/users",
  "/api/admin",
  "/api/config",
  "/api/debug",
  "/api/internal",
  "/api/health",
  "/api/status",
  "/api/version",
  "/version",
  "/static/app.js.map",
  "/karma.conf.js",
  "/phpunit.xml",
  "/.travis.yml",
  "/Dockerfile",
  "/package.json",
  "/composer.lock",
  "/.vscode/sftp.json",
  "/sftp-config.json",
  "/.idea/workspace.xml",
  "/api/v2/swagger.json",
  "/_next/static/development/_devPagesManifest.json",
  "/server.js",
  "/env.js",
];
const ENV_PATHS = [
  "/.env",
  "/api/.env",
  "/backend/.env",
  "/app/.env",
  "/.env.production",
  "/.env.prod",
  "/.env.dev",
  "/.env.local",
  "/.env.save",
  "/.env.old",
  "/config/.env",
  "/laravel/.env",
  "/core/.env",
  "/admin/.env",
  "/v1/.env",
  "/static/.env",
  "/.git/config",
  "/info.php",
  "/phpinfo.php",
  "/.aws/credentials",
  "/config.js",
  "/config.json",
  "/docker-compose.yml",
  "/.env.example",
  "/web/.env",
  "/public/.env",
  "/server/.env",
  "/.env.backup",
];
const NIKTO_DIRS = [
  "",
  "/admin",
  "/cgi-bin",
  "/scripts",
  "/backup",
  "/old",
  "/test",
  "/tmp",
  "/db",
  "/phpmyadmin",
  "/webdav",
  "/manager",
  "/jmx-console",
  "/_vti_bin",
  "/_vti_pvt",
  "/cgi-sys",
  "/htbin",
  "/docs",
  "/examples",
  "/servlet",
  "/WEB-INF",
  "/wp-content/plugins",
  "/horde",
  "/awstats",
  "/mailman",
  "/include",
  "/config",
  "/shop",
  "/store",
  "/cart",
];
const NIKTO_FILES = [
  "index.php",
  "login.php",
  "admin.php",
  "test.cgi",
  "printenv",
  "test-cgi",
  "phpinfo.php",
  "info.php",
  "config.php.bak",
  "web.config",
  "readme.txt",
  "README",
  "CHANGELOG.txt",
  "install.php",
  "setup.php",
  "upload.php",
  "shell.php",
  "global.asa",
  ".htaccess",
  "backup.tar.gz",
  "database.sql",
  "dump.sql",
  "server.xml",
  "WS_FTP.LOG",
  "access.log",
  "error_log",
  "users.txt",
  "passwd",
  "main.cgi",
  "awstats.pl",
  "search.cgi",
  "formmail.pl",
  "cart.cgi",
  "shopping.cgi",
  "admin.cgi",
  "index.jsp",
  "default.asp",
  "login.aspx",
];
const XSS = [
  "<script>alert(1)</script>",
  '"><script>alert(document.domain)</script>',
  "'><img src=x onerror=alert(1)>",
  "<svg/onload=alert(1)>",
  "javascript:alert(1)",
  '"><svg onload=confirm(1)>',
  "<iframe src=javascript:alert(1)>",
  "<details open ontoggle=alert(1)>",
  "'-alert(1)-'",
  "</script><script>alert(1)</script>",
  "<img src=1 onerror=prompt(1)>",
  '" autofocus onfocus=alert(1) x="',
  "<body onload=alert(1)>",
  "{{constructor.constructor('alert(1)')()}}",
];
const SSTI = ["{{7*7}}", "${7*7}", "<%= 7*7 %>", "#{7*7}", "{{7*'7'}}", "${{7*7}}"];
const TRAV = [
  "../../../../etc/passwd",
  "..%2f..%2f..%2f..%2fetc%2fpasswd",
  "....//....//....//etc/passwd",
  "..\\..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "/etc/passwd%00.jpg",
  "file:///etc/passwd",
  "..%252f..%252f..%252fetc%252fpasswd",
];
const CMDI = ["; id", "| cat /etc/passwd", "`sleep 5`", "$(sleep 5)", "&& whoami", "|| ping -c 5 127.0.0.1 ||"];
function sqlPayloads(rng, v) {
  const a = () => rng.int(1000, 9999),
    w = () => rng.chars(4, "abcdefghijklmnopqrstuvwxyz");
  const P = [`${v})`, `${v}'`, `${v}"`, `${v}'"(),.(,`, `${v}.((.),`];
  for (let i = 0; i < 6; i++) {
    const x = a(),
      y = a(),
      z = w();
    P.push(
      `${v} AND ${x}=${x}`,
      `${v} AND ${x}=${y}`,
      `${v}' AND ${x}=${x} AND '${z}'='${z}`,
      `${v}' AND ${x}=${y} AND '${z}'='${z}`,
      `${v}) AND ${x}=${x} AND (${y}=${y}`,
      `${v}' OR NOT ${x}=${x}-- ${z}`,
    );
  }
  for (let i = 0; i < 4; i++) {
    const x = a(),
      z = w();
    P.push(
      `${v} AND (SELECT ${x} FROM (SELECT(SLEEP(5)))${z})`,
      `${v}' AND (SELECT ${x} FROM (SELECT(SLEEP(5)))${z}) AND '${z}'='${z}`,
      `${v};SELECT PG_SLEEP(5)--`,
      `${v}' WAITFOR DELAY '0:0:5'--`,
      `${v} AND EXTRACTVALUE(${x},CONCAT(0x5c,0x7176627a71,(SELECT (ELT(${x}=${x},1))),0x717a627071))`,
      `${v}' AND ${x}=CAST((CHR(113)||CHR(122)||CHR(118)||CHR(122)||CHR(113))||(SELECT (CASE WHEN (${x}=${x}) THEN 1 ELSE 0 END))::text||(CHR(113)||CHR(98)||CHR(118)||CHR(106)||CHR(113)) AS NUMERIC)-- ${z}`,
    );
  }
  for (let k = 1; k <= 10; k++)
    P.push(
      `${v} UNION ALL SELECT ${Array(k).fill("NULL").join(",")}-- -`,
      `${v}' UNION ALL SELECT ${Array(k).fill("NULL").join(",")}-- -`,
    );
  P.push(`${v}' ORDER BY 1-- -`, `${v}' ORDER BY 10-- -`, `${v} OR 1=1`, `${v}' OR '1'='1`, `-${a()} OR 1=1`);
  return P;
}
const sqlmapEnc = (s) =>
  encodeURIComponent(s).replace(/%2C/g, ",").replace(/%28/g, "(").replace(/%29/g, ")").replace(/%3D/g, "=");
const burpHeaders = (b, o) => ({
  ...hXhr(b, { referer: o.referer || ORIGIN_URL + "/", cookie: o.cookie, auth: o.auth, post: o.post }),
});

function runAttacks() {
  const kinds = {};
  const note = (k) => {
    kinds[k] = (kinds[k] || 0) + 1;
  };

  // ----- scanners
  {
    // nikto: tool UA with test ids, minimal headers, mixed methods
    const rng = rngFor("atk", "nikto");
    const c = new Client(atkIp(rng, "scanner", hostingPool(rng, "do", "linode")), rng);
    c.bw = 200;
    note("scanner");
    c.t = startIn(rng, 600);
    const paths = [];
    for (const d of NIKTO_DIRS) {
      paths.push(d + "/");
      for (const f of NIKTO_FILES) paths.push(`${d}/${f}`);
    }
    paths.push(
      "/?=PHPB8B5F2A0-3C92-11d3-A3A9-4C7B08C10000",
      "/index.php?page=../../../../../../etc/passwd",
      "/?mod=<script>alert(document.cookie)</script>&op=browse",
      "/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd",
      "/servlet/com.unify.servletexec.UploadServlet",
      "/%2e/",
      "/?-s",
      "/?PageServices",
      "/?wp-cs-dump",
      "/scripts/..%c1%1c../winnt/system32/cmd.exe?/c+dir",
    );
    let test = 6400 + rng.int(0, 50);
    const ordered = rng.shuffle(paths);
    c.call("GET", "/", {
      "user-agent": "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:Port Check)",
      connection: "Keep-Alive",
    });
    for (const pth of ordered) {
      const m = rng.pickW([
        ["GET", 88],
        ["HEAD", 5],
        ["OPTIONS", 2],
        ["TRACE", 1],
        ["PROPFIND", 1],
        ["POST", 3],
      ]);
      c.send(
        m,
        pth,
        {
          "user-agent": `Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:${String(test++).padStart(6, "0")})`,
          connection: "Keep-Alive",
          "content-type": m === "POST" ? "application/x-www-form-urlencoded" : undefined,
        },
        m === "POST" ? "id=1&submit=1" : undefined,
      );
      c.t += c.last.latency / 1000 + rng.uni(0.004, 0.03);
    }
  }
  {
    // nuclei: random browser UA per request, template paths, some POSTs
    const rng = rngFor("atk", "nuclei");
    const c = new Client(atkIp(rng, "scanner", POOLS.aws), rng);
    note("scanner");
    c.t = startIn(rng, 400);
    const uas = uaList(rng, 40, 0.5);
    for (let round = 0; round < 2; round++)
      for (const pth of rng.shuffle(NUCLEI_PATHS).slice(0, round ? 60 : undefined)) {
        const post = pth.includes("graphql") || pth.includes("eval-stdin") || pth.includes("jsonws");
        const body = pth.includes("graphql")
          ? '{"query":"query IntrospectionQuery { __schema { queryType { name } types { name kind fields { name } } } }"}'
          : pth.includes("eval-stdin")
            ? '<?php echo md5("CVE-2017-9841"); ?>'
            : post
              ? 'cmd={"/api/jsonws/invoke":{}}'
              : undefined;
        c.send(
          post ? "POST" : "GET",
          pth,
          {
            "user-agent": rng.pick(uas),
            connection: "close",
            "content-type": post
              ? pth.includes("graphql")
                ? "application/json"
                : "application/x-www-form-urlencoded"
              : undefined,
            accept: "*/*",
            "accept-language": "en",
            "accept-encoding": "gzip",
          },
          body,
        );
        c.t += rng.exp(1 / 22);
      }
  }
  {
    // ffuf / gobuster directory + API brute force
    const rng = rngFor("atk", "ffuf");
    const c = new Client(atkIp(rng, "scanner", hostingPool(rng, "hetzner", "ovh")), rng);
    note("scanner");
    c.t = startIn(rng, 400);
    const rps = rng.uni(55, 90);
    for (const w of SCAN_WORDS)
      for (const ext of ["", ".php", ".bak", ".zip", ".old", ".txt"]) {
        if (ext && /\.[a-z]+$/i.test(w)) continue;
        c.send("GET", `/${w}${ext}`, { "user-agent": "Fuzz Faster U Fool v2.1.0-dev", "accept-encoding": "gzip" });
        c.t += rng.exp(1 / rps);
      }
    c.t += rng.uni(20, 90);
    for (const w of SCAN_WORDS) {
      c.send("GET", `/api/${w}`, { "user-agent": "Fuzz Faster U Fool v2.1.0-dev", "accept-encoding": "gzip" });
      c.t += rng.exp(1 / rps);
    }
  }
  {
    // gobuster with a browser UA (-a), slower, from a VPN/hosting range
    const rng = rngFor("atk", "gobuster");
    const c = new Client(atkIp(rng, "scanner", POOLS.m247), rng);
    note("scanner");
    c.t = startIn(rng, 900);
    const ua = rng.pick(OLD_UAS);
    for (const w of rng.shuffle(SCAN_WORDS))
      for (const ext of ["", ".json", ".bak"]) {
        if (ext && /\.[a-z]+$/i.test(w)) continue;
        c.send("GET", `/${w}${ext}`, { "user-agent": ua, "accept-encoding": "gzip" });
        c.t += rng.exp(1 / 9);
      }
  }
  for (let i = 0; i < 3; i++) {
    // drive-by .env/config grabbers (botnets), short visits
    const rng = rngFor("atk", "envgrab", i);
    const pool = i === 0 ? POOLS.v6_host : i === 1 ? POOLS.res_world : hostingPool(rng, "asia_cloud", "contabo");
    const c = new Client(atkIp(rng, "scanner", pool), rng);
    note("scanner");
    c.t = startIn(rng, 120, 30);
    const ua = rng.pick(OLD_UAS);
    const h =
      i === 1
        ? hTool("requests", { ua })
        : { "user-agent": ua, accept: "*/*", "accept-encoding": "gzip, deflate", connection: "keep-alive" };
    c.call("GET", "/", h);
    for (const pth of rng.sample(ENV_PATHS, rng.int(12, ENV_PATHS.length))) {
      c.call(rng.chance(0.1) ? "POST" : "GET", pth, h);
      c.t += rng.uni(0.05, i === 2 ? 4 : 0.6);
    }
  }
  {
    // manual recon with a real browser through an intercepting proxy: human pace, looks for API docs and debug routes
    const rng = rngFor("atk", "manualrecon");
    const b = makeBrowser(rng, { kind: ["firefox", "linux"] });
    const p = makeBrowserPersona(rng, {
      kind: "scanner",
      region: "eu",
      ip: atkIp(rng, "scanner", POOLS.res_eu),
      b,
      accountP: 0,
    });
    const c = p.client;
    note("scanner");
    c.t = startIn(rng, 2400);
    c.fullLoad({ type: "home" }, { site: "none" });
    const probes = [
      "/api",
      "/api/",
      "/api/v1/products",
      "/api/v2/products",
      "/api/docs",
      "/api/swagger.json",
      "/api/openapi.json",
      "/api/admin",
      "/api/users",
      "/api/users/1",
      "/api/users/me",
      "/api/orders",
      "/api/debug",
      "/api/config",
      "/api/internal/health",
      "/api/products?page=-1",
      "/api/products?per_page=100000",
      "/api/products?sort=id",
      "/api/products/0",
      "/api/products/99999999999",
      "/api/search?q=",
      "/api/categories?debug=1",
      "/api/products?category[]=audio",
      "/api/graphql",
      "/.well-known/security.txt",
      "/robots.txt",
      "/sitemap.xml",
      "/static/app.js.map",
      "/admin",
      "/api/cart/items",
      "/api/checkout",
      "/api/auth/register",
      "/api/auth/reset",
      "/api/auth/login",
    ];
    for (const pth of probes) {
      c.t += clamp(rng.logn(18, 0.9), 2, 180);
      if (c.t >= T_END) break;
      if (
        pth === "/robots.txt" ||
        pth === "/sitemap.xml" ||
        pth === "/admin" ||
        pth === "/.well-known/security.txt" ||
        pth.endsWith(".map")
      )
        c.call("GET", pth, hNav(b, { site: "none", cookie: c.cookie }));
      else if (
        pth === "/api/cart/items" ||
        pth === "/api/checkout" ||
        pth === "/api/auth/login" ||
        pth.includes("register") ||
        pth.includes("reset")
      )
        c.xcall("POST", pth, pth.endsWith("login") ? '{"username":"admin","password":"admin"}' : "{}");
      else c.xcall("GET", pth);
      if (rng.chance(0.15)) {
        c.t += rng.uni(5, 30);
        c.spa({ type: "prod", pid: popularPid(rng) });
      }
    }
  }

  // ----- aggressive unknown crawlers (follow every link, ignore robots.txt)
  const crawl = (c, rng, o) => {
    const seen = new Set(["/"]);
    const queue = ["/"];
    let n = 0;
    if (o.robots) {
      c.call("GET", "/robots.txt", o.h("/robots.txt"));
    }
    while (queue.length && n < o.max && c.t < o.until) {
      const url = o.dfs ? queue.pop() : queue.shift();
      const r = o.render ? o.render(url) : c.send("GET", url, o.h(url));
      n++;
      if (r.status === 200)
        for (const l of linksOf(url))
          if (!seen.has(l)) {
            seen.add(l);
            queue.push(l);
          }
      c.t += o.gap(rng);
    }
  };
  {
    // Scrapy, honest UA, ~10 concurrent requests
    const rng = rngFor("atk", "scrapy");
    const c = new Client(atkIp(rng, "crawler", hostingPool(rng, "ovh", "do")), rng);
    note("crawler");
    c.t = startIn(rng, 900);
    crawl(c, rng, { max: 3500, until: c.t + 900, h: (u) => hTool("scrapy", {}), gap: (r) => r.exp(1 / 11) });
  }
  {
    // headless Chrome crawler: fetches robots.txt, ignores it, renders pages (assets + API calls)
    const rng = rngFor("atk", "headless-crawler");
    const b = makeBrowser(rng, { kind: ["chrome", "linux"], lang: "en-US,en;q=0.9", major: 153 });
    b.ua = b.ua.replace("Chrome/", "HeadlessChrome/");
    b.chUa = chUaString(153, "HeadlessChrome");
    const p = makeBrowserPersona(rng, {
      kind: "crawler",
      region: "us_east",
      ip: atkIp(rng, "crawler", POOLS.aws),
      b,
      accountP: 0,
      knownP: 0,
      mbps: 800,
    });
    const c = p.client;
    note("crawler");
    c.t = startIn(rng, 1500);
    crawl(c, rng, {
      robots: true,
      max: 800,
      until: c.t + 1200,
      h: () => hNav(b, { site: "none" }),
      gap: (r) => r.uni(0.05, 0.6),
      render: (url) => {
        const m = /^\/p\/(\d+)/.exec(url);
        const route =
          url === "/"
            ? { type: "home" }
            : m
              ? { type: "prod", pid: Number(m[1]) }
              : url.startsWith("/c/")
                ? {
                    type: "cat",
                    cat: url.split("/")[2].split("?")[0],
                    page: Number(new URLSearchParams(url.split("?")[1] || "").get("page") || 1),
                    sort: new URLSearchParams(url.split("?")[1] || "").get("sort") || "featured",
                  }
                : { type: "raw", path: url };
        const r = c.call("GET", url, hNav(b, { site: "none", cookie: c.cookie }));
        c.here = url;
        if (r.status === 200 && route.type !== "raw") {
          c.assets();
          c.view(route, [() => c.xhr("GET", "/api/categories")]);
        }
        return r;
      },
    });
  }
  {
    // Go (colly) crawler with a browser UA string, bursty, HTML only
    const rng = rngFor("atk", "colly");
    const c = new Client(atkIp(rng, "crawler", hostingPool(rng, "vultr", "contabo")), rng);
    note("crawler");
    c.t = startIn(rng, 1200);
    const ua = rng.pick(OLD_UAS);
    let burst = 0;
    crawl(c, rng, {
      max: 3000,
      until: c.t + 1100,
      dfs: true,
      h: () => ({
        "user-agent": ua,
        accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "accept-encoding": "gzip",
      }),
      gap: (r) => (++burst % 200 === 0 ? r.uni(20, 60) : r.exp(1 / 24)),
    });
  }

  // ----- scrapers
  {
    // sequential API walker
    const rng = rngFor("atk", "scrape-seq");
    const c = new Client(atkIp(rng, "scraper", POOLS.do), rng);
    note("scraper");
    c.t = startIn(rng, 1800);
    const tool = rng.pick(["requests", "httpx"]);
    const rps = rng.uni(4, 7);
    for (let id = 1000 + rng.int(0, 2000); id <= PID_MAX && c.t < T_END; id++) {
      c.send("GET", `/api/products/${id}`, hTool(tool, { accept: "application/json" }));
      c.t += rng.exp(1 / rps);
      if (rng.chance(0.002)) c.t += rng.uni(10, 60);
    }
  }
  {
    // listing-driven scraper, rotating UA per request
    const rng = rngFor("atk", "scrape-rotate");
    const c = new Client(atkIp(rng, "scraper", hostingPool(rng, "contabo", "hetzner", "ovh")), rng);
    note("scraper");
    c.t = startIn(rng, 2400);
    const uas = uaList(rng, 25, 0.2);
    const h = () => ({
      "user-agent": rng.pick(uas),
      accept: "application/json, text/plain, */*",
      "accept-language": "en-US,en;q=0.9",
      "accept-encoding": "gzip, deflate, br",
      referer: ORIGIN_URL + "/",
    });
    for (const cat of rng.shuffle(CAT_SLUGS)) {
      for (let page = 1; c.t < T_END; page++) {
        const r = c.call("GET", "/api/products" + qsOf({ page, category: cat, per_page: 48, sort: "newest" }), h());
        const ids = r.data && r.data.ids ? r.data.ids : [];
        for (const id of ids) {
          c.t += rng.uni(0.2, 1.2);
          c.call("GET", `/api/products/${id}`, h());
          if (rng.chance(0.3)) {
            c.t += rng.uni(0.1, 0.5);
            c.call("GET", `/api/products/${id}/reviews?page=1`, h());
          }
        }
        if (ids.length < 48) break;
      }
      if (c.t >= T_END) break;
    }
  }
  {
    // headless browser (stealth): full page loads of each product, fresh cache every page
    const rng = rngFor("atk", "scrape-playwright");
    const b = makeBrowser(rng, { kind: ["chrome", "win"], lang: "en-US,en;q=0.9", major: 152 });
    const ip = atkIp(rng, "scraper", POOLS.aws);
    const p = makeBrowserPersona(rng, { kind: "scraper", region: "us_east", ip, b, accountP: 0, knownP: 0, mbps: 600 });
    const c = p.client;
    note("scraper");
    c.t = startIn(rng, 1800);
    const t1 = c.t + 1800;
    const cat = rng.pick(CAT_SLUGS);
    for (const id of LISTS[cat].featured.concat(LISTS[rng.pick(CAT_SLUGS)].featured)) {
      if (c.t >= t1 || c.t >= T_END) break;
      p.cache.clear();
      p.imgSeen.clear();
      p.cookies = {};
      c.fullLoad({ type: "prod", pid: id }, { site: "none" });
      c.t += rng.uni(0.8, 3.5);
    }
  }
  {
    // low and slow: a whole product walk at a few requests per minute for the full 2 hours (residential proxy)
    const rng = rngFor("atk", "scrape-slow");
    const b = makeBrowser(rng, { kind: ["chrome", "mac"], lang: "en-US,en;q=0.9", major: 153 });
    const c = new Client(atkIp(rng, "scraper", POOLS.res_us), rng);
    note("scraper");
    c.t = T_TEST + rng.uni(5, 120);
    const ids = LISTS.all.price_desc;
    let i = rng.int(0, 300);
    while (c.t < T_END) {
      const id = ids[i++ % ids.length];
      c.send("GET", `/api/products/${id}`, hXhr(b, { referer: `${ORIGIN_URL}/p/${id}` }));
      c.t += rng.uni(9, 32);
      if (rng.chance(0.04)) c.t += rng.uni(60, 200);
    }
  }
  {
    // competitor price monitor on the list endpoint (node/axios, no key), repeated sweeps
    const rng = rngFor("atk", "scrape-prices");
    const c = new Client(atkIp(rng, "scraper", hostingPool(rng, "asia_cloud", "vultr")), rng);
    note("scraper");
    let t = T_TEST + rng.uni(60, 600);
    while (t < T_END) {
      c.t = t;
      for (const cat of CAT_SLUGS)
        for (let page = 1; page <= listPages(cat, 100); page++) {
          c.call(
            "GET",
            "/api/products" + qsOf({ category: cat, page, per_page: 100, sort: "price_asc" }),
            hTool("axios"),
          );
          c.t += rng.uni(0.3, 1.5);
        }
      t = c.t + rng.uni(600, 1200);
    }
  }

  // ----- bruteforce (one account, many passwords)
  {
    // Go tool against "admin", fast
    const rng = rngFor("atk", "bf-admin");
    const c = new Client(atkIp(rng, "bruteforce", hostingPool(rng, "m247", "doc")), rng);
    note("bruteforce");
    c.t = startIn(rng, 300);
    const rps = rng.uni(10, 16);
    for (const pw of pwList(rng, 2200)) {
      c.send(
        "POST",
        "/api/auth/login",
        hTool("go", { ctype: "application/json" }),
        JSON.stringify({ username: "admin", password: pw }),
      );
      c.t += rng.exp(1 / rps);
    }
  }
  {
    // Burp Intruder against a real customer (browser headers copied from a captured request), throttled
    const rng = rngFor("atk", "bf-burp");
    const victim = rng.pick([...ACCOUNTS.values()].filter((a) => a.role === "customer"));
    const b = makeBrowser(rng, { kind: ["chrome", "win"], major: 153 });
    const c = new Client(atkIp(rng, "bruteforce", POOLS.res_world), rng);
    note("bruteforce");
    c.t = startIn(rng, 1800);
    const cookie = `cookie_consent=all; sid=s%3A${rng.b64u(32)}.${rng.b64u(43)}`;
    const t1 = c.t + 1800;
    for (const pw of pwList(rng, 4000)) {
      if (c.t >= t1) break;
      c.call(
        "POST",
        "/api/auth/login",
        burpHeaders(b, { referer: ORIGIN_URL + "/login", cookie, post: true }),
        JSON.stringify({ username: victim.username, password: pw }),
      );
      c.t += rng.uni(0.6, 1.4);
    }
  }
  {
    // slow python bruteforce against a staff account; succeeds near the end, then looks around
    const rng = rngFor("atk", "bf-slow");
    const staff = makeAccount(rng, "admin", "support@shop.example");
    staff.pw = "Summer2026!";
    const c = new Client(atkIp(rng, "bruteforce", POOLS.v6_host), rng);
    note("bruteforce");
    c.t = T_TEST + rng.uni(60, 400);
    const list = pwList(rng, 900).filter((x) => x !== "Summer2026!");
    list.splice(Math.min(list.length - 1, Math.floor((T_END - c.t - 900) / 12)), 0, "Summer2026!");
    for (const pw of list) {
      if (c.t >= T_END) break;
      const r = c.call(
        "POST",
        "/api/auth/login",
        hTool("requests", { ctype: "application/json" }),
        JSON.stringify({ username: "support@shop.example", password: pw }),
      );
      if (r.status === 200) {
        const auth = "Bearer " + r.data.at;
        for (const u of [
          "/api/users/me",
          "/api/orders",
          "/api/orders?page=2",
          "/api/users/1",
          "/api/users/2",
          "/api/users/3",
        ]) {
          c.t += rng.uni(1, 6);
          c.call("GET", u, hTool("requests", { auth }));
        }
        break;
      }
      c.t += rng.uni(5, 19);
    }
  }

  // ----- credential stuffing from single addresses
  {
    // OpenBullet-style: threads, random UA per request, capture on hit
    const rng = rngFor("atk", "cs-ob");
    const c = new Client(atkIp(rng, "credential_stuffing", POOLS.m247), rng);
    note("credential_stuffing");
    c.t = startIn(rng, 700);
    const uas = uaList(rng, 60, 0.3);
    for (const [u, pw] of combos(rng, 1400, 0.012)) {
      const h = {
        "user-agent": rng.pick(uas),
        accept: "application/json",
        "accept-language": "en-US,en;q=0.9",
        "accept-encoding": "gzip, deflate, br",
        "content-type": "application/json",
        origin: ORIGIN_URL,
        referer: ORIGIN_URL + "/login",
      };
      const r = c.send("POST", "/api/auth/login", h, JSON.stringify({ username: u, password: pw }));
      if (r.status === 200) {
        const s = c.t;
        c.t += r.latency / 1000 + 0.05;
        c.call("GET", "/api/users/me", { ...h, authorization: "Bearer " + r.data.at, "content-type": undefined });
        c.call("GET", "/api/orders", { ...h, authorization: "Bearer " + r.data.at, "content-type": undefined });
        c.t = s;
      }
      c.t += rng.exp(1 / 2.2);
    }
  }
  {
    // slower checker, fixed old UA, some users tried twice
    const rng = rngFor("atk", "cs-slow");
    const c = new Client(atkIp(rng, "credential_stuffing", hostingPool(rng, "ovh", "contabo", "doc")), rng);
    note("credential_stuffing");
    c.t = startIn(rng, 1500);
    const ua = rng.pick(OLD_UAS);
    for (const [u, pw] of combos(rng, 700, 0.01)) {
      if (c.t >= T_END) break;
      const tries = rng.chance(0.15) ? [pw, pw + "1"] : [pw];
      for (const x of tries) {
        const r = c.call(
          "POST",
          "/api/auth/login",
          hTool("requests", { ua, ctype: "application/json", accept: "application/json" }),
          JSON.stringify({ username: u, password: x }),
        );
        if (r.status === 200) break;
        c.t += rng.uni(0.3, 1.8);
      }
    }
  }
  {
    // mimics the Android app's headers, from one residential address (compromised router / proxy)
    const rng = rngFor("atk", "cs-app");
    const c = new Client(atkIp(rng, "credential_stuffing", POOLS.res_us), rng);
    note("credential_stuffing");
    c.t = startIn(rng, 5000);
    const dev = rng.uuid();
    for (const [u, pw] of combos(rng, 420, 0.015)) {
      if (c.t >= T_END) break;
      const r = c.call(
        "POST",
        "/api/auth/login",
        {
          accept: "application/json",
          "x-app-version": "5.3.1",
          "x-device-id": dev,
          "x-platform": "android",
          "accept-language": "en-US",
          "content-type": "application/json; charset=utf-8",
          "accept-encoding": "gzip",
          "user-agent": "ShopExample/5.3.1 (Android 14; Pixel 8; build 5310) okhttp/4.12.0",
        },
        JSON.stringify({ username: u, password: pw }),
      );
      c.t += rng.uni(4, 18);
    }
  }
  {
    // distributed campaign over residential proxies: each address makes a handful of attempts
    const rng = rngFor("atk", "cs-dist");
    const N = rng.int(64, 78);
    const list = combos(rng, 400, 0.02);
    let k = 0;
    for (let i = 0; i < N; i++) {
      const pool = rng.pickW([
        [POOLS.res_us, 40],
        [POOLS.res_eu, 20],
        [POOLS.res_world, 25],
        [POOLS.mob_us, 10],
        [POOLS.v6_res, 5],
      ]);
      const ip = atkIp(rng, "credential_stuffing_distributed", pool);
      const b = makeBrowser(rng, { region: "us_east" });
      const c = new Client(ip, rng);
      note("credential_stuffing_distributed");
      const n = rng.int(1, 6);
      const times = Array.from({ length: n }, () => T_TEST + rng.uni(30, 7150)).sort((a, b2) => a - b2);
      for (const t of times) {
        if (k >= list.length) break;
        c.t = t;
        if (rng.chance(0.35)) {
          c.call("GET", "/login", hNav(b, { site: "none" }));
          c.t += rng.uni(1, 4);
        }
        const [u, pw] = list[k++];
        const r = c.call(
          "POST",
          "/api/auth/login",
          hXhr(b, { referer: ORIGIN_URL + "/login", post: true }),
          JSON.stringify({ username: u, password: pw }),
        );
        if (r.status === 200) {
          c.t += rng.uni(0.5, 3);
          c.call("GET", "/api/users/me", hXhr(b, { referer: ORIGIN_URL + "/account", auth: "Bearer " + r.data.at }));
        }
      }
    }
  }

  // ----- enumeration (valid token, walks object ids)
  const attackerLogin = (c, rng, acc, h) => {
    const r = c.call("POST", "/api/auth/login", h(true), JSON.stringify({ username: acc.username, password: acc.pw }));
    return r.status === 200 ? r.data : null;
  };
  {
    // orders walk, python, descending from own order
    const rng = rngFor("atk", "enum-orders");
    const acc = makeAccount(rng);
    const own = ORD_BASE - rng.int(20, 400);
    ORDER_OWNER.set(own, acc.uid);
    acc.orders.push(own);
    const c = new Client(atkIp(rng, "enumeration", hostingPool(rng, "do", "linode")), rng);
    note("enumeration");
    c.t = startIn(rng, 900);
    let tok = null;
    const h = (post, auth) =>
      hTool("requests", { ctype: post ? "application/json" : undefined, auth, accept: "application/json" });
    tok = attackerLogin(c, rng, acc, h);
    c.call("GET", "/api/orders", h(false, "Bearer " + tok.at));
    c.call("GET", `/api/orders/${own}`, h(false, "Bearer " + tok.at));
    const rps = rng.uni(4, 8);
    for (let id = own - 1; id > own - 3000 && c.t < T_END; id--) {
      const r = c.send("GET", `/api/orders/${id}`, h(false, "Bearer " + tok.at));
      c.t += rng.exp(1 / rps);
      if (r.status === 401) {
        tok = attackerLogin(c, rng, acc, h) || tok;
      }
    }
  }
  {
    // users walk with copied browser headers (Burp), refreshes the token like the SPA does
    const rng = rngFor("atk", "enum-users");
    const acc = makeAccount(rng);
    const b = makeBrowser(rng, { kind: ["chrome", "mac"], major: 154 });
    const c = new Client(atkIp(rng, "enumeration", POOLS.res_eu), rng);
    note("enumeration");
    c.t = startIn(rng, 1800);
    const cookie = `cookie_consent=all; sid=s%3A${rng.b64u(32)}.${rng.b64u(43)}`;
    let tok = attackerLogin(c, rng, acc, () => burpHeaders(b, { referer: ORIGIN_URL + "/login", cookie, post: true }));
    c.call("GET", "/api/users/me", burpHeaders(b, { cookie, auth: "Bearer " + tok.at }));
    for (let uid = 1; uid < 2500 && c.t < T_END; uid++) {
      if (c.t > tok.exp - 30) {
        const r = c.call(
          "POST",
          "/api/auth/refresh",
          burpHeaders(b, { cookie, post: true }),
          JSON.stringify({ refresh_token: tok.rt }),
        );
        if (r.status === 200) tok = r.data;
      }
      c.send(
        "GET",
        `/api/users/${uid}`,
        burpHeaders(b, { referer: ORIGIN_URL + "/account", cookie, auth: "Bearer " + tok.at }),
      );
      c.t += rng.uni(0.4, 1.3);
    }
  }
  {
    // slow orders walk upward with Postman, into the recent range
    const rng = rngFor("atk", "enum-slow");
    const acc = makeAccount(rng);
    const own = ORD_BASE - rng.int(900, 1500);
    ORDER_OWNER.set(own, acc.uid);
    acc.orders.push(own);
    const c = new Client(atkIp(rng, "enumeration", POOLS.res_us), rng);
    note("enumeration");
    c.t = startIn(rng, 3900);
    const h = (post, auth) => hTool("postman", { rng, ctype: post ? "application/json" : undefined, auth });
    let tok = attackerLogin(c, rng, acc, h);
    for (let id = own + 1; c.t < T_END; id += rng.chance(0.9) ? 1 : 2) {
      if (c.t > tok.exp - 10) tok = attackerLogin(c, rng, acc, h) || tok;
      c.call("GET", `/api/orders/${id}`, h(false, "Bearer " + tok.at));
      c.t += rng.uni(2.5, 8);
    }
  }

  // ----- HTTP floods (pre-planned in planFloods so the origin's load model sees them)
  for (const f of FLOODS) {
    const rng = rngFor("atk", "flood", f.name);
    const c = new Client(f.ip, rng);
    note(f.kind);
    const uas = uaList(rng, 30, 0.6);
    const acc = rng.chance(0.5) ? "gzip" : undefined;
    for (let i = 0, t = f.t0; t < f.t1; i++) {
      c.t = t;
      switch (f.name) {
        case "search-vegeta":
          c.send("GET", "/api/search?q=" + encodeURIComponent(f.q[i % f.q.length]).replace(/%20/g, "+"), {
            "user-agent": "Go-http-client/1.1",
            "accept-encoding": acc,
          });
          break;
        case "hulk": {
          const k = rng.alnum(rng.int(3, 10)),
            v = rng.alnum(rng.int(3, 10));
          c.send(
            "GET",
            rng.chance(0.5)
              ? `/api/products?${k}=${v}`
              : `/api/products?page=${rng.int(1, 40)}&sort=${rng.pick(SORTS)}&_=${Math.floor(t * 1000)}${rng.int(0, 9)}`,
            {
              "user-agent": rng.pick(uas),
              "cache-control": "no-cache",
              "accept-charset": "ISO-8859-1,utf-8;q=0.7,*;q=0.7",
              referer:
                rng.pick([
                  "http://www.google.com/?q=",
                  "http://www.usatoday.com/search/results?q=",
                  "http://engadget.search.aol.com/search?q=",
                ]) + rng.alnum(rng.int(5, 10)),
              "keep-alive": String(rng.int(110, 120)),
              connection: "keep-alive",
            },
          );
          break;
        }
        case "search-aiohttp":
          c.send(
            "GET",
            "/api/search" +
              qsOf({ q: `${rng.pick(ALL_WORDS)} ${rng.pick(ALL_WORDS)}`, page: rng.int(1, 20), limit: 50 }),
            hTool("aiohttp", {}),
          );
          break;
        case "login-go":
          c.send(
            "POST",
            "/api/auth/login",
            hTool("go2", { ctype: "application/json" }),
            JSON.stringify({
              username: rng.alnum(8).toLowerCase() + "@" + rng.pick(["gmail.com", "mail.ru", "yahoo.com"]),
              password: rng.alnum(10),
            }),
          );
          break;
        case "login-py":
          c.send(
            "POST",
            "/api/auth/login",
            hTool("aiohttp", { ctype: "application/x-www-form-urlencoded" }),
            `username=${rng.pick(FIRST)}${rng.int(1, 999)}%40${rng.pick(["gmail.com", "yahoo.com"])}&password=${rng.alnum(9)}`,
          );
          break;
        case "login-k6":
          c.send(
            "POST",
            "/api/auth/login",
            { "user-agent": "k6/0.54.0 (https://k6.io/)", "content-type": "application/json" },
            JSON.stringify({ username: "loadtest@example.com", password: "Password123!" }),
          );
          break;
        default:
          break;
      }
      t += f.pacer === "const" ? 1 / f.rps + rng.uni(-0.1, 0.1) / f.rps : rng.exp(1 / f.rps);
    }
  }

  // ----- fake bots (claim Googlebot/Bingbot by UA, from elsewhere)
  {
    // Googlebot smartphone UA with Googlebot's header set, from a VPS; reads robots/sitemap, then walks the sitemap
    const rng = rngFor("atk", "fake-google-1");
    const c = new Client(atkIp(rng, "fake_bot", POOLS.do), rng);
    note("fake_bot");
    c.t = startIn(rng, 1800);
    c.call("GET", "/robots.txt", googleHeaders(GOOGLE_UA_MOBILE));
    c.t += rng.uni(0.5, 2);
    c.call("GET", "/sitemap.xml", googleHeaders(GOOGLE_UA_MOBILE));
    c.t += rng.uni(1, 3);
    const t1 = c.t + 1700;
    for (const url of SITEMAP_URLS.slice(rng.int(15, 2000))) {
      if (c.t >= t1 || c.t >= T_END) break;
      c.call("GET", url, googleHeaders(rng.chance(0.8) ? GOOGLE_UA_MOBILE : GOOGLE_UA_DESKTOP));
      if (url.startsWith("/p/") && rng.chance(0.5))
        c.call("GET", `/api/products/${url.slice(3)}`, googleHeaders(GOOGLE_UA_MOBILE));
      c.t += rng.exp(1 / 3);
    }
  }
  {
    // Bingbot UA on a python scraper, ignores robots (search endpoint)
    const rng = rngFor("atk", "fake-bing");
    const c = new Client(atkIp(rng, "fake_bot", POOLS.ovh), rng);
    note("fake_bot");
    c.t = startIn(rng, 2400);
    const h = () => hTool("requests", { ua: BING_UA });
    const t1 = c.t + 2400;
    for (let page = 1; c.t < t1 && c.t < T_END; page++) {
      const r = c.call("GET", "/api/products" + qsOf({ page, per_page: 100 }), h());
      const ids = r.data && r.data.ids ? r.data.ids : [];
      for (const id of ids) {
        if (c.t >= t1) break;
        c.call("GET", `/api/products/${id}`, h());
        c.t += rng.uni(0.3, 0.9);
        if (rng.chance(0.03)) c.call("GET", "/api/search" + qsOf({ q: PRODUCTS.get(id).name.split(" ")[0] }), h());
      }
      if (!ids.length) break;
    }
  }
  {
    // Googlebot desktop UA, minimal headers, fast burst of pages + images from a cloud VM
    const rng = rngFor("atk", "fake-google-2");
    const c = new Client(atkIp(rng, "fake_bot", hostingPool(rng, "asia_cloud")), rng);
    note("fake_bot");
    c.t = startIn(rng, 400);
    const t1 = c.t + rng.uni(200, 320);
    while (c.t < t1) {
      const id = rng.pick(PIDS);
      c.send("GET", `/p/${id}`, { "user-agent": GOOGLE_UA_DESKTOP, accept: "*/*", "accept-encoding": "gzip" });
      c.t += rng.exp(1 / 10);
      c.send("GET", `/img/p/${id}.jpg`, { "user-agent": GOOGLE_UA_DESKTOP, accept: "*/*", "accept-encoding": "gzip" });
      c.t += rng.exp(1 / 10);
    }
  }
  {
    // Googlebot UA from a residential-looking address, slow, mixed with API calls (scraper hiding behind the UA)
    const rng = rngFor("atk", "fake-google-3");
    const c = new Client(atkIp(rng, "fake_bot", POOLS.res_world), rng);
    note("fake_bot");
    c.t = startIn(rng, 3600);
    const t1 = c.t + 3600;
    while (c.t < t1) {
      const id = popularPid(rng);
      c.call("GET", `/p/${id}`, googleHeaders(GOOGLE_UA_MOBILE));
      if (rng.chance(0.6)) c.call("GET", `/api/products/${id}/reviews?page=1`, googleHeaders(GOOGLE_UA_MOBILE));
      c.t += rng.uni(3, 20);
    }
  }

  // ----- injection
  {
    // sqlmap, default UA, parameter by parameter, then the JSON login body
    const rng = rngFor("atk", "sqlmap");
    const c = new Client(atkIp(rng, "injection", hostingPool(rng, "doc", "vultr")), rng);
    note("injection");
    c.t = startIn(rng, 1200);
    const H0 = (post) => ({
      "cache-control": "no-cache",
      "user-agent": "sqlmap/1.8.11#stable (https://sqlmap.org)",
      host: undefined,
      accept: "*/*",
      "accept-encoding": "gzip,deflate",
      "content-type": post ? "application/json" : undefined,
      connection: "close",
    });
    const base = { page: "2", category: "audio", sort: "price_asc" };
    const step = () => {
      c.t += c.last.latency / 1000 + rng.uni(0.01, 0.12);
    };
    c.send("GET", "/api/products?page=2&category=audio&sort=price_asc", H0());
    step();
    for (const param of ["page", "category", "sort"]) {
      for (const pl of sqlPayloads(rng, base[param])) {
        const q = Object.entries(base)
          .map(([k, v]) => `${k}=${k === param ? sqlmapEnc(pl) : v}`)
          .join("&");
        c.send("GET", "/api/products?" + q, H0());
        step();
        if (rng.chance(0.1)) {
          c.send("GET", "/api/products?page=2&category=audio&sort=price_asc", H0());
          step();
        }
      }
    }
    for (const pl of sqlPayloads(rng, "1234").slice(0, 45)) {
      c.send("GET", `/api/products/${sqlmapEnc(pl)}`, H0());
      step();
    }
    for (const pl of sqlPayloads(rng, "admin@shop.example")) {
      c.send("POST", "/api/auth/login", H0(true), JSON.stringify({ username: pl, password: "test" }));
      step();
    }
  }
  {
    // sqlmap --random-agent against search
    const rng = rngFor("atk", "sqlmap-ra");
    const c = new Client(atkIp(rng, "injection", hostingPool(rng, "m247", "contabo")), rng);
    note("injection");
    c.t = startIn(rng, 900);
    const ua = rng.pick([
      "Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US) AppleWebKit/532.0 (KHTML, like Gecko) Chrome/4.0.223.3 Safari/532.0",
      "Opera/9.80 (X11; Linux i686; U; en) Presto/2.5.27 Version/10.60",
      "Mozilla/5.0 (X11; U; Linux x86_64; en-US; rv:1.9.2.3) Gecko/20100403 Fedora/3.6.3-4.fc13 Firefox/3.6.3",
    ]);
    const H0 = {
      "cache-control": "no-cache",
      "user-agent": ua,
      accept: "*/*",
      "accept-encoding": "gzip,deflate",
      connection: "close",
    };
    for (const pl of sqlPayloads(rng, "headphones").concat(sqlPayloads(rng, "tent"))) {
      c.send("GET", "/api/search?q=" + sqlmapEnc(pl), H0);
      c.t += c.last.latency / 1000 + rng.uni(0.02, 0.2);
    }
  }
  {
    // XSS scanner (dalfox-like, default Firefox/75 UA), reflected params
    const rng = rngFor("atk", "dalfox");
    const c = new Client(atkIp(rng, "injection", POOLS.linode), rng);
    note("injection");
    c.t = startIn(rng, 300);
    const H0 = {
      "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:75.0) Gecko/20100101 Firefox/75.0",
      accept: "*/*",
      "accept-encoding": "gzip",
    };
    for (let k = 0; k < 3; k++)
      for (const pl of XSS.concat(
        SSTI,
        XSS.map((x) => x.toUpperCase()),
      )) {
        for (const [pth, prm] of [
          ["/api/search", "q"],
          ["/search", "q"],
          ["/api/products", "category"],
          ["/c/audio", "sort"],
        ]) {
          c.send("GET", `${pth}?${prm}=${encodeURIComponent(pl)}`, H0);
          c.t += rng.exp(1 / 14);
        }
      }
  }
  {
    // manual tester in a browser via Burp, logged in, human pace, payloads in query and JSON bodies
    const rng = rngFor("atk", "manual-inj");
    const b = makeBrowser(rng, { kind: ["chrome", "win"], major: 154 });
    const acc = makeAccount(rng);
    const p = makeBrowserPersona(rng, {
      kind: "injection",
      region: "us_east",
      ip: atkIp(rng, "injection", POOLS.res_us),
      b,
      accountP: 0,
    });
    p.account = acc;
    const c = p.client;
    note("injection");
    c.t = startIn(rng, 3000);
    c.fullLoad({ type: "home" }, { site: "none" });
    c.t += rng.uni(5, 20);
    c.login();
    const tests = [
      () => c.xcall("GET", "/api/search" + qsOf({ q: rng.pick(XSS) })),
      () => c.xcall("GET", "/api/search" + qsOf({ q: rng.pick(SSTI) })),
      () =>
        c.xcall(
          "GET",
          "/api/products" +
            qsOf({
              category: rng.pick(["audio' OR '1'='1", "audio'--", 'audio" AND "1"="1', "audio' AND SLEEP(5)-- -"]),
            }),
        ),
      () =>
        c.xcall(
          "GET",
          "/api/products" +
            qsOf({
              sort: rng.pick(["price_asc,(select 1)", "price_asc;--", "(CASE WHEN 1=1 THEN price ELSE id END)"]),
            }),
        ),
      () => c.xcall("GET", `/img/p/${rng.pick(TRAV)}`),
      () => c.xcall("GET", `/static/${rng.pick(TRAV)}`),
      () => c.xcall("GET", `/api/products/1234${encodeURIComponent(rng.pick(["'", "' OR 1=1--", " OR 1=1", ";--"]))}`),
      () =>
        c.xcall(
          "POST",
          "/api/auth/login",
          JSON.stringify(
            rng.pick([
              { username: { $ne: null }, password: { $ne: null } },
              { username: "admin", password: { $gt: "" } },
              { username: "admin' --", password: "x" },
              { username: "' OR 1=1 LIMIT 1 --", password: "x" },
            ]),
          ),
        ),
      () =>
        c.xcall(
          "POST",
          `/api/products/${popularPid(rng)}/reviews`,
          JSON.stringify({ rating: 5, title: "great", text: rng.pick(XSS) }),
        ),
      () =>
        c.xcall(
          "POST",
          `/api/products/${popularPid(rng)}/reviews`,
          JSON.stringify({ rating: "5' OR 1=1", text: rng.pick(SSTI) }),
        ),
      () =>
        c.xcall(
          "POST",
          "/api/cart/items",
          rng.pick([
            '{"product_id":"1234 OR 1=1","quantity":1}',
            '{"product_id":1234,"quantity":-5}',
            '{"__proto__":{"isAdmin":true},"product_id":1234}',
            '{"constructor":{"prototype":{"isAdmin":true}},"product_id":1234}',
            '{"product_id":1234,"quantity":1,"price":0.01}',
          ]),
        ),
      () =>
        c.xcall(
          "PATCH",
          "/api/users/me",
          JSON.stringify(rng.pick([{ role: "admin" }, { name: rng.pick(XSS) }, { is_admin: true }])),
        ),
      () => c.xcall("GET", "/api/search" + qsOf({ q: "tent" + rng.pick(CMDI) })),
      () => c.xcall("GET", `/api/orders/${rng.pick(["1 OR 1=1", "../users/1", "-1", "0x1"])}`.replace(/ /g, "%20")),
    ];
    for (let i = 0; i < 140 && c.t < T_END; i++) {
      c.t += clamp(rng.logn(14, 0.8), 1.5, 150);
      c.ensureAuth();
      if (rng.chance(0.2)) c.spa({ type: "prod", pid: popularPid(rng) });
      else rng.pick(tests)();
    }
  }
  return kinds;
}

// Floods are planned before any traffic is generated so that the origin's load model
// (latency growth, 503/504 under overload) applies to everyone in those seconds.
function planFloods() {
  const rng = rngFor("floods");
  const add = (name, kind, res, rps, dur, pool, extra = {}) => {
    const t0 = startIn(rng, dur, 120);
    const r2 = rngFor("atk", "flood", name, "ip");
    FLOODS.push({ name, kind, res, rps, t0, t1: t0 + dur, ip: atkIp(r2, kind, pool), pacer: "exp", ...extra });
  };
  add("search-vegeta", "http_dos", "search", rng.uni(260, 340), rng.uni(55, 75), POOLS.doc, {
    pacer: "const",
    q: ["wireless headphones", "a", "pro"],
  });
  add("hulk", "http_dos", "db", rng.uni(240, 300), rng.uni(70, 95), POOLS.m247);
  add("search-aiohttp", "http_dos", "search", rng.uni(55, 70), rng.uni(170, 220), hostingPool(rng, "hetzner", "vultr"));
  add("login-go", "login_dos", "auth", rng.uni(180, 230), rng.uni(55, 70), hostingPool(rng, "asia_cloud", "do"));
  add("login-k6", "login_dos", "auth", rng.uni(45, 60), rng.uni(140, 180), POOLS.aws, { pacer: "const" });
  add("login-py", "login_dos", "auth", rng.uni(30, 45), rng.uni(200, 260), POOLS.res_world);
}

// ---------------------------------------------------------------- main
planFloods();
const popCounts = {
  human_personas: runHumans(),
  mobile_personas: runMobile(),
  office_people: runOffices(),
  heavy_users: runHeavy(),
  integrations: runIntegrations(),
  monitor_ips: runMonitoring(),
  good_bot_ips: runGoodBots(),
};
const attackClients = runAttacks();

RECORDS.sort((a, b) => a.ts - b.ts);
fs.mkdirSync(OUT, { recursive: true });
function writeNdjson(file, recs) {
  const fd = fs.openSync(file, "w");
  let buf = [];
  let size = 0;
  for (const r of recs) {
    buf.push(JSON.stringify(r));
    size++;
    if (buf.length >= 5000) {
      fs.writeSync(fd, buf.join("\n") + "\n");
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, buf.join("\n") + "\n");
  fs.closeSync(fd);
  return size;
}
const train = [],
  test = [];
for (const r of RECORDS) {
  if (r.ts < T_TRAIN || r.ts >= T_END) continue;
  (r.ts < T_TEST ? train : test).push(r);
}
for (const r of train) {
  const l = IPINFO.get(r.ip);
  if (!l || l.label === "attack") throw new Error("attack/unlabelled traffic in training window: " + r.ip);
}
const labels = {};
for (const r of test)
  if (!labels[r.ip]) {
    const l = IPINFO.get(r.ip);
    if (!l) throw new Error("unlabelled test IP " + r.ip);
    labels[r.ip] = { label: l.label, kind: l.kind };
  }
const sortedLabels = {};
for (const ip of Object.keys(labels).sort()) sortedLabels[ip] = labels[ip];
const nTrain = writeNdjson(path.join(OUT, "train.ndjson"), train);
const nTest = writeNdjson(path.join(OUT, "test.ndjson"), test);
fs.writeFileSync(path.join(OUT, "labels.json"), JSON.stringify(sortedLabels, null, 1) + "\n");

const perKind = (recs) => {
  const ips = {},
    reqs = {};
  for (const r of recs) {
    const l = IPINFO.get(r.ip);
    const k = `${l.label}/${l.kind}`;
    (ips[k] ||= new Set()).add(r.ip);
    reqs[k] = (reqs[k] || 0) + 1;
  }
  return Object.fromEntries(
    Object.keys(ips)
      .sort()
      .map((k) => [k, { ips: ips[k].size, requests: reqs[k] }]),
  );
};
const fsize = (f) => fs.statSync(path.join(OUT, f)).size;
const summary = {
  seed: SEED,
  out: OUT,
  train: {
    requests: nTrain,
    bytes: fsize("train.ndjson"),
    from: isoDate(T_TRAIN),
    to: isoDate(T_TEST),
    by_kind: perKind(train),
  },
  test: {
    requests: nTest,
    bytes: fsize("test.ndjson"),
    from: isoDate(T_TEST),
    to: isoDate(T_END),
    labelled_ips: Object.keys(sortedLabels).length,
    by_kind: perKind(test),
  },
  populations: popCounts,
  attack_clients_planned: attackClients,
  floods: FLOODS.map((f) => ({
    name: f.name,
    kind: f.kind,
    ip: f.ip,
    start: isoDate(f.t0),
    seconds: Math.round(f.t1 - f.t0),
    rps: Math.round(f.rps),
  })),
  generation_seconds: (Date.now() - WALL0) / 1000,
};
process.stdout.write(JSON.stringify(summary, null, 1) + "\n");
