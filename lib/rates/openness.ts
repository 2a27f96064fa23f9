/** Leads of one value (or blank) of an attribute: how many, and how many are open. */
export interface OpenCount {
  n: number;
  open: number;
}

/**
 * True for a value held mostly by open leads (≥ 90%, at least 10 leads) in data where at most half
 * of all leads are open. A field recorded only once a lead moves on (an account filled in as a deal
 * progresses) looks like a value that never converts if open leads are counted as lost, and like a
 * strong input to a model that learns from them.
 *
 * @example
 * opennessArtifact({ n: 1425, open: 1425 }, 0.2) // → true
 * opennessArtifact({ n: 300, open: 90 }, 0.2)    // → false
 */
export function opennessArtifact(value: OpenCount, openShare: number): boolean {
  return value.n >= 10 && value.open / value.n >= 0.9 && openShare <= 0.5;
}
