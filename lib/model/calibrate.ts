import { fitPlatt, applyPlatt, fitIsotonic, applyIsotonic, reliabilityTable as reliability } from "../calibration/index.ts";
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
export function fitCalibration(method: "platt" | "isotonic" | "none", eta: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>): ArtifactCalibration {
  if (method === "none") return { method };
  if (method === "platt") {
    const m = fitPlatt(eta, y, w);
    return { method, a: m.a, b: m.b };
  }
  const m = fitIsotonic(Array.from(eta, expit), y, w);
  return { method, x: m.xThresholds, y: m.yThresholds };
}

interface Rows {
  eta: number[];
  y: number[];
  w: number[];
  fold: number[];
}

function rowsOf(p: Patterns, cvEta: Float64Array, train: (r: number) => boolean): Rows {
  const out: Rows = { eta: [], y: [], w: [], fold: [] };
  for (let r = 0; r < p.rows; r++) {
    if (!train(r) || Number.isNaN(cvEta[r])) continue;
    for (const [y, w] of [[1, p.conversions[r]], [0, p.leads[r] - p.conversions[r]]]) {
      if (w <= 0) continue;
      out.eta.push(cvEta[r]);
      out.y.push(y);
      out.w.push(w);
      out.fold.push(p.fold[r]);
    }
  }
  return out;
}

function pick<T>(xs: T[], keep: boolean[]): T[] {
  return xs.filter((_, i) => keep[i]);
}

/**
 * Chooses the calibration on cross-fitted log-odds of the training rows: each candidate is fitted on
 * k−1 folds and scored (log loss) on the remaining fold, pooled; `auto` keeps the better of Platt
 * and isotonic, then refits it on every training row.
 */
export function chooseCalibration(setting: CalibrationSetting, p: Patterns, cvEta: Float64Array, train: (r: number) => boolean, folds: number): CalibrationChoice {
  const rows = rowsOf(p, cvEta, train);
  const candidates: Array<"platt" | "isotonic" | "none"> = ["platt", "isotonic", "none"];
  const cvLogLoss: Record<string, number> = {};
  for (const m of candidates) {
    let loss = 0;
    let n = 0;
    for (let f = 0; f < folds; f++) {
      const inFold = rows.fold.map((x) => x === f);
      const outFold = inFold.map((b) => !b);
      if (!inFold.some(Boolean) || !outFold.some(Boolean)) continue;
      const cal = fitCalibration(m, pick(rows.eta, outFold), pick(rows.y, outFold), pick(rows.w, outFold));
      rows.eta.forEach((e, i) => {
        if (!inFold[i]) return;
        const q = Math.min(1 - 1e-15, Math.max(1e-15, applyCalibration(cal, e)));
        loss += -rows.w[i] * (rows.y[i] ? Math.log(q) : Math.log(1 - q));
        n += rows.w[i];
      });
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
export function reliabilityTable(y: ArrayLike<number>, p: ArrayLike<number>, w: ArrayLike<number>): ArtifactMetrics["reliability"] {
  return reliability(y, p, { bins: 10, weights: w }).map((r) => ({
    bin: r.bin, leads: r.n, mean_predicted: r.mean_predicted, observed: r.observed_rate, ci_low: r.ci_low, ci_high: r.ci_high,
  }));
}
