/** Behaviour events the worker and Durable Object tests share. */
import type { BehaviourEvent } from "../../core/behaviour/types.ts";

/** The `i`-th failed login of a scripted client (`t0 + i` seconds), user `u<i>`; `over` replaces fields. */
export function loginFail(
  app: string,
  ip: string,
  i: number,
  t0: number,
  over: Partial<BehaviourEvent> = {},
): BehaviourEvent {
  return getEvent(app, ip, "/api/login", t0 + i, {
    method: "POST",
    status: 401,
    bytes: 40,
    latencyMs: 150,
    userAgent: "python-requests/2.32",
    headers: [
      ["user-agent", "python-requests/2.32"],
      ["content-type", "application/json"],
      ["cookie", "sid=secret"],
      ["authorization", "Bearer secret"],
    ],
    loginUser: `u${i}`,
    ...over,
  });
}

/** A plain GET of `path` by `client` at `ts` (epoch seconds); `over` replaces fields. */
export function getEvent(
  app: string,
  client: string,
  path: string,
  ts: number,
  over: Partial<BehaviourEvent> = {},
): BehaviourEvent {
  return {
    app,
    client,
    ip: client,
    ts,
    method: "GET",
    path,
    query: [],
    status: 200,
    bytes: 1,
    latencyMs: 1,
    headers: [],
    blockedByApiward: false,
    ...over,
  };
}
