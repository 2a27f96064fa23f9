import type { Condition } from "../scorecard/condition.ts";
import type { GradeCuts } from "../qualify/grade.ts";
import type { ScoringConfig } from "./config.ts";
import type { InputSpec } from "../features/inputs.ts";

/** The artifact format this leadlens writes; readers refuse newer major versions. */
export const FORMAT_VERSION = 1;

/** One level of an attribute in the model: what it covers, what it weighs, what it scores. */
export interface ArtifactLevel {
  /** Readable label (`software`, `(2, 5]`, `missing`, `other`). */
  level: string;
  /** Which leads it covers (lib/scorecard/condition.ts): the points table and the scoring SQL read this. */
  condition: Condition;
  /** Log-odds coefficient relative to the attribute's reference level (0 for the reference). */
  coef: number;
  /** Standard error of coef (null for the reference level). */
  se: number | null;
  /** Integer points (lib/scorecard, anchored at the training mean of the attribute). */
  points: number;
  /** Training leads at this level. */
  leads: number;
  /** Training conversions at this level. */
  conversions: number;
}

/** One model input with its encoding, coefficients and points. */
export interface ArtifactAttribute {
  name: string;
  /** fit.* or intent.* (post_outcome only with allow_post_outcome). */
  role: string;
  kind: "categorical" | "numeric";
  /** `column`, `channel`, `created_month` or `activity` (see lib/features/types.ts). */
  source: "column" | "channel" | "created_month" | "activity";
  /** Index of the reference level in `levels`. */
  reference: number;
  /** Information value on the training window. */
  information_value: number;
  /** Held-out AUC of this attribute alone (its training conversion rate per level as the score). */
  single_auc: number | null;
  levels: ArtifactLevel[];
}

/** Calibration of the model's log-odds into probabilities. */
export type ArtifactCalibration =
  | { method: "none" }
  /** P = 1 / (1 + exp(a·η + b)), η = the points' log-odds (Platt 1999, target smoothing as scikit-learn). */
  | { method: "platt"; a: number; b: number }
  /** Isotonic map of the model probability, linear between thresholds, clipped outside (scikit-learn convention). */
  | { method: "isotonic"; x: number[]; y: number[] };

/** A held-out metric block. */
export interface ArtifactMetrics {
  /** `out_of_time` (newest leads held out) or `kfold` (pooled out-of-fold predictions). */
  validation: "out_of_time" | "kfold";
  n_train: number;
  n_test: number;
  conversions_test: number;
  auc: number;
  /** DeLong 95% interval of the AUC. */
  auc_ci: [number, number];
  average_precision: number;
  brier: number;
  log_loss: number;
  ks: number;
  /** ECE (10 equal-width bins) of the calibrated probability on held-out leads. */
  ece: number;
  /** ECE of the uncalibrated model probability on the same leads. */
  ece_before: number;
  /** Reliability table of the calibrated probability (10 equal-width bins). */
  reliability: Array<{
    bin: number;
    leads: number;
    mean_predicted: number;
    observed: number;
    ci_low: number;
    ci_high: number;
  }>;
  /** Gains and lift by decile of the calibrated probability. */
  gains: Array<Record<string, number>>;
  /** Set when the patterns were aggregated inside the database (`leadlens fit --pushdown`), not in DuckDB. */
  pushdown?: "postgres";
}

/** The versioned model JSON, also stored in the `models` table (column `artifact`). */
export interface ModelArtifact {
  format_version: number;
  model_id: string;
  created_at: string;
  /** The resolved scoring config the model was fitted with (defaults filled in). */
  spec: Omit<ScoringConfig, "attributes"> & { attributes: InputSpec[]; pushdown?: "postgres" };
  /** Encoding options used for levels and bins. */
  /**
   * `score_at_days`: the decision moment in days after creation that behaviour (activity) is read at;
   * null when the model has no behavioural input or reads it up to the close (older artifacts: absent).
   */
  encoding: {
    min_level_count: number;
    min_level_share: number;
    bins: number;
    activity_half_life_days: number;
    score_at_days?: number | null;
  };
  attributes: ArtifactAttribute[];
  /** Intercept (log-odds at every reference level) and its standard error. */
  intercept: { coef: number; se: number };
  /** Covariance of [intercept, non-reference level coefficients in attribute/level order]. */
  covariance: number[][];
  /** The chosen penalty: C (scikit-learn convention) and λ = 1/C on ½‖b‖² with summed log loss. */
  penalty: { C: number; lambda: number; cv_log_loss: Array<{ C: number; log_loss: number }> };
  calibration: ArtifactCalibration & { chosen_by: string; cv_log_loss: Record<string, number> };
  /** Points scaling and base points: a lead's points = base + Σ its levels' points. */
  points: {
    base: number;
    base_score: number;
    base_odds: number;
    pdo: number;
    factor: number;
    offset: number;
    anchor: "mean" | "zero";
    min: number;
    max: number;
  };
  /** Calibrated probability for every reachable points total (exact lookup for scoring). */
  points_table: Array<{ points: number; probability: number }>;
  /** Fit × intent grade cuts (lib/qualify), from the training leads' points. */
  grade_cuts: GradeCuts;
  metrics: ArtifactMetrics;
  /** Warnings to show with the model (leakage, post_outcome inputs, small samples). */
  warnings: string[];
  /** Which leads trained the model. */
  training_window: {
    as_of: string;
    maturity_days: number;
    created_from: string | null;
    created_to: string | null;
    test_from: string | null;
    test_to: string | null;
  };
  /** Distinct patterns and how they compress the leads. */
  patterns: { rows: number; leads: number; compression: number; aggregated: boolean };
  /** SHA-256 of the pattern table the model was fitted on: same data → same fingerprint. */
  data_fingerprint: string;
  /** Fit timings in milliseconds (aggregation in DuckDB, solver). */
  timings: Record<string, number>;
}
