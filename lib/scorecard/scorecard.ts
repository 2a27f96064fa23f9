import { scaling as resolveScaling, type ScalingOptions } from "./scale.ts";
import type { Scorecard, ScorecardModel } from "./types.ts";

/** Options for {@link scorecard}. */
export interface ScorecardOptions extends ScalingOptions {
  /**
   * Where each attribute's 0 points sit: "mean" (default when every level has `n`): the
   * training-weighted average of the attribute's coefficients, so + and − points read as
   * "better or worse than an average lead"; "zero": the model's reference (coefficient 0).
   * Either way the shift moves into the base points, so totals are unchanged.
   */
  anchor?: "mean" | "zero";
  /** Round points to integers (default true). `false` gives the exact scaled log-odds, to measure what rounding costs. */
  round?: boolean;
}

/**
 * Turns a fitted logistic model into integer points with points-to-double-odds scaling.
 *
 * Each level's points = round(factor · (coef − anchor of its attribute)); the intercept, the
 * offset and the anchors go into one `base` value (rounded once) rather than being spread over
 * the attributes, so each level's points read on their own. A lead's total = base + Σ its
 * levels' points, and equals the unrounded score offset + factor · log-odds within
 * (k + 1) / 2 points for k attributes (each of k + 1 roundings moves it by at most ½).
 * An attribute without an `other` level gets one with coefficient 0: values no level covers
 * score as the reference level, as in the scoring SQL.
 *
 * @example
 * scorecard({ intercept: -3.912, attributes: [{ name: "channel", role: "intent.behavioral",
 *   levels: [{ level: "email", condition: { kind: "equals", values: ["email"] }, coef: 0.693 },
 *            { level: "other", condition: { kind: "other" }, coef: 0 }] }] }, { anchor: "zero" })
 * // → { base: 600, attributes: [{ name: "channel", …, levels: [{ level: "email", points: 20, … },
 * //      { level: "other", points: 0, … }] }], scaling: { factor: 28.85, offset: 712.88, … } }
 */
export function scorecard(model: ScorecardModel, options: ScorecardOptions = {}): Scorecard {
  const s = resolveScaling(options);
  const haveN = model.attributes.every((a) => a.levels.every((l) => l.n !== undefined && l.n >= 0));
  const anchor = options.anchor ?? (haveN ? "mean" : "zero");
  if (anchor === "mean" && !haveN) {
    throw new Error('scorecard: the "mean" anchor needs n (training leads) on every level');
  }
  const round = options.round === false ? (x: number) => x : roundPoints;
  let baseLogOdds = model.intercept;
  const attributes = model.attributes.map(withOther).map((a) => {
    const shift = anchor === "mean" ? weightedMean(a.levels.map((l) => [l.coef, l.n ?? 0])) : 0;
    baseLogOdds += shift;
    return {
      name: a.name,
      role: a.role,
      levels: a.levels.map((l) => {
        const level = {
          level: l.level,
          condition: l.condition,
          points: round(s.factor * (l.coef - shift)),
          coef: l.coef,
        };
        return l.n === undefined ? level : { ...level, n: l.n };
      }),
    };
  });
  return { base: round(s.offset + s.factor * baseLogOdds), attributes, scaling: { ...s, anchor } };
}

/**
 * Adds an explicit `other` level (coefficient 0, i.e. scored as the reference level) when the
 * model has none: the scoring SQL sends values no level covers to the reference level, and the
 * points table must say what such a lead gets rather than leave it to each reader.
 */
function withOther(a: ScorecardModel["attributes"][number]): ScorecardModel["attributes"][number] {
  if (a.levels.some((l) => l.condition.kind === "other")) return a;
  const n = a.levels.every((l) => l.n !== undefined) ? { n: 0 } : {};
  return { ...a, levels: [...a.levels, { level: "other", condition: { kind: "other" }, coef: 0, ...n }] };
}

function weightedMean(pairs: Array<[number, number]>): number {
  const w = pairs.reduce((t, [, n]) => t + n, 0);
  return w > 0 ? pairs.reduce((t, [x, n]) => t + x * n, 0) / w : 0;
}

/** Rounds half away from zero (Math.round rounds −2.5 to −2), and turns −0 into 0. */
function roundPoints(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}
