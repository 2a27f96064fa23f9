import { normalQuantile } from "../stats/index.ts";
import type { DealStats } from "./channelCounts.ts";

/** Σw·p, Σw²·p, Σw²·p² of the scored open qualified leads from one lead channel. */
export interface ProjectedCell {
  own_channel: string | null;
  sum_wp: number;
  sum_w2p: number;
  sum_w2p2: number;
}

/** Options for {@link projectedValue}. */
export interface ProjectedOptions {
  /** A channel needs at least this many won deals with an amount to use its own mean deal value. Default 5. */
  minDeals?: number;
  /** Confidence of the interval. Default 0.95. */
  confidence?: number;
}

/** Projected value of open qualified leads with its interval. */
export interface Projected {
  value: number;
  low: number;
  high: number;
  se: number;
}

/**
 * The deal-value statistics a lead channel uses: its own won deals when it has at least
 * `minDeals` of them, else the overall ones.
 */
export function dealFor(
  channel: string | null,
  deals: { byChannel: DealStats[]; overall: DealStats },
  minDeals = 5,
): DealStats {
  const own = deals.byChannel.find((d) => d.channel === channel);
  return own && own.n >= minDeals && own.mean !== null ? own : deals.overall;
}

/**
 * Projected value Σ p_i·μ_g(i) of open qualified leads (p = calibrated probability, μ = mean won
 * amount of the lead's channel, or overall), with a normal-approximation interval. Its variance
 * adds (1) each lead's outcome-and-amount variance, p(σ² + μ²) − p²μ² (a Bernoulli win times a
 * deal drawn from the channel's amounts), and (2) the uncertainty of each mean deal value,
 * (Σ p_i)²·σ²/n per deal group. Weights w (linear attribution) scale each lead's share.
 * Null when no deal has an amount.
 *
 * @example
 * projectedValue([{ own_channel: "email", sum_wp: 2, sum_w2p: 2, sum_w2p2: 1.2 }],
 *   { byChannel: [], overall: { channel: null, n: 10, mean: 1000, variance: 250000 } })
 * // → { value: 2000, se: 1288.4, low: 0, high: 4525.2 }  (variance 2·1.25e6 − 1.2e6 + 4·25000)
 */
export function projectedValue(
  cells: ProjectedCell[],
  deals: { byChannel: DealStats[]; overall: DealStats },
  opts: ProjectedOptions = {},
): Projected | null {
  const { minDeals = 5, confidence = 0.95 } = opts;
  if (deals.overall.n === 0 || deals.overall.mean === null) return null;
  const groups = new Map<DealStats, { wp: number; w2p: number; w2p2: number }>();
  for (const c of cells) {
    const d = dealFor(c.own_channel, deals, minDeals);
    const g = groups.get(d) ?? { wp: 0, w2p: 0, w2p2: 0 };
    g.wp += c.sum_wp;
    g.w2p += c.sum_w2p;
    g.w2p2 += c.sum_w2p2;
    groups.set(d, g);
  }
  let value = 0;
  let variance = 0;
  for (const [d, g] of groups) {
    const mu = d.mean!;
    const s2 = d.variance ?? 0;
    value += g.wp * mu;
    variance += (s2 + mu * mu) * g.w2p - mu * mu * g.w2p2 + (g.wp * g.wp * s2) / d.n;
  }
  const se = Math.sqrt(Math.max(variance, 0));
  const z = -normalQuantile((1 - confidence) / 2);
  return { value, se, low: Math.max(0, value - z * se), high: value + z * se };
}
