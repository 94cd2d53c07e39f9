/**
 * @module durable-objects/log-store/archive
 * Archives one app's day of access log to R2 as gzip NDJSON
 * (`logs/<app>/<day>.ndjson.gz`), paging through the day shard and
 * compressing with `CompressionStream` as pages arrive, so a large day never
 * sits uncompressed in memory. R2 needs the length of a streamed body up
 * front, so the compressed output is cut into multipart-upload parts
 * (`partBytes`, default 8 MiB; R2 requires at least 5 MiB for every part but
 * the last); a day that compresses into one part is a single `put`.
 * Re-archiving a day overwrites the object (the shard is the source of truth
 * until retention deletes it).
 */

import { objectStub } from "../../worker/lib/object-stub.ts";
import type { LogStore } from "../log-store.ts";
import { shardName } from "./shards.ts";

export interface ArchiveResult {
  key: string;
  records: number;
  /** Compressed bytes written. */
  bytes: number;
  /** Multipart parts (1 for a single put). */
  parts: number;
}

export const DEFAULT_PART_BYTES = 8 * 1024 * 1024;

export function archiveKey(app: string, day: string): string {
  return `logs/${app}/${day}.ndjson.gz`;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

/** Writes the day's records to R2; returns null (writing nothing) when the shard holds no records. */
export async function archiveDay(
  ns: DurableObjectNamespace<LogStore>,
  bucket: R2Bucket,
  app: string,
  day: string,
  partBytes = DEFAULT_PART_BYTES,
): Promise<ArchiveResult | null> {
  const store = objectStub(ns, shardName(app, day));
  const first = await store.exportNdjson({}, null);
  if (first.count === 0) return null;

  const key = archiveKey(app, day);
  const meta = { httpMetadata: { contentType: "application/gzip" }, customMetadata: { app, day } };
  const gzip = new CompressionStream("gzip");
  const writer = gzip.writable.getWriter();
  const enc = new TextEncoder();
  let records = 0;

  const produce = (async () => {
    try {
      let page = first;
      // Bounded by the shard's size: each page moves the cursor to older records.
      for (let i = 0; i < 1_000_000; i++) {
        records += page.count;
        if (page.ndjson) await writer.write(enc.encode(page.ndjson));
        if (page.next === null) break;
        page = await store.exportNdjson({}, page.next);
      }
      await writer.close();
    } catch (e) {
      await writer.abort(e).catch(() => {});
      throw e;
    }
  })();

  const consume = (async () => {
    const reader = gzip.readable.getReader();
    let chunks: Uint8Array[] = [];
    let buffered = 0;
    let bytes = 0;
    let upload: R2MultipartUpload | null = null;
    const parts: R2UploadedPart[] = [];
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        buffered += value.byteLength;
        bytes += value.byteLength;
        if (buffered >= partBytes) {
          upload ??= await bucket.createMultipartUpload(key, meta);
          parts.push(await upload.uploadPart(parts.length + 1, concat(chunks, buffered)));
          chunks = [];
          buffered = 0;
        }
      }
      if (!upload) {
        await bucket.put(key, concat(chunks, buffered), meta);
        return { bytes, parts: 1 };
      }
      if (buffered > 0) parts.push(await upload.uploadPart(parts.length + 1, concat(chunks, buffered)));
      await upload.complete(parts);
      return { bytes, parts: parts.length };
    } catch (e) {
      await upload?.abort().catch(() => {});
      await reader.cancel(e).catch(() => {});
      throw e;
    }
  })();

  const [, written] = await Promise.all([produce, consume]);
  return { key, records, bytes: written.bytes, parts: written.parts };
}
