import type { IsotonicModel } from "./fitIsotonic.ts";

/**
 * Calibrated probability from an isotonic model: clip to [xMin, xMax], then interpolate
 * linearly between thresholds (numpy `interp`, as sklearn's `predict`).
 *
 * @example
 * const m = fitIsotonic([0.1, 0.2, 0.3, 0.4, 0.5], [0, 1, 0, 1, 1]);
 * applyIsotonic(m, 0.35) // → 0.7499999999999999 (halfway between 0.5 at 0.3 and 1 at 0.4)
 * applyIsotonic(m, [0, 0.9]) // → [0, 1] (clipped)
 */
export function applyIsotonic(model: IsotonicModel, x: number): number;
export function applyIsotonic(model: IsotonicModel, x: ArrayLike<number>): number[];
export function applyIsotonic(model: IsotonicModel, x: number | ArrayLike<number>): number | number[] {
  const { xThresholds: xp, yThresholds: yp } = model;
  const one = (v: number): number => {
    if (Number.isNaN(v)) return NaN;
    const t = Math.min(Math.max(v, model.xMin), model.xMax);
    const last = xp.length - 1;
    if (t >= xp[last]) return yp[last];
    if (t <= xp[0]) return yp[0];
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (xp[mid] <= t) lo = mid;
      else hi = mid;
    }
    if (t === xp[lo]) return yp[lo];
    const slope = (yp[lo + 1] - yp[lo]) / (xp[lo + 1] - xp[lo]);
    return slope * (t - xp[lo]) + yp[lo];
  };
  return typeof x === "number" ? one(x) : Array.from(x, one);
}
