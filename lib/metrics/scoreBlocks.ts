/** Leads sharing one distinct score: weighted count of converted (positives) and not (negatives). */
export interface ScoreBlock {
  score: number;
  positives: number;
  negatives: number;
}

/**
 * Checks labels (0/1), scores (finite) and optional frequency weights (finite, ≥ 0) and
 * returns one block per distinct score, ascending. Every rank-based metric (AUC, DeLong, AP,
 * ROC) works on these blocks, which is what makes tied scores and weighted rows exact.
 */
export function scoreBlocks(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): ScoreBlock[] {
  checkInputs(y, p, w);
  // Distinct scores by a native numeric sort, then each lead found by binary search: several
  // times faster than sorting an index array with a comparator (1M leads ≈ 0.3 s).
  const sorted = Float64Array.from(p as ArrayLike<number>).sort();
  const distinct: number[] = [];
  for (let k = 0; k < sorted.length; k++)
    if (k === 0 || sorted[k] !== sorted[k - 1]) distinct.push(sorted[k] === 0 ? 0 : sorted[k]);
  const positives = new Float64Array(distinct.length);
  const negatives = new Float64Array(distinct.length);
  for (let i = 0; i < p.length; i++) {
    let lo = 0;
    let hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < p[i]) lo = mid + 1;
      else hi = mid;
    }
    const weight = w ? w[i] : 1;
    if (y[i] === 1) positives[lo] += weight;
    else negatives[lo] += weight;
  }
  const blocks: ScoreBlock[] = [];
  distinct.forEach((score, k) => {
    if (positives[k] + negatives[k] > 0) blocks.push({ score, positives: positives[k], negatives: negatives[k] });
  });
  return blocks;
}

/** Throws a RangeError naming the first bad position: y must be 0/1, p finite, w finite ≥ 0. */
export function checkInputs(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): void {
  if (y.length !== p.length || (w && w.length !== y.length)) {
    throw new RangeError(
      `outcomes, scores${w ? " and weights" : ""} must have the same length (${y.length}, ${p.length}${w ? `, ${w.length}` : ""})`,
    );
  }
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`outcome must be 0 or 1, got ${y[i]} at position ${i}`);
    if (!Number.isFinite(p[i])) throw new RangeError(`score must be a finite number, got ${p[i]} at position ${i}`);
    if (w && !(Number.isFinite(w[i]) && w[i] >= 0))
      throw new RangeError(`weight must be a finite number ≥ 0, got ${w[i]} at position ${i}`);
  }
}
