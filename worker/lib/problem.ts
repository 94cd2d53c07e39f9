/**
 * @module worker/lib/problem
 * RFC 9457 problem+json answers: the platform-free function lives in
 * core/http/problem.ts (the Vercel adapter answers with the same one).
 */
export { type ProblemInit, problem, publicReasons } from "../../core/http/problem.ts";
