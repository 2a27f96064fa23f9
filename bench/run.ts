/**
 * `npm run bench [-- --sizes 100k,1m,10m] [--no-sklearn] [--no-report] [--no-fixed] [--no-startup]`,
 * or `npm run bench -- --startup` for the CLI start-up case alone (seconds, not hours).
 *
 * For each size: demo data (generated once into bench/cache/), ingest (leadlens vs DuckDB's raw
 * read_csv), fit (pattern-aggregated vs row-level, and scikit-learn on the same row-level design),
 * the full model fit and scoring throughput, the report build; every step in its own child process
 * so its peak memory is its own. Then the fixed cases: 1M leads × 30 attributes vs scikit-learn,
 * and 1M leads × 6 attributes patterns vs rows. Writes bench/results/<date>.json and the table in
 * bench/README.md. See bench/README.md for what each figure means.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { arch, cpus, loadavg, totalmem } from "node:os";
import { ROOT, runStep, timeCommand, type StepResult } from "./child.ts";
import { CACHE, SIZES, demoDir, storePath } from "./paths.ts";
import { maxAbsDiff } from "./timer.ts";
import { sklearnAvailable, runSklearn, type SklearnResult } from "./sklearn.ts";
import { writeReadmeTable, writeStartupTable } from "./readme.ts";
import { benchStartup } from "./startup.ts";

interface Args {
  sizes: string[];
  sklearn: boolean;
  report: boolean;
  fixed: boolean;
  startup: boolean;
  startupOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    sizes: ["100k", "1m", "10m"],
    sklearn: true,
    report: true,
    fixed: true,
    startup: true,
    startupOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === "--sizes") a.sizes = argv[++i].split(",").map((s) => s.trim().toLowerCase());
    else if (v.startsWith("--sizes="))
      a.sizes = v
        .slice(8)
        .split(",")
        .map((s) => s.trim().toLowerCase());
    else if (v === "--no-sklearn") a.sklearn = false;
    else if (v === "--no-report") a.report = false;
    else if (v === "--no-fixed") a.fixed = false;
    else if (v === "--no-startup") a.startup = false;
    else if (v === "--startup") a.startupOnly = true;
    else if (v === "--help" || v === "-h") {
      console.log(
        "npm run bench -- [--sizes 100k,1m,10m|none] [--no-sklearn] [--no-report] [--no-fixed] [--no-startup] | --startup",
      );
      process.exit(0);
    } else throw new Error(`unknown option ${v}`);
  }
  // `--sizes none`: only the fixed cases.
  a.sizes = a.sizes.filter((s) => s && s !== "none");
  if (a.startupOnly) Object.assign(a, { sizes: [], fixed: false, startup: true });
  for (const s of a.sizes) if (!SIZES[s]) throw new Error(`unknown size ${s}; known: ${Object.keys(SIZES).join(", ")}`);
  return a;
}

const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
const coefOf = (r: StepResult) => r.coef as number[];
const drop = (r: StepResult) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "coef"));

/** Everything measured for one demo size. */
async function benchSize(size: string, args: Args) {
  const steps: Record<string, unknown> = {};
  const rss: Record<string, number> = {};
  // Steps that are leadlens itself (the 4 GiB target); the rest are references (DuckDB raw, row-level, sklearn).
  const LEADLENS = ["ingest_leadlens", "ingest_leadlens_leads", "fit_patterns", "model", "report_build"];
  const keep = (name: string, r: StepResult) => {
    steps[name] = drop(r);
    rss[name] = r.max_rss_bytes;
    return r;
  };
  log(`${size}: demo data`);
  keep("data", await runStep("data", { size }));
  log(`${size}: ingest`);
  const ingestFull = keep("ingest_leadlens", await runStep("ingest", { size, mode: "leadlens" }));
  const ingestLeads = keep("ingest_leadlens_leads", await runStep("ingest", { size, mode: "leadlens-leads" }));
  const rawLeads = keep("ingest_duckdb_leads", await runStep("ingest", { size, mode: "duckdb-leads" }));
  const rawAll = keep("ingest_duckdb_all", await runStep("ingest", { size, mode: "duckdb-all" }));
  log(`${size}: fit, patterns vs rows`);
  const fp = keep("fit_patterns", await runStep("fit", { size, mode: "patterns" }));
  const fr = keep("fit_rows", await runStep("fit", { size, mode: "rows", dump: args.sklearn && sklearnAvailable() }));
  let sk: SklearnResult | null = null;
  if (args.sklearn && sklearnAvailable()) {
    log(`${size}: scikit-learn on the row-level design`);
    sk = await runSklearn(join(CACHE, `design-${size}`), coefOf(fr));
    rss.sklearn = sk.max_rss_bytes;
  } else
    log(
      `${size}: scikit-learn skipped (${args.sklearn ? "python3-sklearn not installed under /usr/bin/python3" : "--no-sklearn"})`,
    );
  log(`${size}: full model fit and scoring`);
  const model = keep("model", await runStep("model", { size }));
  let report: { seconds: number; max_rss_bytes: number | null } | null = null;
  if (args.report) {
    log(`${size}: report build`);
    const out = join(CACHE, `site-${size}`);
    report = await timeCommand(process.execPath, [
      join(ROOT, "cli", "leadlens.js"),
      "report",
      "build",
      "--db",
      storePath(size),
      "--out",
      out,
    ]);
    if (report.max_rss_bytes) rss.report_build = report.max_rss_bytes;
  }
  const n = (r: StepResult, k: string) => r[k] as number;
  return {
    leads: SIZES[size],
    ingest_vs_duckdb_ratio: n(ingestLeads, "s") / n(rawLeads, "s"),
    ingest_vs_duckdb_ratio_cpu: n(ingestLeads, "cpu_s") / n(rawLeads, "cpu_s"),
    ingest_full_vs_duckdb_ratio: n(ingestFull, "s") / n(rawAll, "s"),
    ingest_s: n(ingestFull, "s"),
    ingest_leads_s: n(ingestLeads, "s"),
    duckdb_read_csv_leads_s: n(rawLeads, "s"),
    fit_compression: n(fp, "compression"),
    fit_patterns_s: n(fp, "total_s"),
    fit_rows_s: n(fr, "total_s"),
    fit_speedup_vs_rowlevel: n(fr, "total_s") / n(fp, "total_s"),
    fit_speedup_vs_rowlevel_cpu: n(fr, "total_cpu_s") / n(fp, "total_cpu_s"),
    coef_max_abs_diff_vs_rowlevel: maxAbsDiff(coefOf(fp), coefOf(fr)),
    fit_rows_solve_s: n(fr, "solve_s"),
    fit_rows_solve_cpu_s: n(fr, "solve_cpu_s"),
    sklearn_fit_s: sk?.default.fit_s ?? null,
    fit_vs_sklearn_ratio: sk ? n(fr, "solve_s") / sk.default.fit_s : null,
    fit_vs_sklearn_ratio_cpu: sk ? n(fr, "solve_cpu_s") / sk.default.cpu_s : null,
    coef_max_abs_diff_vs_sklearn: sk?.tight ? maxAbsDiff(coefOf(fr), sk.tight.coef) : null,
    coef_max_abs_diff_vs_sklearn_newton_cg: sk?.newton_cg ? maxAbsDiff(coefOf(fr), sk.newton_cg.coef) : null,
    objective_ours_minus_sklearn: sk?.ours && sk.tight ? sk.ours.objective - sk.tight.objective : null,
    sklearn_skipped: sk ? null : args.sklearn ? "python3-sklearn not installed" : "--no-sklearn",
    model_fit_s: n(model, "fit_s"),
    score_leads_per_s: n(model, "score_leads_per_s"),
    score_insert_leads_per_s: n(model, "score_insert_leads_per_s"),
    report_build_s: report?.seconds ?? null,
    peak_rss_bytes: Math.max(...LEADLENS.filter((k) => k in rss).map((k) => rss[k])),
    peak_rss_reference_bytes: Math.max(
      0,
      ...Object.keys(rss)
        .filter((k) => !LEADLENS.includes(k) && k !== "data")
        .map((k) => rss[k]),
    ),
    peak_rss_by_step: rss,
    steps,
    sklearn: sk
      ? {
          version: sk.sklearn_version,
          ours: sk.ours ?? null,
          ...Object.fromEntries(
            (["default", "tight", "newton_cg"] as const).map((k) => [k, sk[k] ? drop(sk[k] as never) : null]),
          ),
        }
      : null,
  };
}

