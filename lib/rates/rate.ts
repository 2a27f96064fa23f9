import { wilson } from "../stats/index.ts";
import { cumulativeIncidenceFromCounts, incidenceAt } from "../survival/index.ts";
import type { RateBasis } from "./basis.ts";

/** Leads of one segment with the same status and days (the rows a GROUP BY returns). */
export interface LeadTimeCount {
  status: "won" | "exit" | "open";
  /** Days from creation to the outcome (won, exit) or to as_of (open); null when a date is missing. */
  days: number | null;
  /** Created less than the maturity window before as_of (only read by the `matured` basis). */
  young: boolean;
  n: number;
}

/** A basis with its horizon or window resolved to days. */
export type ResolvedBasis = Exclude<RateBasis, { kind: "within" }> | { kind: "within"; days: number };

/** A conversion rate with what it is over. */
export interface BasisRate {
  /** Leads the rate is over (decided, matured, all, or with dates for `within`). */
  n: number;
  /** Leads won (for `within`: won within the horizon). */
  converted: number;
  /** Open leads among the segment's leads (left out, counted as not won, or censored: see the basis). */
  open: number;
  /** The rate, null when it cannot be estimated (no leads, or follow-up shorter than the horizon). */
  rate: number | null;
  /** 95% interval: Wilson, with the effective sample size for `within` (Dorey & Korn 1987). */
  ci_low: number | null;
  ci_high: number | null;
  /** The sample size the interval is as good as (equals n when nothing is censored). */
  n_effective: number | null;
  /** Leads the rate leaves out: undated (within), younger than the window (matured), open (decided). */
  excluded: number;
  /** Why the rate is null, when it is. */
  note: string | null;
}

const sum = (rows: LeadTimeCount[], f: (r: LeadTimeCount) => boolean) => rows.reduce((s, r) => s + (f(r) ? r.n : 0), 0);

function proportion(converted: number, n: number, open: number, excluded: number): BasisRate {
  if (n === 0)
    return {
      n,
      converted,
      open,
      rate: null,
      ci_low: null,
      ci_high: null,
      n_effective: null,
      excluded,
      note: "no leads on this basis",
    };
  const w = wilson(converted, n);
  return { n, converted, open, rate: w.rate, ci_low: w.low, ci_high: w.high, n_effective: n, excluded, note: null };
}

/**
 * The conversion rate of one segment on a stated basis, from its leads counted by status and days.
 *
 * @example
 * rateOnBasis([{ status: "won", days: 10, young: false, n: 3 }, { status: "exit", days: 5, young: false, n: 1 }, { status: "open", days: 2, young: true, n: 6 }], { kind: "decided" })
 * // → { n: 4, converted: 3, open: 6, rate: 0.75, ci_low: 0.30…, ci_high: 0.95…, excluded: 6, … }
 */
export function rateOnBasis(rows: LeadTimeCount[], basis: ResolvedBasis): BasisRate {
  const open = sum(rows, (r) => r.status === "open");
  const won = sum(rows, (r) => r.status === "won");
  const all = sum(rows, () => true);
  switch (basis.kind) {
    case "all":
      return proportion(won, all, open, 0);
    case "decided":
      return proportion(won, all - open, open, open);
    case "matured": {
      const old = rows.filter((r) => !r.young);
      return proportion(
        sum(old, (r) => r.status === "won"),
        sum(old, () => true),
        open,
        all - sum(old, () => true),
      );
    }
    case "within":
      return rateWithin(rows, basis.days, open);
  }
}

function rateWithin(rows: LeadTimeCount[], horizon: number, open: number): BasisRate {
  const dated = rows.filter((r) => r.days !== null);
  const undated = sum(rows, (r) => r.days === null);
  const n = sum(dated, () => true);
  const converted = sum(dated, (r) => r.status === "won" && r.days! <= horizon);
  const base = { n, converted, open, excluded: undated };
  if (n === 0)
    return { ...base, rate: null, ci_low: null, ci_high: null, n_effective: null, note: "no leads with dates" };
  const ci = cumulativeIncidenceFromCounts(
    dated.map((r) => ({
      time: r.days!,
      events: r.status === "won" ? r.n : 0,
      competing: r.status === "exit" ? r.n : 0,
      censored: r.status === "open" ? r.n : 0,
    })),
  );
  const at = incidenceAt(ci, horizon);
  if (at.rate === null) return { ...base, rate: null, ci_low: null, ci_high: null, n_effective: null, note: at.note };
  return { ...base, rate: at.rate, ci_low: at.ci_low, ci_high: at.ci_high, n_effective: at.n_effective, note: null };
}
