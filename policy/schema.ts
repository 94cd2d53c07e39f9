/**
 * @module policy/schema
 * The policy document (KV, versioned per app), validated with zod. Every
 * object is strict, so a typo (`"acton"`) is an error rather than a silently
 * ignored field; errors name the field (`rules.3.match.ip.0: expected an IP
 * address or CIDR`), which the admin API returns as a 400 and the worker logs
 * when it keeps the last good version. `signatures` and `allowlist` are
 * validated here and compiled by their own engines. Field reference:
 * policy/README.md.
 */
import { z } from "zod";
import { formatIssues, type ParseResult } from "../core/config/app-config.ts";
import { RULES } from "../core/signatures/tables/rules.ts";
import { EndpointString, MatchSchema, MethodString } from "./match-schema.ts";

export * from "./match-schema.ts";

/** Most rules in one document: far above any hand-written policy, low enough to compile in milliseconds. */
export const MAX_RULES = 10_000;

export const RuleAction = z.enum(["allow", "block", "log", "rate_limit"]);
export const BypassKind = z.enum(["allowlist", "signatures", "behaviour"]);

export const RateLimitSchema = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000_000),
  window_s: z.number().int().min(1).max(86_400),
  /** `sliding` (default) weighs the previous window, so a burst across a window edge cannot double the limit; `fixed` is cheaper and exact per window. */
  algorithm: z.enum(["fixed", "sliding"]).default("sliding"),
  key: z.enum(["identity", "ip", "endpoint+identity"]).default("identity"),
});

export const RuleSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "letters, digits, _ . -, up to 64 characters, no colon"),
    description: z.string().max(2048).optional(),
    action: RuleAction,
    /** Lower runs first; ties keep document order. */
    priority: z.number().int().min(0).max(1_000_000).default(1000),
    /** A disabled rule is validated but not compiled. */
    enabled: z.boolean().default(true),
    match: MatchSchema,
    bypass: z.array(BypassKind).max(3).optional(),
    rate_limit: RateLimitSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.action === "rate_limit" && !r.rate_limit) {
      ctx.addIssue({ code: "custom", message: "action rate_limit needs a rate_limit block", path: ["rate_limit"] });
    }
    if (r.action !== "rate_limit" && r.rate_limit) {
      ctx.addIssue({
        code: "custom",
        message: "rate_limit is only allowed with action rate_limit",
        path: ["rate_limit"],
      });
    }
    if (r.action !== "allow" && r.bypass) {
      ctx.addIssue({ code: "custom", message: "bypass is only allowed with action allow", path: ["bypass"] });
    }
    if (r.bypass && new Set(r.bypass).size !== r.bypass.length) {
      ctx.addIssue({ code: "custom", message: "duplicate entry", path: ["bypass"] });
    }
  });

const RULE_IDS = new Set(RULES.map((r) => r.id));
const FAMILIES = new Set(RULES.map((r) => r.family));

/** Signature rule ids (`942100`), families (`sqli`) or prefixes (`942*`): one the engine knows, so a typo never excludes nothing. */
const SignatureRef = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}\*?$/, 'expected a rule id, a family or a prefix like "942*"')
  .superRefine((v, ctx) => {
    const known = v.endsWith("*")
      ? [...RULE_IDS].some((id) => id.startsWith(v.slice(0, -1)))
      : RULE_IDS.has(v) || FAMILIES.has(v);
    if (!known) ctx.addIssue({ code: "custom", message: `no signature rule or family is called ${JSON.stringify(v)}` });
  });

export const SignaturesSchema = z.strictObject({
  /** Overrides the app config's paranoia level (1..4). */
  paranoia: z.number().int().min(1).max(4).optional(),
  /** Overrides the app config's anomaly score threshold. */
  threshold: z.number().min(1).max(1000).optional(),
  exclusions: z
    .array(
      z.strictObject({
        rules: z.array(SignatureRef).min(1).max(1000),
        param: z.string().min(1).max(256).optional(),
        endpoint: EndpointString.optional(),
      }),
    )
    .max(10_000)
    .optional(),
});

export const AllowlistParamSchema = z
  .strictObject({
    type: z.enum(["int", "float", "bool", "uuid", "email", "date", "enum", "string"]),
    required: z.boolean().optional(),
    enum: z.array(z.string().max(1024)).max(1000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    max_length: z.number().int().min(0).optional(),
  })
  .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, {
    message: "min is greater than max: nothing could pass",
    path: ["min"],
  });

const ParamMap = z.record(z.string().min(1).max(256), AllowlistParamSchema);

export const AllowlistSchema = z.strictObject({
  endpoints: z
    .array(
      z.strictObject({
        method: MethodString,
        path: z.string().startsWith("/", "a path starts with /").max(2048),
        params: z.strictObject({ query: ParamMap.optional(), body: ParamMap.optional() }).optional(),
      }),
    )
    .max(MAX_RULES * 10),
});

export const PolicySchema = z
  .strictObject({
    /** Version number; the admin API assigns versions, this is informative when present. */
    version: z.number().int().min(0).optional(),
    description: z.string().max(4096).optional(),
    /** Creation time (epoch ms), stamped by the admin API when it stores a version; informative. */
    created_at: z.number().int().min(0).optional(),
    rules: z.array(RuleSchema).max(MAX_RULES, `at most ${MAX_RULES} rules`).default([]),
    signatures: SignaturesSchema.optional(),
    allowlist: AllowlistSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    const first = new Map<string, number>();
    doc.rules.forEach((r, i) => {
      const prev = first.get(r.id);
      if (prev === undefined) first.set(r.id, i);
      else
        ctx.addIssue({
          code: "custom",
          message: `duplicate rule id (first at rules.${prev})`,
          path: ["rules", i, "id"],
        });
    });
  });

export type PolicyDocument = z.output<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;
export type PolicyRule = z.output<typeof RuleSchema>;
export type RateLimit = z.output<typeof RateLimitSchema>;
export type SignaturesSection = z.output<typeof SignaturesSchema>;
export type AllowlistSection = z.output<typeof AllowlistSchema>;
export type Bypass = z.output<typeof BypassKind>;

/**
 * Validates a policy document (parsed JSON, or the JSON text itself as read
 * from KV). Never throws: invalid JSON or an invalid document gives
 * `{ok: false, error}` with every problem as `field.path: message`.
 */
export function parsePolicy(json: unknown): ParseResult<PolicyDocument> {
  let input = json;
  if (typeof json === "string") {
    try {
      input = JSON.parse(json);
    } catch (e) {
      return { ok: false, error: `(document): invalid JSON: ${(e as Error).message}` };
    }
  }
  const r = PolicySchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: formatIssues(r.error) };
}
