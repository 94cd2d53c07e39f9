#!/usr/bin/env node
// `npm start`: the filter on http://127.0.0.1:8787 (wrangler dev on Miniflare,
// local KV and Durable Objects persisted under .wrangler/) in front of the
// bundled demo shop on http://127.0.0.1:8788. No Cloudflare account and no
// network: metrics off, Request.cf from a local placeholder (local/cf.json).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const FILTER = "http://127.0.0.1:8787";
const DEMO_PORT = process.env.DEMO_PORT ?? "8788";
const children = [];

function log(msg) {
  process.stdout.write(`[apiward] ${msg}\n`);
}

function ensureToken() {
  const path = resolve(root, ".dev.vars");
  let text = existsSync(path) ? readFileSync(path, "utf8") : "";
  let token = /^APIWARD_ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?/m.exec(text)?.[1];
  if (!token) {
    token = randomBytes(24).toString("base64url");
    text += `${text && !text.endsWith("\n") ? "\n" : ""}APIWARD_ADMIN_TOKEN="${token}"\n`;
    writeFileSync(path, text, { mode: 0o600 });
    log(`created ${path} with a random APIWARD_ADMIN_TOKEN`);
  } else log(`admin token from ${path}`);
  return token;
}

function run(cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      log(`${cmd} ${args[0] ?? ""} exited (${signal ?? code}); stopping`);
      stop(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

async function waitFor(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.status < 500 || r.status === 503) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function seed(token) {
  const h = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const api = (p, init = {}) => fetch(`${FILTER}/__apiward${p}`, { ...init, headers: h });
  const existing = await api("/apps/demo");
  if (existing.status === 200) {
    log("demo app already configured (kept as is; delete .wrangler/state to start over)");
    return;
  }
  const app = JSON.parse(readFileSync(resolve(root, "local/demo-app.json"), "utf8"));
  app.origin = `http://127.0.0.1:${DEMO_PORT}`;
  const put = await api("/apps/demo", { method: "PUT", body: JSON.stringify(app) });
  if (put.status !== 200) throw new Error(`seeding the demo app failed: ${put.status} ${await put.text()}`);
  const policy = readFileSync(resolve(root, "policy/examples/default.json"), "utf8");
  const pol = await api("/apps/demo/policies?activate=true", { method: "POST", body: policy });
  if (pol.status !== 201) throw new Error(`seeding the demo policy failed: ${pol.status} ${await pol.text()}`);
  log("seeded the demo app config and the starter policy (policy/examples/default.json)");
}

/**
 * Without a behaviour model crawlers and scrapers are only logged (README, "Before the first
 * model"): the demo gets one learned the way a team would, with `apiward learn` on a day of
 * traffic, here a simulated day of the demo shop's (sim/), published through the admin API.
 * Made once and kept in .wrangler/demo-behaviour-model.json.
 */
async function seedBehaviourModel(token) {
  const h = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const url = `${FILTER}/__apiward/apps/demo/behaviour/model`;
  const shown = await fetch(url, { headers: h });
  if (shown.status !== 200 || (await shown.json()).active !== null) return;
  const cached = resolve(root, ".wrangler/demo-behaviour-model.json");
  if (!existsSync(cached)) {
    log("learning a behaviour model for the demo from a simulated day of its traffic (about 20 s, once)");
    const day = mkdtempSync(join(tmpdir(), "apiward-demo-day-"));
    // Asynchronous, so that the event loop (and the HTTP client's idle sockets) keep running meanwhile.
    const tsx = (args) =>
      new Promise((done) =>
        spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, stdio: "ignore" })
          .on("exit", (code) => done(code === 0))
          .on("error", () => done(false)),
      );
    const learn =
      (await tsx(["sim/cli.ts", "--out", day, "--train-hours", "24", "--test-hours", "0"])) &&
      (await tsx(["cli/node-main.ts", "learn", join(day, "train.ndjson"), "--app", "demo", "--out", cached]));
    rmSync(day, { recursive: true, force: true });
    if (!learn) throw new Error("learning the demo's behaviour model failed (try: npm run sim, then apiward learn)");
  }
  const put = await fetch(url, { method: "PUT", headers: h, body: readFileSync(cached, "utf8") });
  if (put.status !== 200)
    throw new Error(`publishing the demo's behaviour model failed: ${put.status} ${await put.text()}`);
  log(
    `published the demo's behaviour model (version ${(await put.json()).version}; crawlers and scrapers are challenged)`,
  );
}

const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
const token = ensureToken();
const cfPath = resolve(root, "local/cf.json");
// Miniflare re-fetches a cf file older than 30 days: keep the placeholder fresh.
utimesSync(cfPath, new Date(), new Date());

run(process.execPath, ["--import", "tsx", "demo/server.ts"], { PORT: DEMO_PORT, HOST: "127.0.0.1" });
run(
  resolve(root, "node_modules/.bin/wrangler"),
  [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    "8787",
    "--show-interactive-dev-session=false",
    // Locally there is no KV write quota to spare: the learned inventory reaches the matchers
    // (endpoint templates in the logs, the allow-list, anomaly keys) a minute in, not five.
    "--var",
    "APIWARD_SNAPSHOT_INTERVAL_S:60",
  ],
  {
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "true",
    CLOUDFLARE_CF_FETCH_PATH: cfPath,
  },
);

if (!(await waitFor(`${FILTER}/__apiward/health`, 60_000))) {
  log("wrangler dev did not come up within 60 s");
  stop(1);
} else {
  try {
    await seed(token);
    await seedBehaviourModel(token);
  } catch (e) {
    log(e.message);
  }
  log(`filter:    ${FILTER}/  (demo shop behind it)`);
  log(`dashboard: ${FILTER}/__apiward/  (token in .dev.vars)`);
  log(
    `admin API: curl -H "Authorization: Bearer $(grep -oP '(?<=APIWARD_ADMIN_TOKEN=")[^"]+' .dev.vars)" ${FILTER}/__apiward/health`,
  );
  log("traffic:   npm run demo:traffic   (in another terminal)");
}
