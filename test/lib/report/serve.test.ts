import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "node:http";
import { isLoopbackHost, serveReport, type Preview } from "../../../lib/report/serve.ts";

let preview: Preview;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "leadlens-serve-"));
  writeFileSync(join(dir, "index.html"), "<h1>home</h1>");
  writeFileSync(join(dir, "segments.html"), "<h1>segments</h1>");
  mkdirSync(join(dir, "_npm"));
  writeFileSync(join(dir, "_npm", "x.wasm"), "wasm");
  writeFileSync(join(dir, "..", "secret.txt"), "no");
  preview = await serveReport(dir, 0);
});

afterAll(async () => preview?.close());

describe("serveReport", () => {
  it("serves on 127.0.0.1 with clean URLs and the right types", async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(preview.url)).text()).toBe("<h1>home</h1>");
    expect(await (await fetch(`${preview.url}segments`)).text()).toBe("<h1>segments</h1>");
    expect((await fetch(`${preview.url}_npm/x.wasm`)).headers.get("content-type")).toBe("application/wasm");
  });

  it("answers 404 outside the folder and for missing files", async () => {
    expect((await fetch(`${preview.url}..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${preview.url}nope`)).status).toBe(404);
  });

  it("answers 400 to a malformed escape and keeps serving", async () => {
    // Before the fix, decodeURIComponent threw a URIError outside any handler and the process died.
    expect((await fetch(`${preview.url}%ff`)).status).toBe(400);
    expect((await fetch(`${preview.url}segments%E0%A4%A`)).status).toBe(400);
    expect((await fetch(preview.url)).status).toBe(200);
  });

  it("answers only to loopback Host names (DNS rebinding)", async () => {
    expect(await statusWithHost("evil.example")).toBe(403);
    expect(await statusWithHost(`evil.example:${preview.port}`)).toBe(403);
    expect(await statusWithHost(`127.0.0.1.evil.example:${preview.port}`)).toBe(403);
    expect(await statusWithHost(`localhost:${preview.port}`)).toBe(200);
    expect(await statusWithHost(`[::1]:${preview.port}`)).toBe(200);
    expect(await statusWithHost(`127.0.0.1:${preview.port}`)).toBe(200);
    expect(isLoopbackHost(undefined)).toBe(false);
    expect(isLoopbackHost("LOCALHOST")).toBe(true);
  });

  it("refuses a folder without a built site, with a clear message", async () => {
    await expect(serveReport(mkdtempSync(join(tmpdir(), "leadlens-empty-")), 0)).rejects.toThrow(/No built report/);
  });
});

/** GET / with a chosen Host header (fetch does not let a caller set Host). */
function statusWithHost(host: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port: preview.port, path: "/", headers: { host } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on("error", fail);
    req.end();
  });
}
