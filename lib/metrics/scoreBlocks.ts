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
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const blocks: ScoreBlock[] = [];
  for (const i of order) {
    const weight = w ? w[i] : 1;
    if (weight === 0) continue;
    let last = blocks[blocks.length - 1];
    if (!last || last.score !== p[i]) blocks.push((last = { score: p[i], positives: 0, negatives: 0 }));
    if (y[i] === 1) last.positives += weight;
    else last.negatives += weight;
  }
  return blocks;
}

/** Throws a RangeError naming the first bad position: y must be 0/1, p finite, w finite ≥ 0. */
export function checkInputs(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): void {
  if (y.length !== p.length || (w && w.length !== y.length)) {
    throw new RangeError(`outcomes, scores${w ? " and weights" : ""} must have the same length (${y.length}, ${p.length}${w ? `, ${w.length}` : ""})`);
  }
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`outcome must be 0 or 1, got ${y[i]} at position ${i}`);
    if (!Number.isFinite(p[i])) throw new RangeError(`score must be a finite number, got ${p[i]} at position ${i}`);
    if (w && !(Number.isFinite(w[i]) && w[i] >= 0)) throw new RangeError(`weight must be a finite number ≥ 0, got ${w[i]} at position ${i}`);
  }
}
