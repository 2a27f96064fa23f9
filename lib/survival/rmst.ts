import type { KaplanMeier } from "./kaplanMeierFromCounts.ts";

/** Result of {@link rmst}. */
export interface RestrictedMean {
  /** Horizon τ. */
  tau: number;
  /** Restricted mean time in stage, ∫₀^τ Ŝ(u) du. */
  rmst: number;
  /** Greenwood-type variance Σ_{t_j ≤ τ} A_j² d_j/(n_j(n_j − d_j)), A_j = ∫_{t_j}^τ Ŝ(u) du. */
  variance: number;
  /** sqrt(variance). */
  se: number;
}

/**
 * Restricted mean survival time up to a horizon τ: the average number of days (out of τ) a
 * lead stays in the stage, integrating the Kaplan–Meier step function exactly. Variance as in
 * Klein & Moeschberger (2003, §4.5) and R survRM2. NaN when τ is after the end of follow-up
 * while Ŝ > 0 (the curve is unknown there).
 *
 * @example
 * rmst(kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]), 2.5)
 * // → { tau: 2.5, rmst: 2, variance: 0.09375, se: 0.30618621784789724 }  (1 + 0.75·1 + 0.5·0.5)
 */
export function rmst(km: KaplanMeier, tau: number): RestrictedMean {
  if (!(tau >= 0)) throw new RangeError(`the RMST horizon must be ≥ 0, got ${tau}`);
  const k = km.times.findIndex((t) => t > tau);
  const m = k < 0 ? km.times.length : k; // event times ≤ τ
  if (km.n === 0 || (tau > km.maxTime && (m === 0 || km.survival[m - 1] > 0)))
    return { tau, rmst: NaN, variance: NaN, se: NaN };
  // A_j accumulated backwards from τ.
  const area = new Array<number>(m);
  let tail = 0;
  for (let j = m - 1; j >= 0; j--) {
    const next = j + 1 < m ? km.times[j + 1] : tau;
    tail += km.survival[j] * (next - km.times[j]);
    area[j] = tail;
  }
  const total = (m ? km.times[0] : tau) + tail;
  let variance = 0;
  for (let j = 0; j < m; j++) {
    if (area[j] === 0) continue; // Ŝ already 0: contributes nothing (avoids 0·∞)
    const d = km.nEvents[j];
    const n = km.nRisk[j];
    variance += (area[j] * area[j] * d) / (n * (n - d));
  }
  return { tau, rmst: total, variance, se: Math.sqrt(variance) };
}
