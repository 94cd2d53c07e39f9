/**
 * @module cli/registry
 * Every subcommand of `apiward`, one file each under cli/commands/.
 */

import { discoverCommand } from "./commands/discover.ts";
import { inspectCommand } from "./commands/inspect.ts";
import { learnCommand } from "./commands/learn.ts";
import { logsCommand } from "./commands/logs.ts";
import { replayCommand } from "./commands/replay.ts";
import { tuneCommand } from "./commands/tune.ts";
import { versionCommand } from "./commands/version.ts";
import type { Command } from "./io.ts";

export const commands: Command[] = [
  versionCommand,
  logsCommand,
  discoverCommand,
  learnCommand,
  replayCommand,
  inspectCommand,
  tuneCommand,
];
