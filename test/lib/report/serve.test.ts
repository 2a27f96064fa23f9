import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveReport, type Preview } from "../../../lib/report/serve.ts";

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

  it("refuses a folder without a built site, with a clear message", async () => {
    await expect(serveReport(mkdtempSync(join(tmpdir(), "leadlens-empty-")), 0)).rejects.toThrow(/No built report/);
  });
});
