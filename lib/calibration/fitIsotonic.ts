/** An isotonic calibration map: interpolate (xThresholds, yThresholds), clip outside [xMin, xMax]. */
export interface IsotonicModel {
  xThresholds: number[];
  yThresholds: number[];
  xMin: number;
  xMax: number;
}

// Scores closer than this are one value (sklearn's float64 resolution in _make_unique).
const RESOLUTION = 1e-15;

// Pool tied scores: weighted mean outcome and summed weight per distinct score.
function poolTies(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number> | undefined) {
  const order = Array.from({ length: x.length }, (_, i) => i).filter((i) => (w ? w[i] : 1) > 0);
  order.sort((i, j) => x[i] - x[j] || y[i] - y[j]);
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  let cx = order.length ? x[order[0]] : NaN;
  let cy = 0;
  let cw = 0;
  for (const i of order) {
    const wi = w ? w[i] : 1;
    if (x[i] - cx >= RESOLUTION) {
      xs.push(cx);
      ys.push(cy / cw);
      ws.push(cw);
      [cx, cy, cw] = [x[i], y[i] * wi, wi];
    } else [cy, cw] = [cy + y[i] * wi, cw + wi];
  }
  if (cw > 0) {
    xs.push(cx);
    ys.push(cy / cw);
    ws.push(cw);
  }
  return { xs, ys, ws };
}

// Pool-adjacent-violators, in place, with sklearn's block bookkeeping (target[i] = block end),
// so the floating-point sums are the same.
function pava(y: number[], w: number[]): void {
  const n = y.length;
  const target = Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (y[i] < y[k]) {
      i = k;
      continue;
    }
    let sumWy = w[i] * y[i];
    let sumW = w[i];
    for (;;) {
      const prevY = y[k];
      sumWy += w[k] * y[k];
      sumW += w[k];
      k = target[k] + 1;
      if (k === n || prevY < y[k]) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1];
        break;
      }
    }
  }
  for (i = 0; i < n; ) {
    const k = target[i] + 1;
    for (let j = i + 1; j < k; j++) y[j] = y[i];
    i = k;
  }
}

/**
 * Fits isotonic (monotone increasing) calibration by pool-adjacent-violators (Ayer et al. 1955;
 * used for calibration by Zadrozny & Elkan 2002), with sklearn `IsotonicRegression` conventions:
 * tied scores are pooled first (so they always get the same probability), PAVA runs on the
 * pooled points, and only the two end points of each constant block are kept; applying the
 * model interpolates linearly between them and clips outside the fitted range.
 * Optional frequency weights; rows of weight 0 are ignored.
 *
 * @param x scores
 * @param y outcomes (0/1, or any numbers for a general isotonic fit)
 * @example
 * fitIsotonic([0.1, 0.2, 0.3, 0.4, 0.5], [0, 1, 0, 1, 1])
 * // → { xThresholds: [0.1, 0.2, 0.3, 0.4, 0.5], yThresholds: [0, 0.5, 0.5, 1, 1], xMin: 0.1, xMax: 0.5 }
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>, w?: ArrayLike<number>): IsotonicModel {
  if (x.length !== y.length || (w && w.length !== x.length))
    throw new RangeError(`fitIsotonic needs one outcome${w ? " and one weight" : ""} per score`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i]))
      throw new RangeError(`scores and outcomes must be finite, got (${x[i]}, ${y[i]}) at position ${i}`);
    if (w && !(w[i] >= 0)) throw new RangeError(`weight must be ≥ 0, got ${w[i]} at position ${i}`);
  }
  const { xs, ys, ws } = poolTies(x, y, w);
  if (!xs.length) throw new RangeError("fitIsotonic needs at least one lead with positive weight");
  pava(ys, ws);
  const keep = ys.map((v, i) => i === 0 || i === ys.length - 1 || v !== ys[i - 1] || v !== ys[i + 1]);
  return {
    xThresholds: xs.filter((_, i) => keep[i]),
    yThresholds: ys.filter((_, i) => keep[i]),
    xMin: xs[0],
    xMax: xs[xs.length - 1],
  };
}
