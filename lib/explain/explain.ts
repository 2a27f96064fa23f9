import { attributePoints, type Lead } from "../scorecard/score.ts";
import type { Rubric } from "../scorecard/types.ts";

/** One attribute's part of a lead's points. */
export interface Contribution {
  attribute: string;
  /** The level that covered the lead's value (e.g. "email", "[10, 20)", "missing", "other"). */
  level: string;
  points: number;
}

/** Why a lead has its points. `base + Σ contributions[].points = points`, exactly. */
export interface Explanation {
  points: number;
  base: number;
  /** Every attribute, in the scorecard's order. */
  contributions: Contribution[];
  /** Up to `top` contributions above 0, largest first. */
  top_positive: Contribution[];
  /** Up to `top` contributions below 0, most negative first. */
  top_negative: Contribution[];
}

/** Options for {@link explain}. */
export interface ExplainOptions {
  /** How many positive and how many negative contributions to list. Default 3. */
  top?: number;
}

/**
 * Orders contributions for the top lists: by points (descending for positive, ascending for
 * negative), ties in scorecard order. reasonsSql in ./sql.ts sorts the same way.
 */
export function topContributions(contributions: Contribution[], sign: 1 | -1, top: number): Contribution[] {
  return contributions
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => sign * c.points > 0)
    .sort((a, b) => sign * (b.c.points - a.c.points) || a.i - b.i)
    .slice(0, top)
    .map(({ c }) => c);
}

/**
 * A lead's points broken down by attribute. Each attribute's contribution is its level's points:
 * the scorecard already measures levels against a neutral reference (the average training lead
 * with the default "mean" anchor, or the model's reference level with "zero"), and everything
 * else sits in `base`, so base + contributions = the lead's points with no remainder.
 *
 * @example
 * explain(card, { channel: "email", visits: 2, country: null }, { top: 2 })
 * // → { points: 612, base: 605,
 * //     contributions: [{ attribute: "channel", level: "email", points: 15 }, { attribute: "visits", level: "< 3", points: -6 }, { attribute: "country", level: "missing", points: -2 }],
 * //     top_positive: [{ attribute: "channel", level: "email", points: 15 }],
 * //     top_negative: [{ attribute: "visits", level: "< 3", points: -6 }, { attribute: "country", level: "missing", points: -2 }] }
 */
export function explain(rubric: Rubric, lead: Lead, options: ExplainOptions = {}): Explanation {
  const top = options.top ?? 3;
  const contributions = attributePoints(rubric, lead).map(({ attribute, level, points }) => ({
    attribute,
    level,
    points,
  }));
  const points = contributions.reduce((t, c) => t + c.points, rubric.base);
  return {
    points,
    base: rubric.base,
    contributions,
    top_positive: topContributions(contributions, 1, top),
    top_negative: topContributions(contributions, -1, top),
  };
}