/** The size-independent cases: 1M × 30 attributes vs scikit-learn; 1M × 6 attributes patterns vs rows. */
async function benchFixed(args: Args) {
  log("fixed: 1M leads × 30 attributes (5 levels each), row-level solver");
  const wide = await runStep("synthetic", { kind: "wide", rows: 1_000_000, attrs: 30, levels: 5 });
  let sk: SklearnResult | null = null;
  if (args.sklearn && sklearnAvailable()) {
    log("fixed: scikit-learn on the same 1M × 120 design");
    sk = await runSklearn(join(CACHE, "wide-1000000x30"), coefOf(wide));
  }
  log("fixed: 1M leads × 6 attributes, patterns vs rows");
  const np = await runStep("synthetic", { kind: "narrow", rows: 1_000_000, attrs: 6, levels: 5, mode: "patterns" });
  const nr = await runStep("synthetic", { kind: "narrow", rows: 1_000_000, attrs: 6, levels: 5, mode: "rows" });
  const n = (r: StepResult, k: string) => r[k] as number;
  return {
    wide_1m_x30: {
      columns: wide.columns,
      solve_s: wide.solve_s,
      solve_cpu_s: wide.solve_cpu_s,
      solve_with_se_s: wide.solve_with_se_s ?? null,
      solve_with_se_cpu_s: wide.solve_with_se_cpu_s ?? null,
      iterations: wide.iterations,
      max_rss_bytes: wide.max_rss_bytes,
      sklearn_fit_s: sk?.default.fit_s ?? null,
      sklearn_n_iter: sk?.default.n_iter ?? null,
      sklearn_tight_fit_s: sk?.tight?.fit_s ?? null,
      fit_vs_sklearn_ratio: sk ? n(wide, "solve_s") / sk.default.fit_s : null,
      fit_vs_sklearn_ratio_cpu: sk ? n(wide, "solve_cpu_s") / sk.default.cpu_s : null,
      coef_max_abs_diff_vs_sklearn: sk?.tight ? maxAbsDiff(coefOf(wide), sk.tight.coef) : null,
      coef_max_abs_diff_vs_sklearn_default_tol: sk ? maxAbsDiff(coefOf(wide), sk.default.coef) : null,
      coef_max_abs_diff_vs_sklearn_newton_cg: sk?.newton_cg ? maxAbsDiff(coefOf(wide), sk.newton_cg.coef) : null,
      sklearn_newton_cg_fit_s: sk?.newton_cg?.fit_s ?? null,
      objective_ours: sk?.ours?.objective ?? null,
      objective_sklearn_lbfgs: sk?.tight?.objective ?? null,
      objective_sklearn_newton_cg: sk?.newton_cg?.objective ?? null,
      grad_inf_norm_ours: sk?.ours?.grad_inf_norm ?? null,
      grad_inf_norm_sklearn_lbfgs: sk?.tight?.grad_inf_norm ?? null,
      sklearn_skipped: sk ? null : "python3-sklearn not installed or --no-sklearn",
      load: [wide.load_start, wide.load_end],
      sklearn: sk
        ? {
            version: sk.sklearn_version,
            ...Object.fromEntries(
              (["default", "tight", "newton_cg"] as const).map((k) => [k, sk[k] ? drop(sk[k] as never) : null]),
            ),
          }
        : null,
    },
    narrow_1m_x6: {
      patterns: n(np, "rows"),
      compression: n(np, "compression"),
      patterns_s: n(np, "total_s"),
      rows_s: n(nr, "total_s"),
      fit_speedup_vs_rowlevel: n(nr, "total_s") / n(np, "total_s"),
      fit_speedup_vs_rowlevel_cpu: n(nr, "total_cpu_s") / n(np, "total_cpu_s"),
      solve_speedup: n(nr, "solve_s") / n(np, "solve_s"),
      coef_max_abs_diff_vs_rowlevel: maxAbsDiff(coefOf(np), coefOf(nr)),
      max_rss_bytes: Math.max(np.max_rss_bytes, nr.max_rss_bytes),
      steps: { patterns: drop(np), rows: drop(nr) },
    },
  };
}

