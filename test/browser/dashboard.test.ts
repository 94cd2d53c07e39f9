/**
 * The dashboard in a real Chromium against a real apiward (the deployable
 * bundle on Miniflare, see support/server.ts) after real traffic: ordinary
 * requests, XSS payloads in path, query and headers, and attack-corpus
 * lines. Every view is loaded and its content checked against the admin
 * API's own answers; approve, rollback and activate are clicked and their
 * effect read back from the API; payloads from the logs must show as inert
 * text (no dialog, no element built from them, no CSP violation).
 * Screenshots of each view go to test-artifacts/screenshots/, the overview
 * also to docs/screenshots/overview.png for the README when
 * UPDATE_SCREENSHOTS=1 (so a test run does not rewrite a tracked file).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../bench/lib/bundle.ts";
import { launch } from "./support/chromium.ts";
import { APP, startServer, type TestServer, TOKEN } from "./support/server.ts";
import { driveTraffic, type Sent, XSS_CLIENT_IP, XSS_LANG, XSS_REFERER, XSS_UA } from "./support/traffic.ts";

const SHOTS = join(ROOT, "test-artifacts/screenshots");
const README_SHOT = join(ROOT, "docs/screenshots/overview.png");
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

type Json = Record<string, unknown>;
/** Page-side expression (a string: this file is compiled without DOM types). */
const STORED_TOKEN = 'sessionStorage.getItem("apiward.token")';
type Rec = { request_id: string; ts: number; url: string; user_agent?: string; decision: string; reasons: Json[] };

let server: TestServer;
let sent: Sent;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
const dialogs: string[] = [];
const cspViolations: string[] = [];
const pageErrors: string[] = [];
const requestUrls: string[] = [];

async function until<T>(what: string, fn: () => Promise<T | null>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 200; i++) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function api(path: string): Promise<{ status: number; json: Json }> {
  const r = await server.admin(path);
  return { status: r.status, json: (r.json ?? {}) as Json };
}

