/**
 * @module worker/datapath/count-body
 * The size of a response the origin streams without a `Content-Length`
 * (chunked, server-sent events): the body passes through a counting stream
 * on its way to the client, and the request's record is written when the
 * body ends, when the client goes away (what passed by then is counted), or
 * at a deadline (a long stream is recorded with what passed by then, so no
 * record waits on a client for long). Only such responses pay for the
 * counting stream; a response with a length is logged with it at once.
 */

/** How long a streamed body may delay its request's record. */
export const STREAMED_BODY_MAX_MS = 10_000;

/**
 * Returns the response to send in place of `response`, whose body is counted
 * on its way out; `done(bytes)` runs once, in `wait`, when the body ends, the
 * client goes away, or `maxMs` pass.
 */
export function countStreamedBody(
  response: Response,
  wait: (p: Promise<unknown>) => void,
  done: (bytes: number) => void,
  maxMs: number = STREAMED_BODY_MAX_MS,
): Response {
  const body = response.body;
  if (body === null) {
    done(0);
    return response;
  }
  let bytes = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, maxMs);
  });
  // A client that goes away or an origin that breaks off ends the pipe with an error: what passed counts.
  const piped = body.pipeTo(counter.writable).catch(() => undefined);
  wait(
    Promise.race([piped, deadline]).then(() => {
      clearTimeout(timer);
      done(bytes);
    }),
  );
  return new Response(counter.readable, response);
}
