import type { DuckDBConnection } from "@duckdb/node-api";
import { labelSql as modelLabelSql, foldSql } from "../model/split.ts";
import type { ModelArtifact } from "../model/artifact.ts";
import type { EncodedAttribute, Encoding } from "../features/types.ts";
import { encodeSql } from "../features/sql.ts";
import { columnMap, patternDesign, type Patterns } from "../model/patterns.ts";
import { fitLogistic } from "../logistic/fit.ts";
import { UserError } from "../errors/UserError.ts";
import { literal } from "../store/query.ts";
import { modelColumns, modelRelation } from "./fromModel.ts";
import { onAxis, rubricScoreSql } from "./score.ts";
import { scorecard } from "./scorecard.ts";
import type { Rubric } from "./types.ts";

/** Held-out leads scored by a rubric and by the fitted model, as weighted rows. */
export interface HeldOutPairs {
  validation: "out_of_time" | "kfold";
  /** Which leads are held out, in words. */
  held_out: string;
  y: Float64Array;
  rubric: Float64Array;
  model: Float64Array;
  /** The model's fit points (fit.* attributes, no base) and intent points, per row. */
  fit: Float64Array;
  intent: Float64Array;
  weight: Float64Array;
  /** Caveats of the comparison (e.g. k-fold refits at the model's penalty). */
  notes: string[];
}

/**
 * The model's 0/1 label over its relation, as `leadlens fit` defines it (lib/model/split.ts):
 * won = 1; lost/disqualified = 0; open leads = 0 once older than the maturity window; leads
 * created within the window are left out (NULL).
 */
function labelSql(model: ModelArtifact): string {
  return modelLabelSql(model.training_window.as_of, model.training_window.maturity_days);
}

/**
 * The leads a model learns from and is judged on, as a relation: the model's relation with `y`
 * (its 0/1 label) for every lead whose outcome counts (see {@link labelSql}).
 */
export function labelRelation(model: ModelArtifact): string {
  return `(SELECT *, y AS converted FROM (SELECT *, ${labelSql(model)} AS y FROM ${modelRelation(model)}) lab WHERE y IS NOT NULL AND at_moment) labelled`;
}

function encodingOf(model: ModelArtifact): Encoding {
  return {
    attributes: model.attributes.map(
      (a) =>
        ({
          ...a,
          informationValue: a.information_value,
          levels: a.levels.map((l) => ({ ...l, conversions: l.conversions })),
        }) as unknown as EncodedAttribute,
    ),
    options: {
      minLevelCount: model.encoding.min_level_count,
      minLevelShare: model.encoding.min_level_share,
      bins: model.encoding.bins,
      activityHalfLifeDays: model.encoding.activity_half_life_days,
    },
  };
}

/**
 * Scores the model's held-out leads with the rubric and with the model, so both are judged on
 * the same leads the model never trained on:
 * - out-of-time models: the test window (`training_window.test_from` … `test_to`), scored with
 *   the artifact's own points (its model was fitted on older leads only);
 * - k-fold models: the same stratified folds as `fit`; each fold is scored by a model refitted
 *   without it (same encoding, same penalty C, same points scaling).
 * Aggregation runs in DuckDB (one row per fold × pattern × rubric points × outcome).
 */
