#!/usr/bin/env node
// The `apiward` command. The CLI is TypeScript run through tsx, so the
// command always runs the same core/ sources as the worker.
import { register } from "tsx/esm/api";

register();
await import("../cli/node-main.ts");
