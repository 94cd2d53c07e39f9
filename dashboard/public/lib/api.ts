/**
 * @module dashboard/lib/api
 * Calls the admin JSON API with the token from session storage as
 * `Authorization: Bearer`. The token lives only in sessionStorage (gone when
 * the tab closes) and never in a URL, so it cannot leak through history,
 * logs or referrers.
 *
 * Never throws: every call resolves to a result. A 401 clears the token and
 * tells the app to show the login form; a 404 or 501 is "unavailable" (an
 * endpoint another part of apiward has not shipped yet, or an app without
 * data), which views show as a clear state instead of breaking.
 */

const TOKEN_KEY = "apiward.token";
export const API_BASE = "/__apiward";

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: string; unavailable: boolean };

export type Query = Record<string, string | number | null | undefined>;

let onUnauthorized: () => void = () => {};

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: nothing was stored
  }
}

/** Registers what a 401 does (the app shows the login form). */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/** Builds `/__apiward<path>?…`, leaving out empty values (the log API rejects empty parameters). */
export function apiUrl(path: string, query?: Query): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === null || v === undefined || v === "") continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return `${API_BASE}${path}${s ? `?${s}` : ""}`;
}

/** Encodes one path segment (app ids, versions, mitigation ids). */
export function seg(s: string | number): string {
  return encodeURIComponent(String(s));
}

function errorText(status: number, body: unknown, raw: string): string {
  if (body && typeof body === "object" && "error" in body && typeof body.error === "string") return body.error;
  if (raw) return raw.slice(0, 300);
  return `HTTP ${status}`;
}

export interface CallOptions {
  method?: string;
  query?: Query;
  body?: unknown;
  /** Override the stored token (login checks a candidate token). */
  token?: string;
  /** Return the raw response text instead of JSON (exports). */
  raw?: boolean;
}

/** One admin API call; resolves to data or to an error with its status. */
export async function api<T>(path: string, opts: CallOptions = {}): Promise<ApiResult<T>> {
  const token = opts.token ?? getToken();
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method: opts.method ?? "GET",
      headers,
      body,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    });
  } catch (e) {
    return { ok: false, status: 0, error: `network error: ${(e as Error).message}`, unavailable: false };
  }
  let raw = "";
  try {
    raw = await res.text();
  } catch {
    raw = "";
  }
  let parsed: unknown = null;
  if (!opts.raw) {
    try {
      parsed = raw ? JSON.parse(raw) : null;
    } catch {
      parsed = null;
    }
  }
  if (res.status === 401 && opts.token === undefined) {
    clearToken();
    onUnauthorized();
  }
  if (!res.ok) {
    return {
      ok: false,
      status: res.status,
      error: errorText(res.status, parsed, raw),
      unavailable: res.status === 404 || res.status === 501,
    };
  }
  return { ok: true, status: res.status, data: (opts.raw ? raw : parsed) as T };
}
