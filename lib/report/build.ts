import { spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { UserError } from "../errors/UserError.ts";
import { DEFAULT_MIN_CELL, DEFAULT_OUT, PROJECT_DIR, SITE_ROOT } from "./paths.ts";
import { vendor } from "./vendor.ts";
import { withLock } from "./lock.ts";
import { bundleBrowserLib } from "./bundleLib.ts";
import { precomputePages } from "./data/precompute.ts";
import { checkOutput, dropStaging, stagingFolder, swapIn } from "./outdir.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

/** Options for {@link buildReport}. */
export interface BuildOptions {
  /** The leadlens DuckDB file the data loaders read. Default data/leadlens.duckdb. */
  db?: string;
  /** Output folder. Default "dist". */
  out?: string;
  /** Cells (table rows, chart marks) with fewer leads than this are suppressed. Default 10. */
  minCell?: number;
  /** The analyst's current points (CSV or JSON points format), shown beside the fitted model. */
  rubric?: string;
  /** The rubric's current MQL threshold in its points. */
  rubricMql?: number;
  /** Disqualification rules (YAML) shown on the Qualification page. */
  rules?: string;
  /** Called with each step's name as it starts and ends. */
  onStep?: (step: string, state: "start" | "end", detail?: string) => void;
  /** Where Framework's own output goes; default: inherited stderr when verbose, else captured. */
  verbose?: boolean;
}

/** What {@link buildReport} produced. */
export interface BuildResult {
  out: string;
  db: string;
  minCell: number;
  /** The last lines Framework printed (its page size table). */
  log: string;
}

/**
 * Builds the report site: vendors the npm packages into Framework's cache (no CDN), clears cached
 * data-loader output (it would otherwise be reused across databases), and runs `observable build`
 * with the database path and minimum cell size in the environment the data loaders read
 * (LEADLENS_DB, LEADLENS_MIN_CELL). Needs no network.
 *
 * @example
 * await buildReport({ db: "data/leadlens.duckdb", out: "dist" }); // → { out: "/…/dist", minCell: 10, … }
 */
export async function buildReport(options: BuildOptions = {}): Promise<BuildResult> {
  const db = resolve(options.db ?? "data/leadlens.duckdb");
  const out = resolve(options.out ?? DEFAULT_OUT);
  const minCell = options.minCell ?? DEFAULT_MIN_CELL;
  if (!Number.isInteger(minCell) || minCell < 1) {
    throw new UserError(`--min-cell must be a whole number of leads, 1 or more; got ${options.minCell}.`);
  }
  if (!existsSync(db)) {
    throw new UserError(
      `No leadlens database at ${options.db ?? "data/leadlens.duckdb"}. Run \`leadlens ingest demo\` (or \`leadlens start\`) first, or pass --db with the right path.`,
    );
  }
  const rubric = options.rubric ? resolve(options.rubric) : undefined;
  if (rubric && !existsSync(rubric)) throw new UserError(`--rubric ${options.rubric}: no such file.`);
  const rules = options.rules ? resolve(options.rules) : undefined;
  if (rules && !existsSync(rules)) throw new UserError(`--rules ${options.rules}: no such file.`);
  checkOutput(out, options.out ?? DEFAULT_OUT);
  const step = options.onStep ?? (() => undefined);
  // Build into a folder beside --out and swap it in only when complete: a failed build (a bad
  // rubric, a Framework error, Ctrl-C) leaves the published site as it was.
  const staging = stagingFolder(out);
  try {
    const result = await buildInto(staging, { db, minCell, rubric, rules, step, options, publish: out });
    return { ...result, out };
  } catch (e) {
    dropStaging(staging);
    throw e;
  }
}

interface BuildInputs {
  db: string;
  minCell: number;
  rubric?: string;
  rules?: string;
  step: NonNullable<BuildOptions["onStep"]>;
  options: BuildOptions;
  /** Where the site goes once built (named in the progress line). */
  publish: string;
}

/**
 * The build proper, into `out` (a fresh staging folder): vendor, precompute, observable build, then
 * the swap onto `publish`, inside the lock so that two builds to one --out cannot interleave renames.
 */
function buildInto(
  out: string,
  { db, minCell, rubric, rules, step, options, publish }: BuildInputs,
): Promise<BuildResult> {
  return withLock(join(SITE_ROOT, ".observablehq"), async () => {
    step("vendor npm packages", "start");
    const versions = await vendor({ root: SITE_ROOT, from: PROJECT_DIR });
    step("vendor npm packages", "end", `${Object.keys(versions).length} packages`);
    await bundleBrowserLib();
    clearLoaderCache(SITE_ROOT);
    step("compute the published aggregates", "start");
    const cache = mkdtempSync(join(tmpdir(), "leadlens-pages-"));
    try {
      const files = await precomputePages(db, minCell, cache, { rubric, rubricMql: options.rubricMql, rules });
      step("compute the published aggregates", "end", `${files.length} data files`);
      step("observable build", "start");
      const log = await runFramework(
        ["build"],
        {
          LEADLENS_DB: db,
          LEADLENS_MIN_CELL: String(minCell),
          LEADLENS_OUT: out,
          LEADLENS_PAGE_CACHE: cache,
          LEADLENS_RUBRIC: rubric ?? "",
          LEADLENS_RUBRIC_MQL: options.rubricMql === undefined ? "" : String(options.rubricMql),
          LEADLENS_RULES: rules ?? "",
        },
        options.verbose,
      );
      step("observable build", "end", publish);
      swapIn(out, publish);
      return { out, db, minCell, log };
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
}

/** Removes cached data-loader output but keeps the vendored `_npm` folder. */
function clearLoaderCache(root: string): void {
  const cache = join(root, ".observablehq", "cache");
  if (!existsSync(cache)) return;
  for (const entry of readdirSync(cache)) {
    if (entry !== "_npm") rmSync(join(cache, entry), { recursive: true, force: true });
  }
}

/**
 * Runs Framework's CLI with node_modules/.bin on PATH (its TypeScript data loaders are run by `tsx`)
 * and telemetry off (it would be a request to a third-party host).
 */
function runFramework(args: string[], env: Record<string, string>, verbose = false): Promise<string> {
  const bin = join(PROJECT_DIR, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  const PATH = [join(PROJECT_DIR, "node_modules", ".bin"), process.env.PATH ?? ""].join(delimiter);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: PROJECT_DIR,
      env: { ...process.env, ...env, PATH, OBSERVABLE_TELEMETRY_DISABLE: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-200_000);
      if (verbose) process.stderr.write(chunk);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", fail);
    child.on("close", (code) => {
      if (code === 0) return done(log.slice(log.lastIndexOf("┌") >= 0 ? log.lastIndexOf("┌") : -2000));
      fail(
        new UserError(
          `The report build failed (observable build exited with ${code}). Its last output:\n${tail(log, 30)}`,
        ),
      );
    });
  });
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
