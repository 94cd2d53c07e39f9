/**
 * @module test/vercel/support/upstash-bridge
 * A test stand-in for Upstash's REST front: a Node HTTP server that speaks
 * the Upstash REST protocol `@upstash/redis` uses (POST a JSON command array
 * to `/`, an array of them to `/pipeline` or `/multi-exec`; `Authorization:
 * Bearer <token>`; `{"result":…}` / `{"error":…}`; with `Upstash-Encoding:
 * base64`, string results base64-encoded) and runs every command on a real
 * redis-server over RESP. `down` makes it drop connections (Redis
 * unreachable), for the failure tests.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { RespClient, RespError, type RespValue } from "./resp.ts";

export interface Bridge {
  url: string;
  token: string;
  /** While true, every request's connection is dropped without an answer. */
  down: boolean;
  /** Commands run (tests read it to see that the hot path made none). */
  commands: number;
  /** Runs commands directly on Redis (test setup and assertions). */
  redis: RespClient;
  close(): Promise<void>;
}

type Command = Array<string | number | boolean | null>;

function encodeValue(v: RespValue, b64: boolean): unknown {
  if (v instanceof RespError) return v;
  if (Array.isArray(v)) return v.map((x) => encodeValue(x, b64));
  if (typeof v === "string" && b64) return Buffer.from(v, "utf8").toString("base64");
  return v;
}

function toReply(v: RespValue, b64: boolean): { result?: unknown; error?: string } {
  if (v instanceof RespError) return { error: v.message };
  if (Array.isArray(v)) {
    const inner = v.find((x) => x instanceof RespError);
    if (inner instanceof RespError) return { error: inner.message };
  }
  return { result: encodeValue(v, b64) };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

const isCommand = (c: unknown): c is Command =>
  Array.isArray(c) && c.length > 0 && c.every((x) => ["string", "number", "boolean"].includes(typeof x) || x === null);

const args = (c: Command): Array<string | number> => c.map((x) => (typeof x === "number" ? x : String(x)));

export async function startBridge(redisPort: number, token = "test-redis-token"): Promise<Bridge> {
  const redis = await RespClient.open(redisPort);
  const bridge: Bridge = {
    url: "",
    token,
    down: false,
    commands: 0,
    redis,
    close: async () => undefined,
  };
  const server: Server = createServer(async (req, res) => {
    if (bridge.down) {
      req.socket.destroy();
      return;
    }
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method !== "POST") return send(405, { error: "method not allowed" });
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "Unauthorized" });
      const b64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      const body = await readJson(req);
      const path = new URL(req.url ?? "/", "http://x").pathname.replace(/\/$/, "");
      if (path === "" || path === "/") {
        if (!isCommand(body)) return send(400, { error: "ERR expected a command array" });
        bridge.commands++;
        const [r] = await redis.send([args(body)]);
        const reply = toReply(r as RespValue, b64);
        return send(reply.error ? 400 : 200, reply);
      }
      if (path === "/pipeline" || path === "/multi-exec") {
        if (!Array.isArray(body) || !body.every(isCommand)) return send(400, { error: "ERR expected command arrays" });
        const cmds = (body as Command[]).map(args);
        bridge.commands += cmds.length;
        if (path === "/pipeline") {
          const replies = await redis.send(cmds);
          return send(
            200,
            replies.map((r) => toReply(r, b64)),
          );
        }
        const replies = await redis.send([["MULTI"], ...cmds, ["EXEC"]]);
        const exec = replies[replies.length - 1];
        if (exec instanceof RespError || !Array.isArray(exec)) {
          const queued = replies.find((r) => r instanceof RespError);
          return send(400, {
            error: (queued ?? exec) instanceof RespError ? (queued ?? (exec as RespError)).message : "EXECABORT",
          });
        }
        return send(
          200,
          exec.map((r) => toReply(r, b64)),
        );
      }
      return send(404, { error: `unknown path ${path}` });
    } catch (e) {
      send(500, { error: (e as Error).message });
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  bridge.url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  bridge.close = async () => {
    redis.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return bridge;
}
