/**
 * What the fifty-fourth blind pair (injection through mobile apps' back ends; banking and personal
 * finance) added: gRPC and gRPC-Web messages read field by field (body/grpc.ts; bare Twirp messages
 * since the fifty-ninth), script in a JSONP
 * callback (jsonp.ts), and a quote breakout after the `=` of a deep link's query or a Base64
 * cursor's padding (both engines, in cases.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grpcTextBytes, readGrpcFrames } from "../../../core/signatures/body/grpc.ts";
import { scriptInCallback } from "../../../core/signatures/jsonp.ts";
import { matchesAt } from "./support.ts";

const enc = new TextEncoder();

/** A protobuf length-delimited field (lengths under 128). */
function field(n: number, payload: Uint8Array): Uint8Array {
  return new Uint8Array([(n << 3) | 2, payload.length, ...payload]);
}
/** A gRPC frame holding `message`. */
function frame(message: Uint8Array, flags = 0): Uint8Array {
  const len = message.length;
  return new Uint8Array([flags, len >>> 24, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff, ...message]);
}
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const values = (bytes: Uint8Array) => {
  const out: Array<[string, string]> = [];
  const why = readGrpcFrames(bytes, (path, value) => out.push([path, value]));
  return { out, why };
};
const grpcRequest = (contentType: string, body: Uint8Array) =>
  matchesAt({ method: "POST", body: { bytes: body, contentType, truncated: false } });

describe("gRPC and gRPC-Web bodies", () => {
  const search = field(1, enc.encode("boots' UNION SELECT username,password FROM admin_users--"));
  const nested = field(3, new Uint8Array([...field(1, enc.encode("ticket")), 0x10, 0x02]));

  it("reads each text field, nested messages by their field numbers, and skips trailers", () => {
    const body = new Uint8Array([
      ...frame(new Uint8Array([...search, 0x10, 0x14, ...nested])),
      ...frame(enc.encode("grpc-status:0"), 0x80),
    ]);
    const { out, why } = values(body);
    expect(why).toBeUndefined();
    expect(out).toEqual([
      ["1", "boots' UNION SELECT username,password FROM admin_users--"],
      ["3.1", "ticket"],
    ]);
  });

  it("judges the fields in every gRPC type, text mode's Base64 chunks included", () => {
    const body = frame(search);
    expect(grpcRequest("application/grpc-web+proto", body)).toContain("942130@body:raw.grpc.1");
    expect(grpcRequest("application/grpc", body)).toContain("942130@body:raw.grpc.1");
    // Two frames, each its own padded Base64 chunk, as a gRPC-Web text client may send them.
    const two = b64(frame(field(1, enc.encode("hello")))) + b64(frame(search));
    expect(grpcTextBytes(two)).toEqual(new Uint8Array([...frame(field(1, enc.encode("hello"))), ...frame(search)]));
    expect(grpcRequest("application/grpc-web-text", enc.encode(two))).toContain("942130@body:raw.grpc.1");
    expect(grpcRequest("application/grpc-web-text", enc.encode(b64(frame(field(1, enc.encode("red boots"))))))).toEqual(
      [],
    );
  });

  it("says why a body is not what its type says, and reads text that is no Base64 as text", () => {
    expect(values(new Uint8Array([0, 0, 0, 0, 9, 0xff])).why).toMatch(/no protobuf message|longer than the body/);
    expect(values(new Uint8Array([0, 0, 0])).why).toMatch(/cut short/);
    expect(grpcTextBytes("not base64 at all!")).toBeNull();
    expect(grpcRequest("application/grpc-web-text", enc.encode("q=' OR 1=1--"))).toContain("942100@body:raw");
  });

  it("never throws on arbitrary bytes, in either mode", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        values(bytes);
        grpcRequest("application/grpc-web", bytes);
        grpcRequest("application/grpc-web-text", bytes);
        grpcRequest("application/protobuf", bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("reads a bare message (Twirp's application/protobuf) as one frame's, and a malformed one as binary", () => {
    const fetch = new Uint8Array([
      ...field(1, enc.encode("http://169.254.169.254/latest/user-data")),
      ...field(2, enc.encode("thumb")),
    ]);
    expect(grpcRequest("application/protobuf", fetch)).toContain("934110@body:raw.grpc.1");
    expect(grpcRequest("application/x-protobuf", field(1, enc.encode("https://cdn.example/a.png")))).toEqual([]);
    const where = matchesAt({
      method: "POST",
      body: { bytes: new Uint8Array([0x0a, 0x7f, 0x01]), contentType: "application/protobuf", truncated: false },
    });
    expect(where).not.toContain("934110@body:raw.grpc.1");
  });
});

describe("JSONP callbacks", () => {
  it("takes script in a callback parameter, and leaves names, cache-busters and webhook URLs alone", () => {
    const cb = (name: string, value: string) => matchesAt({ query: [[name, value]] });
    expect(cb("callback", "window.AndroidBridge.postMessage(JSON.stringify(localStorage));//")).toContain(
      "941160@query:callback",
    );
    expect(scriptInCallback("jsonp", "alert`1`")).toBe(true);
    for (const name of ["jQuery37100123_1716812345", "angular.callbacks._0", "cbs[3]", "$jsonp_cb"])
      expect(scriptInCallback("callback", name), name).toBe(false);
    expect(scriptInCallback("cb", "1716812345")).toBe(false);
    expect(scriptInCallback("callback", "https://hooks.example.com/a?x=1;y=(2)")).toBe(false);
    expect(scriptInCallback("q", "f(1)")).toBe(false);
  });
});
