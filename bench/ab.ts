/**
 * @module bench/ab
 * Attribution by code: the datapath bench's apiward built from several
 * checkouts (each bundled beforehand with `wrangler deploy --dry-run
 * --outdir DIR`, for instance from a worktree with one stage stubbed out),
 * each beside the same passthrough, in one run. Every bundle is started and
 * warmed up, then rounds alternate passthrough, bundle 1, bundle 2, …; it
 * prints the workerd CPU per request of each round (and of the Durable
 * Objects' process) and the ratios. A developer tool, not part of
 * `npm run bench`:
 *
 *   npx tsx bench/ab.ts DIR1,DIR2,… [rounds] [seconds]
 *
 * Name the same bundle twice (two directories) to see the run's noise.
 */
import { basename } from "node:path";
import { type ApiwardBench, load, startApiwardBench } from "./datapath.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { measureRound, type Round } from "./lib/round.ts";
import { startPassthrough } from "./lib/workerd.ts";

const dirs = (process.argv[2] ?? "").split(",").filter(Boolean);
if (dirs.length === 0) {
  console.error("usage: npx tsx bench/ab.ts DIR1,DIR2,… [rounds] [seconds]");
  process.exit(2);
}
const rounds = Number(process.argv[3] ?? 3);
const seconds = Number(process.argv[4] ?? 8);
const WARM_UP_S = 15;

const measure = (url: string, pid: number | null, doPid: number | null) => measureRound(url, pid, doPid, seconds);

const mean = (xs: Array<number | null>) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.round(v.reduce((a, b) => a + b, 0) / v.length) : null;
};

const origin = await startBenchOrigin();
const pass = await startPassthrough(origin.url, { cf: { country: "FR", asn: 64500, colo: "LCL" } });
const benches: ApiwardBench[] = [];
try {
  for (const dir of dirs) {
    process.env.BENCH_BUNDLE = dir;
    benches.push(await startApiwardBench(origin.url));
  }
  await load(pass.url, WARM_UP_S);
  for (const b of benches) await load(b.url, WARM_UP_S);
  const passRounds: Round[] = [];
  const rows: Round[][] = benches.map(() => []);
  for (let i = 0; i < rounds; i++) {
    passRounds.push(await measure(pass.url, pass.pid, null));
    for (const [j, b] of benches.entries()) rows[j]?.push(await measure(b.url, b.pid, b.doPid));
  }
  const passRps = passRounds.reduce((a, r) => a + r.rps, 0) / passRounds.length;
  console.log(
    JSON.stringify({
      bundle: "passthrough",
      cpu_us: passRounds.map((r) => r.us),
      mean_us: mean(passRounds.map((r) => r.us)),
    }),
  );
  for (const [j, dir] of dirs.entries()) {
    const rs = rows[j] ?? [];
    const rps = rs.reduce((a, r) => a + r.rps, 0) / rs.length;
    console.log(
      JSON.stringify({
        bundle: basename(dir),
        cpu_us: rs.map((r) => r.us),
        mean_us: mean(rs.map((r) => r.us)),
        durable_objects_us: mean(rs.map((r) => r.doUs)),
        ratio: Math.round((rps / passRps) * 1000) / 1000,
      }),
    );
  }
} finally {
  delete process.env.BENCH_BUNDLE;
  for (const b of benches) await b.dispose();
  await pass.mf.dispose();
  origin.server.close();
}
