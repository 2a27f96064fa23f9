import { type Design, width, rowEntries, maxRowEntries } from "./design.ts";
import { cholesky, choleskySolve, choleskyInverse } from "./cholesky.ts";
import { twoSidedNormalP } from "./normal.ts";
import { type Counts, type Pass, pass, information, expit, softplus, isSortedOneHot } from "./pass.ts";

export { expit, softplus };

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
  /**
   * Largest number of rows the information matrix XᵀWX is built from while iterating. A design with
   * more rows steers its Newton steps by XᵀWX from an even sample of about this many rows (every k-th
   * row, scaled by k); the gradient and the objective always use every row, so the fit stops at the
   * same minimiser, and the standard errors use the full XᵀWX at the solution. If the sampled steps
   * stop contracting, the fit switches to the full matrix. Default 200,000; `Infinity` never samples.
   */
  infoRows?: number;
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

/** Default of {@link FitOptions.infoRows}: XᵀWX from about this many rows while iterating. */
const INFO_ROWS = 200_000;
/** Once a Newton step is below this (in coefficient units), XᵀWX is kept for the remaining steps. */
const FREEZE_BELOW = 1e-2;

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

/** Penalised objective ½λ‖b‖² − loglik; subtracts λb from the gradient in place (intercept unpenalised). */
function penalise(pa: Pass, coef: Float64Array, lambda: number): number {
  let pen = 0;
  for (let j = 1; j < coef.length; j++) {
    pen += coef[j] * coef[j];
    pa.grad[j] -= lambda * coef[j];
  }
  return 0.5 * lambda * pen - pa.loglik;
}

/** The penalised information XᵀWX + λI (intercept unpenalised), factorised; null when singular. */
function factor(info: Float64Array, lambda: number, p: number): Float64Array | null {
  const h = Float64Array.from(info);
  for (let j = 1; j < p; j++) h[j * p + j] += lambda;
  return cholesky(h, p);
}

function singular(): Error {
  return new Error(
    "fitLogistic: the information matrix is singular (a column never varies or duplicates another, or the data separate perfectly); use a penalty (lambda > 0).",
  );
}

/**
 * L2-penalised logistic regression by Newton's method (= IRLS for the logit link) on Bernoulli rows,
 * frequency-weighted rows or grouped binomial rows, with the intercept unpenalised.
 * Each iteration builds XᵀWX from the sparse rows (cost O(Σ nnz_row²), from a row sample on tall
 * designs: see `infoRows`) and solves by Cholesky; a step that does not lower the objective is halved.
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
  const oneHot = isSortedOneHot(design);
  const c = counts(design, options);
  let nObs = 0;
  let nSuccess = 0;
  for (let i = 0; i < design.rows; i++) {
    nObs += c.m[i];
    nSuccess += c.s[i];
  }
  let stride = Math.max(1, Math.ceil(design.rows / (options.infoRows ?? INFO_ROWS)));
  const coef0 = new Float64Array(p);
  // Starting from the base rate saves the first Newton steps their longest stretch.
  if (nSuccess > 0 && nSuccess < nObs) coef0[0] = Math.log(nSuccess / (nObs - nSuccess));
  let coef: Float64Array = options.start ? Float64Array.from(options.start) : coef0;
  let cur = pass(design, c, coef, oneHot);
  let obj = penalise(cur, coef, lambda);
  let converged = false;
  let iterations = 0;
  let lastStep = Infinity;
  let l: Float64Array | null = null;
  let refresh = true;
  while (iterations < maxIter && !converged) {
    iterations++;
    if (refresh || !l) {
      l = factor(information(design, c, coef, stride, oneHot), lambda, p);
      // A sample that misses a level leaves XᵀWX singular without a penalty: use every row.
      if (!l && stride > 1) {
        stride = 1;
        l = factor(information(design, c, coef, stride, oneHot), lambda, p);
      }
      if (!l) throw singular();
    }
    const step = choleskySolve(l, p, cur.grad);
    let t = 1;
    let next: Float64Array = coef;
    let nextPass: Pass;
    let nextObj: number;
    for (;;) {
      next = coef.map((b, j) => b + t * step[j]);
      nextPass = pass(design, c, next, oneHot);
      nextObj = penalise(nextPass, next, lambda);
      // Accept tiny increases: near the optimum the objective change is round-off.
      if (nextObj <= obj + 1e-12 * Math.max(1, Math.abs(obj)) || t < 1e-10) break;
      t /= 2;
    }
    converged = step.every((s, j) => Math.abs(t * s) <= tol * (1 + Math.abs(next[j])));
    const size = step.reduce((most, s) => Math.max(most, Math.abs(t * s)), 0);
    coef = next;
    cur = nextPass;
    obj = nextObj;
    // Near the minimiser XᵀWX barely moves: keep its factor and pay only for gradient passes.
    refresh = size >= FREEZE_BELOW;
    // Steps that stop contracting (a poor sample, a stale matrix): a fresh, full XᵀWX from here on.
    if (!converged && iterations > 3 && size > 0.5 * lastStep) {
      stride = 1;
      refresh = true;
    }
    lastStep = size;
  }
  const withSe = options.standardErrors !== false;
  const info = withSe ? information(design, c, coef, 1, oneHot) : undefined;
  return summarise(design, c, coef, cur, info, obj, lambda, { nObs, nSuccess, iterations, converged });
}

function summarise(
  design: Design,
  c: Counts,
  coef: Float64Array,
  at: Pass,
  info: Float64Array | undefined,
  objective: number,
  lambda: number,
  extra: { nObs: number; nSuccess: number; iterations: number; converged: boolean },
): LogisticFit {
  const p = width(design);
  let cov: number[][] = [];
  let se: number[] = new Array(p).fill(NaN);
  if (info) {
    const l = factor(info, lambda, p);
    if (!l) throw singular();
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
