/**
 * Quantile of ascending-sorted values by linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's default `method="linear"`, R's default), reproducing numpy's
 * arithmetic exactly: index h = (n − 1)·q, lerp a + (b − a)·t, or b − (b − a)·(1 − t) when
 * t ≥ ½. simple-statistics' quantileSorted uses a different rule (no interpolation), so bin
 * edges would not match the reference.
 *
 * @param sorted values in ascending order (not checked)
 * @param q probability in [0, 1]
 * @example
 * quantileLinear([1, 2, 3, 4], 0.5) // → 2.5
 * quantileLinear([1, 2, 3, 4], 0.1) // → 1.3
 */
export function quantileLinear(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 1)) return NaN;
  const h = (n - 1) * q;
  if (h >= n - 1) return sorted[n - 1];
  const lo = Math.floor(h);
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
