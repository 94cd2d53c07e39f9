import { createHash, createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { IdentitySchema } from "../../../core/config/app-config.ts";
import { IdentityKeyCache } from "../../../core/identity/hash.ts";
import { JWT_LEEWAY_S, resolveIdentity } from "../../../core/identity/index.ts";
import type { HeaderList } from "../../../core/types.ts";

const IP = "203.0.113.7";
const NOW = 1_750_000_000;
const enc = new TextEncoder();

const b64url = (bytes: Uint8Array): string =>
  Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const jsonPart = (o: object): string => b64url(enc.encode(JSON.stringify(o)));

type Signer = (data: Uint8Array) => Promise<Uint8Array>;

async function token(alg: string, payload: object, sign: Signer | null): Promise<string> {
  const head = `${jsonPart({ alg, typ: "JWT" })}.${jsonPart(payload)}`;
  return sign === null ? `${head}.` : `${head}.${b64url(await sign(enc.encode(head)))}`;
}

const bearer = (t: string): HeaderList => [["authorization", `Bearer ${t}`]];
const jwtConfig = (jwk: Record<string, unknown>, extra: object = {}) =>
  IdentitySchema.parse({ type: "jwt", jwk, ...extra });

const exportJwk = async (key: CryptoKey) =>
  (await crypto.subtle.exportKey("jwk", key)) as unknown as Record<string, unknown>;

let hsJwk: Record<string, unknown>;
let hsSign: Signer;
let esJwk: Record<string, unknown>;
let esPrivateJwk: Record<string, unknown>;
let esSign: Signer;
let rsJwk: Record<string, unknown>;
let rsSign: Signer;

beforeAll(async () => {
  const hs = (await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKey;
  hsJwk = await exportJwk(hs);
  hsSign = async (d) => new Uint8Array(await crypto.subtle.sign("HMAC", hs, d));

  const es = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  esJwk = await exportJwk(es.publicKey);
  esPrivateJwk = await exportJwk(es.privateKey);
  esSign = async (d) => new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, es.privateKey, d));

  const rs = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  rsJwk = await exportJwk(rs.publicKey);
  rsSign = async (d) => new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", rs.privateKey, d));
});

describe("ip, header and cookie identities", () => {
  it("ip: the client key of the address, verified", async () => {
    expect(await resolveIdentity({ type: "ip" }, { headers: [] }, "2001:db8:1:2::5")).toEqual({
      identity: "2001:db8:1:2::/64",
      kind: "ip",
      verified: true,
    });
  });

  it("API key header: stored as a SHA-256 prefix, never the key", async () => {
    const key = "sk_live_4f9a8b7c6d5e";
    const cfg = IdentitySchema.parse({ type: "header", header: "X-Api-Key" });
    const r = await resolveIdentity(cfg, { headers: [["x-api-key", key]] }, IP);
    const expected = createHash("sha256").update(key).digest("hex").slice(0, 16);
    expect(r).toEqual({ identity: `key:${expected}`, kind: "header", verified: false });
    expect(r.identity).not.toContain(key);
    const other = await resolveIdentity(cfg, { headers: [["x-api-key", key + "x"]] }, IP);
    expect(other.identity).not.toBe(r.identity);
  });

  it("with a deployment key: an HMAC-SHA-256 prefix instead, stable per key, another under another key", async () => {
    const apiKey = "sk_live_4f9a8b7c6d5e";
    const cfg = IdentitySchema.parse({ type: "header", header: "x-api-key" });
    const headers: HeaderList = [["x-api-key", apiKey]];
    const keys = new IdentityKeyCache();
    const k1 = await keys.get("deployment-secret-1");
    expect(await keys.get("deployment-secret-1")).toBe(k1); // imported once per value
    const r = await resolveIdentity(cfg, { headers }, IP, { key: k1 });
    const hmac = createHmac("sha256", "deployment-secret-1").update(apiKey).digest("hex").slice(0, 16);
    expect(r).toEqual({ identity: `key:${hmac}`, kind: "header", verified: false });
    expect(r.identity).not.toBe(`key:${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`);
    expect((await resolveIdentity(cfg, { headers }, IP, { key: k1 })).identity).toBe(r.identity);
    const rotated = await resolveIdentity(cfg, { headers }, IP, { key: await keys.get("deployment-secret-2") });
    expect(rotated.identity).not.toBe(r.identity);
    // Cookies too; no secret (unset or empty) means plain SHA-256.
    const cookie = IdentitySchema.parse({ type: "cookie", cookie: "sid" });
    const c = await resolveIdentity(cookie, { headers: [["cookie", "sid=abc123"]] }, IP, { key: k1 });
    expect(c.identity).toBe(
      `session:${createHmac("sha256", "deployment-secret-1").update("abc123").digest("hex").slice(0, 16)}`,
    );
    expect(await keys.get(undefined)).toBeNull();
    expect(await keys.get("")).toBeNull();
  });

  it("API key header missing: the IP, with a reason", async () => {
    const cfg = IdentitySchema.parse({ type: "header", header: "x-api-key" });
    expect(await resolveIdentity(cfg, { headers: [["x-api-key", "  "]] }, IP)).toEqual({
      identity: IP,
      kind: "ip",
      verified: true,
      reason: "header_missing",
    });
  });

  it("session cookie: hashed, found among others; missing gives the IP", async () => {
    const cfg = IdentitySchema.parse({ type: "cookie", cookie: "sid" });
    const headers: HeaderList = [["cookie", 'theme=dark; sid="abc123"; sid=later']];
    const r = await resolveIdentity(cfg, { headers }, IP);
    expect(r.identity).toBe(`session:${createHash("sha256").update("abc123").digest("hex").slice(0, 16)}`);
    expect(r.kind).toBe("cookie");
    const none = await resolveIdentity(cfg, { headers: [["cookie", "xsid=1"]] }, IP);
    expect(none).toMatchObject({ identity: IP, kind: "ip", reason: "cookie_missing" });
  });
});