const args = parseArgs(process.argv.slice(2));
mkdirSync(CACHE, { recursive: true });
const started = new Date();
const sizes: Record<string, Record<string, unknown>> = {};
for (const size of args.sizes) {
  if (!existsSync(demoDir(size))) log(`${size}: generating the demo data once (bench/cache/demo-${size})`);
  sizes[size] = await benchSize(size, args);
}
const fixed: Record<string, Record<string, unknown>> | null = args.fixed ? await benchFixed(args) : null;
if (args.startup) log("CLI start-up: --version and --help vs bare Node loading DuckDB");
const startup = args.startup ? await benchStartup() : null;
const result = {
  date: started.toISOString(),
  load_average_at_start: loadavg(),
  machine: {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    memory_bytes: totalmem(),
    arch: arch(),
    node: process.version,
  },
  note: "Wall-clock seconds on a shared machine (other jobs may run); *_cpu figures are CPU seconds of the process.",
  sizes,
  fixed,
  startup,
};
const dir = join(ROOT, "bench", "results");
mkdirSync(dir, { recursive: true });
const file = join(dir, `${started.toISOString().slice(0, 10)}.json`);
// Sizes run separately on the same day (e.g. 10m last) add up in one file; a re-run replaces its size.
if (existsSync(file)) {
  const before = JSON.parse(readFileSync(file, "utf8"));
  result.sizes = { ...before.sizes, ...result.sizes };
  result.fixed = result.fixed ?? before.fixed ?? null;
  result.startup = result.startup ?? before.startup ?? null;
  // The start-up case alone keeps the other figures and their dates, and records its own.
  if (args.startupOnly)
    Object.assign(result, {
      date: before.date,
      load_average_at_start: before.load_average_at_start,
      fixed_date: before.fixed_date,
      startup_date: started.toISOString(),
    });
  // A run of the fixed cases alone keeps the sizes' run time in `date` and records its own.
  else if (!args.sizes.length && before.date)
    Object.assign(result, {
      date: before.date,
      load_average_at_start: before.load_average_at_start,
      fixed_date: started.toISOString(),
    });
}
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
if (Object.keys(result.sizes).length) writeReadmeTable(join(ROOT, "bench", "README.md"), result);
if (startup) writeStartupTable(join(ROOT, "bench", "README.md"), startup, started.toISOString());
log(`wrote ${file} and the table in bench/README.md`);
