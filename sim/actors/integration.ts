/**
 * @module sim/actors/integration
 * Machine clients the shop wants: partner integrations polling on a fixed
 * period with small jitter (new orders and their details, stock pages), and
 * batch jobs running a full export on a cadence (every list page, and for
 * some every product in detail: a benign bulk reader that looks like a
 * scraper except for who it is and when it runs). Both sign in as service
 * accounts, from hosting addresses, with an HTTP library's user agent.
 */
import type { DemoUser } from "../../demo/users.ts";
import { libraryHeaders } from "../headers.ts";
import type { Rng } from "../prng.ts";
import type { Outcome, Script, Step } from "../types.ts";
import { parseJson, step, type World } from "../world.ts";

export interface MachineClient {
  world: World;
  rng: Rng;
  ip: string;
  ua: string;
  account: DemoUser;
}

function session(c: MachineClient) {
  let token: string | undefined;
  const req = (t: number, method: string, url: string, body?: unknown): Step =>
    step(
      t,
      method,
      url,
      libraryHeaders(c.ua, { token, accept: "application/json", contentType: body ? "application/json" : undefined }),
      { body, identity: token ? c.account.username : undefined },
    );
  function* login(t: number): Generator<Step, number, Outcome> {
    const res = yield req(t, "POST", "/api/login", { username: c.account.username, password: c.account.password });
    token = res.status === 200 ? parseJson<{ token?: string }>(res.text)?.token : undefined;
    return res.end + 0.01;
  }
  /** Signs in first when needed, and again when the token expired (401). */
  function* call(t: number, method: string, url: string): Generator<Step, Outcome, Outcome> {
    const at = token ? t : yield* login(t);
    let res = yield req(at, method, url);
    if (res.status === 401) {
      token = undefined;
      res = yield req(yield* login(res.end + 0.01), method, url);
    }
    return res;
  }
  return { call };
}

/** Polls on a fixed period: new orders (then each new order's details) or a rotating stock page. */
export function* integrationScript(c: MachineClient, first: number, periodS: number): Script {
  const { world: w, rng: r } = c;
  const { call } = session(c);
  const job = r.pick(["orders", "stock", "catalog"] as const);
  let since = new Date((first - 3600) * 1000).toISOString();
  let page = 1;
  let t = first;
  for (let i = 0; i < 100_000 && t < w.end; i++) {
    if (job === "orders") {
      const res = yield* call(t, "GET", `/api/orders?since=${encodeURIComponent(since)}&limit=100`);
      const ids = (parseJson<{ items?: Array<{ id: string }> }>(res.text)?.items ?? []).map((o) => o.id);
      since = new Date(res.ts * 1000).toISOString();
      let end = res.end;
      for (const id of ids.slice(0, 20)) end = (yield* call(end + 0.01, "GET", `/api/orders/${id}`)).end;
    } else if (job === "stock") {
      const res = yield* call(t, "GET", `/api/products?page=${page}&per_page=100`);
      const pages = parseJson<{ pages?: number }>(res.text)?.pages ?? 1;
      page = page >= pages ? 1 : page + 1;
    } else {
      // A price feed: one category's full listing per poll, rotating.
      const cats = w.catalog.categories;
      const cat = cats[i % cats.length]?.slug ?? "";
      yield* call(t, "GET", `/api/products?category=${cat}&page=1&per_page=100`);
    }
    // Schedulers drift little: ±3% of the period.
    t += periodS * r.float(0.97, 1.03);
  }
}

/** A full export every `cadenceS`: all list pages, and (for detail jobs) every product by id. */
export function* batchScript(c: MachineClient, first: number, cadenceS: number, details: boolean): Script {
  const { world: w, rng: r } = c;
  const { call } = session(c);
  let t = first;
  for (let run = 0; run < 10_000 && t < w.end; run++) {
    let end = (yield* call(t, "GET", "/api/categories")).end;
    const ids: number[] = [];
    for (let page = 1; page <= 50; page++) {
      const res = yield* call(end + 0.02, "GET", `/api/products?page=${page}&per_page=100`);
      end = res.end;
      const body = parseJson<{ items?: Array<{ id: number }>; pages?: number }>(res.text);
      for (const it of body?.items ?? []) ids.push(it.id);
      if (!body?.pages || page >= body.pages) break;
    }
    if (details) for (const id of ids) end = (yield* call(end + r.float(0.01, 0.05), "GET", `/api/products/${id}`)).end;
    end = (yield* call(end + 0.05, "GET", "/api/orders?limit=100")).end;
    t += cadenceS * r.float(0.995, 1.005);
    if (t < end) t = end + 1;
  }
}
