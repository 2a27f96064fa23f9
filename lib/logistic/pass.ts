import { type Design, width, rowEntries, maxRowEntries } from "./design.ts";

/** Successes `s` and trials `m` per row, frequency weights already applied. */
export interface Counts {
  s: Float64Array;
  m: Float64Array;
}

/** What one pass over the rows returns (unpenalised). */
export interface Pass {
  /** Σ [s·η − m·log(1+e^η)] over every row. */
  loglik: number;
  /** Gradient of the log-likelihood over every row. */
  grad: Float64Array;
}

/** log(1 + e^η) without overflow. */
export function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** The logistic function 1/(1+e^−η). */
export function expit(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/**
 * True when every row is pure one-hot (no stored values, no dense columns) with ascending column
 * indices, which lets the passes skip the per-entry multiplications and the triangle test.
 */
export function isSortedOneHot(design: Design): boolean {
  const sp = design.sparse;
  if (!sp || sp.values || design.denseCols) return false;
  for (let i = 0; i < design.rows; i++) {
    for (let e = sp.rowPtr[i] + 1; e < sp.rowPtr[i + 1]; e++) if (sp.colIdx[e] <= sp.colIdx[e - 1]) return false;
  }
  return true;
}

/** One pass over every row: the log-likelihood and its gradient at `coef`. */
export function pass(design: Design, c: Counts, coef: Float64Array, oneHot: boolean): Pass {
  return oneHot ? oneHotGradient(design, c, coef) : genericGradient(design, c, coef);
}

/**
 * XᵀWX at `coef` (unpenalised, full symmetric), from every `stride`-th row scaled by `stride`
 * (1 = every row, exact). A sampled matrix only steers Newton's steps; the gradient decides where they stop.
 */
export function information(
  design: Design,
  c: Counts,
  coef: Float64Array,
  stride: number,
  oneHot: boolean,
): Float64Array {
  return oneHot ? oneHotInfo(design, c, coef, stride) : genericInfo(design, c, coef, stride);
}

function oneHotGradient(design: Design, c: Counts, coef: Float64Array): Pass {
  const grad = new Float64Array(width(design));
  // Views past the intercept: column j of the CSR part is coefficient j + 1.
  const b = coef.subarray(1);
  const g = grad.subarray(1);
  const { rowPtr, colIdx } = design.sparse!;
  const { s, m } = c;
  const b0 = coef[0];
  let loglik = 0;
  let g0 = 0;
  for (let i = 0; i < design.rows; i++) {
    const mi = m[i];
    if (mi === 0) continue;
    const start = rowPtr[i];
    const end = rowPtr[i + 1];
    let eta = b0;
    for (let e = start; e < end; e++) eta += b[colIdx[e]];
    // One exponential serves both log(1+e^η) and the logistic function.
    const x = Math.exp(-Math.abs(eta));
    const mu = eta >= 0 ? 1 / (1 + x) : x / (1 + x);
    // biome-ignore lint/complexity/useMathMinMax: the innermost loop of every fit; a branch, not a call
    loglik += s[i] * eta - mi * ((eta > 0 ? eta : 0) + Math.log1p(x));
    const r = s[i] - mi * mu;
    g0 += r;
    for (let e = start; e < end; e++) g[colIdx[e]] += r;
  }
  grad[0] = g0;
  return { loglik, grad };
}

function oneHotInfo(design: Design, c: Counts, coef: Float64Array, stride: number): Float64Array {
  const p = width(design);
  const info = new Float64Array(p * p);
  const { rowPtr, colIdx } = design.sparse!;
  for (let i = 0; i < design.rows; i += stride) {
    const m = c.m[i];
    if (m === 0) continue;
    const start = rowPtr[i];
    const end = rowPtr[i + 1];
    let eta = coef[0];
    for (let e = start; e < end; e++) eta += coef[1 + colIdx[e]];
    const mu = expit(eta);
    const w = stride * m * mu * (1 - mu);
    info[0] += w;
    // Upper triangle only (indices ascend within a row): nnz²/2 additions per row.
    for (let a = start; a < end; a++) {
      const ia = 1 + colIdx[a];
      const base = ia * p;
      info[ia] += w;
      info[base + ia] += w;
      for (let b = a + 1; b < end; b++) info[base + 1 + colIdx[b]] += w;
    }
  }
  mirror(info, p);
  return info;
}

function genericGradient(design: Design, c: Counts, coef: Float64Array): Pass {
  const grad = new Float64Array(width(design));
  const idx = new Int32Array(maxRowEntries(design));
  const val = new Float64Array(idx.length);
  let loglik = 0;
  for (let i = 0; i < design.rows; i++) {
    const m = c.m[i];
    if (m === 0) continue;
    const k = rowEntries(design, i, idx, val);
    let eta = 0;
    for (let e = 0; e < k; e++) eta += coef[idx[e]] * val[e];
    loglik += c.s[i] * eta - m * softplus(eta);
    const r = c.s[i] - m * expit(eta);
    for (let e = 0; e < k; e++) grad[idx[e]] += r * val[e];
  }
  return { loglik, grad };
}

function genericInfo(design: Design, c: Counts, coef: Float64Array, stride: number): Float64Array {
  const p = width(design);
  const info = new Float64Array(p * p);
  const idx = new Int32Array(maxRowEntries(design));
  const val = new Float64Array(idx.length);
  for (let i = 0; i < design.rows; i += stride) {
    const m = c.m[i];
    if (m === 0) continue;
    const k = rowEntries(design, i, idx, val);
    let eta = 0;
    for (let e = 0; e < k; e++) eta += coef[idx[e]] * val[e];
    const mu = expit(eta);
    const w = stride * m * mu * (1 - mu);
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
  mirror(info, p);
  return info;
}

/** Copies the upper triangle onto the lower one. */
function mirror(info: Float64Array, p: number): void {
  for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) info[b * p + a] = info[a * p + b];
}
