/**
 * @module cli/commands/discover
 * `apiward discover FILE|-`: learns the API inventory from traffic records
 * (NDJSON) with the same learner as the learning core and prints
 * `{"endpoints":[…]}`; `--openapi` prints OpenAPI 3.1 instead, `--graph`
 * the service graph. Bad lines are reported with their line number and
 * skipped (cli/io.ts `eachRecord`). `--windows-paths` reads paths as a
 * Windows origin does (the app config's `windows_paths`).
 */
import { Learner } from "../../core/discovery/learner.ts";
import { observationFromRecord } from "../../core/discovery/record.ts";
import { serviceGraph } from "../../core/discovery/service-graph.ts";
import { toOpenApi } from "../../core/openapi/export.ts";
import { type Command, eachRecord, parseFlags, READ_FLAGS, readOptions, UsageError } from "../io.ts";

export const discoverCommand: Command = {
  name: "discover",
  summary: "learn the API inventory (endpoints, parameters, clients) from traffic records",
  usage: "apiward discover FILE|- [--openapi] [--graph] [--title NAME] [--min-count N] [--windows-paths]",
  async run(args, io) {
    const { flags, positionals } = parseFlags(args, {
      openapi: "boolean",
      graph: "boolean",
      title: "string",
      "min-count": "string",
      ...READ_FLAGS,
    });
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new UsageError("expected one FILE or -");
    const minCount = flags["min-count"] === undefined ? 1 : Number(flags["min-count"]);
    if (!Number.isInteger(minCount) || minCount < 1) throw new UsageError("--min-count needs a positive integer");
    const learner = new Learner();
    const opts = readOptions(flags);
    let answered = 0;
    const bad = await eachRecord(file, io, (item) => {
      // From apiward's access log: what apiward answered never reached the app, so it says nothing of its API.
      if (item.record.apiward_answered === true) answered++;
      else learner.observe(observationFromRecord(item.record, opts));
    });
    const inv = learner.inventory({ minCount });
    let out: unknown = inv;
    if (flags.openapi)
      out = toOpenApi(inv, { title: String(flags.title ?? "apiward discovered API"), version: "1.0.0" });
    else if (flags.graph) out = serviceGraph(inv);
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    if (bad > 0) io.stderr(`apiward discover: ${bad} bad line(s) skipped\n`);
    if (answered > 0)
      io.stderr(
        `apiward discover: ${answered} request(s) apiward answered itself (blocked, challenged, limited) left out\n`,
      );
    return 0;
  },
};
