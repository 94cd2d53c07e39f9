/**
 * The hard cases of issue 5, one stream each: what naive digit/UUID
 * templating gets wrong and the learner must get right.
 */
import { describe, expect, it } from "vitest";
import { Learner } from "../../../core/discovery/learner.ts";
import type { Observation } from "../../../core/discovery/types.ts";
import { learn, pick, rand, templates, token, userName, WORDS } from "./helpers.ts";

function* repeat(n: number, f: (i: number) => Observation): Generator<Observation> {
  for (let i = 0; i < n; i++) yield f(i);
}

describe("discovery hard cases", () => {
  it("user names and repository slugs that look like words: /repos/{owner}/{repo}/…", () => {
    const r = rand(1);
    // Distinct owners, uniform popularity (a value far more popular than the others, with many
    // repositories of its own, can stay literal: see the known gaps in the report).
    const owners = [...new Set(Array.from({ length: 400 }, () => userName(r)))];
    const repos = Array.from({ length: 300 }, () => `${pick(r, WORDS)}-${pick(r, WORDS)}`);
    const inv = learn(
      repeat(4000, () => {
        const o = pick(r, owners);
        const p = pick(r, repos);
        const k = r();
        if (k < 0.4) return { method: "GET", path: `/repos/${o}/${p}/issues`, status: 200 };
        if (k < 0.7) return { method: "GET", path: `/repos/${o}/${p}/pulls`, status: 200 };
        if (k < 0.85) return { method: "GET", path: `/repos/${o}/${p}`, status: 200 };
        return { method: "GET", path: `/users/${o}`, status: 200 };
      }),
    ).inventory();
    expect(templates(inv)).toEqual([
      "GET /repos/{}/{}",
      "GET /repos/{}/{}/issues",
      "GET /repos/{}/{}/pulls",
      "GET /users/{}",
    ]);
  });

  it("literals beside a parameter: /users/search and /users/me stay, ids fold", () => {
    const r = rand(2);
    const inv = learn(
      repeat(3000, () => {
        const k = r();
        if (k < 0.1) return { method: "GET", path: "/users/search", query: [["q", pick(r, WORDS)]], status: 200 };
        if (k < 0.15) return { method: "GET", path: "/users/me", status: 200 };
        if (k < 0.2) return { method: "POST", path: "/users/invite", status: 201 };
        return { method: pick(r, ["GET", "PATCH"]), path: `/users/${Math.floor(r() * 1e6)}`, status: 200 };
      }),
    ).inventory();
    expect(templates(inv)).toEqual([
      "GET /users/me",
      "GET /users/search",
      "GET /users/{}",
      "PATCH /users/{}",
      "POST /users/invite",
    ]);
  });

  it("version segments stay literal even when their sub-graphs are identical", () => {
    const r = rand(3);
    const inv = learn(
      repeat(3000, () => {
        const v = pick(r, ["v1", "v2", "v3"]);
        const res = pick(r, ["orders", "customers", "products", "invoices", "refunds", "carts"]);
        return { method: "GET", path: `/api/${v}/${res}/${Math.floor(r() * 1e5)}`, status: 200 };
      }),
    ).inventory();
    const t = templates(inv);
    expect(t).toHaveLength(18);
    expect(t).toContain("GET /api/v2/orders/{}");
    expect(t.some((x) => x.startsWith("GET /api/{}"))).toBe(false);
  });

  it("tenant names before the same resources fold (shared sub-graph), few as they are", () => {
    const r = rand(4);
    const realms = ["master", "acme", "globex-prod"];
    const res = ["users", "groups", "clients", "roles", "sessions", "events", "flows", "keys"];
    const inv = learn(
      repeat(4000, () => ({
        method: "GET",
        path: `/admin/realms/${pick(r, realms)}/${pick(r, res)}${r() < 0.5 ? `/${crypto.randomUUID()}` : ""}`,
        status: 200,
      })),
    ).inventory();
    const t = templates(inv);
    expect(t).toContain("GET /admin/realms/{}/users");
    expect(t).toContain("GET /admin/realms/{}/users/{}");
    expect(t).toHaveLength(16);
  });

  it("file names are one parameter; a lone robots.txt stays literal", () => {
    const r = rand(5);
    const exts = ["pdf", "png", "csv", "docx"];
    const inv = learn(
      repeat(2000, () => {
        if (r() < 0.1) return { method: "GET", path: "/robots.txt", status: 200 };
        const name = r() < 0.5 ? `${pick(r, WORDS)}-${pick(r, WORDS)}` : `scan_${1000 + Math.floor(r() * 9000)}`;
        return { method: "GET", path: `/files/${name}.${pick(r, exts)}`, status: 200 };
      }),
    ).inventory();
    expect(templates(inv)).toEqual(["GET /files/{}", "GET /robots.txt"]);
  });

  it("one refused request for another extension does not turn a busy {id}.pdf into a file-name parameter", () => {
    // An invoice as JSON and as a PDF, as a billing API serves them.
    const base = (): Observation[] => {
      const r = rand(9);
      const obs: Observation[] = [];
      for (let i = 0; i < 200; i++) {
        const id = `inv_${token(r, 14)}`;
        obs.push({ method: "GET", path: `/v1/invoices/${id}`, status: 200 });
        if (i % 2 === 0) obs.push({ method: "GET", path: `/v1/invoices/${id}.pdf`, status: 200 });
      }
      return obs;
    };
    const both = ["GET /v1/invoices/{}", "GET /v1/invoices/{}.pdf"];
    expect(templates(learn(base()).inventory())).toEqual(both);
    // One refused probe for another format, one answered request in another case: still both routes.
    for (const odd of [
      { method: "GET", path: "/v1/invoices/inv_X.csv", status: 403 },
      { method: "GET", path: "/v1/invoices/inv_AbCdEf12345678.PDF", status: 200 },
    ]) {
      expect(templates(learn([...base(), odd]).inventory()).filter((t) => !t.endsWith(".PDF"))).toEqual(both);
    }
    // A second format the app does serve is one parameter of file names with the first.
    const csv = base();
    const r = rand(10);
    for (let i = 0; i < 20; i++) csv.push({ method: "GET", path: `/v1/invoices/inv_${token(r, 14)}.csv`, status: 200 });
    expect(templates(learn(csv).inventory())).toEqual(["GET /v1/invoices/{}"]);
  });

  it("one extension, some names classed as ids and some as file names: still one route", () => {
    const r = rand(8);
    // report-7.pdf reads as a file name, report-123.pdf as a prefixed id with the skeleton {}.pdf.
    const inv = learn(
      repeat(3000, () => ({ method: "GET", path: `/files/report-${Math.floor(r() * 500)}.pdf`, status: 200 })),
    ).inventory();
    expect(templates(inv)).toEqual(["GET /files/{}"]);
  });

  it("the root's files stay literal: no root parameter that would take in every probe", () => {
    const r = rand(7);
    const root = ["favicon.ico", "robots.txt", "sitemap.xml", "manifest.json", "ads.txt"];
    const learner = new Learner();
    for (let i = 0; i < 3000; i++) {
      const k = r();
      const path = k < 0.3 ? `/${pick(r, root)}` : k < 0.6 ? "/" : `/api/items/${Math.floor(r() * 5000)}`;
      learner.observe({ method: "GET", path, status: 200 });
      // A scanner's probes at the root, all answered 404.
      if (i % 10 === 0)
        learner.observe({ method: "GET", path: `/${pick(r, [".env", "config.php", "db.sql"])}`, status: 404 });
    }
    const t = templates(learner.inventory());
    expect(t).toEqual([
      "GET /",
      "GET /ads.txt",
      "GET /api/items/{}",
      "GET /favicon.ico",
      "GET /manifest.json",
      "GET /robots.txt",
      "GET /sitemap.xml",
    ]);
  });

  it("a dated API version stays literal; a date that varies is a parameter", () => {
    const r = rand(21);
    const inv = learn(
      repeat(2000, () => {
        const k = r();
        const order = 1000 + Math.floor(r() * 9000);
        if (k < 0.4) return { method: "GET", path: `/admin/api/2024-01/orders/${order}.json`, status: 200 };
        if (k < 0.7) return { method: "GET", path: "/admin/api/2024-01/orders.json", status: 200 };
        const day = String(1 + Math.floor(r() * 28)).padStart(2, "0");
        return { method: "GET", path: `/reports/2024-03-${day}/summary`, status: 200 };
      }),
    ).inventory();
    expect(templates(inv)).toEqual([
      "GET /admin/api/2024-01/orders.json",
      "GET /admin/api/2024-01/orders/{}.json",
      "GET /reports/{}/summary",
    ]);
  });

  it("resource names with a response format are routes, not file names: refunds.json beside transactions.json", () => {
    const r = rand(22);
    const inv = learn(
      repeat(3000, () => {
        const order = 1000 + Math.floor(r() * 9000);
        const res = pick(r, ["refunds.json", "transactions.json", "fulfillments.json"]);
        return { method: "GET", path: `/orders/${order}/${res}`, status: 200 };
      }),
    ).inventory();
    expect(templates(inv)).toEqual([
      "GET /orders/{}/fulfillments.json",
      "GET /orders/{}/refunds.json",
      "GET /orders/{}/transactions.json",
    ]);
  });

  it("values of one parameter that differ a little in their mix still fold, however much traffic shows it", () => {
    // Kubernetes-like: 8 deployment names; the popular ones are scaled more often than the rest.
    const r = rand(23);
    const names = ["willow", "signal", "teal_rain", "kitchen_fox", "office_raven", "factory-dev", "maple", "galaxy"];
    const inv = learn(
      repeat(40000, () => {
        const i = Math.min(names.length - 1, Math.floor(-Math.log(1 - r()) * 2.5));
        const name = names[i] as string;
        const base = `/apis/apps/v1/namespaces/default/deployments/${name}`;
        const scale = r() < 0.2 + 0.01 * (names.length - i);
        if (scale) return { method: pick(r, ["GET", "PUT"]), path: `${base}/scale`, status: 200 };
        return { method: pick(r, ["GET", "PATCH", "PATCH", "DELETE"]), path: base, status: 200 };
      }),
    ).inventory();
    expect(templates(inv)).toEqual([
      "DELETE /apis/apps/v1/namespaces/default/deployments/{}",
      "GET /apis/apps/v1/namespaces/default/deployments/{}",
      "GET /apis/apps/v1/namespaces/default/deployments/{}/scale",
      "PATCH /apis/apps/v1/namespaces/default/deployments/{}",
      "PUT /apis/apps/v1/namespaces/default/deployments/{}/scale",
    ]);
  });

  it("parameters embedded in a segment: {id}.json and {base}...{head}", () => {
    const r = rand(6);
    const branches = ["main", "develop", "feature-login", "fix-typo", "release-2"];
    const inv = learn(
      repeat(2000, () => {
        const k = r();
        if (k < 0.4) return { method: "GET", path: `/items/${Math.floor(r() * 1e5)}.json`, status: 200 };
        if (k < 0.6) return { method: "GET", path: `/items/${Math.floor(r() * 1e5)}`, status: 200 };
        return { method: "GET", path: `/compare/${pick(r, branches)}...${pick(r, branches)}`, status: 200 };
      }),
    ).inventory();
    expect(templates(inv)).toEqual(["GET /compare/{}...{}", "GET /items/{}", "GET /items/{}.json"]);
    const cmp = inv.endpoints.find((e) => e.path.startsWith("/compare"));
    expect(Object.keys(cmp?.path_params ?? {})).toHaveLength(2);
  });

  it("a small enumeration folds, literal siblings with their own behaviour do not", () => {
    const r = rand(7);
    const inv = learn(
      repeat(3000, () => {
        const k = r();
        if (k < 0.6) {
          const q: Array<[string, string]> = r() < 0.5 ? [["page", String(Math.floor(r() * 9))]] : [];
          return {
            method: "GET",
            path: `/orders/status/${pick(r, ["pending", "shipped", "delivered", "cancelled"])}`,
            query: q,
            status: 200,
          };
        }
        if (k < 0.8) return { method: "GET", path: "/reports/daily", query: [["date", "2024-01-02"]], status: 200 };
        if (k < 0.9) return { method: "POST", path: "/reports/export", status: 202 };
        return { method: "GET", path: "/reports/summary", status: 200 };
      }),
    ).inventory();
    expect(templates(inv)).toEqual([
      "GET /orders/status/{}",
      "GET /reports/daily",
      "GET /reports/summary",
      "POST /reports/export",
    ]);
  });

  it("sub-resources under a parameter are routes, however alike: /users/{u}/followers, following, gists, repos", () => {
    const r = rand(24);
    const users = Array.from({ length: 300 }, () => userName(r));
    const inv = learn(
      repeat(4000, () => {
        const u = pick(r, users);
        const q: Array<[string, string]> = r() < 0.5 ? [["page", String(1 + Math.floor(r() * 5))]] : [];
        if (r() < 0.3) return { method: "GET", path: `/users/${u}`, status: 200 };
        return {
          method: "GET",
          path: `/users/${u}/${pick(r, ["followers", "following", "gists", "repos"])}`,
          query: q,
          status: 200,
        };
      }),
    ).inventory();
    expect(templates(inv)).toEqual([
      "GET /users/{}",
      "GET /users/{}/followers",
      "GET /users/{}/following",
      "GET /users/{}/gists",
      "GET /users/{}/repos",
    ]);
  });

  it("rare endpoints seen a handful of times are kept", () => {
    const r = rand(8);
    const obs: Observation[] = [];
    for (let i = 0; i < 2000; i++) obs.push({ method: "GET", path: `/products/${Math.floor(r() * 1e5)}`, status: 200 });
    obs.splice(500, 0, { method: "GET", path: "/admin/audit", status: 200 });
    obs.splice(900, 0, { method: "GET", path: "/admin/audit", status: 200 });
    obs.splice(1200, 0, {
      method: "DELETE",
      path: `/products/${token(r, 0) + 77}/images/img_${token(r, 12)}`,
      status: 204,
    });
    const t = templates(learn(obs).inventory());
    expect(t).toEqual(["DELETE /products/{}/images/{}", "GET /admin/audit", "GET /products/{}"]);
  });

  it("ids of many formats in one API and deep nesting", () => {
    const r = rand(9);
    const inv = learn(
      repeat(3000, () => {
        const org = `org_${token(r, 16)}`;
        const proj = crypto.randomUUID();
        const env = Math.floor(r() * 1e4);
        const dep = token(r, 24, "0123456789abcdef");
        const k = r();
        if (k < 0.3) return { method: "GET", path: `/orgs/${org}/projects/${proj}`, status: 200 };
        if (k < 0.6)
          return { method: "GET", path: `/orgs/${org}/projects/${proj}/envs/${env}/deployments/${dep}`, status: 200 };
        return {
          method: "POST",
          path: `/orgs/${org}/projects/${proj}/envs/${env}/deployments/${dep}/logs/${Date.UTC(2024, 0, 1 + Math.floor(r() * 200))}`,
          status: 201,
        };
      }),
    ).inventory();
    expect(templates(inv)).toEqual([
      "GET /orgs/{}/projects/{}",
      "GET /orgs/{}/projects/{}/envs/{}/deployments/{}",
      "POST /orgs/{}/projects/{}/envs/{}/deployments/{}/logs/{}",
    ]);
    const shapes = Object.values(inv.endpoints[1]?.path_params ?? {}).map((p) => p.shape);
    expect(shapes).toEqual(["prefixed", "uuid", "int", "hex"]);
  });

  it("the long tail: 150 word-like method names under one parent stay literal", () => {
    const r = rand(10);
    const names = Array.from(
      { length: 150 },
      (_, i) => `${WORDS[i % WORDS.length]}.${pick(r, ["list", "info", "create", "delete", "update"])}${i}`,
    );
    const unique = [...new Set(names)];
    const weights = unique.map((_, i) => 1 / (i + 1));
    const total = weights.reduce((a, b) => a + b, 0);
    const inv = learn(
      repeat(20_000, () => {
        let u = r() * total;
        let i = 0;
        while (i < unique.length - 1 && u > (weights[i] as number)) u -= weights[i++] as number;
        return {
          method: i % 2 ? "POST" : "GET",
          path: `/api/${unique[i]}`,
          query: [
            ["token", "x"],
            [`p${i}`, "1"],
          ],
          status: 200,
        };
      }),
    ).inventory();
    expect(inv.endpoints.every((e) => !e.path.includes("{"))).toBe(true);
    expect(inv.endpoints.length).toBeGreaterThan(140);
  });

  it("404 probes, scanner noise and 5xx storms create nothing; endpoints that only fail are marked", () => {
    const r = rand(11);
    const l = new Learner({ now: () => 0 });
    for (let i = 0; i < 500; i++) l.observe({ method: "GET", path: `/shop/items/${i}`, status: 200 });
    for (let i = 0; i < 300; i++)
      l.observe({
        method: "GET",
        path: `/${pick(r, [".env", "wp-admin", "phpmyadmin", ".git"])}/${token(r, 6)}`,
        status: 404,
      });
    for (let i = 0; i < 300; i++)
      l.observe({ method: "POST", path: `/${pick(r, WORDS)}/${pick(r, WORDS)}`, status: 503 });
    for (let i = 0; i < 6; i++) l.observe({ method: "POST", path: "/shop/checkout", status: 401 });
    l.observe({ method: "GET", path: "/shop/secret", status: 403 });
    for (let i = 0; i < 20; i++) l.observe({ method: "GET", path: `/shop/items/${i}`, status: 500 });
    const inv = l.inventory();
    expect(templates(inv)).toEqual(["GET /shop/items/{}", "POST /shop/checkout"]);
    const checkout = inv.endpoints.find((e) => e.path === "/shop/checkout");
    expect(checkout?.only_failures).toBe(true);
    const items = inv.endpoints.find((e) => e.path.startsWith("/shop/items"));
    expect(items?.only_failures).toBeUndefined();
    expect(items?.statuses).toEqual({ "200": 500, "500": 20 });
    expect(l.stats().unmatched).toBe(600);
  });
});
