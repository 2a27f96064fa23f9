import { normalCritical } from "../stats/normalCritical.ts";
import type { KaplanMeier } from "./kaplanMeierFromCounts.ts";

/** Scale on which the Brookmeyer–Crowley test is done. */
export type QuantileCIMethod = "cloglog" | "linear" | "log" | "logit" | "asinsqrt";

/** Options of {@link kmQuantileCI}. */
export interface QuantileCIOptions {
  /** Transformation g of Ŝ, default "cloglog" (g = log(−log S)). */
  method?: QuantileCIMethod;
  /** Confidence level, default 0.95. */
  confidence?: number;
}

const transforms: Record<QuantileCIMethod, { g: (x: number) => number; dg: (x: number) => number }> = {
  cloglog: { g: (x) => Math.log(-Math.log(x)), dg: (x) => -1 / (x * Math.log(x)) },
  linear: { g: (x) => x, dg: () => 1 },
  log: { g: Math.log, dg: (x) => 1 / x },
  logit: { g: (x) => Math.log(x / (1 - x)), dg: (x) => 1 / (x * (1 - x)) },
  asinsqrt: { g: (x) => Math.asin(Math.sqrt(x)), dg: (x) => 1 / (2 * Math.sqrt(x) * Math.sqrt(1 - x)) },
};

/**
 * Confidence interval of a Kaplan–Meier quantile by Brookmeyer & Crowley (1982) test inversion,
 * as SAS PROC LIFETEST and statsmodels `quantile_ci`: the event times j with
 * |g(Ŝ_j) − g(1 − q)| / (g′(Ŝ_j)·se_j) ≤ z form the set I; low = t[min I],
 * high = t[max I + 1] (the next event time), Infinity when max I is the last event time.
 * Both null when I is empty. Limits are always observed event times.
 *
 * @example
 * kmQuantileCI(km, 0.5) // → [67, 73] for the reference data (median 70)
 */
export function kmQuantileCI(
  km: KaplanMeier,
  q: number,
  { method = "cloglog", confidence = 0.95 }: QuantileCIOptions = {},
): [number | null, number | null] {
  if (!(q > 0 && q < 1)) throw new RangeError(`a quantile needs 0 < q < 1, got ${q}`);
  const { g, dg } = transforms[method];
  if (!g)
    throw new RangeError(
      `unknown quantile interval method "${method}" (expected cloglog, linear, log, logit or asinsqrt)`,
    );
  const z = normalCritical(confidence);
  const g0 = g(1 - q);
  let first = -1;
  let last = -1;
  km.survival.forEach((s, j) => {
    const r = (g(s) - g0) / (dg(s) * km.se[j]);
    if (Math.abs(r) <= z) {
      if (first < 0) first = j;
      last = j;
    }
  });
  if (first < 0) return [null, null];
  return [km.times[first], last === km.times.length - 1 ? Infinity : km.times[last + 1]];
}
