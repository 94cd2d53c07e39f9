/**
 * @module cli/commands/inspect
 * `apiward inspect FILE|-`: runs the signature engine over traffic records
 * (NDJSON) and prints one verdict per input line, in order:
 * `{"id":…,"action":"block"|"allow","score":n,"rules":[…],"locations":[…]}`
 * (`id` is the record's, or null). `--paranoia 1-4`, `--threshold N`,
 * `--engine wasm|ts` (default wasm: the module the worker runs; ts: the
 * reference), `--body-limit BYTES`, `--windows-paths` (paths read as a
 * Windows origin does: the app config's `windows_paths`). Bad lines are
 * reported on stderr with their line number and skipped (cli/io.ts
 * `eachRecord`).
 */
import { signatureInputFromRecord } from "../../core/signatures/from-record.ts";
import type { Paranoia } from "../../core/signatures/index.ts";
import { type Command, eachRecord, numberFlag, parseFlags, READ_FLAGS, readOptions, UsageError } from "../io.ts";
import { signatureEngineFromFlag } from "../wasm.ts";

/** Verdict lines are written in batches of this many. */
const BATCH = 256;

export const inspectCommand: Command = {
  name: "inspect",
  summary: "run the signature checks over traffic records, one verdict line per record",
  usage:
    "apiward inspect FILE|- [--paranoia 1-4] [--threshold N] [--engine wasm|ts] [--body-limit BYTES] [--windows-paths]",
  async run(args, io) {
    const { flags, positionals } = parseFlags(args, {
      paranoia: "string",
      threshold: "string",
      engine: "string",
      "body-limit": "string",
      ...READ_FLAGS,
    });
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError("expected one FILE or -");
    const paranoia = numberFlag(flags.paranoia, "paranoia", 1, 4, 1, true) as Paranoia;
    const threshold = numberFlag(flags.threshold, "threshold", 1, 1000, 5, true);
    const bodyLimit = numberFlag(flags["body-limit"], "body-limit", 1, 1 << 24, 65536, true);
    const engine = signatureEngineFromFlag(flags.engine);
    const read = readOptions(flags);
    let out: string[] = [];
    const bad = await eachRecord(file, io, (item) => {
      const rec = item.record;
      const r = engine.inspect(signatureInputFromRecord(rec, read), { paranoia, threshold, bodyLimit });
      const rules: string[] = [];
      const locations: string[] = [];
      for (const m of r.matches) {
        if (!rules.includes(m.rule)) rules.push(m.rule);
        if (!locations.includes(m.location)) locations.push(m.location);
      }
      const id = typeof rec.id === "string" || typeof rec.id === "number" ? rec.id : null;
      out.push(JSON.stringify({ id, action: r.block ? "block" : "allow", score: r.score, rules, locations }));
      if (out.length >= BATCH) {
        io.stdout(`${out.join("\n")}\n`);
        out = [];
      }
    });
    if (out.length > 0) io.stdout(`${out.join("\n")}\n`);
    if (bad > 0) io.stderr(`apiward inspect: ${bad} bad line(s) skipped\n`);
    return 0;
  },
};
