/**
 * @module cli/main
 * `apiward <command> …`: thin shells over core/, the same code the worker
 * and the Durable Objects run.
 */
import { type CliIo, UsageError } from "./io.ts";
import { commands } from "./registry.ts";

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: apiward <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'apiward <command> --help' for a command's options.\n`;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(helpText());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") return runCli(["version"], io);
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`apiward: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`usage: ${cmd.usage}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`apiward ${name}: ${e.message}\nusage: ${cmd.usage}\n`);
      return 2;
    }
    io.stderr(`apiward ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}
