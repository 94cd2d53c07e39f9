/**
 * @module core/config/app-config
 * The app config document (KV `CONFIG`, key `app:<id>`), validated with zod.
 * Errors name the field (`origin: Invalid URL`), which the admin API returns
 * as a 400 and the worker logs when a bad document appears in KV (it keeps
 * serving with the last good one).
 */
import { z } from "zod";
import { parseCidr } from "../net/ip.ts";

// Parsed as the datapath parses it: a CIDR it cannot read would be accepted here and never match.
const cidr = z.string().refine((v) => parseCidr(v.trim()) !== null, "expected an IP address or CIDR");

/** How a host name is looked up: lower case, no trailing dot (`Shop.Example.` is `shop.example`). */
export function hostKey(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}

/**
 * A host name as a request's Host header names it: lower case, no trailing dot (`shop.example.` is
 * `shop.example`), no scheme, port or path (a port never matches: routing uses the host name alone).
 */
const host = z
  .string()
  .min(1)
  .transform((v) => hostKey(v.trim()))
  .refine(
    (v) => /^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$/.test(v) || /^\[[0-9a-f:.]+\]$/.test(v),
    "expected a host name (no scheme, port or path)",
  );

export const ModeSchema = z.enum(["learn", "monitor", "enforce"]);

export const IdentitySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ip") }).strict(),
  z.object({ type: z.literal("header"), header: z.string().min(1).toLowerCase() }).strict(),
  z.object({ type: z.literal("cookie"), cookie: z.string().min(1) }).strict(),
  z
    .object({
      type: z.literal("jwt"),
      /** Header carrying `Bearer <jwt>`; default `authorization`. */
      header: z.string().min(1).toLowerCase().default("authorization"),
      claim: z.string().min(1).default("sub"),
      /** Public key (JWK) or HMAC secret (JWK `oct`) to verify the signature; without it the subject is not trusted and the IP is used. */
      jwk: z.record(z.string(), z.unknown()).optional(),
      /** Accepted `iss` values; when set, a token from another issuer (or none) is not trusted. */
      issuer: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
      /** Accepted audiences; when set, the token's `aud` (a string or a list) must name one of them. */
      audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    })
    .strict(),
]);

/** What the log redacts when an app says nothing (and for requests that reached no app). */
export const DEFAULT_REDACT = {
  params: ["password", "passwd", "token", "access_token", "secret", "api_key"],
  headers: ["authorization", "cookie", "set-cookie", "x-api-key"],
} as const;

export const AppConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "lower-case letters, digits, - and _, up to 63 characters"),
    hosts: z.array(host).default([]),
    // The request's path and query are appended to it: a query, fragment or credentials would be dropped
    // or sent where nobody expects them.
    origin: z.url({ protocol: /^https?$/ }).refine((v) => {
      // Not a URL at all: z.url() has said so already (refinements run on after a failed check).
      if (!URL.canParse(v)) return true;
      const u = new URL(v);
      return u.search === "" && u.hash === "" && u.username === "" && u.password === "";
    }, "expected scheme://host[:port][/path prefix], without a query, fragment or credentials"),
    mode: ModeSchema.default("monitor"),
    fail_mode: z.enum(["open", "closed"]).default("open"),
    identity: IdentitySchema.default({ type: "ip" }),
    trusted_proxies: z.array(cidr).default([]),
    /** Bytes of a request body that inspection reads; the rest streams through uninspected and is flagged. */
    body_limit: z.number().int().min(0).max(1_048_576).default(65_536),
    origin_timeout_ms: z.number().int().min(100).max(300_000).default(30_000),
    /**
     * The origin is Windows (IIS): decisions read the path as Windows does, without trailing dots and
     * spaces of a segment, `::$DATA` stream suffixes or fullwidth ASCII (core/canonicalize/windows-path.ts).
     */
    windows_paths: z.boolean().default(false),
    /** Per-capability mode overrides; a capability without one uses `mode`. */
    capabilities: z
      .object({
        policy: ModeSchema.optional(),
        allowlist: ModeSchema.optional(),
        signatures: ModeSchema.optional(),
        behaviour: ModeSchema.optional(),
        anomaly: ModeSchema.optional(),
      })
      .strict()
      .default({}),
    signatures: z
      .object({
        paranoia: z.number().int().min(1).max(4).default(1),
        threshold: z.number().min(1).default(5),
      })
      .strict()
      .default({ paranoia: 1, threshold: 5 }),
    /** Query/body parameter names and headers whose values are redacted in logs. */
    redact: z
      .object({
        params: z.array(z.string()).default([...DEFAULT_REDACT.params]),
        headers: z.array(z.string().toLowerCase()).default([...DEFAULT_REDACT.headers]),
      })
      .strict()
      .default({ params: [...DEFAULT_REDACT.params], headers: [...DEFAULT_REDACT.headers] }),
    /** Sample rate of request metadata sent to the learning core (0..1). */
    learning_sample_rate: z.number().min(0).max(1).default(1),
  })
  // A misspelt field (`failMode`, `capabilites`) is an error naming it, never silently the default.
  .strict();

export type AppConfig = z.infer<typeof AppConfigSchema>;
export type AppConfigInput = z.input<typeof AppConfigSchema>;
export type Capability = keyof AppConfig["capabilities"];

/** Formats zod issues as `field.path: message; …`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(document)"}: ${i.message}`).join("; ");
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses and validates an app config from unknown JSON. */
export function parseAppConfig(input: unknown): ParseResult<AppConfig> {
  const r = AppConfigSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: formatIssues(r.error) };
}

/** The mode a capability runs in for this app. */
export function capabilityMode(app: AppConfig, cap: Capability): AppConfig["mode"] {
  return app.capabilities[cap] ?? app.mode;
}
