/**
 * @module demo/server
 * Serves the demo shop on http://127.0.0.1:8788 (`npm run dev:demo`), the
 * origin `npm start` puts apiward in front of. `PORT` and `HOST` change the
 * address (PORT=0 picks a free port; the line printed says which). Prints one
 * line when listening and exits cleanly on SIGINT/SIGTERM.
 */
import { serve } from "@hono/node-server";
import { app } from "./app.ts";

const port = Number(process.env.PORT ?? 8788);
const hostname = process.env.HOST ?? "127.0.0.1";
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`demo: invalid PORT ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
  console.log(`demo shop listening on http://${host}:${info.port}`);
});
server.on("error", (err) => {
  console.error(`demo: cannot listen on ${hostname}:${port}: ${err.message}`);
  process.exit(1);
});

function shutdown(signal: string): void {
  server.close(() => process.exit(0));
  // Keep-alive connections can hold close() open; do not hang the terminal.
  setTimeout(() => process.exit(0), 1000).unref();
  console.log(`demo shop stopping (${signal})`);
}
process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));
