import { fitLogistic, type LogisticFit } from "../logistic/fit.ts";
import { linearPredictor, type Design } from "../logistic/design.ts";
import { softplus } from "../logistic/fit.ts";
import type { Patterns } from "./patterns.ts";

/** Result of choosing the penalty by cross-validation. */
export interface PenaltyChoice {
  C: number;
  /** Held-out log loss per candidate C (mean per lead). */
  table: Array<{ C: number; log_loss: number }>;
  /** Cross-fitted log-odds at the chosen C for every training row (NaN elsewhere). */
  cvEta: Float64Array;
}

/** Mean log loss of log-odds `eta` on the rows where `mask` is set (grouped rows: leads, conversions). */
export function groupedLogLoss(p: Patterns, eta: ArrayLike<number>, mask: (r: number) => boolean): number {
  let loss = 0;
  let n = 0;
  for (let r = 0; r < p.rows; r++) {
    if (!mask(r)) continue;
    // −[c·log σ(η) + (m−c)·log(1−σ(η))] = m·softplus(η) − c·η
    loss += p.leads[r] * softplus(eta[r]) - p.conversions[r] * eta[r];
    n += p.leads[r];
  }
  return loss / n;
}

/**
 * Chooses C (inverse L2 penalty) from `grid` by k-fold cross-validation inside the training rows:
 * each fold is predicted by a fit on the other folds, and the C with the lowest pooled held-out log
 * loss wins. Warm starts follow the grid from strong to weak penalty.
 */
export function choosePenalty(
  design: Design,
  p: Patterns,
  train: (r: number) => boolean,
  grid: number[],
  folds: number,
): PenaltyChoice {
  const cs = [...grid].sort((a, b) => a - b);
  const etas = cs.map(() => new Float64Array(p.rows).fill(NaN));
  for (let f = 0; f < folds; f++) {
    const weights = new Float64Array(p.rows);
    let any = false;
    for (let r = 0; r < p.rows; r++) if (train(r) && p.fold[r] !== f) weights[r] = 1;
    for (let r = 0; r < p.rows; r++) if (train(r) && p.fold[r] === f) any = true;
    if (!any) continue;
    let start: number[] | undefined;
    cs.forEach((C, i) => {
      const fit = fitLogistic(design, { y: p.conversions, trials: p.leads, weights, C, start, standardErrors: false });
      start = fit.coef;
      const eta = linearPredictor(design, fit.coef);
      for (let r = 0; r < p.rows; r++) if (train(r) && p.fold[r] === f) etas[i][r] = eta[r];
    });
  }
  const table = cs.map((C, i) => ({ C, log_loss: groupedLogLoss(p, etas[i], train) }));
  let best = 0;
  table.forEach((t, i) => {
    if (t.log_loss < table[best].log_loss - 1e-12) best = i;
  });
  return { C: cs[best], table, cvEta: etas[best] };
}

/** Fits on the training rows with penalty C. */
export function fitRows(design: Design, p: Patterns, train: (r: number) => boolean, C: number): LogisticFit {
  const weights = new Float64Array(p.rows);
  for (let r = 0; r < p.rows; r++) if (train(r)) weights[r] = 1;
  return fitLogistic(design, { y: p.conversions, trials: p.leads, weights, C });
}
