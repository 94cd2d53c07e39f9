/**
 * @module bench/floor
 * The least any filter in a Worker adds to a passthrough, measured: the
 * passthrough of the datapath bench; the same answering through a new
 * Response with one added header (what `x-apiward-request-id` needs); and
 * that plus a record per request queued and a batch flushed in `waitUntil`
 * every 250 ms (what off-hot-path logging needs, without the store). Rounds
 * alternate; prints req/s and workerd CPU per request of each, per round. It
 * tells how much of apiward's cost is the platform's and how much its own. A
 * developer tool, not part of `npm run bench`:
 *
 *   npx tsx bench/floor.ts [rounds] [seconds]
 */
import { alternatingRounds } from "./lib/alternating.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { PASSTHROUGH, type StartedWorkerd, startPassthrough } from "./lib/workerd.ts";

const rounds = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 8);

const FORWARD = `const u = new URL(req.url);
  const h = new Headers(req.headers); h.delete("host");
  const r = await fetch(env.ORIGIN + u.pathname + u.search, { method: req.method, headers: h, body: req.body });
  const res = new Response(r.body, r); res.headers.set("x-apiward-request-id", crypto.randomUUID());`;

const WORKERS: Record<string, string> = {
  passthrough: PASSTHROUGH,
  "+ response header": `export default { async fetch(req, env) {
  ${FORWARD}
  return res;
} };`,
  "+ queued record, batch in waitUntil": `let queue = []; let flushing = null;
export default { async fetch(req, env, ctx) {
  ${FORWARD}
  queue.push({ ts: Date.now(), method: req.method, path: u.pathname, status: r.status });
  if (!flushing) {
    flushing = new Promise((ok) => setTimeout(ok, 250)).then(() => { queue = []; flushing = null; });
    ctx.waitUntil(flushing);
  }
  return res;
} };`,
};

const origin = await startBenchOrigin();
const started: Array<StartedWorkerd & { name: string }> = [];
try {
  // Each a passthrough in front of the same origin, with its own script.
  for (const [name, script] of Object.entries(WORKERS))
    started.push({ name, ...(await startPassthrough(origin.url, { script })) });
  await alternatingRounds(started, rounds, seconds);
} finally {
  for (const w of started) await w.mf.dispose();
  origin.server.close();
}
