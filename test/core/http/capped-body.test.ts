/**
 * readCappedBody (core/http/capped-body.ts): the inspected prefix, and the
 * whole body replayed for the origin, whatever the chunking; and for the
 * Vercel adapter, which inspects a clone while the original goes on, a clone
 * read to the cap and its rest cancelled leaves the original whole.
 */
import { describe, expect, it } from "vitest";
import { readCappedBody } from "../../../core/http/capped-body.ts";

function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else {
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      }
    },
  });
}

const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 9)) & 0xff);

async function drain(s: ReadableStream<Uint8Array> | Uint8Array | null): Promise<Uint8Array> {
  if (s === null) return new Uint8Array(0);
  if (s instanceof Uint8Array) return s;
  return new Uint8Array(await new Response(s).arrayBuffer());
}

describe("readCappedBody", () => {
  it("gives the prefix up to the cap and replays the whole body", async () => {
    const body = pattern(200_000);
    const capped = await readCappedBody(chunked(body, 7_000), 65_536);
    expect(capped.truncated).toBe(true);
    expect(capped.prefix).toEqual(body.subarray(0, 65_536));
    expect(await drain(capped.stream)).toEqual(body);
  });

  it("leaves the original whole when a clone is read to the cap and its rest cancelled", async () => {
    const body = pattern(300_000);
    const original = new Request("https://app.test/upload", {
      method: "POST",
      body: chunked(body, 16_384),
      duplex: "half",
    } as RequestInit);
    const copy = original.clone();
    const capped = await readCappedBody(copy.body, 65_536);
    expect(capped.stream instanceof ReadableStream).toBe(true);
    // Not awaited, as the pipeline does: a tee branch's cancel settles only when both branches are done.
    if (capped.stream instanceof ReadableStream) void capped.stream.cancel();
    expect(new Uint8Array(await original.arrayBuffer())).toEqual(body);
  });
});
