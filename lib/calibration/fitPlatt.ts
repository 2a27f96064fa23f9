/** A Platt sigmoid: P(convert | f) = 1 / (1 + exp(a·f + b)); a < 0 for an increasing map. */
export interface PlattModel {
  a: number;
  b: number;
}

// log(1 + e^z) without overflow.
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

// Platt's objective Σ w·[log(1 + e^z) − (1 − T)·z], z = a·f + b (the cross-entropy of the
// smoothed targets T against P = 1/(1 + e^z)).
function objective(
  a: number,
  b: number,
  f: ArrayLike<number>,
  t: Float64Array,
  w: ArrayLike<number> | undefined,
): number {
  let s = 0;
  for (let i = 0; i < f.length; i++) {
    const z = a * f[i] + b;
    s += (w ? w[i] : 1) * (softplus(z) - (1 - t[i]) * z);
  }
  return s;
}

/**
 * Fits Platt (1999) scaling with his target smoothing, as sklearn's sigmoid calibration does:
 * targets T₊ = (N₊ + 1)/(N₊ + 2) for converted leads and T₋ = 1/(N₋ + 2) for the others
 * (a prior correction that keeps probabilities off 0 and 1), minimising
 * Σ −[T log P + (1 − T) log(1 − P)] with P = 1/(1 + exp(a·f + b)). Solved by Newton's method
 * with step halving (Lin, Lin & Weng 2007) from a = 0, b = log((N₋ + 1)/(N₊ + 1)) to machine
 * precision. Optional frequency weights count rows that many times.
 *
 * @param f scores to calibrate (a probability, a logit, or points)
 * @param y outcomes 0/1
 * @example
 * fitPlatt([0.1, 0.3, 0.4, 0.8, 0.9, 0.2], [0, 0, 1, 1, 1, 0])
 * // → { a: -3.9744520907248324, b: 1.728274649467509 }
 */
export function fitPlatt(f: ArrayLike<number>, y: ArrayLike<number>, w?: ArrayLike<number>): PlattModel {
  if (f.length !== y.length || (w && w.length !== f.length))
    throw new RangeError(`fitPlatt needs one outcome${w ? " and one weight" : ""} per score`);
  let nPos = 0;
  let nNeg = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`outcome must be 0 or 1, got ${y[i]} at position ${i}`);
    if (!Number.isFinite(f[i])) throw new RangeError(`score must be finite, got ${f[i]} at position ${i}`);
    if (y[i] === 1) nPos += w ? w[i] : 1;
    else nNeg += w ? w[i] : 1;
  }
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  const t = Float64Array.from(y as ArrayLike<number>, (v) => (v === 1 ? tPos : tNeg));
  let a = 0;
  let b = Math.log((nNeg + 1) / (nPos + 1));
  let loss = objective(a, b, f, t, w);
  for (let iter = 0; iter < 200; iter++) {
    let ga = 0,
      gb = 0,
      haa = 1e-12,
      hab = 0,
      hbb = 1e-12; // tiny ridge: f constant keeps H invertible
    for (let i = 0; i < f.length; i++) {
      const wi = w ? w[i] : 1;
      const p = 1 / (1 + Math.exp(a * f[i] + b));
      const r = wi * (t[i] - p);
      const h = wi * p * (1 - p);
      ga += r * f[i];
      gb += r;
      haa += h * f[i] * f[i];
      hab += h * f[i];
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(-hab * ga + haa * gb) / det;
    const decrement = -(ga * da + gb * db); // Newton decrement λ², ≥ 0
    if (decrement <= 1e-10 * (1 + Math.abs(loss))) {
      // Quadratic region: the full step is right and the loss is flat to rounding, so comparing
      // losses would only stall the search; iterate until the step is at machine precision.
      a += da;
      b += db;
      if (Math.abs(da) <= 1e-14 * (1 + Math.abs(a)) && Math.abs(db) <= 1e-14 * (1 + Math.abs(b))) break;
      continue;
    }
    let step = 1;
    let next = objective(a + da, b + db, f, t, w);
    while (next > loss && step > 1e-10) {
      step /= 2;
      next = objective(a + step * da, b + step * db, f, t, w);
    }
    if (next > loss) break; // no descent direction left
    a += step * da;
    b += step * db;
    loss = next;
  }
  return { a, b };
}
