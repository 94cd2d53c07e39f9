/**
 * @module bench/lib/origin
 * The origin both benchmarked workers proxy to: a Node HTTP server answering
 * a small JSON body, like a typical API call. `stop` closes it with its
 * keep-alive sockets (a plain `close` waits for them, up to a minute).
 */
import { createServer, type Server } from "node:http";

const BODY = JSON.stringify({ id: 42, name: "Widget", price: 19.99, tags: ["a", "b"], stock: 7 });

export interface BenchOrigin {
  server: Server;
  url: string;
  stop: () => Promise<void>;
}

export function startBenchOrigin(): Promise<BenchOrigin> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const a = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`, stop });
    });
  });
}
