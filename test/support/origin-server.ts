/**
 * @module test/support/origin-server
 * A real HTTP origin for the workerd tests (started by vitest globalSetup in
 * Node; the worker under test reaches it over loopback, as it would reach an
 * app). It echoes what it received, so tests see exactly what the proxy sent.
 *   /echo/**          JSON {method, path, query, headers, body_bytes, body_sha256, body}
 *   /hop/**           the same, with hop-by-hop headers in the answer
 *   /status/:code     answers with that status
 *   /slow?ms=N        answers after N ms
 *   /bytes/:n         n bytes of body, chunked (no content-length)
 * Anything else is /echo.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://origin.local");
  const body = await readBody(req);
  const status = /^\/status\/(\d{3})$/.exec(url.pathname);
  if (status) {
    res.writeHead(Number(status[1]), { "content-type": "application/json" });
    res.end(JSON.stringify({ status: Number(status[1]) }));
    return;
  }
  if (url.pathname === "/slow") {
    const ms = Math.min(Number(url.searchParams.get("ms") ?? "100"), 10_000);
    await new Promise((r) => setTimeout(r, ms));
  }
  const bytes = /^\/bytes\/(\d+)$/.exec(url.pathname);
  if (bytes) {
    const n = Math.min(Number(bytes[1]), 10_000_000);
    res.writeHead(200, { "content-type": "application/octet-stream" });
    const chunk = Buffer.alloc(Math.min(n, 16_384), 97);
    let left = n;
    while (left > 0) {
      const part = chunk.subarray(0, Math.min(left, chunk.length));
      res.write(part);
      left -= part.length;
    }
    res.end();
    return;
  }
  const payload = JSON.stringify({
    method: req.method,
    url: req.url,
    path: url.pathname,
    query: [...url.searchParams],
    headers: req.headers,
    body_bytes: body.length,
    body_sha256: createHash("sha256").update(body).digest("hex"),
    body: body.length <= 65_536 ? body.toString("utf8") : null,
  });
  // Under /hop the answer carries hop-by-hop headers the proxy must not relay
  // (and closes its connection); elsewhere connections stay alive, as a real
  // app's do, so load tests don't measure reconnects.
  const hop = url.pathname.startsWith("/hop")
    ? { connection: "close, x-secret-hop", "x-secret-hop": "must-not-leak", "keep-alive": "timeout=5" }
    : {};
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...hop });
  res.end(payload);
}

export function startOrigin(port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const addr = server.address();
      const p = typeof addr === "object" && addr ? addr.port : port;
      resolve({ server, url: `http://127.0.0.1:${p}` });
    });
  });
}
