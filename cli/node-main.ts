/** Entry point under Node: wires process streams into runCli. */
import { runCli } from "./main.ts";

const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdin: process.stdin,
});
process.exitCode = code;
