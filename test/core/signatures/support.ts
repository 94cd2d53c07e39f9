/**
 * Test support: both scanner backends, and a SignatureInput built around one
 * value placed where a case says (query, path, user agent, cookie, header,
 * JSON or form body).
 */
import { loadWasmHost } from "../../../cli/wasm.ts";
import { createSignatureEngine, type SignatureEngine, type SignatureInput } from "../../../core/signatures/index.ts";
import type { DetectorCase } from "./cases.ts";

export const BACKENDS: Array<{ name: "ts" | "wasm"; make: () => SignatureEngine }> = [
  { name: "ts", make: () => createSignatureEngine() },
  { name: "wasm", make: () => createSignatureEngine({ wasm: loadWasmHost() }) },
];

/** Runs `check` once per backend, with `where` listing `rule@location` of a request at paranoia 1, threshold 5. */
export function eachBackend(check: (where: (input: SignatureInput) => string[], name: string) => void): void {
  for (const { name, make } of BACKENDS) {
    const engine = make();
    check(
      (input) => engine.inspect(input, { paranoia: 1, threshold: 5 }).matches.map((m) => `${m.rule}@${m.location}`),
      name,
    );
  }
}

const enc = new TextEncoder();

export function inputFor(c: Pick<DetectorCase, "where" | "value">): SignatureInput {
  const base: SignatureInput = {
    method: "POST",
    path: "/x",
    rawPath: "/x",
    query: [],
    headers: [["host", "app.example"]],
  };
  switch (c.where) {
    case "query":
      base.query = [["q", c.value]];
      break;
    case "path":
      base.rawPath = c.value;
      base.path = c.value;
      break;
    case "ua":
      base.headers.push(["user-agent", c.value]);
      break;
    case "cookie":
      base.headers.push(["cookie", c.value]);
      break;
    case "header":
      base.headers.push(["x-custom", c.value]);
      break;
    case "referer":
      base.headers.push(["referer", c.value]);
      break;
    case "json":
      base.body = {
        bytes: enc.encode(JSON.stringify({ user: { comment: c.value } })),
        contentType: "application/json",
        truncated: false,
      };
      break;
    case "form":
      base.body = {
        bytes: enc.encode(`comment=${encodeURIComponent(c.value)}`),
        contentType: "application/x-www-form-urlencoded",
        truncated: false,
      };
      break;
  }
  return base;
}

/** A POST to /api/x whose body is `body` as JSON: for tests of what one body field matches. */
export function jsonInput(body: unknown): SignatureInput {
  return {
    method: "POST",
    path: "/api/x",
    rawPath: "/api/x",
    query: [],
    headers: [["host", "app.example"]],
    body: { bytes: enc.encode(JSON.stringify(body)), contentType: "application/json", truncated: false },
  };
}

/** The rule ids `engine` (the TypeScript reference unless given) matches on `input` at paranoia 1. */
export function rulesOf(input: SignatureInput, engine: SignatureEngine = createSignatureEngine()): string[] {
  return engine.inspect(input, { paranoia: 1, threshold: 5 }).matches.map((m) => m.rule);
}

/**
 * `rule@location` of every match for a request built from `over` (GET /a, Host `host`) at paranoia 1,
 * threshold 5: the shape the engine-level tests compare against.
 */
export function matchesAt(over: Partial<SignatureInput>, host = "app.example"): string[] {
  const input: SignatureInput = {
    method: "GET",
    path: "/a",
    rawPath: "/a",
    query: [],
    headers: [["host", host]],
    ...over,
  };
  return createSignatureEngine()
    .inspect(input, { paranoia: 1, threshold: 5 })
    .matches.map((m) => `${m.rule}@${m.location}`);
}

/**
 * A request at `/x` of app.example: a GET, or a POST of `text` as its body (typed `type`) when one is
 * given; any other field as `over` sets it.
 */
export function request(over: Partial<SignatureInput> & { text?: string; type?: string }): SignatureInput {
  const { text, type, ...rest } = over;
  return {
    method: text === undefined ? "GET" : "POST",
    path: "/x",
    rawPath: "/x",
    query: [],
    headers: [["host", "app.example"]],
    ...(text === undefined ? {} : { body: { bytes: enc.encode(text), contentType: type ?? "", truncated: false } }),
    ...rest,
  };
}

/** A POST with a form body. */
export const form = (text: string): SignatureInput => request({ text, type: "application/x-www-form-urlencoded" });
/** A POST with one form field `v` holding `value`. */
export const field = (value: string): SignatureInput => form(`v=${encodeURIComponent(value)}`);
/** A GET with one query parameter. */
export const query = (name: string, value: string): SignatureInput => request({ query: [[name, value]] });
