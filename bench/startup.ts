/**
 * CLI start-up: `leadlens --version` and `leadlens --help` against a bare Node process that loads
 * DuckDB (`node -e "import('@duckdb/node-api')"`), and the same two commands run from the
 * TypeScript sources through tsx (`LEADLENS_TSX=1`, what every start cost before the compiled CLI).
 * Runs interleaved, so a change of machine load touches every case alike; medians with min–max.
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { ROOT } from "./child.ts";

/** Median and spread of one case's runs, wall and CPU (user + system) seconds. */
export interface StartupFigure {
  runs: number;
  median_s: number;
  min_s: number;
  max_s: number;
  median_cpu_s: number;
  min_cpu_s: number;
  max_cpu_s: number;
}

const CLI = join(ROOT, "cli", "leadlens.js");
const CASES: Record<
  "bare_node_duckdb" | "version" | "help" | "version_tsx" | "help_tsx",
  { args: string[]; env?: Record<string, string> }
> = {
  bare_node_duckdb: { args: ["-e", "import('@duckdb/node-api')"] },
  version: { args: [CLI, "--version"] },
  help: { args: [CLI, "--help"] },
  version_tsx: { args: [CLI, "--version"], env: { LEADLENS_TSX: "1" } },
  help_tsx: { args: [CLI, "--help"], env: { LEADLENS_TSX: "1" } },
};

/** One run under GNU time: wall seconds from here, CPU seconds of the child. */
function once(args: string[], env: Record<string, string> = {}): Promise<{ s: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "BENCH_CPU %U %S", process.execPath, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...env },
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const s = (performance.now() - t0) / 1000;
      const m = /BENCH_CPU ([\d.]+) ([\d.]+)/.exec(err);
      if (code !== 0 || !m)
        return reject(new Error(`node ${args.join(" ")} failed (exit ${code}): ${err.slice(-500)}`));
      resolve({ s, cpu: Number(m[1]) + Number(m[2]) });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Every case `runs` times (after one warm-up each), with the ratios the target is judged on. */
export async function benchStartup(runs = 9) {
  const load_start = loadavg()[0];
  const names = Object.keys(CASES) as Array<keyof typeof CASES>;
  const samples = Object.fromEntries(names.map((k) => [k, [] as Array<{ s: number; cpu: number }>])) as Record<
    keyof typeof CASES,
    Array<{ s: number; cpu: number }>
  >;
  for (const c of Object.values(CASES)) await once(c.args, c.env);
  for (let i = 0; i < runs; i++) for (const k of names) samples[k].push(await once(CASES[k].args, CASES[k].env));
  const figures = {} as Record<keyof typeof CASES, StartupFigure>;
  for (const k of names) {
    const xs = samples[k];
    const s = xs.map((x) => x.s);
    const cpu = xs.map((x) => x.cpu);
    figures[k] = {
      runs,
      median_s: median(s),
      min_s: Math.min(...s),
      max_s: Math.max(...s),
      median_cpu_s: median(cpu),
      min_cpu_s: Math.min(...cpu),
      max_cpu_s: Math.max(...cpu),
    };
  }
  const bare = figures.bare_node_duckdb;
  return {
    ...figures,
    version_vs_bare_ratio: figures.version.median_s / bare.median_s,
    version_vs_bare_ratio_cpu: figures.version.median_cpu_s / bare.median_cpu_s,
    help_vs_bare_ratio: figures.help.median_s / bare.median_s,
    help_vs_bare_ratio_cpu: figures.help.median_cpu_s / bare.median_cpu_s,
    compiled: !!(await import(join(ROOT, "cli", "compiled.mjs"))).compiledEntry(),
    load: [load_start, loadavg()[0]],
  };
}

/** The start-up rows of the bench table (markdown). */
export function startupTable(r: Awaited<ReturnType<typeof benchStartup>>): string[] {
  const f = (x: number) => x.toFixed(3);
  const row = (label: string, x: StartupFigure) =>
    `| ${label} | ${f(x.median_s)} (${f(x.min_s)}–${f(x.max_s)}) | ${f(x.median_cpu_s)} (${f(x.min_cpu_s)}–${f(x.max_cpu_s)}) |`;
  const ok = (v: number) => (v <= 2 ? " ✓" : " ✗");
  return [
    `| CLI start-up, ${r.version.runs} runs each (load ${r.load.map((x) => x.toFixed(1)).join("–")}${r.compiled ? "" : "; build/cli was stale: tsx ran"}) | wall s, median (min–max) | CPU s, median (min–max) |`,
    "|---|---:|---:|",
    row("`node -e \"import('@duckdb/node-api')\"`", r.bare_node_duckdb),
    row("`leadlens --version`", r.version),
    row("`leadlens --help`", r.help),
    row("`leadlens --version` from the sources (tsx)", r.version_tsx),
    row("`leadlens --help` from the sources (tsx)", r.help_tsx),
    `| --version / bare Node with DuckDB (≤ 2) | ${f(r.version_vs_bare_ratio)}${ok(r.version_vs_bare_ratio)} | ${f(r.version_vs_bare_ratio_cpu)}${ok(r.version_vs_bare_ratio_cpu)} |`,
  ];
}
