/**
 * vitest globalSetup (runs in Node): starts the real origin server the
 * workerd tests proxy to, and hands its URL to tests through `inject`.
 */
import type { TestProject } from "vitest/node";
import { startOrigin } from "./origin-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    originUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const { server, url } = await startOrigin();
  project.provide("originUrl", url);
  return async () => {
    await new Promise<void>((r) => server.close(() => r()));
  };
}
