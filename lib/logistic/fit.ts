import { type Design, width, rowEntries, maxRowEntries } from "./design.ts";
import { cholesky, choleskySolve, choleskyInverse } from "./cholesky.ts";
import { twoSidedNormalP } from "./normal.ts";

/** Options for {@link fitLogistic}. */
export interface FitOptions {
  /**
   * Outcome per row: 0/1 for lead rows, or the number of conversions for grouped rows (with `trials`).
   */
  y: ArrayLike<number>;
  /** Trials per row for grouped binomial rows (leads per pattern). Default 1 (Bernoulli rows). */
  trials?: ArrayLike<number>;
  /**
   * Frequency weights: row i counts as `weights[i]` identical rows (successes and trials both scaled).
   * A weight of 0 drops the row (how cross-validation folds are fitted without copying the design).
   */
  weights?: ArrayLike<number>;
  /**
   * L2 penalty λ in `½·λ·‖b‖² − loglik` (intercept not penalised, loss summed, columns not standardised).
   * Same minimiser as scikit-learn's `½‖b‖² + C·Σloss` with λ = 1/C. Default 0 (maximum likelihood).
   */
  lambda?: number;
  /** scikit-learn's C (inverse penalty); when given, λ = 1/C. */
  C?: number;
  /** Starting coefficients (warm start). Default all zeros. */
  start?: ArrayLike<number>;
  /** Newton iterations at most. Default 100. */
  maxIter?: number;
  /** Stop when every Newton step is below tol·(1 + |b_j|). Default 1e-10. */
  tol?: number;
  /** Compute standard errors and the covariance (a p×p inverse). Default true; cross-validation turns it off. */
  standardErrors?: boolean;
}

/** A fitted logistic regression: coefficients with standard errors and the fit's diagnostics. */
export interface LogisticFit {
  /** Coefficient names, intercept first (from the design). */
  names: string[];
  coef: number[];
  /** Standard errors: sqrt diag of the inverse (penalised) information matrix XᵀWX + λI. */
  se: number[];
  /** Wald statistics coef/se. */
  z: number[];
  /** Two-sided normal p-values of z. */
  pValue: number[];
  /** Covariance matrix (inverse penalised information), p×p; empty with `standardErrors: false` (se then NaN). */
  cov: number[][];
  /** Log-likelihood Σ [s·η − m·log(1+e^η)] (Bernoulli kernel; no binomial coefficients). */
  loglik: number;
  /** Log-likelihood of the intercept-only model. */
  loglikNull: number;
  /** Deviance against the saturated model (per-row binomial). */
  deviance: number;
  /** Penalised objective ½λ‖b‖² − loglik that was minimised. */
  objective: number;
  /** Infinity norm of the penalised gradient at the solution. */
  gradInfNorm: number;
  /** The penalty used. */
  lambda: number;
  /** Σ trials·weights: the number of observations (leads) the fit saw. */
  nObs: number;
  /** Σ successes·weights. */
  nSuccess: number;
  iterations: number;
  converged: boolean;
}

/** log(1 + e^η) without overflow. */
export function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** The logistic function 1/(1+e^−η). */
export function expit(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

interface Counts {
  s: Float64Array;
  m: Float64Array;
}

function counts(design: Design, o: FitOptions): Counts {
  const n = design.rows;
  if (o.y.length !== n) throw new Error(`fitLogistic: y has ${o.y.length} rows, the design ${n}`);
  const s = new Float64Array(n);
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = o.weights ? o.weights[i] : 1;
    s[i] = w * o.y[i];
    m[i] = w * (o.trials ? o.trials[i] : 1);
  }
  return { s, m };
}

interface Pass {
  loglik: number;
  grad: Float64Array;
  info?: Float64Array;
}

/** One pass over the rows: log-likelihood, its gradient and (optionally) the information XᵀWX. */
function pass(design: Design, c: Counts, coef: Float64Array, withInfo: boolean): Pass {
  const p = width(design);
  const grad = new Float64Array(p);
  const info = withInfo ? new Float64Array(p * p) : undefined;
  const idx = new Int32Array(maxRowEntries(design));
  const val = new Float64Array(idx.length);
  let loglik = 0;
  for (let i = 0; i < design.rows; i++) {
    const m = c.m[i];
    if (m === 0) continue;
    const k = rowEntries(design, i, idx, val);
    let eta = 0;
    for (let e = 0; e < k; e++) eta += coef[idx[e]] * val[e];
    const mu = expit(eta);
    loglik += c.s[i] * eta - m * softplus(eta);
    const r = c.s[i] - m * mu;
    for (let e = 0; e < k; e++) grad[idx[e]] += r * val[e];
    if (info) {
      const w = m * mu * (1 - mu);
      // Only the upper triangle: cost per row is nnz², tiny for one-hot rows.
      for (let a = 0; a < k; a++) {
        const wa = w * val[a];
        const ia = idx[a];
        for (let b = a; b < k; b++) {
          const ib = idx[b];
          if (ia <= ib) info[ia * p + ib] += wa * val[b];
          else info[ib * p + ia] += wa * val[b];
        }
      }
    }
  }
  if (info) for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) info[b * p + a] = info[a * p + b];
  return { loglik, grad, info };
}

