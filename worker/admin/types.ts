/** @module worker/admin/types — Hono environment of the admin API. */
import type { Runtime } from "../runtime.ts";

export type AdminEnv = { Bindings: Env; Variables: { rt: Runtime } };
