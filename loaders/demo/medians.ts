/**
 * The true medians the funnel's Kaplan–Meier estimates should recover.
 *
 * Kaplan–Meier over every lead that entered stage A, with leads that never move on kept in the risk
 * set and censored at as_of, estimates P(moved on to B by t) = p_move · F(t): an improper
 * distribution (it tops out at p_move). Its median is the t with p_move · F(t) = 0.5, which exists
 * only when p_move > 0.5. F is the stated lognormal, so t = median · exp(σ · Φ⁻¹(0.5 / p_move)).
 */
import { errorFunction, probit } from "simple-statistics";
import type { Lognormal } from "./truth.ts";

/**
 * The median of p_move · F(t) for a lognormal F, or null when p_move ≤ 0.5.
 *
 * @example
 * improperMedian(1, { median_days: 10, sigma: 1 });   // 10
 * improperMedian(0.7, { median_days: 10, sigma: 1 }); // 17.6 (= 10 · e^Φ⁻¹(0.714))
 * improperMedian(0.5, { median_days: 10, sigma: 1 }); // null
 */
export function improperMedian(pMove: number, t: Lognormal): number | null {
  if (!(pMove > 0.5)) return null;
  return t.median_days * Math.exp(t.sigma * normalQuantile(0.5 / pMove));
}

/**
 * Φ⁻¹(q). simple-statistics' probit is off by up to ~1e-5 in q (about 7e-6 at q = 0.7), so two
 * Newton steps on its errorFunction (accurate to ~1e-7) polish it.
 */
function normalQuantile(q: number): number {
  let x = probit(q);
  for (let i = 0; i < 2; i++) {
    const phi = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
    x -= (0.5 * (1 + errorFunction(x / Math.SQRT2)) - q) / phi;
  }
  return x;
}

/** The lognormal's CDF at `days`. */
export function lognormalCdf(days: number, t: Lognormal): number {
  if (days <= 0) return 0;
  return 0.5 * (1 + errorFunction(Math.log(days / t.median_days) / (t.sigma * Math.SQRT2)));
}

/** One channel's share of the leads entering a stage, its p_move and its timing. */
export interface MixturePart {
  share: number;
  p_move: number;
  timing: Lognormal;
}

/**
 * The median of a mixture Σ share · p_move · F(t) (all channels pooled), by bisection on log t;
 * null when the mixture never reaches 0.5.
 *
 * @example
 * pooledImproperMedian([{ share: 1, p_move: 1, timing: { median_days: 10, sigma: 1 } }]); // ≈ 10
 */
export function pooledImproperMedian(parts: MixturePart[]): number | null {
  const total = parts.reduce((s, p) => s + p.share * p.p_move, 0);
  if (!(total > 0.5)) return null;
  const at = (days: number) => parts.reduce((s, p) => s + p.share * p.p_move * lognormalCdf(days, p.timing), 0);
  let lo = Math.log(1e-6),
    hi = Math.log(1e6);
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (at(Math.exp(mid)) < 0.5) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}
