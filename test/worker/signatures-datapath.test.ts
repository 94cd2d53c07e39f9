import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { activatePolicy, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

describe("signatures in the datapath (Wasm engine)", () => {
  const records: AccessLogRecord[] = [];
  const h = createHandler({ sendLogs: async (_e, b) => void records.push(...b) });
  const recordOf = (res: Response) => records.find((r) => r.request_id === res.headers.get("x-apiward-request-id"));
  /** POSTs `body` to `url` as `application/octet-stream` from `ip`. */
  const postOctets = (url: string, body: BodyInit, ip: string) =>
    send(
      h,
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/octet-stream", "cf-connecting-ip": ip },
        body,
      }),
    );

  async function app(capabilities: Record<string, string>, policy: object = { rules: [] }) {
    const id = uniqueApp("sig");
    await putApp(
      { id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce", fail_mode: "closed", capabilities },
      [h],
    );
    await activatePolicy(h, id, policy);
    return `http://${id}.test`;
  }

  it("blocks attacks in enforce with rule ids and locations, and passes benign traffic", async () => {
    const base = await app({ signatures: "enforce" });
    const sqli = await send(h, `${base}/api/items?id=1%27%20UNION%20SELECT%20password%20FROM%20users--`);
    expect(sqli.status).toBe(403);
    const body = (await sqli.json()) as { reasons: Array<{ source: string; id: string; location: string }> };
    expect(body.reasons.some((r) => r.source === "signature" && r.location === "query:id")).toBe(true);
    const xss = await send(h, `${base}/comment`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "<svg/onload=alert(document.cookie)>" }),
    });
    expect(xss.status).toBe(403);
    const trav = await send(h, `${base}/download?file=..%2f..%2f..%2fetc%2fpasswd`);
    expect(trav.status).toBe(403);
    // Benign requests from another client: the attacker above is, rightly, mitigated by behaviour profiling by now.
    for (const ok of [
      "/api/items?q=O%27Brien",
      "/search?q=select+a+product+from+the+union+catalogue",
      "/api/users/42",
    ]) {
      const res = await send(h, new Request(`${base}${ok}`, { headers: { "cf-connecting-ip": "198.51.100.20" } }));
      expect(res.status, ok).toBe(200);
      expect(recordOf(res)?.reasons.some((r) => r.id === "wasm_unavailable")).toBe(false);
    }
  });

  it("blocks a client that claims to be the server itself, but not a local run whose own proxy says so", async () => {
    const base = await app({ signatures: "enforce" });
    const claim = (peer: string) =>
      send(h, new Request(`${base}/admin`, { headers: { "cf-connecting-ip": peer, "x-real-ip": "127.0.0.1" } }));
    const outside = await claim("198.51.100.40");
    expect(outside.status).toBe(403);
    expect(recordOf(outside)?.reasons.some((r) => r.id === "920258" && r.location === "header:x-real-ip")).toBe(true);
    // Under `wrangler dev` the platform's address is the loopback itself: nothing is claimed.
    expect((await claim("127.0.0.1")).status).toBe(200);
  });

  it("takes another site's X-Forwarded-Host from a client, not from the app's own trusted proxy", async () => {
    const id = uniqueApp("sig");
    await putApp(
      {
        id,
        hosts: [`${id}.test`],
        origin: originUrl(),
        mode: "enforce",
        fail_mode: "closed",
        capabilities: { signatures: "enforce" },
        trusted_proxies: ["203.0.113.0/24"],
      },
      [h],
    );
    await activatePolicy(h, id, { rules: [] });
    const reset = (peer: string) =>
      send(
        h,
        new Request(`http://${id}.test/account/forgot`, {
          headers: { "cf-connecting-ip": peer, "x-forwarded-host": "www.brand.example" },
        }),
      );
    const outside = await reset("198.51.100.41");
    expect(outside.status).toBe(403);
    expect(recordOf(outside)?.reasons.some((r) => r.id === "920279" && r.location === "header:x-forwarded-host")).toBe(
      true,
    );
    expect((await reset("203.0.113.7")).status).toBe(200);
  });

  it("inspects a body sent without a content type (sniffed), as back ends that parse JSON anyway would read it", async () => {
    const base = await app({ signatures: "enforce" });
    const body = JSON.stringify({ username: "admin' OR '1'='1'--", password: "x" });
    for (const empty of [false, true]) {
      const req = new Request(`${base}/api/login`, { method: "POST", body });
      // A string body makes the runtime add text/plain: take it off, as a raw client can.
      req.headers.delete("content-type");
      if (empty) req.headers.set("content-type", "");
      const res = await send(
        h,
        new Request(req, { headers: { ...Object.fromEntries(req.headers), "cf-connecting-ip": "198.51.100.31" } }),
      );
      expect(res.status).toBe(403);
      const reasons = recordOf(res)?.reasons ?? [];
      expect(reasons.some((r) => r.source === "signature" && r.location?.startsWith("body:json."))).toBe(true);
    }
  });

  it("reads a binary body only for the formats that act when loaded, and forwards every byte", async () => {
    const base = await app({ signatures: "enforce" });
    const post = (body: Uint8Array, ip: string) => postOctets(`${base}/api/models/upload`, body, ip);
    // pickle.dumps of an object whose __reduce__ is (os.system, ("id",)), protocol 4.
    const pickle = Uint8Array.from([
      ...[0x80, 4, 0x95, 0x1d, 0, 0, 0, 0, 0, 0, 0, 0x8c, 5],
      ..."posix".split("").map((c) => c.charCodeAt(0)),
      ...[0x94, 0x8c, 6],
      ..."system".split("").map((c) => c.charCodeAt(0)),
      ...[0x94, 0x93, 0x94, 0x8c, 2, 0x69, 0x64, 0x94, 0x85, 0x94, 0x52, 0x94, 0x2e],
    ]);
    const blocked = await post(pickle, "198.51.100.33");
    expect(blocked.status).toBe(403);
    expect(recordOf(blocked)?.reasons.some((r) => r.id === "934155" && r.location === "body:raw.pickle")).toBe(true);
    // An ordinary binary upload past the inspection limit reaches the origin byte for byte.
    const blob = new Uint8Array(200_000);
    for (let i = 0; i < blob.length; i++) blob[i] = (i * 7919 + (i >> 8)) & 0xff;
    const ok = await post(blob, "198.51.100.34");
    expect(ok.status).toBe(200);
    const echo = (await ok.json()) as { body_bytes: number; body_sha256: string };
    expect(echo.body_bytes).toBe(blob.length);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", blob));
    expect(echo.body_sha256).toBe([...digest].map((b) => b.toString(16).padStart(2, "0")).join(""));
  });

  it("says in the log when a body went uninspected for its binary content type", async () => {
    const base = await app({ signatures: "enforce" });
    const body = "username=admin' OR '1'='1'--";
    const res = await postOctets(`${base}/api/login`, body, "198.51.100.32");
    expect(res.status).toBe(200);
    const reason = recordOf(res)?.reasons.find((r) => r.id === "body_not_inspected");
    expect(reason).toMatchObject({ source: "canonical", action: "log" });
    expect(reason?.detail).toContain("application/octet-stream");
  });

  it("reads a JSON object sent as application/octet-stream, and still says the type went only sniffed", async () => {
    const base = await app({ signatures: "enforce" });
    const body = JSON.stringify({ username: "admin' OR '1'='1'--" });
    const res = await postOctets(`${base}/api/login`, body, "198.51.100.33");
    expect(res.status).toBe(403);
    const rec = recordOf(res);
    expect(rec?.reasons.some((r) => r.source === "signature" && r.location === "body:json.username")).toBe(true);
    expect(rec?.reasons.some((r) => r.id === "body_not_inspected")).toBe(true);
  });

  it("only logs in monitor, with the same detail", async () => {
    const base = await app({ signatures: "monitor" });
    const res = await send(h, `${base}/api/items?id=1%27%20OR%20%271%27%3D%271`);
    expect(res.status).toBe(200);
    const rec = recordOf(res);
    expect(rec).toMatchObject({ decision: "log", would: "block" });
    expect(rec?.reasons.some((r) => r.source === "signature" && r.location === "query:id")).toBe(true);
  });

  it("honours policy exclusions and allow-rule bypasses", async () => {
    const base = await app(
      { signatures: "enforce" },
      {
        rules: [{ id: "trusted-scanner", action: "allow", match: { ip: ["192.0.2.0/24"] }, bypass: ["signatures"] }],
        signatures: { paranoia: 1, threshold: 5, exclusions: [{ rules: ["sqli"], param: "sql" }] },
      },
    );
    const attack = "1%27%20UNION%20SELECT%20password%20FROM%20users--";
    expect((await send(h, `${base}/console?sql=${attack}`)).status).toBe(200);
    expect((await send(h, `${base}/console?other=${attack}`)).status).toBe(403);
    const trusted = new Request(`${base}/console?other=${attack}`, { headers: { "cf-connecting-ip": "192.0.2.7" } });
    expect((await send(h, trusted)).status).toBe(200);
  });
});
