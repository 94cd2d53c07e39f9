/**
 * @module policy/match-schema
 * zod schema of a rule's `match` block: the conditions a request must meet
 * (all fields AND, values within a list OR). Objects are strict so a typo is
 * an error, values are normalised here (upper-case methods and countries,
 * lower-case header names and content types) so the compiler and evaluator
 * compare without converting. Field reference: policy/README.md.
 */
import { z } from "zod";
import { parseCidr } from "../core/net/ip.ts";
import { globError } from "./glob.ts";

/** Entries per list: generous for IP feeds, bounded so one document cannot exhaust an isolate. */
export const MAX_LIST = 50_000;

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, "must not be empty (omit the field)").max(MAX_LIST);

export const CidrString = z
  .string()
  .max(80)
  .refine((s) => s.trim() === s && !s.includes(" ") && parseCidr(s) !== null, "expected an IP address or CIDR");

export const MethodString = z
  .string()
  .regex(/^[A-Za-z]{1,20}$/, "expected an HTTP method")
  .transform((s) => s.toUpperCase());

/** `METHOD /path/{param}` as produced by the endpoint matcher. */
export const EndpointString = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z]{1,20} \/\S*$/, 'expected "METHOD /path", e.g. "GET /api/users/{id}"')
  .transform((s) => {
    const sp = s.indexOf(" ");
    return s.slice(0, sp).toUpperCase() + s.slice(sp);
  });

const text = z.string().min(1).max(1024);
const textOrList = z.union([text, z.array(text).min(1).max(1000)]);

/**
 * Why a path pattern can never match a canonical path (the decoded path,
 * without query, dot segments or a trailing slash: core/canonicalize), or
 * null. A rule that can never match is refused rather than kept silently dead.
 */
export function pathPatternError(p: string): string | null {
  if (p.includes("?") || p.includes("#"))
    return "a path pattern matches the path only: no ? or # (query parameters go in params)";
  if (p.includes("%"))
    return "write the path decoded: rules match the canonical, decoded path (%2e, %20… never reach them)";
  if (p.includes("\\")) return "use / between segments: backslashes are read as slashes before rules see the path";
  if (/(^|\/)\.\.?(\/|$)/.test(p)) return "no . or .. segments: they are resolved before rules see the path";
  if (p.includes("//")) return "no empty segments (//): they are merged before rules see the path";
  if (p.includes("{") || p.includes("}"))
    return '{name} is an endpoint template: match it with endpoint ("GET /users/{id}"), not path';
  return null;
}

const pathPattern = z
  .string()
  .startsWith("/", "a path starts with /")
  .max(2048)
  .superRefine((p, ctx) => {
    const err = pathPatternError(p);
    if (err) ctx.addIssue({ code: "custom", message: err });
  });

export const PathMatchSchema = z
  .strictObject({
    exact: pathPattern.optional(),
    prefix: pathPattern.optional(),
    glob: z
      .string()
      .superRefine((g, ctx) => {
        const err = globError(g) ?? pathPatternError(g);
        if (err) ctx.addIssue({ code: "custom", message: err });
      })
      .optional(),
    /** Compare case-insensitively, for origins that route that way (IIS, some Spring setups). Default false. */
    ignore_case: z.boolean().optional(),
  })
  .superRefine((p, ctx) => {
    const n = Number(p.exact !== undefined) + Number(p.prefix !== undefined) + Number(p.glob !== undefined);
    if (n !== 1) ctx.addIssue({ code: "custom", message: "exactly one of exact, prefix, glob" });
  });

export const HeaderMatchSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}$/, "expected a header name")
      .transform((s) => s.toLowerCase()),
    contains: textOrList.optional(),
    equals: textOrList.optional(),
    prefix: textOrList.optional(),
    present: z.boolean().optional(),
    /** Value comparisons ignore ASCII case unless true. Default false. */
    case_sensitive: z.boolean().optional(),
  })
  .superRefine((h, ctx) => {
    const n = [h.contains, h.equals, h.prefix, h.present].filter((x) => x !== undefined).length;
    if (n !== 1) ctx.addIssue({ code: "custom", message: "exactly one of contains, equals, prefix, present" });
  });

const bound = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const BodySizeSchema = z
  .strictObject({ gt: bound.optional(), gte: bound.optional(), lt: bound.optional(), lte: bound.optional() })
  .refine((b) => Object.keys(b).length > 0, "at least one of gt, gte, lt, lte")
  .refine((b) => {
    const low = Math.max(b.gt === undefined ? 0 : b.gt + 1, b.gte ?? 0);
    const high = Math.min(b.lt === undefined ? Number.POSITIVE_INFINITY : b.lt - 1, b.lte ?? Number.POSITIVE_INFINITY);
    return low <= high;
  }, "no size is within these bounds: the rule could never match");

export const ContentTypeString = z
  .string()
  .regex(
    /^[A-Za-z0-9!#$&^_.+-]+\/(\*|[A-Za-z0-9!#$&^_.+-]+)$/,
    'expected a media type like "application/json" or "text/*"',
  )
  .transform((s) => s.toLowerCase());

export const ParamConstraintSchema = z
  .strictObject({
    name: z.string().min(1).max(256),
    in: z.enum(["query", "body"]),
    type: z.enum(["int", "float", "bool", "uuid", "email", "string"]).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    min_length: z.number().int().min(0).optional(),
    max_length: z.number().int().min(0).optional(),
    enum: z.array(z.string().max(1024)).min(1).max(1000).optional(),
    required: z.boolean().optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.min !== undefined || p.max !== undefined) && p.type !== "int" && p.type !== "float") {
      ctx.addIssue({ code: "custom", message: "min and max need type int or float", path: ["type"] });
    }
    if (p.min !== undefined && p.max !== undefined && p.min > p.max)
      ctx.addIssue({ code: "custom", message: "min is greater than max: nothing could pass", path: ["min"] });
    if (p.min_length !== undefined && p.max_length !== undefined && p.min_length > p.max_length)
      ctx.addIssue({ code: "custom", message: "min_length is greater than max_length", path: ["min_length"] });
    const keys = ["type", "min", "max", "min_length", "max_length", "enum", "required"] as const;
    if (!keys.some((k) => p[k] !== undefined)) {
      ctx.addIssue({ code: "custom", message: "a parameter constraint needs at least one of " + keys.join(", ") });
    }
  });

export const MatchSchema = z.strictObject({
  ip: list(CidrString).optional(),
  not_ip: z.array(CidrString).max(MAX_LIST).optional(),
  country: list(
    z
      .string()
      .regex(/^(?:[A-Za-z]{2}|[Tt]1)$/, "expected a two-letter country code (ISO 3166-1, or T1 for Tor, XX unknown)")
      .transform((s) => s.toUpperCase()),
  ).optional(),
  asn: list(z.number().int().min(0).max(4_294_967_295)).optional(),
  method: list(MethodString).optional(),
  path: PathMatchSchema.optional(),
  headers: list(HeaderMatchSchema).optional(),
  body_size: BodySizeSchema.optional(),
  content_type: list(ContentTypeString).optional(),
  endpoint: list(EndpointString).optional(),
  identity: list(z.string().min(1).max(512)).optional(),
  params: list(ParamConstraintSchema).optional(),
});

export type RuleMatch = z.output<typeof MatchSchema>;
export type PathMatch = z.output<typeof PathMatchSchema>;
export type HeaderMatch = z.output<typeof HeaderMatchSchema>;
export type BodySizeMatch = z.output<typeof BodySizeSchema>;