function penalise(pa: Pass, coef: Float64Array, lambda: number, p: number): number {
  let pen = 0;
  for (let j = 1; j < p; j++) {
    pen += coef[j] * coef[j];
    pa.grad[j] -= lambda * coef[j];
    if (pa.info) pa.info[j * p + j] += lambda;
  }
  return 0.5 * lambda * pen - pa.loglik;
}

function singular(design: Design): Error {
  return new Error(
    "fitLogistic: the information matrix is singular (a column never varies or duplicates another, or the data separate perfectly); use a penalty (lambda > 0).",
  );
}

/**
 * L2-penalised logistic regression by Newton's method (= IRLS for the logit link) on Bernoulli rows,
 * frequency-weighted rows or grouped binomial rows, with the intercept unpenalised.
 * Each iteration builds XᵀWX from the sparse rows (cost O(Σ nnz_row²)) and solves by Cholesky;
 * a step that does not lower the objective is halved.
 *
 * @example
 * const d = oneHotDesign({ a: [0, 0, 1, 1] }, { a: ["A0", "A1"] });
 * const f = fitLogistic(d, { y: [0, 1, 1, 1], lambda: 1 });
 * f.coef; // → [0.06…, 0.95…] (intercept, a[A1]); f.converged → true
 */
export function fitLogistic(design: Design, options: FitOptions): LogisticFit {
  const p = width(design);
  const lambda = options.C !== undefined ? 1 / options.C : (options.lambda ?? 0);
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-10;
  const c = counts(design, options);
  let nObs = 0;
  let nSuccess = 0;
  for (let i = 0; i < design.rows; i++) {
    nObs += c.m[i];
    nSuccess += c.s[i];
  }
  let coef: Float64Array = options.start ? Float64Array.from(options.start) : new Float64Array(p);
  let cur = pass(design, c, coef, true);
  let obj = penalise(cur, coef, lambda, p);
  let converged = false;
  let iterations = 0;
  while (iterations < maxIter && !converged) {
    iterations++;
    const l = cholesky(cur.info!, p);
    if (!l) throw singular(design);
    const step = choleskySolve(l, p, cur.grad);
    let t = 1;
    let next: Float64Array = coef;
    let nextPass: Pass;
    let nextObj: number;
    for (;;) {
      next = coef.map((b, j) => b + t * step[j]);
      nextPass = pass(design, c, next, true);
      nextObj = penalise(nextPass, next, lambda, p);
      // Accept tiny increases: near the optimum the objective change is round-off.
      if (nextObj <= obj + 1e-12 * Math.max(1, Math.abs(obj)) || t < 1e-10) break;
      t /= 2;
    }
    converged = step.every((s, j) => Math.abs(t * s) <= tol * (1 + Math.abs(next[j])));
    coef = next;
    cur = nextPass;
    obj = nextObj;
  }
  return summarise(design, c, coef, cur, obj, lambda, { nObs, nSuccess, iterations, converged }, options.standardErrors !== false);
}

function summarise(
  design: Design,
  c: Counts,
  coef: Float64Array,
  at: Pass,
  objective: number,
  lambda: number,
  extra: { nObs: number; nSuccess: number; iterations: number; converged: boolean },
  withSe = true,
): LogisticFit {
  const p = width(design);
  let cov: number[][] = [];
  let se: number[] = new Array(p).fill(NaN);
  if (withSe) {
    const l = cholesky(at.info!, p);
    if (!l) throw singular(design);
    const inv = choleskyInverse(l, p);
    cov = Array.from({ length: p }, (_, i) => Array.from(inv.subarray(i * p, (i + 1) * p)));
    se = cov.map((row, j) => Math.sqrt(row[j]));
  }
  const coefs = Array.from(coef);
  const z = coefs.map((b, j) => b / se[j]);
  const rate = extra.nSuccess / extra.nObs;
  let loglikNull = 0;
  let deviance = 0;
  for (let i = 0; i < design.rows; i++) {
    const s = c.s[i];
    const f = c.m[i] - s;
    if (s > 0) loglikNull += s * Math.log(rate);
    if (f > 0) loglikNull += f * Math.log(1 - rate);
  }
  const eta = new Float64Array(design.rows);
  const idx = new Int32Array(maxRowEntries(design));
  const val = new Float64Array(idx.length);
  for (let i = 0; i < design.rows; i++) {
    if (c.m[i] === 0) continue;
    const k = rowEntries(design, i, idx, val);
    for (let e = 0; e < k; e++) eta[i] += coef[idx[e]] * val[e];
    const mu = expit(eta[i]);
    const s = c.s[i];
    const f = c.m[i] - s;
    if (s > 0) deviance += 2 * s * Math.log(s / (c.m[i] * mu));
    if (f > 0) deviance += 2 * f * Math.log(f / (c.m[i] * (1 - mu)));
  }
  return {
    names: design.names,
    coef: coefs,
    se,
    z,
    pValue: z.map(twoSidedNormalP),
    cov,
    loglik: at.loglik,
    loglikNull,
    deviance,
    objective,
    gradInfNorm: at.grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0),
    lambda,
    ...extra,
  };
}
