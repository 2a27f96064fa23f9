import type { Condition } from "./condition.ts";
import type { Scaling } from "./scale.ts";

/** One row of points: the leads `condition` covers get `points`. */
export interface RubricLevel {
  /** Display name of the level (e.g. "email", "[10, 20)"); defaults to the condition's text. */
  level?: string;
  condition: Condition;
  points: number;
}

/** One attribute's rows of points. */
export interface RubricAttribute {
  /** Column of `leads` the conditions read (e.g. "lead_source", "channel"). */
  name: string;
  /** The attribute's role (fit.*, intent.*): decides the fit or intent axis. */
  role?: string;
  levels: RubricLevel[];
}

/**
 * Points per attribute level, as a CRM holds them: a lead's points are `base` plus, for each
 * attribute, the points of every row whose condition covers the lead's value (an `other` row
 * counts only when no other row of that attribute does). A fitted scorecard's levels do not
 * overlap, so exactly one row per attribute counts; a hand-made rubric may stack rows
 * (e.g. "visits ≥ 5: +10" and "visits ≥ 10: +10"), as CRMs do.
 */
export interface Rubric {
  base: number;
  attributes: RubricAttribute[];
}

/** The fitted model a scorecard is made from: log-odds = intercept + Σ coef of the lead's levels. */
export interface ScorecardModel {
  intercept: number;
  attributes: Array<{
    name: string;
    role: string;
    levels: Array<{
      level: string;
      condition: Condition;
      coef: number;
      /** Training leads (or their total weight) at this level; enables the "mean" anchor. */
      n?: number;
    }>;
  }>;
}

/** A fitted scorecard: a rubric whose levels carry their coefficient, plus the scaling used. */
export interface Scorecard extends Rubric {
  attributes: Array<{
    name: string;
    role: string;
    levels: Array<{ level: string; condition: Condition; points: number; coef: number; n?: number }>;
  }>;
  scaling: Scaling & {
    /**
     * Where each attribute's zero points sit: "mean" = the training leads' average on that
     * attribute (a level's points say how much it moves a lead from an average lead),
     * "zero" = the model's own zero (the reference level, coefficient 0).
     */
    anchor: "mean" | "zero";
  };
}
