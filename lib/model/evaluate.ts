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

/**
 * Splits grouped rows (leads, conversions, probability) into weighted 0/1 rows for the metrics.
 * Counts the output rows first, so each array is allocated once at its final size (this runs on
 * millions of held-out patterns when patterns barely repeat).
 */
export function weightedRows(
  leads: ArrayLike<number>,
  conversions: ArrayLike<number>,
  p: ArrayLike<number>,
  raw: ArrayLike<number>,
): Scored {
  const n = leads.length;
  let size = 0;
  // A row is kept unless its weight is ≤ 0 (written negated, as before: NaN would be kept).
  const kept = (w: number) => !(w <= 0);
  for (let i = 0; i < n; i++) size += (kept(conversions[i]) ? 1 : 0) + (kept(leads[i] - conversions[i]) ? 1 : 0);
  const out: Scored = {
    y: new Float64Array(size),
    p: new Float64Array(size),
    raw: new Float64Array(size),
    w: new Float64Array(size),
  };
  let k = 0;
  const put = (y: number, w: number, i: number) => {
    out.y[k] = y;
    out.p[k] = p[i];
    out.raw[k] = raw[i];
    out.w[k] = w;
    k++;
  };
  for (let i = 0; i < n; i++) {
    // Converted row first, then the not-converted one, as the metrics have always seen them.
    if (kept(conversions[i])) put(1, conversions[i], i);
    if (kept(leads[i] - conversions[i])) put(0, leads[i] - conversions[i], i);
  }
  return out;
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
    gains:
      nTest >= 10
        ? (gainsTable(e.y, e.p, { groups: 10, ties: "fractional" }) as unknown as Array<Record<string, number>>)
        : [],
  };
}
