/**
 * @module core/signatures/url-smuggling
 * A URL that a back end fetches, carrying a raw line break and, on a line after it, a command of a
 * plain-text protocol (934192): the fetcher writes the URL into its request line, and the service
 * behind the address (Redis, Memcached) reads the lines after the break as commands of its own
 * (`http://redis.internal:6379/\r\nCONFIG SET dir /var/spool/cron\r\n`, then `SAVE`). SMTP's and
 * IMAP's verbs after a break are 921140 wherever they come; a `gopher://` URL is 931110 whatever it
 * carries. Only a value that is a URL counts: a note that starts with a link and goes on in prose
 * names no such command.
 */

const URL_START = /^\s*(?:https?|dict|ftp):\/\/[^\s]*[\r\n]/i;

/** Redis's commands that reconfigure, wipe or run (Memcached's `flush_all`), opening a line. */
const COMMAND_LINE =
  /[\r\n][ \t]*(?:config[ \t]+(?:set|rewrite)\b|(?:slaveof|replicaof)[ \t]+\S|flush(?:all|db)\b|flush_all\b|module[ \t]+load\b|eval(?:sha)?[ \t]+\S|script[ \t]+load\b)/i;

export function urlSmuggling(value: string): boolean {
  return value.length <= 8192 && URL_START.test(value) && COMMAND_LINE.test(value);
}