async function shot(name: string): Promise<void> {
  // Notices from earlier actions would cover part of the view.
  await page.evaluate('document.getElementById("toasts")?.replaceChildren()');
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Navigates inside the app (hash route) and waits for the view's container. */
async function view(hash: string, name: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  await page.locator(`[data-view="${name}"]`).waitFor();
  await page.locator(`[data-view="${name}"] [data-state="loading"]`).first().waitFor({ state: "detached" });
}

describe("dashboard in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(join(ROOT, "docs/screenshots"), { recursive: true });
    server = await startServer();
    sent = await driveTraffic(server.url);
    // The log is written off the hot path: wait until every answered request is queryable.
    await until(
      `${sent.ok} log records`,
      async () => {
        const r = await api(`/logs?app=${APP}&limit=1000`);
        return (r.json.records as unknown[] | undefined)?.length === sent.ok ? true : null;
      },
      20_000,
    );
    // Discovery learns from samples sent off the hot path too; give it a moment (it may stay empty).
    await until(
      "the inventory",
      async () => {
        const r = await api(`/apps/${APP}/inventory`);
        return r.status !== 200 || ((r.json.endpoints as unknown[]) ?? []).length > 0 ? true : null;
      },
      10_000,
    ).catch(() => null);
    browser = await launch();
    await browser.context.addInitScript(
      'document.addEventListener("securitypolicyviolation", (e) => console.error("CSP-VIOLATION " + e.violatedDirective + " " + e.blockedURI));',
    );
    page = await browser.context.newPage();
    page.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on("console", (m) => {
      if (/CSP-VIOLATION|Content Security Policy/.test(m.text())) cspViolations.push(m.text());
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("request", (r) => requestUrls.push(r.url()));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("drove the traffic it claims", () => {
    expect(sent.ok).toBeGreaterThan(80);
    expect(sent.statuses["403"] ?? 0).toBeGreaterThan(0);
  });

  it("serves the page and assets without the token, with strict security headers, and nothing else", async () => {
    for (const path of ["/__apiward/", "/__apiward"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("content-security-policy")).toBe(CSP);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      const html = await res.text();
      // No inline script or handler: every <script> has a src, no on*= attribute anywhere.
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="\/__apiward\/assets\//);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/<style[\s>]/i);
      const assets = [...html.matchAll(/(?:src|href)="(\/__apiward\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
      expect(assets).toHaveLength(2);
      for (const a of assets) {
        const r = await fetch(`${server.url}${a}`);
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toMatch(a.endsWith(".js") ? /^text\/javascript/ : /^text\/css/);
        expect(r.headers.get("cache-control")).toContain("immutable");
        expect(r.headers.get("x-content-type-options")).toBe("nosniff");
        expect((await r.text()).length).toBeGreaterThan(1000);
      }
    }
    expect((await fetch(`${server.url}/__apiward/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/__apiward/assets/licenses.txt`)).status).toBe(200);
    // The exemption covers the page only: the API still wants the token.
    for (const p of ["/__apiward/health", "/__apiward/logs", "/__apiward/apps", "/__apiward/assets/../apps"]) {
      expect((await fetch(`${server.url}${p}`)).status, p).toBe(401);
    }
  });

  it("rejects a wrong token, signs in with the right one and keeps it out of every URL", async () => {
    await page.goto(`${server.url}/__apiward/`);
    await page.locator("#login").waitFor();
    await page.fill("#token", "not-the-token");
    await page.click("#login button[type=submit]");
    await expect.poll(() => page.locator(".login-status").textContent()).toContain("rejected");
    expect(await page.evaluate(STORED_TOKEN)).toBeNull();
    await shot("login");
    await page.fill("#token", TOKEN);
    await page.click("#login button[type=submit]");
    await page.locator('[data-view="overview"]').waitFor();
    expect(await page.evaluate(STORED_TOKEN)).toBe(TOKEN);
    expect(page.url()).not.toContain(TOKEN);
  });

  it("overview: totals equal the stats API, a uPlot chart, top clients, endpoints and rules", async () => {
    await view("#/overview?range=1h", "overview");
    const card = page.locator('[data-card="Requests"] .card-value');
    await card.waitFor();
    const now = Math.ceil(Date.now() / 1000);
    const stats = await api(`/logs/stats?from=${now - 3600}&to=${now + 60}&bucket=minute`);
    const series = stats.json.series as Array<{ requests: number; blocks: number }>;
    const total = series.reduce((s, r) => s + r.requests, 0);
    const blocks = series.reduce((s, r) => s + r.blocks, 0);
    expect(total).toBe(sent.ok);
    expect(Number((await card.textContent())?.replace(/,/g, ""))).toBe(total);
    const blocked = await page.locator('[data-card="Blocked"] .card-value').textContent();
    expect(Number(blocked?.replace(/,/g, ""))).toBe(blocks);
    // Every config and policy document in KV loaded: the card says so (a bad one would be named there).
    expect(await page.locator('[data-card="Config errors"] .card-value').textContent()).toBe("0");
    await expect.poll(() => page.locator(".chart canvas").count()).toBeGreaterThan(0);
    expect(await page.locator(".u-legend").textContent()).toContain("requests");
    // Each top list shows the API's rows, in its order.
    for (const [title, key] of [
      ["Top clients", "top_clients"],
      ["Top endpoints", "top_endpoints"],
      ["Top rules", "top_rules"],
      ["Top canonical anomalies", "top_anomalies"],
    ] as const) {
      const shown = await page
        .locator("section.panel", { hasText: title })
        .locator("tbody tr td:first-child")
        .allTextContents();
      const rows = (stats.json[key] as Array<{ key: string }>).map((r) => r.key);
      expect(shown, title).toEqual(rows);
      expect(rows.length, title).toBeGreaterThan(0);
    }
    expect((stats.json.top_clients as Array<{ key: string }>).map((r) => r.key)).toContain(XSS_CLIENT_IP);
    await shot("overview");
    if (process.env.UPDATE_SCREENSHOTS === "1") await page.screenshot({ path: README_SHOT, fullPage: false });
    // A top rule opens the log filtered by that rule (?rule=source:id), the API's records for it.
    const topRule = (stats.json.top_rules as Array<{ key: string }>)[0]?.key ?? "";
    await page.locator("section.panel", { hasText: "Top rules" }).locator("tbody tr a").first().click();
    await expect.poll(() => page.url()).toContain(`rule=${encodeURIComponent(topRule)}`);
    await page.locator('[data-view="logs"] table.logs').waitFor();
    const ruleRecs = (await api(`/logs?app=${APP}&rule=${encodeURIComponent(topRule)}&limit=50`)).json.records as Rec[];
    expect(ruleRecs.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator("table.logs tbody tr").count()).toBe(ruleRecs.length);
  });

  it("log search: filters, pages, exports and opens a request with every reason; payloads stay inert text", async () => {
    // Filter through the form: decision=block.
    await view(`#/logs?app=${APP}`, "logs");
    await page.selectOption("#f-decision", "block");
    await page.click('form.filters button[type="submit"]');
    await expect.poll(() => page.url()).toContain("decision=block");
    await page.locator('[data-view="logs"] table.logs, [data-view="logs"] [data-state="empty"]').first().waitFor();
    const blockedApi = await api(`/logs?app=${APP}&decision=block&limit=50`);
    const blockedRecs = blockedApi.json.records as Rec[];
    expect(blockedRecs.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator("table.logs tbody tr").count()).toBe(blockedRecs.length);
    const badges = await page.locator("table.logs tbody tr td:nth-child(3) .badge").allTextContents();
    expect(new Set(badges)).toEqual(new Set(["block"]));

    // Filter by canonical anomaly through the form; the detail lists the record's anomalies.
    await view(`#/logs?app=${APP}`, "logs");
    await page.selectOption("#f-anomaly", "duplicate_slash");
    await page.click('form.filters button[type="submit"]');
    await expect.poll(() => page.url()).toContain("anomaly=duplicate_slash");
    const oddRecs = (await api(`/logs?app=${APP}&anomaly=duplicate_slash&limit=50`)).json.records as Rec[];
    expect(oddRecs.length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator("table.logs tbody tr").count()).toBe(oddRecs.length);
    for (const row of await page.locator("table.logs tbody tr td:nth-child(9)").allTextContents())
      expect(row).toContain("anomaly:duplicate_slash");
    await page.locator("table.logs tbody tr", { hasText: "/api//products/" }).first().click();
    await page.locator('[data-view="log"] table.reasons, [data-view="log"] [data-state="empty"]').first().waitFor();
    await expect
      .poll(() => page.locator('[data-view="log"]').textContent())
      .toMatch(/Canonical anomalies\s*duplicate_slash/);

    // Paging with the cursor: 25 per page, the second page starts where the first ended.
    await view(`#/logs?app=${APP}&limit=25`, "logs");
    await page.locator("table.logs").waitFor();
    const first = await page.locator("table.logs tbody tr td:nth-child(5)").allTextContents();
    expect(first).toHaveLength(25);
    await page.click('button[data-next="1"]');
    await expect.poll(() => page.url()).toContain("cursor=");
    await page.locator("table.logs").waitFor();
    const p1 = (await api(`/logs?app=${APP}&limit=25`)).json;
    const p2 = (await api(`/logs?app=${APP}&limit=25&cursor=${encodeURIComponent(String(p1.next))}`)).json;
    const p2urls = (p2.records as Rec[]).map((r) => r.url);
    await expect.poll(() => page.locator("table.logs tbody tr td:nth-child(5)").allTextContents()).toEqual(p2urls);

    // Export of the current filters as NDJSON (fetched with the token, saved from a blob).
    await view(`#/logs?app=${APP}&client=${XSS_CLIENT_IP}`, "logs");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export NDJSON")]);
    const exported = readFileSync(await download.path(), "utf8")
      .trim()
      .split("\n");
    const evilApi = (await api(`/logs?app=${APP}&client=${XSS_CLIENT_IP}`)).json.records as Rec[];
    expect(exported).toHaveLength(evilApi.length);

    // The attacker's requests: URLs shown as text, one row per record.
    await page.locator("table.logs").waitFor();
    expect(await page.locator("table.logs tbody tr").count()).toBe(evilApi.length);
    const urls = await page.locator("table.logs code.url").allTextContents();
    expect(urls.sort()).toEqual(evilApi.map((r) => r.url).sort());
    await shot("logs");

    // Detail of the blocked .git probe: every reason with its fields, payload headers as text.
    const git = evilApi.find((r) => r.url === "/.git/config");
    expect(git).toBeDefined();
    await page.locator("table.logs tbody tr", { hasText: "/.git/config" }).click();
    await page.locator('[data-view="log"] table.reasons').waitFor();
    expect(page.url()).toContain(`id=${git?.request_id}`);
    const reasonRows = page.locator("table.reasons tbody tr");
    expect(await reasonRows.count()).toBe(git?.reasons.length);
    expect(await page.locator("table.reasons").textContent()).toContain("block-git");
    for (const payload of [XSS_UA, XSS_REFERER, XSS_LANG]) {
      await expect
        .poll(() => page.getByText(payload, { exact: true }).count(), { message: payload })
        .toBeGreaterThan(0);
    }
    await shot("log-detail");
    // Nothing was built from the payloads: one script (ours), no <img src=x>, no <svg>.
    expect(await page.locator("script").count()).toBe(1);
    expect(await page.locator('img[src="x"], svg, iframe').count()).toBe(0);
    expect(dialogs).toEqual([]);

    // The detail's IP opens the log filtered by that address (?ip=), the same records as the API's.
    await page.locator('[data-view="log"] dl.facts a[href*="ip="]').click();
    await expect.poll(() => page.url()).toContain(`ip=${XSS_CLIENT_IP}`);
    await page.locator('[data-view="logs"] table.logs').waitFor();
    const byIp = (await api(`/logs?app=${APP}&ip=${XSS_CLIENT_IP}`)).json.records as Rec[];
    expect(byIp.length).toBe(evilApi.length);
    await expect.poll(() => page.locator("table.logs tbody tr").count()).toBe(byIp.length);
  });

  it("the log view offers the requests no app took (_unrouted); other views do not", async () => {
    await view("#/overview", "overview");
    expect(await page.locator('#app-select option[value="_unrouted"]').count()).toBe(0);
    await view(`#/logs?app=${APP}`, "logs");
    await page.locator("table.logs").waitFor();
    await page.selectOption("#app-select", "_unrouted");
    await expect.poll(() => page.url()).toContain("app=_unrouted");
    // This server has a default app, so nothing was unrouted: the API and the view agree on none.
    expect(((await api("/logs?app=_unrouted")).json.records as unknown[]).length).toBe(0);
    await page.locator('[data-view="logs"] [data-state="empty"]').waitFor();
    expect(await page.locator("table.logs tbody tr").count()).toBe(0);
  });

  it("policies: versions, side-by-side diff, dry-run results, rollback and activate", async () => {
    await view(`#/policies?app=${APP}&left=1&right=2`, "policies");
    await page.locator(".diff-summary").waitFor();
    expect(await page.locator(".diff-summary").textContent()).toContain("1 added, 1 removed, 1 changed");
    expect(await page.locator('[data-rule="block-wp-probes"]').getAttribute("data-status")).toBe("added");
    expect(await page.locator('[data-rule="log-admin-paths"]').getAttribute("data-status")).toBe("removed");
    expect(await page.locator('[data-rule="block-php-probes"]').getAttribute("data-status")).toBe("changed");
    expect(await page.locator('[data-rule="block-php-probes"] tr.line-changed').count()).toBe(1);
    expect(await page.locator("table tbody tr", { hasText: "dry run" }).count()).toBeGreaterThan(0);
    // Dry-run results: the v3 candidate would block the export requests the active v2 allowed.
    const dry = page.locator("section.panel", { hasText: "Dry-run results" });
    await dry.locator("table").waitFor();
    expect(await dry.textContent()).toContain("dry_run:v3");
    expect(await dry.textContent()).toContain("block-legacy-export");
    await shot("policies");

    const before = (await api(`/apps/${APP}/policies`)).json;
    expect(before.active).toBe(2);
    const rollback = page.locator("button", { hasText: "Roll back to v1" });
    await rollback.click();
    await expect.poll(() => rollback.textContent()).toContain("Confirm");
    await rollback.click();
    await expect.poll(async () => (await api(`/apps/${APP}/policies`)).json.active).toBe(1);
    await page.locator("[data-active='1']").waitFor();

    const activate = page.locator("button", { hasText: "Activate v2" });
    await activate.click();
    await page.locator("button", { hasText: "Confirm: activate v2" }).click();
    await expect.poll(async () => (await api(`/apps/${APP}/policies`)).json.active).toBe(2);
    await page.locator("[data-active='2']").waitFor();
    expect((await api(`/apps/${APP}/policies`)).json.history).toEqual([1]);
  });

  it("API inventory: the learned endpoints, and approve/reject of the allow-list proposal", async () => {
    const inv = await api(`/apps/${APP}/inventory`);
    const prop = await api(`/apps/${APP}/allowlist/proposal`);
    await view(`#/inventory?app=${APP}`, "inventory");
    if (inv.status === 200) {
      const endpoints = inv.json.endpoints as Array<{ method: string; path: string }>;
      if (endpoints.length > 0) {
        await page.locator("table.inventory").waitFor();
        expect(await page.locator("table.inventory tbody tr").count()).toBe(endpoints.length);
        const text = await page.locator("table.inventory").textContent();
        for (const e of endpoints.slice(0, 5)) expect(text).toContain(e.path);
      } else {
        await page.locator('[data-state="empty"]').first().waitFor();
      }
    } else {
      await page.locator('[data-state="unavailable"]').first().waitFor();
    }
    await shot("inventory");

    const proposed =
      ((prop.json.proposal as Json | undefined)?.endpoints as Array<{ method: string; path: string }>) ?? [];
    if (prop.status !== 200) {
      await page.locator('[data-state="unavailable"]').first().waitFor();
      return;
    }
    if (proposed.length < 2) {
      expect(await page.locator("ul.proposal li").count()).toBe(proposed.length);
      return;
    }
    // Reject the first proposed endpoint, approve the rest.
    const keys = proposed.map((e) => `${e.method} ${e.path}`);
    expect(await page.locator("ul.proposal li").count()).toBe(keys.length);
    await page.locator("ul.proposal li").first().locator("input[type=checkbox]").uncheck();
    const approveBtn = page.locator("button", { hasText: "Approve selected" });
    await approveBtn.click();
    await page.locator("button", { hasText: "Confirm: approve the selected endpoints" }).click();
    const approvedVersion = await until(
      "the approved policy",
      async () => {
        const p = (await api(`/apps/${APP}/policies`)).json;
        return (p.active as number) > 2 ? (p.active as number) : null;
      },
      10_000,
    );
    // The latest version read once the approval has landed (read before it, it could still be the one before).
    const latest = (await api(`/apps/${APP}/policies`)).json.latest as number;
    expect(approvedVersion).toBe(latest);
    const doc = (await api(`/apps/${APP}/policies/${approvedVersion}`)).json;
    const approved = ((doc.allowlist as Json).endpoints as Array<{ method: string; path: string }>).map(
      (e) => `${e.method} ${e.path}`,
    );
    expect(approved).not.toContain(keys[0]);
    expect(approved.sort()).toEqual(keys.slice(1).sort());
  });

  it("service graph: cytoscape canvas, filter and zoom, and the edges as text", async () => {
    const g = await api(`/apps/${APP}/graph`);
    await view(`#/graph?app=${APP}`, "graph");
    if (g.status !== 200) {
      await page.locator('[data-state="unavailable"]').waitFor();
      await shot("graph");
      return;
    }
    const edges = g.json.edges as Array<{ client: string; endpoint: string }>;
    if (edges.length === 0) {
      await page.locator('[data-state="empty"]').waitFor();
      await shot("graph");
      return;
    }
    const canvas = page.locator("#graph");
    await expect.poll(() => canvas.locator("canvas").count()).toBeGreaterThan(0);
    await shot("graph");
    expect(await page.locator("table.edges tbody tr").count()).toBe(Math.min(100, edges.length));
    const all = Number(await canvas.getAttribute("data-visible"));
    expect(all).toBeGreaterThan(1);
    // Filter on one client: it and the endpoints it calls stay.
    const client = edges[0]?.client ?? "";
    const calls = new Set(edges.filter((e) => e.client === client).map((e) => e.endpoint));
    await page.fill('input[name="graph-filter"]', client);
    await expect
      .poll(async () => Number(await canvas.getAttribute("data-visible")))
      .toBeGreaterThanOrEqual(1 + calls.size);
    expect(Number(await canvas.getAttribute("data-visible"))).toBeLessThanOrEqual(all);
    const zoom = Number(await canvas.getAttribute("data-zoom"));
    await page.click('button[title="zoom in"]');
    await expect.poll(async () => Number(await canvas.getAttribute("data-zoom"))).toBeGreaterThan(zoom);
    await page.fill('input[name="graph-filter"]', "");
  });

  it("detections and mitigations: the evidence as features and values, and lifting a mitigation", async () => {
    // The XSS client's payloads make a behaviour detection (injection) and its mitigation.
    type Listed = { id: string; reasons: Array<{ feature: string; value: number }> };
    await expect.poll(async () => ((await api("/detections")).json.detections as unknown[]).length).toBeGreaterThan(0);
    const det = (await api("/detections")).json.detections as Listed[];
    await view("#/detections?range=24h", "detections");
    expect(await page.locator("table.detections tbody tr").count()).toBe(det.length);
    // The evidence reads as features with their values, never as placeholders.
    const first = det[0]?.reasons[0];
    const cell = page.locator("table.detections tbody tr").first().locator("ul.evidence li").first();
    expect(await cell.textContent()).toContain(`${first?.feature} ${first?.value}`);
    // (The evidence, not the whole table: an anomaly's target for unmatched paths is named `?unmatched`.)
    for (const text of await page.locator("table.detections ul.evidence").allTextContents())
      expect(text).not.toContain("?");
    await shot("detections");

    const mit = (await api("/mitigations")).json.mitigations as Listed[];
    expect(mit.length).toBeGreaterThan(0);
    await view("#/mitigations", "mitigations");
    await page.locator("table.mitigations").waitFor();
    const id = mit[0]?.id ?? "";
    const row = page.locator("table.mitigations tbody tr", { hasText: id }).first();
    const reason = mit[0]?.reasons[0];
    expect(await row.locator("ul.evidence li").first().textContent()).toContain(`${reason?.feature} ${reason?.value}`);
    for (const text of await page.locator("table.mitigations ul.evidence").allTextContents())
      expect(text).not.toContain("?");
    await shot("mitigations");
    await row.locator("button", { hasText: "Lift" }).click();
    await row.locator("button", { hasText: "Confirm lift" }).click();
    await expect
      .poll(async () => ((await api("/mitigations")).json.mitigations as Listed[]).some((m) => m.id === id))
      .toBe(false);
    // The page drops the lifted row: the empty state when none is left, else the table without it (another
    // client's detection may land while this runs, so "none left" cannot be assumed from the first read).
    await expect
      .poll(
        async () =>
          (await page.locator('[data-state="empty"]').isVisible()) ||
          ((await page.locator("table.mitigations").isVisible()) &&
            (await page.locator("table.mitigations tbody tr", { hasText: id }).count()) === 0),
        { timeout: 30_000 },
      )
      .toBe(true);
  });

  it("a 401 from the API returns to the login form and forgets the token", async () => {
    await page.evaluate('sessionStorage.setItem("apiward.token", "stale-token")');
    await page.reload();
    await page.locator("#login").waitFor();
    await expect.poll(() => page.locator(".login-status").textContent()).toContain("Sign in again");
    expect(await page.evaluate(STORED_TOKEN)).toBeNull();
  });

  it("across the whole session: no dialog, no CSP violation, no page error, the token in no URL", () => {
    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requestUrls.length).toBeGreaterThan(20);
    expect(requestUrls.filter((u) => u.includes(TOKEN))).toEqual([]);
  });

  it("the browser enforces the CSP: injected inline script does not run and is reported", async () => {
    const before = cspViolations.length;
    await page.evaluate(
      'const s = document.createElement("script"); s.textContent = "window.__injected = 1"; document.body.appendChild(s);' +
        'const st = document.createElement("style"); st.textContent = "body{}"; document.head.appendChild(st);',
    );
    await expect.poll(() => cspViolations.length).toBeGreaterThanOrEqual(before + 2);
    expect(await page.evaluate("typeof window.__injected")).toBe("undefined");
  });
});
