/**
 * @module test/vercel/support/redis-server
 * Starts a real redis-server (Debian's) for the Vercel adapter's tests, on a
 * free port with a temporary directory, no persistence, and stops it after.
 * When /usr/bin/redis-server is missing, scripts/ensure-redis.sh installs it
 * (apt-get); if that fails the tests fail with its output, never skip.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { RespClient } from "./resp.ts";

export const REDIS_SERVER = "/usr/bin/redis-server";
const ROOT = resolve(import.meta.dirname, "../../..");

export function ensureRedis(): void {
  if (existsSync(REDIS_SERVER)) return;
  const r = spawnSync("sh", [join(ROOT, "scripts/ensure-redis.sh")], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0 || !existsSync(REDIS_SERVER)) {
    throw new Error(`redis-server is missing and scripts/ensure-redis.sh failed:\n${r.stdout}\n${r.stderr}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

export interface RunningRedis {
  port: number;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RunningRedis> {
  ensureRedis();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "apiward-redis-"));
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d) => {
    output += String(d);
  });
  child.stderr?.on("data", (d) => {
    output += String(d);
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const c = await RespClient.open(port);
      const [pong] = await c.send([["PING"]]);
      c.close();
      if (pong === "PONG") break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
