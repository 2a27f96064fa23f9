import { z } from "zod";
import { checkConfig, expected } from "../config/schema.ts";
import { shownDefault, type DocTable } from "../config/docs.ts";
import { parseYaml } from "../config/yaml.ts";
import { DEFAULT_ENCODING } from "../features/build.ts";
import { INPUT_ENTRY_FIELDS, inputSetting } from "../features/inputs.ts";
import { DEFAULT_SCORE_AT, isScoreAt } from "./moment.ts";
import { readConfigText } from "../config/read.ts";

/** A number from `lo` to `hi` (a whole number when `integer`), worded as the messages always were. */
function num(lo: number, hi: number, integer = false) {
  const e = expected(`${integer ? "a whole number" : "a number"} from ${lo} to ${hi}`);
  // int() first: it brings the safe-integer bounds, which the range then narrows (JSON Schema too).
  return (integer ? z.number(e).int(e) : z.number(e)).min(lo, e).max(hi, e);
}
const d = <S extends z.ZodType>(s: S, description: string) => s.meta({ description });
/** Registers how the docs show a key's default; outermost, since .meta() makes a new schema. */
const shown = <S extends z.ZodType>(s: S, text: string) => {
  shownDefault.add(s, { text });
  return s;
};
const inputs = () => z.array(inputSetting, expected("a list of attribute names (or {name, …} entries)"));

/**
 * scoring.yml: how `leadlens fit` builds the model. Every key is optional; the description of each
 * is docs/scoring.md's text, and its default is the one the fit uses (FIT_DEFAULTS).
 */
const scoringShape = {
  attributes: shown(
    d(
      inputs().optional(),
      "The full list of inputs: names, or entries `{ name, role, type, bins, edges, closed }` (below). Cannot be combined with `add_attributes`/`drop_attributes`.",
    ),
    "every fit.* and intent.* attribute, plus `channel` and `activity` when present",
  ),
  add_attributes: d(
    inputs().optional(),
    "Inputs added to the defaults, e.g. `[created_month]` or `[tags]` (a post_outcome one also needs `allow_post_outcome`). Same entry forms as `attributes`.",
  ),
  drop_attributes: d(
    z.array(z.string(expected("an attribute name")), expected("a list of attribute names")).optional(),
    "Names removed from the defaults. A name that is not a default input is an error.",
  ),
  allow_post_outcome: d(
    z.boolean(expected("true or false")).default(false),
    "Allow attributes with role `post_outcome` as inputs. They are still named in a warning: what sales record after contact predicts the outcome because it follows from it.",
  ),
  min_level_count: d(
    num(0, 1e9, true).default(DEFAULT_ENCODING.minLevelCount),
    "Categorical levels with fewer training leads are pooled into `other`.",
  ),
  min_level_share: d(
    num(0, 0.5).default(DEFAULT_ENCODING.minLevelShare),
    "Categorical levels with a smaller share of the training leads are pooled into `other`.",
  ),
  bins: d(
    num(2, 100, true).default(DEFAULT_ENCODING.bins),
    "Quantile bins per numeric attribute before adjacent bins are merged until the conversion rate is monotone.",
  ),
  activity_half_life_days: d(
    num(0.01, 1e5).default(DEFAULT_ENCODING.activityHalfLifeDays),
    "Half-life of the activity decay: an activity this many days old counts ½, twice as old ¼.",
  ),
  maturity_days: d(
    num(0, 1e5).default(180),
    "Leads created less than this many days before as_of are left out of training (their outcomes are not in yet); older open leads count as not converted. Without created_at, open leads are left out.",
  ),
  validation: d(
    z.enum(["auto", "out_of_time", "kfold"]).default("auto"),
    "`out_of_time` (train on older leads, test on the newest), `kfold` (stratified k-fold, every lead predicted by a model that did not see it), or `auto`: out_of_time when most leads have created_at, else kfold.",
  ),
  test_share: d(num(0.05, 0.5).default(0.2), "out_of_time: the share of newest leads (by created_at) held out."),
  folds: d(
    num(2, 20, true).default(5),
    "Folds of k-fold validation and of the cross-validation inside the training leads (penalty and calibration).",
  ),
  penalty_grid: d(
    z
      .array(
        z.number(expected("a positive number")).positive(expected("a positive number")),
        expected("a list of positive numbers (values of C), e.g. [0.1, 1, 10]"),
      )
      .min(1, expected("a list of positive numbers (values of C), e.g. [0.1, 1, 10]"))
      .default([0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100]),
    "Candidate values of C, the inverse L2 penalty in scikit-learn's convention (smaller C = stronger penalty); the one with the lowest cross-validated log loss is used. Give one value to fix it. For coefficient intervals that should cover a true value, use a weak penalty (e.g. `[1000]`): shrinkage biases small levels towards the reference.",
  ),
  calibration: d(
    z.enum(["auto", "platt", "isotonic", "none"]).default("auto"),
    "`platt`, `isotonic`, `none`, or `auto`: the one of Platt and isotonic with the lower cross-validated log loss.",
  ),
  base_score: d(num(-1e9, 1e9).default(600), "Points at which the odds of conversion equal `base_odds`."),
  base_odds: shown(
    d(
      z.union([z.number(), z.string()], expected('odds like "1:50" or a number')).default("1:50"),
      'Odds of conversion at `base_score`, as `"converting:not converting"` or a number p/(1−p).',
    ),
    '`"1:50"`',
  ),
  pdo: d(num(1e-9, 1e9).default(20), "Points to double the odds of conversion."),
  aggregate: d(
    z.enum(["auto", "patterns", "rows"]).default("auto"),
    "`auto`/`patterns`: leads with the same encoded levels are grouped into one weighted row in DuckDB before fitting; `rows`: one row per lead (same coefficients; for comparison).",
  ),
  leakage_auc: d(
    num(0.5, 1).default(0.95),
    "An input whose own held-out AUC reaches this (on all held-out leads, or on those where it is recorded) is named in a leakage warning.",
  ),
  score_at: d(
    z
      .string(expected('"created + <days>d" (e.g. "created + 14d") or "close"'))
      .refine(isScoreAt, expected('"created + <days>d" (e.g. "created + 14d") or "close"'))
      .default(DEFAULT_SCORE_AT),
    "The decision moment behaviour (`activity`) is read at, in training and in scoring alike: `created + <N>d`. Leads decided before it are not trained on (a warning counts them). `close` reads activity up to the close, which leaks the sales process into the model (docs/methods/model.md).",
  ),
};

