import {
  fitPlatt,
  applyPlatt,
  fitIsotonic,
  applyIsotonic,
  reliabilityTable as reliability,
} from "../calibration/index.ts";
import { expit } from "../logistic/fit.ts";
import type { ArtifactCalibration, ArtifactMetrics } from "./artifact.ts";
import type { Patterns } from "./patterns.ts";

/** The scoring.yml `calibration` setting. */
export type CalibrationSetting = "auto" | "platt" | "isotonic" | "none";

/** The chosen calibration with the evidence for the choice. */
export interface CalibrationChoice {
  calibration: ArtifactCalibration;
  /** `cross-validated log loss` (auto) or `configured`. */
  chosenBy: string;
  /** Held-out log loss (mean per lead) of each candidate on the cross-fitted predictions. */
  cvLogLoss: Record<string, number>;
}

/**
 * Maps a log-odds η to a calibrated probability: Platt works on η (P = 1/(1+e^(aη+b))), isotonic on
 * the model probability σ(η) (monotone, so either input gives the same ranking).
 *
 * @example
 * applyCalibration({ method: "platt", a: -1, b: 0 }, 0) // → 0.5
 */
export function applyCalibration(c: ArtifactCalibration, eta: number): number {
  if (c.method === "platt") return applyPlatt({ a: c.a, b: c.b }, eta);
  if (c.method === "isotonic") {
    return applyIsotonic({ xThresholds: c.x, yThresholds: c.y, xMin: c.x[0], xMax: c.x[c.x.length - 1] }, expit(eta));
  }
  return expit(eta);
}

/** Fits one calibration method on weighted rows of log-odds and outcomes. */
export function fitCalibration(
  method: "platt" | "isotonic" | "none",
  eta: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
): ArtifactCalibration {
  if (method === "none") return { method };
  if (method === "platt") {
    const m = fitPlatt(eta, y, w);
    return { method, a: m.a, b: m.b };
  }
  const m = fitIsotonic(Array.from(eta, expit), y, w);
  return { method, x: m.xThresholds, y: m.yThresholds };
}

/** Cross-fitted training rows as weighted 0/1 rows (typed arrays of their exact size). */
interface Rows {
  eta: Float64Array;
  y: Float64Array;
  w: Float64Array;
  fold: Int32Array;
}

/**
 * Each training pattern with a cross-fitted log-odds becomes a converted row and a not-converted row
 * (a row of weight ≤ 0 is left out). Counted first so nothing grows: this runs on millions of
 * patterns when patterns barely repeat.
 */
function rowsOf(p: Patterns, cvEta: Float64Array, train: (r: number) => boolean): Rows {
  const kept = (w: number) => !(w <= 0);
  const use = (r: number) => train(r) && !Number.isNaN(cvEta[r]);
  let size = 0;
  for (let r = 0; r < p.rows; r++)
    if (use(r)) size += (kept(p.conversions[r]) ? 1 : 0) + (kept(p.leads[r] - p.conversions[r]) ? 1 : 0);
  const out: Rows = {
    eta: new Float64Array(size),
    y: new Float64Array(size),
    w: new Float64Array(size),
    fold: new Int32Array(size),
  };
  let k = 0;
  for (let r = 0; r < p.rows; r++) {
    if (!use(r)) continue;
    for (const [y, w] of [
      [1, p.conversions[r]],
      [0, p.leads[r] - p.conversions[r]],
    ]) {
      if (!kept(w)) continue;
      out.eta[k] = cvEta[r];
      out.y[k] = y;
      out.w[k] = w;
      out.fold[k] = p.fold[r];
      k++;
    }
  }
  return out;
}

/** The entries of `xs` whose fold is (`inside`) or is not (`!inside`) `f`, in order. */
function pick(xs: Float64Array, fold: Int32Array, f: number, inside: boolean, count: number): Float64Array {
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < xs.length; i++) if ((fold[i] === f) === inside) out[k++] = xs[i];
  return out;
}

/**
 * Chooses the calibration on cross-fitted log-odds of the training rows: each candidate is fitted on
 * k−1 folds and scored (log loss) on the remaining fold, pooled; `auto` keeps the better of Platt
 * and isotonic, then refits it on every training row.
 */
export function chooseCalibration(
  setting: CalibrationSetting,
  p: Patterns,
  cvEta: Float64Array,
  train: (r: number) => boolean,
  folds: number,
): CalibrationChoice {
  const rows = rowsOf(p, cvEta, train);
  const candidates: Array<"platt" | "isotonic" | "none"> = ["platt", "isotonic", "none"];
  const cvLogLoss: Record<string, number> = {};
  for (const m of candidates) {
    let loss = 0;
    let n = 0;
    for (let f = 0; f < folds; f++) {
      let inside = 0;
      for (let i = 0; i < rows.fold.length; i++) if (rows.fold[i] === f) inside++;
      const outside = rows.fold.length - inside;
      if (inside === 0 || outside === 0) continue;
      const cal = fitCalibration(
        m,
        pick(rows.eta, rows.fold, f, false, outside),
        pick(rows.y, rows.fold, f, false, outside),
        pick(rows.w, rows.fold, f, false, outside),
      );
      for (let i = 0; i < rows.eta.length; i++) {
        if (rows.fold[i] !== f) continue;
        const q = Math.min(1 - 1e-15, Math.max(1e-15, applyCalibration(cal, rows.eta[i])));
        loss += -rows.w[i] * (rows.y[i] ? Math.log(q) : Math.log(1 - q));
        n += rows.w[i];
      }
    }
    cvLogLoss[m] = loss / n;
  }
  const method = setting === "auto" ? (cvLogLoss.platt <= cvLogLoss.isotonic ? "platt" : "isotonic") : setting;
  return {
    calibration: fitCalibration(method, rows.eta, rows.y, rows.w),
    chosenBy: setting === "auto" ? "cross-validated log loss" : "configured",
    cvLogLoss,
  };
}

/**
 * ECE with 10 equal-width right-closed bins on weighted rows: Σ_k (n_k/N)·|observed_k − predicted_k|
 * read off lib/calibration's weighted reliability table (its `ece` takes no weights; same bins as
 * its "right" convention, so weighted rows = expanded leads).
 */
export function ece(y: ArrayLike<number>, p: ArrayLike<number>, w: ArrayLike<number>): number {
  const rows = reliability(y, p, { bins: 10, weights: w });
  const total = rows.reduce((s, r) => s + r.n, 0);
  return rows.reduce((s, r) => s + (r.n > 0 ? (r.n / total) * Math.abs(r.observed_rate - r.mean_predicted) : 0), 0);
}

/** Reliability table, 10 equal-width bins (lib/calibration), as the artifact stores it. */
export function reliabilityTable(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  w: ArrayLike<number>,
): ArtifactMetrics["reliability"] {
  return reliability(y, p, { bins: 10, weights: w }).map((r) => ({
    bin: r.bin,
    leads: r.n,
    mean_predicted: r.mean_predicted,
    observed: r.observed_rate,
    ci_low: r.ci_low,
    ci_high: r.ci_high,
  }));
}
