import { countsByTime } from "./countsByTime.ts";

/** Leads at one duration: how many converted, how many left another way, how many were still open. */
export interface CompetingCountRow {
  /** Duration in days since the lead was created (≥ 0). BIGINT values from DuckDB are accepted. */
  time: number | bigint;
  /** Leads that converted (the event of interest, e.g. won) at this duration. */
  events: number | bigint;
  /** Leads that left by a competing exit (lost, disqualified) at this duration. */
  competing: number | bigint;
  /** Leads still open when the data ends (right-censored) at this duration. */
  censored: number | bigint;
}

/** An Aalen–Johansen estimate of the cumulative incidence of the event, at every observed time. */
export interface CumulativeIncidence {
  /** Distinct observed times, ascending (event, competing and censoring times). */
  times: number[];
  /** Leads at risk just before each time. */
  nRisk: number[];
  nEvents: number[];
  nCompeting: number[];
  nCensored: number[];
  /** F̂(t): P(converted by t), with competing exits as exits, at each time. */
  incidence: number[];
  /** Delta-method standard error of F̂(t) (Dinse & Larson 1986; Marubini & Valsecchi 1995). */
  se: number[];
  /** Ŝ(t): P(still open at t), all exits counted. */
  survival: number[];
  /** Total leads. */
  n: number;
}

/**
 * Aalen–Johansen cumulative incidence of conversion with competing exits, from counts per duration
 * (the shape a DuckDB `GROUP BY days` returns): F̂(t) = Σ_{t_j ≤ t} Ŝ(t_{j−1})·d_j/n_j, where Ŝ is
 * the Kaplan–Meier estimate of staying open (every exit an event) and n_j the leads whose duration
 * is ≥ t_j. With no competing exits it equals 1 − Kaplan–Meier. An open lead counts as at risk up
 * to its age, never as a failure. The standard error is the delta-method one statsmodels
 * `CumIncidenceRight` and Stata `stcompet` use (finite where the last leads at risk all exit, where
 * statsmodels gives NaN); counts may be frequency weights (as expanded data).
 *
 * @example
 * cumulativeIncidenceFromCounts([{ time: 1, events: 1, competing: 0, censored: 0 }, { time: 2, events: 0, competing: 1, censored: 1 }, { time: 3, events: 1, competing: 0, censored: 0 }])
 * // → { times: [1, 2, 3], nRisk: [4, 3, 1], incidence: [0.25, 0.25, 0.75], survival: [0.75, 0.5, 0], … }
 */
export function cumulativeIncidenceFromCounts(rows: readonly CompetingCountRow[]): CumulativeIncidence {
  const merged = countsByTime(rows, ["events", "competing", "censored"] as const).map((r) => ({
    time: r.time,
    d: r.events,
    c: r.competing,
    z: r.censored,
  }));
  const n = merged.reduce((s, r) => s + r.d + r.c + r.z, 0);
  const out: CumulativeIncidence = {
    times: [],
    nRisk: [],
    nEvents: [],
    nCompeting: [],
    nCensored: [],
    incidence: [],
    se: [],
    survival: [],
    n,
  };
  let atRisk = n;
  let s = 1;
  let f = 0;
  const sPrev: number[] = [];
  for (const { time, d, c, z } of merged) {
    sPrev.push(s);
    f += (s * d) / atRisk;
    s *= 1 - (d + c) / atRisk;
    out.times.push(time);
    out.nRisk.push(atRisk);
    out.nEvents.push(d);
    out.nCompeting.push(c);
    out.nCensored.push(z);
    out.incidence.push(f);
    out.survival.push(s);
    atRisk -= d + c + z;
  }
  out.se = deltaMethodSe(out, sPrev);
  return out;
}

// Var F̂(t) = Σ_j [F̂(t) − F̂(t_j)]²·a_j/(n_j(n_j − a_j)) + Σ_j Ŝ(t_{j−1})²·d_j(n_j − d_j)/n_j³
//            − 2 Σ_j [F̂(t) − F̂(t_j)]·Ŝ(t_{j−1})·d_j/n_j², with a_j = d_j + c_j; expanded into running
// sums so the whole curve costs one pass (the same expansion as statsmodels).
function deltaMethodSe(ci: CumulativeIncidence, sPrev: number[]): number[] {
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  let r4 = 0;
  let r5 = 0;
  let r6 = 0;
  return ci.times.map((_, j) => {
    const nj = ci.nRisk[j]!;
    const dj = ci.nEvents[j]!;
    const aj = dj + ci.nCompeting[j]!;
    const fj = ci.incidence[j]!;
    // Where every lead at risk exits (nj = aj) the term's factor [F̂(t) − F̂(t_j)]² is 0 for every t ≥ t_j:
    // its limit is 0, not ∞·0 (statsmodels returns NaN there; Greenwood's KM has the same limit).
    const ra = aj === 0 || nj === aj ? 0 : aj / (nj * (nj - aj));
    r1 += ra;
    r2 += fj * ra;
    r3 += fj * fj * ra;
    r4 += ((sPrev[j]! / nj) ** 2 * ((nj - dj) * dj)) / nj;
    const rb = (sPrev[j]! * dj) / (nj * nj);
    r5 += rb;
    r6 += fj * rb;
    const v = fj * fj * r1 - 2 * fj * r2 + r3 + r4 - 2 * fj * r5 + 2 * r6;
    return Number.isFinite(v) ? Math.sqrt(Math.max(0, v)) : NaN;
  });
}
