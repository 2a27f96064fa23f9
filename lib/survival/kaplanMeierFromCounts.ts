import { countsByTime } from "./countsByTime.ts";

/** Leads at one duration: how many moved on (events) and how many were still waiting (censored). */
export interface SurvivalCountRow {
  /** Duration, e.g. days in the stage (≥ 0). BIGINT values from DuckDB are accepted. */
  time: number | bigint;
  /** Leads that left the stage (the event) at this duration. */
  events: number | bigint;
  /** Leads still in the stage when the data ends (right-censored) at this duration. */
  censored: number | bigint;
}

/** A Kaplan–Meier estimate, tabulated at the distinct event times. */
export interface KaplanMeier {
  /** Distinct event times, ascending. */
  times: number[];
  /** Leads at risk just before each event time (censored at that time still count). */
  nRisk: number[];
  /** Events at each event time. */
  nEvents: number[];
  /** Censorings in [times[j], times[j+1]) (the last entry: at or after the last event time). */
  nCensored: number[];
  /** Ŝ(t) right after each event time. */
  survival: number[];
  /** Greenwood standard error of Ŝ at each event time (0 once Ŝ = 0). */
  se: number[];
  /** Running Σ d/(n(n−d)) (Greenwood sum), used by intervals and RMST. */
  greenwood: number[];
  /** Total leads (sum of weights). */
  n: number;
  /** Leads censored before the first event time (not in any nCensored entry). */
  censoredBeforeFirstEvent: number;
  /** Largest observed duration (event or censoring): the end of follow-up. */
  maxTime: number;
  /** The same estimate at every distinct observed time, censoring-only times included. */
  all: { times: number[]; nRisk: number[]; nEvents: number[]; nCensored: number[]; survival: number[] };
}

/**
 * Kaplan & Meier (1958) product-limit estimate from counts per duration — the shape a DuckDB
 * `GROUP BY duration` returns, so leads never need to be loaded one by one.
 * Ŝ(t) = Π_{t_j ≤ t} (1 − d_j/n_j) with n_j = leads whose duration ≥ t_j: at tied times events
 * come before censorings. Greenwood SE = Ŝ(t)·sqrt(Σ d_j/(n_j(n_j − d_j))). Counts may be
 * fractional (frequency weights); the result then equals the expanded data. Same numbers as
 * statsmodels `SurvfuncRight` and R `survfit`.
 *
 * @example
 * kaplanMeierFromCounts([{ time: 1, events: 1, censored: 0 }, { time: 2, events: 1, censored: 1 }, { time: 3, events: 1, censored: 0 }])
 * // → { times: [1, 2, 3], nRisk: [4, 3, 1], nEvents: [1, 1, 1], nCensored: [0, 1, 0],
 * //     survival: [0.75, 0.5, 0], se: [0.21650635094610965, 0.25, 0], … }
 */
export function kaplanMeierFromCounts(rows: readonly SurvivalCountRow[]): KaplanMeier {
  const merged = countsByTime(rows, ["events", "censored"] as const);
  const n = merged.reduce((s, r) => s + r.events + r.censored, 0);
  const km: KaplanMeier = {
    times: [],
    nRisk: [],
    nEvents: [],
    nCensored: [],
    survival: [],
    se: [],
    greenwood: [],
    n,
    censoredBeforeFirstEvent: 0,
    maxTime: merged.length ? merged[merged.length - 1].time : NaN,
    all: { times: [], nRisk: [], nEvents: [], nCensored: [], survival: [] },
  };
  let atRisk = n;
  let s = 1;
  let sum = 0;
  for (const { time, events, censored } of merged) {
    if (events > 0) {
      s *= 1 - events / atRisk;
      sum += events / (atRisk * (atRisk - events));
      km.times.push(time);
      km.nRisk.push(atRisk);
      km.nEvents.push(events);
      km.nCensored.push(censored);
      km.survival.push(s);
      km.greenwood.push(sum);
      km.se.push(s === 0 ? 0 : s * Math.sqrt(sum));
    } else if (km.times.length) km.nCensored[km.nCensored.length - 1] += censored;
    else km.censoredBeforeFirstEvent += censored;
    km.all.times.push(time);
    km.all.nRisk.push(atRisk);
    km.all.nEvents.push(events);
    km.all.nCensored.push(censored);
    km.all.survival.push(s);
    atRisk -= events + censored;
  }
  return km;
}
