/**
 * @module core/signatures/body/socket-io
 * Socket.IO over HTTP long-polling: the body is Engine.IO packets (several joined by U+001E, or
 * each after its length and a colon in protocol 3), a Socket.IO event being `42`, an optional
 * namespace and ack id, then a JSON array (`42/pluginfw/installer,["install",{"plugin":"x@http://…"}]`).
 * Sent as `text/plain`, the JSON would be read as one raw string; each packet's document is parsed
 * as JSON instead, as the server's handler reads its arguments.
 */

/** Packets read at most. */
const MAX_PACKETS = 64;
/** A message packet's head: the Engine.IO and Socket.IO types, a namespace and an ack id. */
const HEAD = /^(?:\d{1,6}:)?4[0-6](?:\/[\w/.-]{0,128},)?\d{0,12}(?=[[{])/;

/** The JSON documents of a polling body's message packets, or null when it holds none. */
export function socketIoDocuments(text: string): string[] | null {
  const c0 = text.charCodeAt(0);
  if (!(c0 >= 0x30 && c0 <= 0x39)) return null;
  const out: string[] = [];
  for (const packet of text.split("\u001e")) {
    const head = HEAD.exec(packet);
    if (head === null) continue;
    out.push(packet.slice(head[0].length));
    if (out.length >= MAX_PACKETS) break;
  }
  return out.length > 0 ? out : null;
}
