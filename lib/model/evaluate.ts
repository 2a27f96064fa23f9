import { delong, averagePrecision, brier, logLoss, ks, gainsTable } from "../metrics/index.ts";
import { ece as expectedCalibrationError, reliabilityTable } from "./calibrate.ts";
import type { ArtifactMetrics } from "./artifact.ts";

/** Held-out leads as weighted rows: each pattern becomes a converted row and a not-converted row. */
export interface Scored {
  y: Float64Array;
  p: Float64Array;
  /** Uncalibrated model probability. */
  raw: Float64Array;
  w: Float64Array;
}

/** Splits grouped rows (leads, conversions, probability) into weighted 0/1 rows for the metrics. */
export function weightedRows(leads: number[], conversions: number[], p: number[], raw: number[]): Scored {
  const n = leads.length;
  const out: Scored = { y: new Float64Array(2 * n), p: new Float64Array(2 * n), raw: new Float64Array(2 * n), w: new Float64Array(2 * n) };
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (const [y, w] of [[1, conversions[i]], [0, leads[i] - conversions[i]]]) {
      if (w <= 0) continue;
      out.y[k] = y;
      out.p[k] = p[i];
      out.raw[k] = raw[i];
      out.w[k] = w;
      k++;
    }
  }
  return { y: out.y.slice(0, k), p: out.p.slice(0, k), raw: out.raw.slice(0, k), w: out.w.slice(0, k) };
}

/** Expands weighted rows into one entry per lead (for metrics without weights: KS, gains). */
function expand(s: Scored): { y: Float64Array; p: Float64Array } {
  const n = s.w.reduce((a, b) => a + b, 0);
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < s.w.length; i++) {
    for (let j = 0; j < s.w[i]; j++, k++) {
      y[k] = s.y[i];
      p[k] = s.p[i];
    }
  }
  return { y, p };
}

/** Every held-out metric of the artifact (lib/metrics and lib/calibration; weighted = expanded). */
export function heldOutMetrics(s: Scored, validation: ArtifactMetrics["validation"], nTrain: number): ArtifactMetrics {
  const d = delong(s.y, s.p, { weights: s.w });
  const e = expand(s);
  const nTest = e.y.length;
  const k = ks(e.y, e.p, { exact: false });
  return {
    validation,
    n_train: nTrain,
    n_test: nTest,
    conversions_test: e.y.reduce((a, b) => a + b, 0),
    auc: d.auc,
    auc_ci: [d.low, d.high],
    average_precision: averagePrecision(s.y, s.p, s.w),
    brier: brier(s.y, s.p, s.w),
    log_loss: logLoss(s.y, s.p, s.w),
    ks: k.statistic,
    ece: expectedCalibrationError(s.y, s.p, s.w),
    ece_before: expectedCalibrationError(s.y, s.raw, s.w),
    reliability: reliabilityTable(s.y, s.p, s.w),
    gains: nTest >= 10 ? (gainsTable(e.y, e.p, { groups: 10, ties: "fractional" }) as unknown as Array<Record<string, number>>) : [],
  };
}
