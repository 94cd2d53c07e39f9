/**
 * @module core/signatures/rpc-abuse
 * Calls an exposed daemon's RPC takes from anyone who reaches it, each an attack by its name alone:
 * - a blockchain node's account, wallet and administration methods (920291): Geth's
 *   `personal_unlockAccount`, `eth_sendTransaction` from the node's own keys, `admin_addPeer`,
 *   `miner_*`, `debug_setHead` (which rewinds the chain; the `debug_trace*` calls indexers make are
 *   reads); Bitcoin Core's `dumpprivkey`, `dumpwallet`, `sendtoaddress`. Wallets and
 *   dapps sign locally and send `eth_sendRawTransaction`; nodes open to the internet are scanned for these.
 * - a download or torrent daemon's hook that runs a program when a transfer ends (932231): aria2's
 *   `on-download-complete` set through `aria2.changeGlobalOption`, Transmission's
 *   `script-torrent-done-filename` through `session-set`.
 */

/** A node's methods that unlock, sign with or export its keys, send its funds, or administer it. */
const NODE_ADMIN_METHOD =
  /^(?:personal_\w+|admin_\w+|debug_setHead|miner_\w+|eth_sendTransaction|eth_sign|eth_signTransaction|eth_signTypedData\w*|dumpprivkey|dumpwallet|importprivkey|importwallet|walletpassphrase|sendtoaddress|sendmany|backupwallet|encryptwallet|signrawtransactionwithwallet)$/;

/** Is a JSON-RPC `method` one of a node's account, wallet or administration methods? */
export function nodeAdminMethod(method: string): boolean {
  return method.length <= 40 && NODE_ADMIN_METHOD.test(method);
}

/** Options that name a program a daemon runs when a transfer starts, ends or fails. */
const PROGRAM_HOOKS: ReadonlySet<string> = new Set([
  "on-download-start",
  "on-download-pause",
  "on-download-stop",
  "on-download-complete",
  "on-download-error",
  "on-bt-download-complete",
  "script-torrent-added-filename",
  "script-torrent-done-filename",
  "script-torrent-done-seeding-filename",
]);

/** Does `key` name a program to run, and `value` one (a path)? */
export function programHook(key: string, value: string): boolean {
  return value.includes("/") && PROGRAM_HOOKS.has(key);
}
