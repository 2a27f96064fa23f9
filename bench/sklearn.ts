import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, timeCommand } from "./child.ts";

/** Debian's Python (python3-sklearn installs there, not into other Pythons on PATH). */
export const PYTHON = "/usr/bin/python3";

/** One scikit-learn fit as bench/sklearn_fit.py reports it. */
export interface SklearnFit {
  solver: string;
  fit_s: number;
  objective: number;
  grad_inf_norm: number;
  cpu_s: number;
  n_iter: number;
  tol: number;
  coef: number[];
}

export interface SklearnResult {
  sklearn_version: string;
  columns: number;
  /** LogisticRegression(lbfgs) at its default tol (1e-4): the time to beat. */
  default: SklearnFit;
  /** The same at a tight tol: the coefficients to compare. */
  tight?: SklearnFit;
  /** newton-cg at the tight tol: sklearn's precise solution of the same objective. */
  newton_cg?: SklearnFit;
  /** The objective and gradient of leadlens' coefficients, evaluated by the same Python code. */
  ours?: { objective: number; grad_inf_norm: number };
  max_rss_bytes: number;
}

let available: boolean | undefined;

/** True when /usr/bin/python3 can import sklearn (apt-get install python3-sklearn). */
export function sklearnAvailable(): boolean {
  available ??= spawnSync(PYTHON, ["-c", "import sklearn, scipy, numpy"], { stdio: "ignore" }).status === 0;
  return available;
}

/** Runs bench/sklearn_fit.py on a dumped design folder (with leadlens' coefficients beside it, when given). */
export async function runSklearn(dir: string, ours?: number[]): Promise<SklearnResult> {
  if (ours) writeFileSync(join(dir, "ours.json"), JSON.stringify(ours));
  const r = await timeCommand(PYTHON, [join(ROOT, "bench", "sklearn_fit.py"), dir]);
  const line = r.output.split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`sklearn_fit.py printed no result:\n${r.output.slice(-2000)}`);
  return { ...JSON.parse(line), max_rss_bytes: r.max_rss_bytes ?? 0 };
}
