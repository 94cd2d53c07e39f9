/**
 * @module test/browser/support/chromium
 * Launches Debian's chromium through playwright-core with a fresh profile.
 * When /usr/bin/chromium is missing, scripts/ensure-chromium.sh installs it
 * (apt-get); if that fails the tests fail with its output, never skip
 * silently.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { ROOT } from "../../../bench/lib/bundle.ts";

export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const r = spawnSync("sh", [join(ROOT, "scripts/ensure-chromium.sh")], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0 || !existsSync(CHROMIUM)) {
    throw new Error(`chromium is missing and scripts/ensure-chromium.sh failed:\n${r.stdout}\n${r.stderr}`);
  }
}

export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), "apiward-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
    timeout: 60_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
