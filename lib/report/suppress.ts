/** Options for {@link suppress}. */
export interface SuppressOptions<T> {
  /** Minimum number of leads a published cell must hold (k). */
  minCell: number;
  /** The field holding a row's lead count; default "n". */
  count?: keyof T & string;
}

/** Rows that may be published, and how many were held back. */
export interface Suppressed<T> {
  rows: T[];
  /** Number of rows held back because they cover fewer than k leads. */
  suppressed: number;
  /** Leads in the held-back rows (they still count in published totals). */
  suppressedLeads: number;
  /** The k that was applied. */
  minCell: number;
}

/**
 * Keeps only the rows that cover at least `minCell` leads: a published table or chart never shows a
 * group so small that its members could be recognised. Rows with a missing count are held back too
 * (unknown is not "large enough").
 *
 * @example
 * suppress([{ segment: "a", n: 120 }, { segment: "b", n: 4 }], { minCell: 10 })
 * // → { rows: [{ segment: "a", n: 120 }], suppressed: 1, suppressedLeads: 4, minCell: 10 }
 */
export function suppress<T extends object>(rows: readonly T[], options: SuppressOptions<T>): Suppressed<T> {
  const field = (options.count ?? "n") as keyof T;
  const k = options.minCell;
  const kept: T[] = [];
  let suppressed = 0;
  let suppressedLeads = 0;
  for (const row of rows) {
    const n = Number(row[field]);
    if (Number.isFinite(n) && n >= k) kept.push(row);
    else {
      suppressed++;
      if (Number.isFinite(n)) suppressedLeads += n;
    }
  }
  return { rows: kept, suppressed, suppressedLeads, minCell: k };
}

/** True when a single count may be published (headline figures, totals). */
export function publishable(n: number | null | undefined, minCell: number): boolean {
  return n != null && Number.isFinite(n) && n >= minCell;
}

/** Reads k from the environment the build sets (LEADLENS_MIN_CELL), default 10. */
export function minCellFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const k = Number(env.LEADLENS_MIN_CELL ?? 10);
  return Number.isInteger(k) && k >= 1 ? k : 10;
}
