/**
 * bench/ablate-stages.patch stubs stages out of the pipeline's code for the
 * stage ablation (bench/ablate-stages.sh). It is a diff of that code, so a
 * change to the pipeline can leave it unable to apply, as it once silently
 * did: checked here against the checkout, without changing it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../bench/lib/bundle.ts";

describe("bench/ablate-stages.patch", () => {
  it.skipIf(!existsSync(join(ROOT, ".git")))("applies to the pipeline as it is", () => {
    const r = spawnSync("git", ["apply", "--check", "bench/ablate-stages.patch"], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
