/**
 * @module core/signatures/store-commands
 * Commands of Redis and Memcached where an application passes a value on to one (934193):
 * - a protocol frame after a line break: Redis's RESP array (`mail\r\n*3\r\n$3\r\nSET\r\n…`, a queue
 *   name written into the store's socket) or a Memcached storage command with its three numbers
 *   (`abc 0 0 1\r\n1\r\nset sess.admin 0 3600 44\r\n…`, a session id written into a `get`); the
 *   store runs each line as a command of its own. Neither shape occurs in text: a RESP header is
 *   `*` and a count alone on a line, then `$` and a length alone on the next; a storage command is a
 *   verb, a key and three integers.
 * - a command that writes the store's files or hands it to another server, opening a path or a
 *   value (`/CONFIG/SET/dir/%2Fvar%2Fwww`, Webdis's commands as path segments; `cmd=CONFIG SET
 *   dbfilename shell.php` to an admin console; `SLAVEOF/198.51.100.23/21000`, `MODULE LOAD
 *   /tmp/exp.so`): the way from a reachable Redis to a web shell, an SSH key or a rogue-server
 *   module; also on a line of its own after a line break (`127.0.0.1\r\nCONFIG SET dir /tmp`, a host
 *   field written into the store's socket). A URL carrying such commands after a line break is
 *   url-smuggling.ts's (934192).
 */

/** A RESP array header, then a bulk string's length, each alone on its line. */
const RESP_FRAME = /[\r\n]\*\d{1,3}\r?\n\$\d{1,6}\r?\n/;
/** A Memcached storage command: verb, key, flags, expiry, byte count (and cas unique), alone on a line. */
const MEMCACHED_STORE =
  /[\r\n][ \t]*(?:set|add|replace|append|prepend|cas)[ \t]+[!-~]{1,250}[ \t]+\d{1,10}[ \t]+\d{1,10}[ \t]+\d{1,7}(?:[ \t]+\d{1,20})?(?:[ \t]+noreply)?[ \t]*\r?\n/i;
/** The dangerous commands, words apart by blanks or slashes, opening the text; a module by its path or `.so` file. */
const OPENING_COMMAND =
  /^[\s/]*(?:config[\s/]+set[\s/]+(?:dir|dbfilename)[\s/]+[^\s/]|(?:slaveof|replicaof)[\s/]+[\w.:-]{1,253}[\s/]+\d{2,5}\b|module[\s/]+load(?:\s+|\/)(?:\.{0,2}\/|\S*\.so\b))/i;

/** The words a dangerous command opens with. */
const OPENERS = ["config", "slaveof", "replicaof", "module"];

/** `value` opens (after one `/`) with one of OPENERS in any case: a char-code test, no regex, for every value. */
function opensWithCommand(value: string): boolean {
  const at = value.charCodeAt(0) === 0x2f ? 1 : 0;
  const c = value.charCodeAt(at) | 0x20;
  if (c !== 0x63 && c !== 0x73 && c !== 0x72 && c !== 0x6d) return false;
  for (const word of OPENERS) {
    let k = 0;
    while (k < word.length && (value.charCodeAt(at + k) | 0x20) === word.charCodeAt(k)) k++;
    if (k === word.length) return true;
  }
  return false;
}

/** Does `text` open with a command that writes or replicates (a char-code test first, the regex after)? */
function opensWithDangerousCommand(text: string): boolean {
  return opensWithCommand(text) && OPENING_COMMAND.test(text);
}

/** Does `value` hold a protocol frame after a line break, or open with a command that writes or replicates? */
export function storeCommand(value: string): boolean {
  if (value.length > 65536) return false;
  if (opensWithDangerousCommand(value)) return true;
  if (!value.includes("\n")) return false;
  if ((value.includes("*") && RESP_FRAME.test(value)) || MEMCACHED_STORE.test(value)) return true;
  // Such a command on a line of its own after a line break (`127.0.0.1\r\nCONFIG SET dir /tmp\r\n`: a
  // host field written into the store's socket, each line a command).
  for (let i = value.indexOf("\n"), lines = 0; i >= 0 && lines < 256; i = value.indexOf("\n", i + 1), lines++) {
    const line = value.slice(i + 1, i + 301).trimStart();
    if (opensWithDangerousCommand(line)) return true;
  }
  return false;
}
