import { build } from "esbuild";
import { createRequire } from "node:module";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** One npm package bundled into Framework's cache so `npm:` imports resolve without a CDN. */
export interface VendorPackage {
  /** The npm name, e.g. "@observablehq/plot". */
  name: string;
  /** Module to bundle, relative to the package folder; default: the package's own entry. */
  entry?: string;
  /** Other vendored packages this one imports: kept as imports of their own bundle (one copy each). */
  external?: string[];
  /** Files copied beside the bundle, at the same relative path (wasm, workers). */
  files?: string[];
}

/**
 * The packages Framework's pages and client ask for. Versions come from node_modules, so what the
 * site runs is exactly what `npm ci` installed.
 */
export const VENDORED: VendorPackage[] = [
  { name: "htl" },
  { name: "isoformat" },
  { name: "d3" },
  { name: "d3-dsv" },
  { name: "apache-arrow" },
  { name: "arquero", external: ["apache-arrow"] },
  { name: "@observablehq/plot", external: ["d3", "isoformat", "htl"] },
  { name: "@observablehq/inputs", external: ["htl", "isoformat", "d3"] },
  {
    name: "@duckdb/duckdb-wasm",
    entry: "dist/duckdb-browser.mjs",
    external: ["apache-arrow"],
    files: [
      "dist/duckdb-mvp.wasm",
      "dist/duckdb-eh.wasm",
      "dist/duckdb-browser-mvp.worker.js",
      "dist/duckdb-browser-eh.worker.js",
    ],
  },
];

/**
 * Optional libraries Framework's client resolves while it is bundled, even when no page uses them.
 * A folder per name stops the registry look-up; its module throws a clear error if a page ever
 * imports one, instead of a silent CDN request.
 */
export const PLACEHOLDERS = [
  "react",
  "react-dom",
  "lodash",
  "echarts",
  "leaflet",
  "mapbox-gl",
  "topojson-client",
  "parquet-wasm",
  "@observablehq/sample-datasets",
  "@viz-js/viz",
  "mermaid",
  "katex",
  "sql.js",
  "exceljs",
  "jszip",
  "vega",
  "vega-lite",
  "vega-lite-api",
  "@uwdata/vgplot",
];

/** Version recorded for a placeholder folder: valid semver, so Framework's version sort accepts it. */
export const PLACEHOLDER_VERSION = "0.0.0-offline";

/** Where Framework looks for `npm:` modules: `<root>/.observablehq/cache/_npm`. */
export function npmCacheDir(root: string): string {
  return join(root, ".observablehq", "cache", "_npm");
}

/** Options for {@link vendor}. */
export interface VendorOptions {
  /** The Framework source root (the folder holding the pages), e.g. "src". */
  root: string;
  /** Folder to resolve packages from; default the project's own. */
  from?: string;
  /** Packages to bundle; default {@link VENDORED}. */
  packages?: VendorPackage[];
  /** Called once per package written. */
  onPackage?: (name: string, version: string) => void;
}

/** What {@link vendor} wrote: package name → version. */
export type VendorResult = Record<string, string>;

/**
 * Fills Framework's npm cache from node_modules: one self-contained ESM bundle per package at
 * `_npm/<name>@<version>/_esm.js`, wasm and worker files beside it, placeholders for the optional
 * libraries. Clears the folder first, because an empty folder left by an earlier registry look-up
 * would win over a filled one.
 *
 * @example
 * await vendor({ root: "src" }); // → { "d3": "7.9.0", "@observablehq/plot": "0.6.17", … }
 */
export async function vendor(options: VendorOptions): Promise<VendorResult> {
  const dir = npmCacheDir(resolve(options.root));
  const require = createRequire(join(resolve(options.from ?? process.cwd()), "package.json"));
  const packages = options.packages ?? VENDORED;
  const versions: VendorResult = {};
  for (const p of packages) versions[p.name] = packageVersion(require, p.name);
  const stamp = JSON.stringify({ versions, placeholders: PLACEHOLDERS, format: 1 });
  if (isCurrent(dir, stamp)) return versions;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const p of packages) {
    await bundlePackage(require, dir, p, versions);
    options.onPackage?.(p.name, versions[p.name]);
  }
  for (const name of PLACEHOLDERS) writePlaceholder(dir, name);
  writeFileSync(join(dir, ".leadlens-vendor.json"), stamp);
  return versions;
}

/** True when the cache holds exactly what this stamp describes (skip the ~10 s re-bundle). */
function isCurrent(dir: string, stamp: string): boolean {
  const file = join(dir, ".leadlens-vendor.json");
  return existsSync(file) && readFileSync(file, "utf8") === stamp;
}

function packageVersion(require: NodeJS.Require, name: string): string {
  return JSON.parse(readFileSync(packageJsonPath(require, name), "utf8")).version as string;
}

function packageJsonPath(require: NodeJS.Require, name: string): string {
  // Some packages do not export ./package.json: find it from the resolved entry instead.
  try {
    return require.resolve(`${name}/package.json`);
  } catch {
    let d = dirname(require.resolve(name));
    while (!existsSync(join(d, "package.json")) || !d.endsWith(name)) d = dirname(d);
    return join(d, "package.json");
  }
}

async function bundlePackage(
  require: NodeJS.Require,
  dir: string,
  p: VendorPackage,
  versions: VendorResult,
): Promise<void> {
  const pkgDir = dirname(packageJsonPath(require, p.name));
  const outDir = join(dir, `${p.name}@${versions[p.name]}`);
  const outFile = join(outDir, "_esm.js");
  const externals = new Map((p.external ?? []).map((e) => [e, join(dir, `${e}@${versions[e]}`, "_esm.js")]));
  await build({
    entryPoints: [p.entry ? join(pkgDir, p.entry) : p.name],
    absWorkingDir: pkgDir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    outfile: outFile,
    logLevel: "error",
    plugins: [
      {
        name: "vendored-externals",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            const target = externals.get(args.path);
            if (!target) return undefined;
            const rel = relative(outDir, target);
            return { path: rel.startsWith(".") ? rel : `./${rel}`, external: true };
          });
        },
      },
    ],
  });
  for (const f of p.files ?? []) {
    mkdirSync(dirname(join(outDir, f)), { recursive: true });
    copyFileSync(join(pkgDir, f), join(outDir, f));
  }
}

function writePlaceholder(dir: string, name: string): void {
  const out = join(dir, `${name}@${PLACEHOLDER_VERSION}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, "_esm.js"),
    `throw new Error(${JSON.stringify(`${name} is not bundled in this offline leadlens report; add it to lib/report/vendor.ts`)});\n`,
  );
}

/** Lists the folders in the npm cache (for tests and `--verbose`). */
export function vendoredFolders(root: string): string[] {
  const dir = npmCacheDir(resolve(root));
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((e) =>
    e.startsWith("@") ? readdirSync(join(dir, e)).map((s) => `${e}/${s}`) : e.startsWith(".") ? [] : [e],
  );
}
