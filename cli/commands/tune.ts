/**
 * @module cli/commands/tune
 * `apiward tune FILE|-`: proposes signature exclusions from traffic records
 * (NDJSON, an access log export): learns the endpoints as `apiward discover`
 * does, inspects every request as `apiward inspect` does, and prints
 * `{"signatures":{"exclusions":[…]},"evidence":[…]}`, each exclusion with the
 * evidence for it (core/signatures/tuning.ts). Nothing is applied: the
 * operator reads the evidence and writes the policy to KV. Requests apiward
 * answered itself are left out (they never reached the app, so their status
 * says nothing of what the app accepts). `--min-clients N` (5),
 * `--min-requests N` (10), `--min-ok-share F` (0.9), `--paranoia 1-4` (1),
 * `--engine wasm|ts`, `--windows-paths`.
 */
import { Learner } from "../../core/discovery/learner.ts";
import { compileMatcher } from "../../core/discovery/matcher.ts";
import { observationFromRecord } from "../../core/discovery/record.ts";
import { signatureInputFromRecord } from "../../core/signatures/from-record.ts";
import type { Paranoia } from "../../core/signatures/index.ts";
import { ExclusionTuner } from "../../core/signatures/tuning.ts";
import { recordRequest } from "../../core/traffic/record-request.ts";
import type { TrafficRecord } from "../../core/types.ts";
import { type Command, eachRecord, numberFlag, parseFlags, READ_FLAGS, readOptions, UsageError } from "../io.ts";
import { signatureEngineFromFlag } from "../wasm.ts";

function clientOf(rec: TrafficRecord): string {
  if (typeof rec.identity === "string" && rec.identity.length > 0) return `id:${rec.identity}`;
  return typeof rec.ip === "string" && rec.ip.length > 0 ? `ip:${rec.ip}` : "unknown";
}

export const tuneCommand: Command = {
  name: "tune",
  summary: "propose signature exclusions where the app's own clients keep tripping one rule family at one parameter",
  usage:
    "apiward tune FILE|- [--min-clients N] [--min-requests N] [--min-ok-share F] [--paranoia 1-4] [--engine wasm|ts] [--windows-paths]",
  async run(args, io) {
    const { flags, positionals } = parseFlags(args, {
      "min-clients": "string",
      "min-requests": "string",
      "min-ok-share": "string",
      paranoia: "string",
      engine: "string",
      ...READ_FLAGS,
    });
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError("expected one FILE or -");
    const minClients = Math.trunc(numberFlag(flags["min-clients"], "min-clients", 1, 1e6, 5));
    const minRequests = Math.trunc(numberFlag(flags["min-requests"], "min-requests", 1, 1e9, 10));
    const minOkShare = numberFlag(flags["min-ok-share"], "min-ok-share", 0, 1, 0.9);
    const paranoia = Math.trunc(numberFlag(flags.paranoia, "paranoia", 1, 4, 1)) as Paranoia;
    const engine = signatureEngineFromFlag(flags.engine);
    const read = readOptions(flags);
    // Two passes over the same records (standard input cannot be read twice): the endpoints first.
    const learner = new Learner();
    const records: TrafficRecord[] = [];
    let answered = 0;
    const bad = await eachRecord(file, io, (item) => {
      if (item.record.apiward_answered === true) {
        answered++;
        return;
      }
      learner.observe(observationFromRecord(item.record, read));
      records.push(item.record);
    });
    const matcher = compileMatcher(learner.inventory({ minCount: 1 }).endpoints);
    const tuner = new ExclusionTuner();
    for (const rec of records) {
      const { canonical } = recordRequest(rec, read);
      const r = engine.inspect(signatureInputFromRecord(rec, read), { paranoia, threshold: 5 });
      tuner.observe({
        endpoint: matcher.match(canonical.method, canonical.segments)?.template,
        client: clientOf(rec),
        status: typeof rec.status === "number" && Number.isFinite(rec.status) ? Math.trunc(rec.status) : 0,
        matches: r.matches,
      });
    }
    const proposals = tuner.proposals({ minClients, minRequests, minOkShare });
    const out = {
      signatures: { exclusions: proposals.map((p) => p.exclusion) },
      evidence: proposals.map((p) => ({ ...p.exclusion, ...p.evidence })),
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    if (bad > 0) io.stderr(`apiward tune: ${bad} bad line(s) skipped\n`);
    if (answered > 0) io.stderr(`apiward tune: ${answered} request(s) apiward answered itself left out\n`);
    return 0;
  },
};
