/**
 * @module test/vercel/support/edge-config-server
 * A local HTTP server answering the Edge Config REST reads that
 * `@vercel/edge-config`'s `createClient(connectionString)` makes for an
 * external connection string (`http://127.0.0.1:<port>/<id>?token=<t>`):
 * `GET <id>/item/<key>?version=1` (the value as JSON; 404 with
 * `x-edge-config-digest` when the key is absent), `GET <id>/items` (all or
 * `key=` selected items), `GET <id>/digest`. Items are set under their KV
 * names (mapped with the adapter's key mapping). `down` answers 503 to
 * everything; `failing` answers 503 for the named KV documents only.
 */
import { createServer, type Server } from "node:http";
import { edgeConfigKey } from "../../../adapters/vercel/keys.ts";

export interface EdgeConfigServer {
  connectionString: string;
  /** Sets a document under its KV name (JSON text or a value). */
  set(kvName: string, value: unknown): void;
  remove(kvName: string): void;
  down: boolean;
  failing: Set<string>;
  reads: number;
  close(): Promise<void>;
}

export async function startEdgeConfig(id = "ecfg_apiwardtest", token = "test-ec-token"): Promise<EdgeConfigServer> {
  const items = new Map<string, unknown>();
  let digest = 0;
  const ec: EdgeConfigServer = {
    connectionString: "",
    set(name, value) {
      items.set(edgeConfigKey(name), typeof value === "string" ? JSON.parse(value) : value);
      digest++;
    },
    remove(name) {
      items.delete(edgeConfigKey(name));
      digest++;
    },
    down: false,
    failing: new Set(),
    reads: 0,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    ec.reads++;
    const url = new URL(req.url ?? "/", "http://x");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "x-edge-config-digest": String(digest), ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    if (ec.down) return send(503, { error: { message: "unavailable" } });
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: { message: "Unauthorized" } });
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] !== id) {
      res.writeHead(404);
      return res.end();
    }
    if (parts[1] === "item" && parts[2]) {
      const key = decodeURIComponent(parts[2]);
      if ([...ec.failing].some((n) => edgeConfigKey(n) === key)) return send(503, { error: { message: "injected" } });
      if (!items.has(key)) return send(404, { error: { code: "edge_config_item_not_found" } });
      return send(200, items.get(key));
    }
    if (parts[1] === "items") {
      const wanted = url.searchParams.getAll("key");
      const out: Record<string, unknown> = {};
      for (const [k, v] of items) if (wanted.length === 0 || wanted.includes(k)) out[k] = v;
      return send(200, out);
    }
    if (parts[1] === "digest") return send(200, String(digest));
    send(404, { error: { message: "not found" } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  ec.connectionString = `http://127.0.0.1:${port}/${id}?token=${token}`;
  ec.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return ec;
}
