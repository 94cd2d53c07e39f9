/**
 * Values that go into a mail or an invite: a header after a line break in a name or a mail field
 * (Unicode line separators too), an iCalendar property injected after a summary's first line, and
 * MIME encoded-words decoded before they are judged.
 */
import { describe, expect, it } from "vitest";
import { decodedEncodedWords } from "../../../core/signatures/encoded-words.ts";
import type { SignatureInput } from "../../../core/signatures/index.ts";
import { matchesAt } from "./support.ts";

const where = (over: Partial<SignatureInput>): string[] => matchesAt({ method: "POST", ...over });
const json = (body: unknown) =>
  where({
    body: { bytes: new TextEncoder().encode(JSON.stringify(body)), contentType: "application/json", truncated: false },
  });

describe("mail header injection", () => {
  it("takes a header after a line break in a person's name or a mail field", () => {
    expect(json({ name: "Daniel Ross\r\nBcc: promo01@mailinator.com" })).toContain("921120@body:json.name");
    expect(json({ message: { from: { name: "Billing\r\nReply-To: payments@invoice-update.top" } } })).toContain(
      "921120@body:json.message.from.name",
    );
    expect(json({ sender_name: "Support Team\u2028Bcc: scrape@yandex.ru" })).toContain("921120@body:json.sender_name");
  });

  it("leaves a note quoting a mail's headers alone", () => {
    expect(
      json({ body: "Customer forwarded it.\nFrom: Anna <anna@example.com>\nTo: support@example.com\n\nThanks" }),
    ).toEqual([]);
  });
});

describe("iCalendar property injection", () => {
  it("takes a property after a summary's first line, and leaves a whole calendar alone", () => {
    expect(json({ summary: "Weekly sync\r\nATTENDEE;RSVP=TRUE:mailto:leak@inv-cal.net" })).toContain(
      "921120@body:json.summary",
    );
    expect(
      json({ ics: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Sync\r\nEND:VEVENT\r\nEND:VCALENDAR" }),
    ).toEqual([]);
    expect(json({ notes: "Agenda\nLocation: Room 5\nUrl: see wiki" })).toEqual([]);
    // Labels prose writes in capitals too are no property an injection needs.
    expect(json({ notes: "Incident\nSUMMARY: db down\nSTATUS: resolved\nURL: see wiki" })).toEqual([]);
    expect(json({ notes: "see you\nEND:VEVENT\nBEGIN:VEVENT\nORGANIZER:mailto:security@calbook.io" })).toContain(
      "921120@body:json.notes",
    );
  });
});

describe("MIME encoded-words", () => {
  it("decodes B and Q words and leaves other text as it is", () => {
    expect(decodedEncodedWords("=?UTF-8?B?T3JkZXIgc3RhdHVz?= now")).toBe("Order status now");
    expect(decodedEncodedWords("=?UTF-8?Q?R=C3=BCckerstattung_5512?=")).toBe("Rückerstattung 5512");
    expect(decodedEncodedWords("a =? b ?= c")).toBeNull();
  });

  it("judges what they decode to", () => {
    expect(json({ subject: "=?UTF-8?B?T3JkZXIgc3RhdHVzDQpCY2M6IGJ1bGtAb2ZmZXJzLWRhaWx5Lnh5eg==?=" })).toContain(
      "921120@body:json.subject",
    );
    expect(json({ title: "=?UTF-8?B?PGltZyBzcmM9eCBvbmVycm9yPWFsZXJ0KGRvY3VtZW50LmRvbWFpbik+?=" })).toContain(
      "941110@body:json.title.mime",
    );
    expect(json({ subject: "=?UTF-8?Q?R=C3=BCckerstattung_Bestellung_5512?=" })).toEqual([]);
  });
});
