/**
 * @module core/http/problem
 * RFC 9457 problem+json answers. Blocks carry the request id and the reasons
 * (rule ids and detection kinds), never internals such as rule expressions,
 * stack traces or origin addresses.
 */
import type { Reason } from "../types.ts";

export interface ProblemInit {
  status: number;
  title: string;
  detail?: string;
  requestId: string;
  reasons?: Reason[];
  headers?: Record<string, string>;
  type?: string;
}

/** The public view of a reason: what fired and where, nothing else. */
export function publicReasons(reasons: Reason[]): Array<{ source: string; id: string; location?: string }> {
  return reasons.map((r) =>
    r.location ? { source: r.source, id: r.id, location: r.location } : { source: r.source, id: r.id },
  );
}

export function problem(init: ProblemInit): Response {
  const body: Record<string, unknown> = {
    type: init.type ?? `https://apiward.dev/problems/${init.status}`,
    title: init.title,
    status: init.status,
    request_id: init.requestId,
  };
  if (init.detail) body.detail = init.detail;
  if (init.reasons?.length) body.reasons = publicReasons(init.reasons);
  return new Response(JSON.stringify(body), {
    status: init.status,
    headers: {
      "content-type": "application/problem+json",
      "cache-control": "no-store",
      "x-apiward-request-id": init.requestId,
      ...init.headers,
    },
  });
}