describe("JWT subject", () => {
  const good = { sub: "alice", exp: NOW + 600, nbf: NOW - 10 };

  it("HS256 valid: the subject, verified", async () => {
    const t = await token("HS256", good, hsSign);
    expect(await resolveIdentity(jwtConfig(hsJwk), { headers: bearer(t) }, IP, { now: NOW })).toEqual({
      identity: "jwt:alice",
      kind: "jwt",
      verified: true,
    });
  });

  it("ES256 and RS256 valid; a configured claim and header are honoured", async () => {
    const es = await token("ES256", { ...good, uid: 42 }, esSign);
    const cfg = jwtConfig(esJwk, { claim: "uid", header: "X-Token" });
    expect(await resolveIdentity(cfg, { headers: [["x-token", es]] }, IP, { now: NOW })).toMatchObject({
      identity: "jwt:42",
      verified: true,
    });
    const rs = await token("RS256", good, rsSign);
    expect(
      await resolveIdentity(jwtConfig(rsJwk), { headers: [["authorization", `bearer ${rs}`]] }, IP, { now: NOW }),
    ).toMatchObject({
      identity: "jwt:alice",
    });
  });

  it("a private JWK in the config still verifies (only public members are imported)", async () => {
    const t = await token("ES256", good, esSign);
    expect((await resolveIdentity(jwtConfig(esPrivateJwk), { headers: bearer(t) }, IP, { now: NOW })).identity).toBe(
      "jwt:alice",
    );
  });

  const fallback = async (cfg: ReturnType<typeof jwtConfig>, t: string, now = NOW) =>
    resolveIdentity(cfg, { headers: bearer(t) }, IP, { now });

  it("bad signature: a forged subject falls back to the IP", async () => {
    const t = await token("HS256", good, hsSign);
    const [h, , s] = t.split(".");
    const forged = `${h}.${jsonPart({ ...good, sub: "admin" })}.${s}`;
    expect(await fallback(jwtConfig(hsJwk), forged)).toEqual({
      identity: IP,
      kind: "ip",
      verified: true,
      reason: "jwt_bad_signature",
    });
    const es = await token("ES256", good, esSign);
    expect((await fallback(jwtConfig(esJwk), es.slice(0, -4) + "AAAA")).reason).toBe("jwt_bad_signature");
  });

  it("expired and not-yet-valid tokens fall back; the leeway is honoured", async () => {
    const expired = await token("HS256", { sub: "alice", exp: NOW - JWT_LEEWAY_S - 1 }, hsSign);
    expect((await fallback(jwtConfig(hsJwk), expired)).reason).toBe("jwt_expired");
    const skewed = await token("HS256", { sub: "alice", exp: NOW - 5 }, hsSign);
    expect((await fallback(jwtConfig(hsJwk), skewed)).identity).toBe("jwt:alice");
    const early = await token("HS256", { sub: "alice", nbf: NOW + 3600 }, hsSign);
    expect((await fallback(jwtConfig(hsJwk), early)).reason).toBe("jwt_not_yet_valid");
    const badExp = await token("HS256", { sub: "alice", exp: "tomorrow" }, hsSign);
    expect((await fallback(jwtConfig(hsJwk), badExp)).reason).toBe("jwt_expired");
  });

  it("issuer and audience, when the app names them: the token must match; unset, they are not checked", async () => {
    const cfg = jwtConfig(hsJwk, { issuer: "https://idp.example", audience: ["shop-api", "shop-web"] });
    const t = (payload: object) => token("HS256", { sub: "alice", exp: NOW + 60, ...payload }, hsSign);
    const ok = await t({ iss: "https://idp.example", aud: "shop-api" });
    expect((await fallback(cfg, ok)).identity).toBe("jwt:alice");
    // `aud` as a list naming one accepted audience among others.
    const list = await t({ iss: "https://idp.example", aud: ["billing", "shop-web"] });
    expect((await fallback(cfg, list)).identity).toBe("jwt:alice");
    // A well-signed token minted for another service, or by another issuer, is not trusted.
    expect((await fallback(cfg, await t({ iss: "https://idp.example", aud: "billing" }))).reason).toBe(
      "jwt_wrong_audience",
    );
    expect((await fallback(cfg, await t({ iss: "https://idp.example", aud: [1, {}] }))).reason).toBe(
      "jwt_wrong_audience",
    );
    expect((await fallback(cfg, await t({ iss: "https://idp.example" }))).reason).toBe("jwt_wrong_audience");
    expect((await fallback(cfg, await t({ iss: "https://evil.example", aud: "shop-api" }))).reason).toBe(
      "jwt_wrong_issuer",
    );
    expect((await fallback(cfg, await t({ aud: "shop-api" }))).reason).toBe("jwt_wrong_issuer");
    // Not configured: any issuer and audience.
    expect((await fallback(jwtConfig(hsJwk), await t({ iss: "https://evil.example", aud: "x" }))).identity).toBe(
      "jwt:alice",
    );
    // The config refuses empty values.
    expect(IdentitySchema.safeParse({ type: "jwt", jwk: hsJwk, issuer: "" }).success).toBe(false);
    expect(IdentitySchema.safeParse({ type: "jwt", jwk: hsJwk, audience: [] }).success).toBe(false);
  });

  it("alg none is refused, signed or not", async () => {
    expect((await fallback(jwtConfig(hsJwk), await token("none", good, null))).reason).toBe("jwt_alg_none");
    expect((await fallback(jwtConfig(hsJwk), await token("None", good, hsSign))).reason).toBe("jwt_alg_none");
  });

  it("wrong alg: HS256 signed with the RSA public key as secret, or ES256 against an HMAC key", async () => {
    const pubAsSecret = await crypto.subtle.importKey(
      "raw",
      enc.encode(JSON.stringify(rsJwk)),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const confused = await token(
      "HS256",
      good,
      async (d) => new Uint8Array(await crypto.subtle.sign("HMAC", pubAsSecret, d)),
    );
    expect((await fallback(jwtConfig(rsJwk), confused)).reason).toBe("jwt_alg_mismatch");
    expect((await fallback(jwtConfig(hsJwk), await token("ES256", good, esSign))).reason).toBe("jwt_alg_mismatch");
    expect((await fallback(jwtConfig(hsJwk), await token("HS512", good, hsSign))).reason).toBe("jwt_alg_mismatch");
  });

  it("no key configured: even a well-signed subject is not trusted", async () => {
    const t = await token("HS256", good, hsSign);
    const cfg = IdentitySchema.parse({ type: "jwt" });
    expect(await resolveIdentity(cfg, { headers: bearer(t) }, IP, { now: NOW })).toMatchObject({
      identity: IP,
      reason: "jwt_no_key",
    });
  });

  it("missing, malformed or subject-less tokens fall back with a reason", async () => {
    const cfg = jwtConfig(hsJwk);
    expect((await resolveIdentity(cfg, { headers: [] }, IP)).reason).toBe("jwt_missing");
    for (const bad of ["abc", "a.b", "a.b.c", "!!.??.##", `${jsonPart({ alg: "HS256" })}.e30.${"A".repeat(9000)}`]) {
      expect((await fallback(cfg, bad)).reason, bad).toBe("jwt_malformed");
    }
    const noSub = await token("HS256", { exp: NOW + 60 }, hsSign);
    expect((await fallback(cfg, noSub)).reason).toBe("jwt_no_subject");
  });

  it("an unusable JWK gives jwt_key_invalid, not an exception", async () => {
    const t = await token("HS256", good, hsSign);
    expect((await fallback(jwtConfig({ kty: "oct", k: "***" }), t)).reason).toBe("jwt_key_invalid");
    // A 128-bit secret is below RFC 7518's minimum for HS256, even when the token was signed with it.
    const short = await crypto.subtle.importKey(
      "raw",
      new Uint8Array(16).fill(7),
      { name: "HMAC", hash: "SHA-256" },
      true,
      ["sign"],
    );
    const weak = await token("HS256", good, async (d) => new Uint8Array(await crypto.subtle.sign("HMAC", short, d)));
    expect((await fallback(jwtConfig({ kty: "oct", k: b64url(new Uint8Array(16).fill(7)) }), weak)).reason).toBe(
      "jwt_key_invalid",
    );
    expect((await fallback(jwtConfig({ ...rsJwk, alg: "ES256" }), t)).reason).toBe("jwt_key_invalid");
    expect((await fallback(jwtConfig({ kty: "OKP", crv: "Ed25519", x: "abc" }), t)).reason).toBe("jwt_key_invalid");
  });
});
