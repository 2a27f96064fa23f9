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

/** Options for {@link suppressPartition}. */
export interface PartitionOptions<T> extends SuppressOptions<T> {
  /** Other additive fields published per row (won, revenue, spend…): none may be recovered by subtraction. */
  measures?: (keyof T & string)[];
  /**
   * Subsets of the rows whose sums are published too, on any page (the Overview's spend and revenue
   * over the channels with spend). The whole partition's total is always assumed published.
   */
  totals?: ((row: T) => boolean)[];
  /**
   * Rows under k already left out before the call (too many to pass: a model's rare patterns), as
   * their number, their leads and, per measure, how many of them carry it (a non-zero value).
   */
  heldBack?: { rows: number; leads: number; carriers: Partial<Record<keyof T & string, number>> };
}

/** {@link suppress}'s result for a partition, and which subset totals must be withheld. */
export interface SuppressedPartition<T> extends Suppressed<T> {
  /** Per entry of `totals`: true when that subset's sum would give away its hidden rows. */
  withheld: boolean[];
  /** True when every row is held back and together they cover fewer than k leads (the total is one small group). */
  totalWithheld: boolean;
}

/**
 * Complementary suppression for the rows of a partition whose total is published: first the rows
 * under k leads are held back ({@link suppress}); then, since the total minus the published rows
 * gives the held-back rows' sum, more rows are held back (the next-smallest) until that sum gives
 * nothing away: at least two rows are held back, together at least k leads, and no measure has
 * exactly one held-back row under k leads that contributes to it (one won deal's amount, one
 * channel's spend).
 * The same holds within each subset in `totals` whose sum is published. Where every row of a subset
 * is held back and together under k leads, its total is to be withheld instead (`withheld`).
 *
 * @example
 * suppressPartition([{ c: "a", n: 500 }, { c: "b", n: 200 }, { c: "x", n: 3 }], { minCell: 10 })
 * // → rows: [{ c: "a", n: 500 }] (x is under k; b is held back too, else total − a − b = x)
 */
export function suppressPartition<T extends object>(
  rows: readonly T[],
  options: PartitionOptions<T>,
): SuppressedPartition<T> {
  const field = (options.count ?? "n") as keyof T;
  const k = options.minCell;
  const size = (r: T) => (Number.isFinite(Number(r[field])) ? Number(r[field]) : 0);
  const hidden = new Set(rows.filter((r) => !publishable(r[field] as number, k)));
  // The subsets first, the whole partition last: a cell held back for a subset often settles the
  // whole too, where the whole's next-smallest cell might sit in another subset and break it.
  const groups = [...(options.totals ?? []), () => true];
  const whole = groups.length - 1;
  const withheld = groups.map(() => false);
  const none = { rows: 0, leads: 0, carriers: {} as Partial<Record<string, number>> };
  const safe = (held: T[], extra: { rows: number; leads: number; carriers: Partial<Record<string, number>> }) =>
    held.length + extra.rows >= 2 &&
    held.reduce((s, r) => s + size(r), 0) + extra.leads >= k &&
    (options.measures ?? []).every((m) => {
      const carriers = held.filter((r) => Number(r[m] ?? 0) !== 0 && Number.isFinite(Number(r[m])));
      const big = carriers.filter((r) => size(r) >= k).length;
      const small = carriers.length - big + (extra.carriers[m] ?? 0);
      // One carrier gives its value away: harmless only for a row of k or more leads (held back just to protect others).
      return !(small === 1 && big === 0);
    });
  for (let changed = true; changed; ) {
    changed = false;
    groups.forEach((inGroup, g) => {
      if (changed) return;
      const members = rows.filter((r) => inGroup(r));
      const held = members.filter((r) => hidden.has(r));
      const extra = (g === whole ? options.heldBack : undefined) ?? none;
      if (held.length + extra.rows === 0 || safe(held, extra)) return;
      // The next-smallest published row of this subset (ties: the first listed).
      const next = members
        .filter((r) => !hidden.has(r))
        .reduce<T | undefined>((best, r) => (best === undefined || size(r) < size(best) ? r : best), undefined);
      // Every row is held back: the subset's total is then a group of its own, publishable like a
      // row when it covers k leads.
      if (next === undefined) withheld[g] = held.reduce((s, r) => s + size(r), 0) + extra.leads < k;
      else {
        hidden.add(next);
        changed = true;
      }
    });
  }
  const kept = rows.filter((r) => !hidden.has(r));
  const held = rows.filter((r) => hidden.has(r));
  const extra = options.heldBack ?? none;
  return {
    rows: kept,
    suppressed: held.length + extra.rows,
    suppressedLeads: held.reduce((s, r) => s + size(r), 0) + extra.leads,
    minCell: k,
    withheld: withheld.slice(0, whole),
    totalWithheld: withheld[whole],
  };
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
