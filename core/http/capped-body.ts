/**
 * @module core/http/capped-body
 * Reads at most `limit` bytes of a request body for inspection and gives back
 * a stream that replays those bytes followed by the unread rest, so the origin
 * still receives the whole body, streamed, without buffering it all. Binary
 * content types are skipped explicitly (not inspected, still forwarded).
 */

export { isBinaryContentType } from "./content-type.ts";

export interface CappedBody {
  /** The inspected prefix (at most `limit` bytes). */
  prefix: Uint8Array;
  /** True when the body had more than `limit` bytes. */
  truncated: boolean;
  /**
   * The whole body again, for the origin: the bytes themselves when it fit
   * (cheapest to forward), else a stream replaying the prefix then the rest;
   * null when there was no body.
   */
  stream: ReadableStream<Uint8Array> | Uint8Array | null;
}

export async function readCappedBody(body: ReadableStream<Uint8Array> | null, limit: number): Promise<CappedBody> {
  if (!body) return { prefix: new Uint8Array(0), truncated: false, stream: null };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size <= limit) {
    const r = await reader.read();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value);
    size += r.value.byteLength;
  }
  const all = concat(chunks, size);
  const prefix = all.subarray(0, Math.min(limit, size));
  if (done) {
    return { prefix, truncated: false, stream: size === 0 ? null : all };
  }
  // More data follows: replay what we read, then pipe the rest through.
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(all);
    },
    async pull(controller) {
      const r = await reader.read();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { prefix, truncated: true, stream };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}
