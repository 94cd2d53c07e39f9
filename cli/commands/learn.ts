/**
 * @module cli/commands/learn
 * `apiward learn FILE --out model.json`: trains the behaviour model and the distributed-anomaly baselines (with
 * the endpoint inventory it names requests by) on traffic records, as the
 * learning core does, and writes it as versioned JSON. Three passes over the
 * records in time order (core/behaviour/learn.ts); bad lines are reported
 * once, with their line numbers, and skipped. `--windows-paths` reads paths
 * as a Windows origin does (the app config's `windows_paths`).
 */
import { writeFileSync } from "node:fs";
import { learnAnomaly } from "../../core/anomaly/replay-stage.ts";
import { learnModel } from "../../core/behaviour/learn.ts";
import { offlineRequest } from "../../core/pipeline/offline.ts";
import { type Command, parseFlags, READ_FLAGS, readOptions, UsageError } from "../io.ts";
import { readSorted } from "./replay.ts";

export const learnCommand: Command = {
  name: "learn",
  summary: "train the behaviour model on traffic records and write it as JSON",
  usage: "apiward learn FILE|- --out model.json [--app NAME] [--max-k N] [--windows-paths]",
  async run(args, io) {
    const { flags, positionals } = parseFlags(args, {
      out: "string",
      app: "string",
      "max-k": "string",
      ...READ_FLAGS,
    });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError("expected one FILE (or - for stdin)");
    if (typeof flags.out !== "string") throw new UsageError("--out model.json is required");
    const maxK = flags["max-k"] === undefined ? 8 : Number(flags["max-k"]);
    if (!Number.isInteger(maxK) || maxK < 1 || maxK > 16) throw new UsageError("--max-k must be an integer in 1..16");
    const app = typeof flags.app === "string" ? flags.app : "default";
    // From apiward's access log: what apiward answered never reached the app; a baseline leaves it out.
    const all = await readSorted(file, io);
    const records = all.filter((r) => r.record.apiward_answered !== true);
    if (records.length < all.length)
      io.stderr(
        `apiward learn: ${all.length - records.length} request(s) apiward answered itself (blocked, challenged, limited) left out\n`,
      );
    if (records.length === 0) throw new Error(`${file}: no valid records to learn from`);
    const read = readOptions(flags);
    // Request views are rebuilt per pass (a generator) so that only one is alive at a time.
    const requests = function* () {
      let last = 0;
      for (const r of records) {
        const q = offlineRequest(r.record, r.line, app, last, read);
        last = q.event.ts;
        yield q;
      }
    };
    const model = learnModel(requests, { app, maxK });
    // The distributed-anomaly baselines learn from the same requests and endpoint templates.
    model.extensions = {
      ...model.extensions,
      anomaly: learnAnomaly(app, requests(), model.endpoints.templates, model.endpoints.login),
    };
    writeFileSync(flags.out, `${JSON.stringify(model)}\n`);
    io.stderr(
      `apiward learn: ${model.trained_on.records} records, ${model.trained_on.clients} clients (${model.trained_on.excluded} left out), ` +
        `${model.clusters.length} clusters (sizes ${model.clusters.map((c) => c.size).join(", ")}), ` +
        `${model.endpoints.templates.length} endpoints, login: ${model.endpoints.login.join(" ") || "none"}, expensive: ${model.endpoints.expensive.join(" ") || "none"} → ${flags.out}\n`,
    );
    return 0;
  },
};
