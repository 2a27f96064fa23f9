import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { UserError } from "../errors/UserError.ts";
import type { InputSetting } from "../features/inputs.ts";

/**
 * scoring.yml: how `leadlens fit` builds the model. Every key is optional; docs/scoring.md
 * documents each one with the same wording.
 */
export interface ScoringConfig {
  /** Model inputs (names, or objects with per-attribute options). Default: every fit.* and intent.* attribute, plus `channel` and `activity` when the data have them. */
  attributes?: InputSetting[];
  /** Attributes added to the default inputs (when `attributes` is not given), e.g. [tags]. */
  add_attributes?: InputSetting[];
  /** Attributes removed from the default inputs. */
  drop_attributes?: string[];
  /** Allow post_outcome attributes as inputs (still warned about). Default false. */
  allow_post_outcome?: boolean;
  /** Categorical levels with fewer training leads are pooled into `other`. Default 30. */
  min_level_count?: number;
  /** Categorical levels with a smaller share of training leads are pooled into `other`. Default 0.005. */
  min_level_share?: number;
  /** Quantile bins per numeric attribute before monotone merging. Default 10. */
  bins?: number;
  /** Half-life in days of the activity decay. Default 30. */
  activity_half_life_days?: number;
  /** Open leads older than this many days at as_of count as not converted; younger leads (any outcome) are left out of training. Default 180. */
  maturity_days?: number;
  /** How held-out leads are chosen: `auto` (out-of-time when leads have created_at, else k-fold), `out_of_time` or `kfold`. */
  validation?: "auto" | "out_of_time" | "kfold";
  /** Out-of-time validation: the newest share of leads (by created_at) held out. Default 0.2. */
  test_share?: number;
  /** Folds for k-fold validation and for cross-validation inside the training window. Default 5. */
  folds?: number;
  /** Candidate values of C (inverse L2 penalty, scikit-learn's convention); the one with the lowest cross-validated log loss is used. Default [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100]. */
  penalty_grid?: number[];
  /** Calibration: `auto` (Platt or isotonic, whichever has the lower held-out log loss), `platt`, `isotonic` or `none`. Default auto. */
  calibration?: "auto" | "platt" | "isotonic" | "none";
  /** Points scaling: the score at which the odds of conversion are `base_odds`. Default 600. */
  base_score?: number;
  /** Odds of conversion at base_score, as "1:50" or a number p/(1−p). Default 1:50. */
  base_odds?: number | string;
  /** Points to double the odds. Default 20. */
  pdo?: number;
  /** Group leads into distinct patterns before fitting (`auto`/`patterns`) or fit one row per lead (`rows`). Default auto. */
  aggregate?: "auto" | "patterns" | "rows";
  /** Leakage warning threshold: an attribute whose own held-out AUC reaches this is named in a warning. Default 0.95. */
  leakage_auc?: number;
}

const KEYS: Array<keyof ScoringConfig> = [
  "attributes", "add_attributes", "drop_attributes", "allow_post_outcome", "min_level_count", "min_level_share", "bins", "activity_half_life_days",
  "maturity_days", "validation", "test_share", "folds", "penalty_grid", "calibration", "base_score", "base_odds",
  "pdo", "aggregate", "leakage_auc",
];

/**
 * Reads and checks a scoring.yml. Every mistake is a UserError naming the file and key.
 *
 * @example
 * readScoringConfig("data/examples/scoring.yml") // → { attributes: ["industry", …], calibration: "auto" }
 */
