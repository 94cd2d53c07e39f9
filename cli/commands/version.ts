import type { Command } from "../io.ts";
import { VERSION } from "../version.ts";

export const versionCommand: Command = {
  name: "version",
  summary: "print the apiward version",
  usage: "apiward version",
  async run(_args, io) {
    io.stdout(`apiward ${VERSION}\n`);
    return 0;
  },
};
