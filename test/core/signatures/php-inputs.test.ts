/**
 * What PHP makes of a parameter's name (php-inputs.ts): superglobal entries overwritten by name or
 * through a value `parse_str` reads (933130), options on a CGI script's argv (932231), secrets sent
 * as arrays for type juggling (933131), a fragment's controller that is a PHP function (933150); and a
 * WebDAV write of a server configuration file (932180).
 */
import { describe, expect, it } from "vitest";
import type { SignatureInput } from "../../../core/signatures/index.ts";
import {
  controllerInQueryString,
  optionName,
  secretAsArray,
  superglobalInQueryString,
  superglobalName,
} from "../../../core/signatures/php-inputs.ts";
import { matchesAt } from "./support.ts";

const enc = new TextEncoder();
const form = (text: string, over: Partial<SignatureInput> = {}) =>
  matchesAt({
    method: "POST",
    body: { bytes: enc.encode(text), contentType: "application/x-www-form-urlencoded", truncated: false },
    ...over,
  });

describe("a controller named in a fragment's query string", () => {
  it("takes Symfony's _fragment path naming a function that runs, and leaves a controller of the app's alone", () => {
    expect(
      matchesAt({
        query: [
          ["_path", "_controller=system&command=id&return_value=null"],
          ["_hash", "Xk1ZRn4+qWz9u2OzH5bJ4Yp0vLc="],
        ],
      }),
    ).toContain("933150@query:_path");
    expect(controllerInQueryString("_controller=phpinfo")).toBe(true);
    expect(controllerInQueryString("_controller=App%5CController%5CHomeController%3A%3Aindex&_locale=en")).toBe(false);
    expect(controllerInQueryString("_controller=App\\Controller\\SystemController::status")).toBe(false);
  });
});

describe("PHP's reading of names", () => {
  it("takes a superglobal's entry as a name or inside a query-string value", () => {
    expect(matchesAt({ query: [["_SESSION[role]", "admin"]] })).toContain("933130@query-name");
    expect(matchesAt({ query: [["data", "_COOKIE[admin]=1&_GET[cmd]=id"]] })).toContain("933130@query:data");
    expect(form("GLOBALS%5Bconfig%5D=x")).toContain("933130@body:form-name.GLOBALS[config]");
    expect(superglobalName("_session_id")).toBe(false);
    expect(superglobalInQueryString("utm_source=news&utm_medium=email")).toBe(false);
  });

  it("takes an option as a name: the query string is argv", () => {
    expect(matchesAt({ query: [["+--env", "dev"]] })).toContain("932231@query-name");
    expect(optionName("--define")).toBe(true);
    expect(optionName("-1")).toBe(false);
    expect(optionName("sort")).toBe(false);
  });

  it("takes a secret sent as an array, and leaves lists of other things alone", () => {
    expect(form("identity=admin&password%5B%5D=&remember=1")).toContain("933131@body:form.password[]");
    expect(matchesAt({ query: [["token[]", ""]] })).toContain("933131@query:token[]");
    expect(secretAsArray("tags[]")).toBe(false);
    expect(secretAsArray("password[new]")).toBe(false);
  });
});

describe("writes of a server configuration file", () => {
  it("takes a PUT of .user.ini and a MOVE whose destination is .htaccess", () => {
    const put = matchesAt({
      method: "PUT",
      path: "/remote.php/dav/files/admin/.user.ini",
      rawPath: "/remote.php/dav/files/admin/.user.ini",
      body: {
        bytes: enc.encode("auto_prepend_file=avatar.gif\n"),
        contentType: "application/octet-stream",
        truncated: false,
      },
    });
    expect(put).toContain("932180@path");
    const move = matchesAt({
      method: "MOVE",
      path: "/dav/files/a/notes.txt",
      rawPath: "/dav/files/a/notes.txt",
      headers: [
        ["host", "app.example"],
        ["destination", "https://app.example/dav/files/a/.htaccess"],
      ],
    });
    expect(move).toContain("932180@header:destination");
    expect(matchesAt({ method: "GET", path: "/docs/.htaccess-guide", rawPath: "/docs/.htaccess-guide" })).not.toContain(
      "932180@path",
    );
  });
});
