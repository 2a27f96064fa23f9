import { normalCritical } from "../stats/normalCritical.ts";
import { normalCdf } from "../stats/normalCdf.ts";

/** Two AUCs on the same leads, their DeLong intervals and the paired test of their difference. */
export interface PairedDelong {
  a: { auc: number; se: number; low: number; high: number };
  b: { auc: number; se: number; low: number; high: number };
  /** auc(b) − auc(a). */
  difference: number;
  se: number;
  low: number;
  high: number;
  /** Two-sided p-value of H0: equal AUCs. */
  p_value: number;
  positives: number;
  negatives: number;
}

/**
 * Placements of each row (DeLong 1988; Sun & Xu 2014): a converted row's V10 = weighted share of
 * non-converted rows scored below it (ties ½); a non-converted row's V01 = share of converted rows
 * scored above it.
 */
function placements(
  y: ArrayLike<number>,
  s: ArrayLike<number>,
  w: ArrayLike<number>,
  m: number,
  n: number,
): Float64Array {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((i, j) => s[i] - s[j]);
  const v = new Float64Array(y.length);
  const blocks: Array<{ rows: number[]; pos: number; neg: number }> = [];
  for (const i of order) {
    const last = blocks[blocks.length - 1];
    let b = last;
    if (!last || s[last.rows[0]] !== s[i]) {
      b = { rows: [], pos: 0, neg: 0 };
      blocks.push(b);
    }
    b.rows.push(i);
    if (y[i] === 1) b.pos += w[i];
    else b.neg += w[i];
  }
  let below = 0;
  for (const b of blocks) {
    for (const i of b.rows) if (y[i] === 1) v[i] = (below + 0.5 * b.neg) / n;
    below += b.neg;
  }
  let above = 0;
  for (let k = blocks.length - 1; k >= 0; k--) {
    for (const i of blocks[k].rows) if (y[i] !== 1) v[i] = (above + 0.5 * blocks[k].pos) / m;
    above += blocks[k].pos;
  }
  return v;
}

/**
 * DeLong's test for two correlated AUCs (DeLong, DeLong & Clarke-Pearson 1988): scores `a` and
 * `b` on the same leads `y` (0/1), optional frequency weights (a row of weight k = k identical
 * leads). Var(AUC_b − AUC_a) = (S10_aa + S10_bb − 2 S10_ab)/m + (S01_aa + S01_bb − 2 S01_ab)/n with
 * sample (co)variances of the placements (ddof 1, on the expanded rows); Wald interval and
 * two-sided normal p-value. Each AUC's own se equals lib/metrics `delong`.
 *
 * @example
 * pairedDelong([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9], [1, 2, 3, 4, 5, 6])
 * // → { a: { auc: 0.889, … }, b: { auc: 0.889, … }, difference: 0, … }
 */
export function pairedDelong(
  y: ArrayLike<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  weights?: ArrayLike<number>,
  confidence = 0.95,
): PairedDelong {
  const w = weights ?? new Float64Array(y.length).fill(1);
  let m = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) m += w[i];
    else n += w[i];
  }
  const va = placements(y, a, w, m, n);
  const vb = placements(y, b, w, m, n);
  let aucA = 0;
  let aucB = 0;
  for (let i = 0; i < y.length; i++)
    if (y[i] === 1) {
      aucA += w[i] * va[i];
      aucB += w[i] * vb[i];
    }
  aucA /= m;
  aucB /= m;
  // For a non-converted row V01 has mean AUC too (Σ over negatives / n = AUC).
  const cov = (cls: 0 | 1, count: number) => {
    let aa = 0,
      bb = 0,
      ab = 0;
    for (let i = 0; i < y.length; i++) {
      if ((y[i] === 1 ? 1 : 0) !== cls) continue;
      const da = va[i] - aucA;
      const db = vb[i] - aucB;
      aa += w[i] * da * da;
      bb += w[i] * db * db;
      ab += w[i] * da * db;
    }
    return { aa: aa / (count - 1), bb: bb / (count - 1), ab: ab / (count - 1) };
  };
  const s10 = cov(1, m);
  const s01 = cov(0, n);
  const varA = s10.aa / m + s01.aa / n;
  const varB = s10.bb / m + s01.bb / n;
  const varD = Math.max(0, varA + varB - 2 * (s10.ab / m + s01.ab / n));
  const z = normalCritical(confidence);
  const one = (auc: number, v: number) => ({
    auc,
    se: Math.sqrt(v),
    low: auc - z * Math.sqrt(v),
    high: auc + z * Math.sqrt(v),
  });
  const diff = aucB - aucA;
  const se = Math.sqrt(varD);
  const p = se > 0 ? 2 * (1 - normalCdf(Math.abs(diff) / se)) : diff === 0 ? 1 : 0;
  return {
    a: one(aucA, varA),
    b: one(aucB, varB),
    difference: diff,
    se,
    low: diff - z * se,
    high: diff + z * se,
    p_value: p,
    positives: m,
    negatives: n,
  };
}
