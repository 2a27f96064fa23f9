// The compiled CLI (issue 13 item 5): what `leadlens --version` loads, and when the sources run instead.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_DIR } from "../../lib/report/paths.ts";
// @ts-expect-error plain JavaScript module without type declarations
import { compiledEntry } from "../../cli/compiled.mjs";

describe("the compiled CLI", () => {
  it("is built (by the test setup) and its entry loads only commander and Node's own modules", () => {
    expect(compiledEntry(), "build/cli is up to date with the sources").toBeTruthy();
    // Every module the entry loads before running a command: its static imports, followed through
    // the bundle's own chunks. DuckDB, arquero, vega, pg, yaml, zod, esbuild must not be among them:
    // each command imports what it needs when it runs.
    const seen = new Set<string>();
    const loaded: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(PROJECT_DIR, "build", "cli", file), "utf8");
      for (const m of text.matchAll(/^import\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"/gm)) {
        const spec = m[1] ?? m[2];
        if (spec.startsWith("./")) walk(spec.slice(2));
        else loaded.push(`${file} → ${spec}`);
      }
    };
    walk("main.mjs");
    expect(loaded.some((x) => x.endsWith("→ commander"))).toBe(true);
    for (const x of loaded) expect(x).toMatch(/→ (commander|node:[a-z/]+)$/);
  });

  it("is used only while every source it was built from is older than the build", () => {
    const root = mkdtempSync(join(tmpdir(), "leadlens-compiled-"));
    mkdirSync(join(root, "build", "cli"), { recursive: true });
    mkdirSync(join(root, "lib"));
    writeFileSync(join(root, "lib", "a.ts"), "export const a = 1;\n");
    const started = Date.now();
    utimesSync(join(root, "lib", "a.ts"), new Date(started - 60_000), new Date(started - 60_000));
    writeFileSync(join(root, "build", "cli", "inputs.json"), JSON.stringify({ started, inputs: ["lib/a.ts"] }));
    const url = `${pathToFileURL(root).href}/`;
    expect(compiledEntry(url)).toBe(`${url}build/cli/main.mjs`);
    utimesSync(join(root, "lib", "a.ts"), new Date(started + 1000), new Date(started + 1000));
    expect(compiledEntry(url), "an edited source: run the sources").toBeUndefined();
    writeFileSync(join(root, "build", "cli", "inputs.json"), JSON.stringify({ started, inputs: ["lib/gone.ts"] }));
    expect(compiledEntry(url), "a removed source: run the sources").toBeUndefined();
  });

  it("gives the same answers as the sources run through tsx", () => {
    const run = (env: Record<string, string>, ...args: string[]) =>
      spawnSync("node", ["cli/leadlens.js", ...args], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
    for (const args of [["--version"], ["--help"], ["analyze", "--help"], ["socre"]]) {
      const compiled = run({}, ...args);
      const sources = run({ LEADLENS_TSX: "1" }, ...args);
      expect([compiled.status, compiled.stdout, compiled.stderr], args.join(" ")).toEqual([
        sources.status,
        sources.stdout,
        sources.stderr,
      ]);
    }
  });
});
