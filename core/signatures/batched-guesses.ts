/**
 * @module core/signatures/batched-guesses
 * Credential guesses batched into one request: GraphQL logins or one-time codes under aliases or in a
 * batch array (`a: login(…) b: login(…) c: login(…)`, `[{query: verifyOtp…, c: "1000"}, …"1001"…]`)
 * a JSON-RPC batch of the same (`[{"method":"auth.login","params":{"pin":"1000"}}, …]`), and an XML-RPC
 * `system.multicall` of WordPress's methods, each of which signs in with the user and password it
 * carries (`wp.getUsersBlogs` a hundred times with a hundred passwords). Each
 * request then counts once against a per-request rate limit and an account lockout however many
 * guesses it carries. No client logs in, or enters a one-time code, three times at once.
 */
import { withoutStrings } from "./graphql-abuse.ts";

/** Operations that check a credential or a one-time code (lower case, without `_`). */
const CREDENTIAL_OPERATION =
  /^(?:login|signin|logon|authenticate|auth|tokenauth|obtaintoken|verifyotp|verifycode|verify2fa|verifymfa|verifytotp|checkotp|checkcode|otpverify|confirmotp|validateotp|validatecode|submitotp|verifypin|checkpin|redeemcode|redeemgiftcard|applycoupon|applypromocode|applyvoucher|resetpassword)$/;

/** Guesses in one request from which it is a brute force. */
const GUESS_LIMIT = 3;

/** Is `name` (a GraphQL field, a JSON-RPC method's last dotted part) an operation that checks a credential? */
function credentialOperation(name: string): boolean {
  return name.length <= 24 && CREDENTIAL_OPERATION.test(name.toLowerCase().replaceAll("_", ""));
}

/** How many credential-checking fields (`login(…)`, `verifyOtp(…)`) the GraphQL mutation `v` calls, aliases included. */
export function graphqlGuesses(v: string): number {
  const doc = withoutStrings(v);
  if (!/^\s*mutation\b/.test(doc)) return 0;
  let n = 0;
  for (const m of doc.matchAll(/(?:^|[\s{,:])([_A-Za-z]\w*)\s*\(/g)) if (credentialOperation(m[1] as string)) n++;
  return n;
}

/** A JSON-RPC `method` (`auth.login`, `user/authenticate`) that checks a credential: one guess. */
export function jsonRpcGuess(method: string): boolean {
  return credentialOperation(method.slice(Math.max(method.lastIndexOf("."), method.lastIndexOf("/")) + 1));
}

/** WordPress's XML-RPC methods (`wp.getUsersBlogs`, `metaWeblog.getRecentPosts`): each checks the user and password it is sent. */
const WORDPRESS_XMLRPC = /^(?:wp|metaWeblog|blogger|mt)\.\w{3,40}$/;

/** An XML-RPC method named inside a multicall's struct (`path` its element path, `….struct.member.value.string`): one guess. */
export function xmlRpcGuess(path: string, method: string): boolean {
  return path.includes("struct.member.value") && WORDPRESS_XMLRPC.test(method);
}

/** Do `guesses` in one request make it a brute force? */
export function batchedGuesses(guesses: number): boolean {
  return guesses >= GUESS_LIMIT;
}
