#!/usr/bin/env node
// Compiles the CLI (cli/main.ts and what it imports from cli/, lib/ and loaders/; node_modules stay
// external) into build/cli/ with esbuild: ESM, one file per lazily imported part, so `leadlens
// --version` loads no DuckDB. Run by `npm run build:cli`, by `prepare` (so `npm ci` and `npm install`
// build it) and before the tests (test/setup/build-cli.ts). cli/leadlens.js runs the result only
// while it is newer than every source listed in build/cli/inputs.json.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const OUT = join(ROOT, "build", "cli");

/**
 * A module that finds files beside itself (`new URL("./x.yml", import.meta.url)`) must still find
 * them once bundled: its `import.meta.url` becomes its source file's URL, relative to the bundle
 * folder, so the compiled CLI works wherever the checkout is.
 */
const sourceUrls = {
  name: "source-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url") || args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const rel = relative(OUT, args.path).split(sep).join("/");
      return {
        contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: "ts",
      };
    });
  },
};

/** Builds into a fresh folder and swaps it in, so a CLI starting meanwhile never sees half a build. */
export async function buildCli() {
  const started = Date.now();
  let build;
  try {
    ({ build } = await import("esbuild"));
  } catch {
    return {
      inputs: 0,
      ms: 0,
      skipped: "esbuild is not installed (a production install): leadlens runs its sources through tsx",
    };
  }
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = `${OUT}.${tag}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    entryPoints: { main: join(ROOT, "cli", "main.ts") },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outExtension: { ".js": ".mjs" },
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    plugins: [sourceUrls],
  });
  // The build recipe itself counts as a source: a change to it makes the build stale too.
  const inputs = [
    ...Object.keys(result.metafile.inputs).map((f) => relative(ROOT, join(ROOT, f)).split(sep).join("/")),
    "cli/build.mjs",
  ];
  writeFileSync(join(tmp, "inputs.json"), `${JSON.stringify({ started, inputs }, null, 1)}\n`);
  mkdirSync(dirname(OUT), { recursive: true });
  const old = `${OUT}.${tag}.old`;
  if (existsSync(OUT)) renameSync(OUT, old);
  renameSync(tmp, OUT);
  rmSync(old, { recursive: true, force: true });
  return { inputs: inputs.length, ms: Date.now() - started };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildCli();
  process.stderr.write(
    r.skipped
      ? `leadlens: did not compile the CLI: ${r.skipped}.\n`
      : `leadlens: compiled the CLI into build/cli (${r.inputs} sources, ${r.ms} ms).\n`,
  );
}
