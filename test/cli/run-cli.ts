/**
 * Test support: runs `apiward` in-process with `args`, `stdin` as standard
 * input, and returns its exit code and what it wrote.
 */
import { runCli } from "../../cli/main.ts";

export async function run(args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    stdin: (async function* () {
      yield stdin;
    })(),
  });
  return { code, out, err };
}