/** The scoring.yml schema: the one definition of its keys, checks, defaults, docs and JSON Schema. */
export const scoringConfig = z
  .strictObject(scoringShape, expected("a mapping of keys (attributes:, calibration:, …)"))
  .superRefine((c, ctx) => {
    if (c.attributes !== undefined && (c.add_attributes !== undefined || c.drop_attributes !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["attributes"],
        message:
          "give either attributes (the full list) or add_attributes/drop_attributes (changes to the defaults), not both",
      });
    }
  })
  .meta({
    title: "leadlens scoring config",
    description: "scoring.yml: how `leadlens fit` builds the model (docs/scoring.md). Every key is optional.",
  });

/** scoring.yml as written: every key optional (what {@link fitModel} takes). */
export type ScoringConfig = z.input<typeof scoringConfig>;
/** scoring.yml with its defaults filled in (what {@link readScoringConfig} returns). */
export type ScoringSettings = z.output<typeof scoringConfig>;

/** Defaults of every scoring.yml key that has one: the schema's. */
export const FIT_DEFAULTS = scoringConfig.parse({}) as Required<
  Omit<ScoringSettings, "attributes" | "add_attributes" | "drop_attributes">
>;

/** The reference tables of docs/scoring.md, by marker name. */
export const SCORING_TABLES: Record<string, DocTable> = {
  "scoring.keys": { shape: scoringShape, defaults: true },
  "scoring.entry": { shape: INPUT_ENTRY_FIELDS, heading: "field" },
};

/**
 * Reads and checks a scoring.yml. Every mistake is a UserError naming the file and key.
 *
 * @example
 * readScoringConfig("data/examples/scoring.yml") // → { attributes: ["industry", …], calibration: "auto", … }
 */
export function readScoringConfig(file: string): ScoringSettings {
  const text = readConfigText(file, "scoring config");
  return checkScoringConfig(parseYaml(text, file) ?? {}, file);
}

/** Checks a parsed scoring config (see {@link readScoringConfig}). */
export function checkScoringConfig(raw: unknown, where = "scoring config"): ScoringSettings {
  return checkConfig(scoringConfig, raw, where);
}
