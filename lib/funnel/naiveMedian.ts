/**
 * The median of durations given as (value, count) pairs — the "naive" median that CRMs show,
 * over the leads that already moved on only. Even totals average the two middle values (as
 * numpy/pandas do). Null when there are none.
 *
 * @example
 * naiveMedian([{ duration: 3, count: 1 }, { duration: 10, count: 2 }]) // → 10
 * naiveMedian([{ duration: 3, count: 1 }, { duration: 10, count: 1 }]) // → 6.5
 */
export function naiveMedian(rows: { duration: number; count: number }[]): number | null {
  const sorted = rows.filter((r) => r.count > 0).sort((a, b) => a.duration - b.duration);
  const n = sorted.reduce((s, r) => s + r.count, 0);
  if (n === 0) return null;
  const at = (k: number): number => {
    let seen = 0;
    for (const r of sorted) {
      seen += r.count;
      if (seen > k) return r.duration;
    }
    return sorted[sorted.length - 1]!.duration;
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}