export function readScoringConfig(file: string): ScoringConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UserError(`Cannot read the scoring config ${file}: the file does not exist or is not readable.`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid YAML (${(e as Error).message.split("\n")[0]}).`);
  }
  return checkScoringConfig(raw ?? {}, file);
}

/** Checks a parsed scoring config (see {@link readScoringConfig}). */
export function checkScoringConfig(raw: unknown, where = "scoring config"): ScoringConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new UserError(`${where}: expected a mapping of keys (attributes:, calibration:, …).`);
  const c = raw as Record<string, unknown>;
  for (const k of Object.keys(c)) {
    if (!KEYS.includes(k as keyof ScoringConfig)) throw new UserError(`${where}: unknown key "${k}". Known keys: ${KEYS.join(", ")} (see docs/scoring.md).`);
  }
  const num = (k: keyof ScoringConfig, lo: number, hi: number, integer = false) => {
    const v = c[k];
    if (v === undefined) return;
    if (typeof v !== "number" || !(v >= lo && v <= hi) || (integer && !Number.isInteger(v))) {
      throw new UserError(`${where}, ${k}: expected ${integer ? "a whole number" : "a number"} from ${lo} to ${hi}, got ${JSON.stringify(v)}.`);
    }
  };
  num("min_level_count", 0, 1e9, true);
  num("min_level_share", 0, 0.5);
  num("bins", 2, 100, true);
  num("activity_half_life_days", 0.01, 1e5);
  num("maturity_days", 0, 1e5);
  num("test_share", 0.05, 0.5);
  num("folds", 2, 20, true);
  num("base_score", -1e9, 1e9);
  num("pdo", 1e-9, 1e9);
  num("leakage_auc", 0.5, 1);
  const oneOf = (k: keyof ScoringConfig, values: string[]) => {
    if (c[k] !== undefined && !values.includes(c[k] as string)) throw new UserError(`${where}, ${k}: expected one of ${values.join(", ")}, got ${JSON.stringify(c[k])}.`);
  };
  oneOf("validation", ["auto", "out_of_time", "kfold"]);
  oneOf("calibration", ["auto", "platt", "isotonic", "none"]);
  oneOf("aggregate", ["auto", "patterns", "rows"]);
  if (c.allow_post_outcome !== undefined && typeof c.allow_post_outcome !== "boolean") throw new UserError(`${where}, allow_post_outcome: expected true or false.`);
  if (c.penalty_grid !== undefined && (!Array.isArray(c.penalty_grid) || c.penalty_grid.length === 0 || !c.penalty_grid.every((x) => typeof x === "number" && x > 0))) {
    throw new UserError(`${where}, penalty_grid: expected a list of positive numbers (values of C), e.g. [0.1, 1, 10].`);
  }
  if (c.base_odds !== undefined && typeof c.base_odds !== "number" && typeof c.base_odds !== "string") throw new UserError(`${where}, base_odds: expected odds like "1:50" or a number.`);
  if (c.attributes !== undefined) checkAttributes(c.attributes, where);
  if (c.add_attributes !== undefined) checkAttributes(c.add_attributes, `${where}, add_attributes`);
  if (c.drop_attributes !== undefined && (!Array.isArray(c.drop_attributes) || !c.drop_attributes.every((x) => typeof x === "string"))) {
    throw new UserError(`${where}, drop_attributes: expected a list of attribute names.`);
  }
  if (c.attributes !== undefined && (c.add_attributes !== undefined || c.drop_attributes !== undefined)) {
    throw new UserError(`${where}: give either attributes (the full list) or add_attributes/drop_attributes (changes to the defaults), not both.`);
  }
  return c as ScoringConfig;
}

function checkAttributes(list: unknown, where: string): void {
  if (!Array.isArray(list)) throw new UserError(`${where}, attributes: expected a list of attribute names (or {name, …} entries).`);
  list.forEach((a, i) => {
    if (typeof a === "string") return;
    if (typeof a !== "object" || a === null || typeof (a as { name?: unknown }).name !== "string") {
      throw new UserError(`${where}, attributes[${i}]: expected a name or an entry with name: (and optionally role, type, bins, edges, closed).`);
    }
    const o = a as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!["name", "role", "type", "bins", "edges", "closed"].includes(k)) throw new UserError(`${where}, attributes[${i}] (${o.name}): unknown key "${k}" (known: name, role, type, bins, edges, closed).`);
    }
    if (o.edges !== undefined && (!Array.isArray(o.edges) || !o.edges.every((x) => typeof x === "number" && Number.isFinite(x)))) {
      throw new UserError(`${where}, attributes[${i}] (${o.name}), edges: expected a list of numbers, e.g. [2, 5, 10].`);
    }
    if (o.closed !== undefined && o.closed !== "left" && o.closed !== "right") throw new UserError(`${where}, attributes[${i}] (${o.name}), closed: expected left or right.`);
    if (o.type !== undefined && o.type !== "categorical" && o.type !== "numeric") throw new UserError(`${where}, attributes[${i}] (${o.name}), type: expected categorical or numeric.`);
  });
}