export async function heldOutPairs(
  conn: DuckDBConnection,
  model: ModelArtifact,
  rubric: Rubric,
): Promise<HeldOutPairs> {
  const k = model.attributes.length;
  const folds = Number(model.spec.folds ?? 5);
  const validation = model.metrics.validation;
  const w = model.training_window;
  const columns = modelColumns(model);
  const enc = model.attributes.map((_, j) => `${encodeSql(encodingOf(model).attributes[j])} AS e${j}`);
  let partSql: string;
  let where = "TRUE";
  if (validation === "out_of_time") {
    if (!w.test_from || !w.test_to)
      throw new UserError(
        `model ${model.model_id}: out-of-time validation without a test window in training_window; refit with \`leadlens fit\`.`,
      );
    partSql = "0";
    where = `created_at >= CAST(${literal(w.test_from)} AS TIMESTAMP) AND created_at <= CAST(${literal(w.test_to)} AS TIMESTAMP)`;
  } else {
    partSql = foldSql("y", folds, "outer");
  }
  const sql = `WITH lab AS (SELECT *, ${labelSql(model)} AS y FROM ${modelRelation(model)}),
elig AS (SELECT *, ${partSql} AS part FROM lab WHERE y IS NOT NULL AND at_moment)
SELECT part, ${model.attributes
    .map((_, j) => `e${j}`)
    .concat(["r", "y"])
    .join(", ")}, COUNT(*) AS w FROM (
  SELECT part, ${[...enc, `${rubricScoreSql(rubric, columns)} AS r`, "y"].join(", ")} FROM elig WHERE ${where}
) t GROUP BY ALL ORDER BY ALL`;
  const reader = await conn.runAndReadAll(sql);
  const cols = reader.getColumnsJS() as unknown as unknown[][];
  const rows = reader.currentRowCount;
  if (rows === 0)
    throw new UserError(
      `model ${model.model_id}: no held-out leads with a known outcome in this database; compare on the database the model was fitted on.`,
    );
  const num = (c: number) => Float64Array.from(cols[c] as Array<number | bigint>, Number);
  const part = Int32Array.from(num(0));
  const codes = Array.from({ length: k }, (_, j) => Int32Array.from(num(1 + j)));
  const r = num(1 + k);
  const y = num(2 + k);
  const weight = num(3 + k);
  const out = { total: new Float64Array(rows), fit: new Float64Array(rows), intent: new Float64Array(rows) };
  const notes: string[] = [];
  if (validation === "out_of_time") {
    for (let i = 0; i < rows; i++) addPoints(model.attributes, model.points.base, codes, i, out);
  } else {
    refitPerFold(model, { rows, codes, part, leads: weight, y }, folds, out);
    notes.push(
      `k-fold: each lead is scored by a model refitted without its fold at the fitted penalty C = ${model.penalty.C} with the fitted levels and bins (chosen once on all leads, a small optimism).`,
    );
  }
  const heldOut =
    validation === "out_of_time"
      ? `the model's test window: leads created ${w.test_from} … ${w.test_to}, fitted on older leads`
      : `${folds}-fold cross-fitting over every lead with a known outcome`;
  return {
    validation,
    held_out: heldOut,
    y,
    rubric: r,
    model: out.total,
    fit: out.fit,
    intent: out.intent,
    weight,
    notes,
  };
}

type PointsOut = { total: Float64Array; fit: Float64Array; intent: Float64Array };

function addPoints(
  attributes: Array<{ role: string; levels: Array<{ points: number }> }>,
  base: number,
  codes: Int32Array[],
  i: number,
  out: PointsOut,
): void {
  let total = base;
  let fit = 0;
  let intent = 0;
  attributes.forEach((a, j) => {
    const p = a.levels[codes[j][i]].points;
    total += p;
    if (onAxis(a.role, "fit")) fit += p;
    else if (onAxis(a.role, "intent")) intent += p;
  });
  out.total[i] = total;
  out.fit[i] = fit;
  out.intent[i] = intent;
}

function refitPerFold(
  model: ModelArtifact,
  d: { rows: number; codes: Int32Array[]; part: Int32Array; leads: Float64Array; y: Float64Array },
  folds: number,
  out: PointsOut,
): void {
  const encoding = encodingOf(model);
  const P: Patterns = {
    rows: d.rows,
    codes: d.codes,
    part: d.part,
    fold: d.part,
    leads: d.leads,
    conversions: d.leads.map((w, i) => w * d.y[i]),
    fingerprint: "",
  };
  const design = patternDesign(encoding, P);
  const map = columnMap(encoding);
  const p = model.points;
  for (let f = 0; f < folds; f++) {
    const weights = Float64Array.from(d.part, (x) => (x === f ? 0 : 1));
    const fit = fitLogistic(design, { y: P.conversions, trials: P.leads, weights, C: model.penalty.C });
    const card = scorecard(
      {
        intercept: fit.coef[0],
        attributes: model.attributes.map((a, j) => ({
          name: a.name,
          role: a.role,
          levels: a.levels.map((l, i) => ({
            level: l.level,
            condition: l.condition,
            coef: map[j][i] < 0 ? 0 : fit.coef[1 + map[j][i]],
            n: l.leads,
          })),
        })),
      },
      { baseScore: p.base_score, baseOdds: p.base_odds, pdo: p.pdo, anchor: p.anchor },
    );
    for (let i = 0; i < d.rows; i++) if (d.part[i] === f) addPoints(card.attributes, card.base, d.codes, i, out);
  }
}
