/**
 * @module core/signatures/body/cli-frames
 * Jenkins' command line over HTTP (`POST /cli?remoting=false`, `Side: upload`): the body is a
 * stream of frames, each a 4-byte big-endian length, an opcode byte and that many bytes of payload;
 * an argument frame (opcode 0) holds one command-line argument as Java's `writeUTF` writes it (a
 * 2-byte length, then the text). Sent as `application/octet-stream`, which the body reader leaves
 * alone, so the frames are recognised by their structure (every length chaining to the body's end)
 * and the arguments read as values. args4j reads an argument that opens with `@` as the name of a
 * file whose lines are the arguments, and prints them back in its error (CVE-2024-23897:
 * `help @/etc/passwd`, `connect-node @/var/jenkins_home/secrets/initialAdminPassword`).
 */

const OP_ARG = 0;
/** The protocol's highest opcode (ARG, LOCALE, ENCODING, START, EXIT, STDIN, END_STDIN, STDOUT, STDERR). */
const MAX_OP = 8;
/** Arguments read at most. */
const MAX_ARGS = 256;

const decoder = new TextDecoder();

/** The arguments of a CLI frame stream, in order; null when `bytes` are no such stream (or hold no argument). */
export function cliFrameArgs(bytes: Uint8Array): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i + 5 <= bytes.length && out.length < MAX_ARGS) {
    const len =
      (((bytes[i] as number) << 24) |
        ((bytes[i + 1] as number) << 16) |
        ((bytes[i + 2] as number) << 8) |
        (bytes[i + 3] as number)) >>>
      0;
    const op = bytes[i + 4] as number;
    if (op > MAX_OP || len > bytes.length - i - 5) return null;
    if (op === OP_ARG) {
      if (len < 2 || (((bytes[i + 5] as number) << 8) | (bytes[i + 6] as number)) !== len - 2) return null;
      out.push(decoder.decode(bytes.subarray(i + 7, i + 5 + len)));
    }
    i += 5 + len;
  }
  return (i === bytes.length || out.length === MAX_ARGS) && out.length > 0 ? out : null;
}

/** An argument that names a file for args4j to expand (`@/etc/passwd`, `@C:\…`, `@../x`, `@~/x`). */
export function cliFileArgument(arg: string): boolean {
  return /^@(?:\/|~|\.{1,2}[\\/]|[A-Za-z]:[\\/])/.test(arg);
}
