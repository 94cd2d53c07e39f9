/**
 * Test support: a fresh directory under the system's temp directory, removed
 * when the test that made it ends (or, made outside a test, when its file's
 * tests end), so test runs leave nothing behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, onTestFinished } from "vitest";

export function tempDir(prefix: string, scope: "test" | "file" = "test"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (scope === "test") onTestFinished(remove);
  else afterAll(remove);
  return dir;
}
