/**
 * @module adapters/vercel/default
 * `apiward/vercel/middleware`: the ready-made middleware, configured from
 * the environment (see middleware.ts), with the scorer loaded the way Vercel
 * loads Wasm in Edge code (a `?module` import, compiled at build time).
 */
import wasm from "../../wasm/build/apiward.wasm?module";
import { createMiddleware } from "./middleware.ts";

export default createMiddleware({ wasm });
