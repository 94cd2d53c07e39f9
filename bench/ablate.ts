/**
 * @module bench/ablate
 * Attribution: the datapath bench's apiward under several app-config
 * variants, each beside the same passthrough, in one run. For each variant
 * (a JSON object merged into the bench app's config, as `BENCH_APP` does)
 * it starts apiward, warms it up, then measures passthrough, apiward,
 * passthrough, apiward, and prints the workerd CPU per request of each
 * round (and of apiward's Durable Objects' process) and the ratios. A
 * developer tool, not part of `npm run bench`:
 *
 *   npx tsx bench/ablate.ts '{"full":{},"no-samples":{"learning_sample_rate":0}}' [seconds]
 *
 * Repeat a variant under another name to see the run's noise.
 */
import { load, startApiwardBench } from "./datapath.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { measureRound, type Round } from "./lib/round.ts";
import { startPassthrough } from "./lib/workerd.ts";

const variants = JSON.parse(process.argv[2] ?? '{"full":{}}') as Record<string, Record<string, unknown>>;
const seconds = Number(process.argv[3] ?? 10);
const WARM_UP_S = 15;

const measure = (url: string, pid: number | null, doPid: number | null) => measureRound(url, pid, doPid, seconds);

const origin = await startBenchOrigin();
const pass = await startPassthrough(origin.url, { cf: { country: "FR", asn: 64500, colo: "LCL" } });
try {
  await load(pass.url, WARM_UP_S);
  for (const [name, app] of Object.entries(variants)) {
    process.env.BENCH_APP = JSON.stringify(app);
    const aw = await startApiwardBench(origin.url);
    try {
      await load(aw.url, WARM_UP_S);
      const p = [await measure(pass.url, pass.pid, null)];
      const a = [await measure(aw.url, aw.pid, aw.doPid)];
      p.push(await measure(pass.url, pass.pid, null));
      a.push(await measure(aw.url, aw.pid, aw.doPid));
      console.log(
        JSON.stringify({
          variant: name,
          app,
          passthrough_cpu_us: p.map((x) => x.us),
          apiward_cpu_us: a.map((x) => x.us),
          durable_objects_cpu_us: a.map((x) => x.doUs),
          ratio: a.map((x, i) => Math.round((x.rps / (p[i] as Round).rps) * 100) / 100),
        }),
      );
    } finally {
      await aw.dispose();
    }
  }
} finally {
  delete process.env.BENCH_APP;
  await pass.mf.dispose();
  origin.server.close();
}
