import { wilson } from "../stats/index.ts";
import type { CumulativeIncidence } from "./cumulativeIncidence.ts";

/** A cumulative incidence read at one horizon. */
export interface IncidenceAt {
  /** F̂(horizon), null when the follow-up ends before the horizon with leads still open. */
  rate: number | null;
  se: number | null;
  /** Wilson 95% interval with the effective sample size F̂(1 − F̂)/se² (Dorey & Korn 1987). */
  ci_low: number | null;
  ci_high: number | null;
  n_effective: number | null;
  /** Why the rate is null, when it is. */
  note: string | null;
}

/**
 * Reads an Aalen–Johansen estimate at a horizon (days) with a 95% interval. The interval is Wilson's
 * with the effective sample size n* = F̂(1 − F̂)/se² (Dorey & Korn 1987; Anderson, Bernstein & Pike
 * 1982), which equals n when nothing is censored, keeps the bounds inside [0, 1] and behaves near 0;
 * where F̂ is 0 or 1 (se 0), n* is the leads whose status at the horizon is known. The estimate is
 * null when the follow-up ends before the horizon while leads are still open: what happens to them
 * after their age is not in the data.
 *
 * @example
 * incidenceAt(cumulativeIncidenceFromCounts([{ time: 1, events: 1, competing: 0, censored: 0 }, { time: 9, events: 0, competing: 1, censored: 2 }]), 5)
 * // → { rate: 0.25, se: 0.2165…, ci_low: 0.0455…, ci_high: 0.6993…, n_effective: 4, note: null }
 */
export function incidenceAt(ci: CumulativeIncidence, horizon: number): IncidenceAt {
  const last = ci.times.length - 1;
  if (last < 0) return { rate: null, se: null, ci_low: null, ci_high: null, n_effective: null, note: "no leads" };
  const maxTime = ci.times[last]!;
  if (maxTime < horizon && ci.survival[last]! > 0) {
    const open = ci.nRisk[last]! - ci.nEvents[last]! - ci.nCompeting[last]!;
    return {
      rate: null,
      se: null,
      ci_low: null,
      ci_high: null,
      n_effective: null,
      note: `follow-up ends at day ${maxTime}, before the ${horizon}-day horizon, with ${open} leads still open`,
    };
  }
  let j = -1;
  while (j < last && ci.times[j + 1]! <= horizon) j++;
  const f = j < 0 ? 0 : ci.incidence[j]!;
  const se = j < 0 ? 0 : ci.se[j]!;
  if (!Number.isFinite(se))
    return {
      rate: f,
      se: null,
      ci_low: null,
      ci_high: null,
      n_effective: null,
      note: "no standard error at the horizon",
    };
  const nEff = f > 0 && f < 1 && se > 0 ? (f * (1 - f)) / (se * se) : knownAt(ci, horizon);
  const w = wilson(Math.min(f * nEff, nEff), nEff);
  return {
    rate: f,
    se: Number.isFinite(se) ? se : null,
    ci_low: w.low,
    ci_high: w.high,
    n_effective: nEff,
    note: null,
  };
}

// Leads whose status at the horizon is known: all but those censored before it.
function knownAt(ci: CumulativeIncidence, horizon: number): number {
  let censoredBefore = 0;
  for (let j = 0; j < ci.times.length && ci.times[j]! < horizon; j++) censoredBefore += ci.nCensored[j]!;
  return ci.n - censoredBefore;
}
