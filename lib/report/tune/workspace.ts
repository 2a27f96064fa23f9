import type { DuckDBConnection } from "@duckdb/node-api";
import { basename } from "node:path";
import { UserError } from "../../errors/UserError.ts";
import { encodeSql } from "../../features/sql.ts";
import type { EncodedAttribute } from "../../features/types.ts";
import type { ModelArtifact } from "../../model/artifact.ts";
import { labelSql } from "../../model/split.ts";
import { modelColumns, modelRelation } from "../../scorecard/fromModel.ts";
import { rubricScoreSql } from "../../scorecard/score.ts";
import type { Rubric } from "../../scorecard/types.ts";
import { literal } from "../../store/query.ts";
import { sliderReach } from "../data/tune.ts";
import type { WorkspaceData } from "./workspaceStats.ts";

/**
 * The leads the workspace judges points on, as a SQL condition: the test window of an out-of-time
 * model (leads its points never saw), every labelled lead of a k-fold model (in-sample: its points
 * were fitted on all of them).
 */
function judgedWhere(model: ModelArtifact): string {
  const w = model.training_window;
  if (model.metrics.validation !== "out_of_time") return "TRUE";
  if (!w.test_from || !w.test_to)
    throw new UserError(
      `model ${model.model_id}: out-of-time validation without a test window in training_window; refit with \`leadlens fit\`.`,
    );
  return `created_at >= CAST(${literal(w.test_from)} AS TIMESTAMP) AND created_at <= CAST(${literal(w.test_to)} AS TIMESTAMP)`;
}

/**
 * Reads the workspace data from the local store: every input of the model with its levels and
 * fitted points, and every judged lead (label as `leadlens fit` defines it) as a pattern of level
 * codes, outcome and lead count (DuckDB GROUP BY; no small-cell threshold: the data never leaves
 * this machine). With a rubric, each pattern also carries the rubric's points (lib/scorecard SQL).
 */
export async function workspaceData(
  conn: DuckDBConnection,
  model: ModelArtifact,
  rubric?: { file: string; rubric: Rubric },
): Promise<WorkspaceData> {
  const w = model.training_window;
  const k = model.attributes.length;
  const enc = model.attributes.map(
    (a, j) =>
      `CAST(${encodeSql({ ...a, informationValue: a.information_value } as unknown as EncodedAttribute)} AS INTEGER) AS e${j}`,
  );
  if (rubric) enc.push(`CAST(${rubricScoreSql(rubric.rubric, modelColumns(model))} AS DOUBLE) AS r`);
  const judged = `SELECT * FROM (SELECT *, ${labelSql(w.as_of, w.maturity_days)} AS y FROM ${modelRelation(model)}) lab WHERE y IS NOT NULL AND at_moment AND ${judgedWhere(model)}`;
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE workspace_leads AS SELECT ${enc.join(", ")}, CAST(y AS INTEGER) AS y, created_at FROM (${judged})`,
  );
  const reader = await conn.runAndReadAll(
    `SELECT * EXCLUDE (created_at), count(*)::BIGINT AS n FROM workspace_leads GROUP BY ALL ORDER BY ALL`,
  );
  const cols = reader.getColumnsJS() as unknown as Array<Array<number | bigint>>;
  if (reader.currentRowCount === 0)
    throw new UserError(
      `model ${model.model_id}: no ${model.metrics.validation === "out_of_time" ? "held-out " : ""}leads with a known outcome in this database; run \`leadlens tune\` on the database the model was fitted on.`,
    );
  const num = (c: number) => Array.from(cols[c], Number);
  const span = (
    await conn.runAndReadAll(
      `SELECT date_diff('day', min(created_at), max(created_at)) + 1 AS days FROM workspace_leads`,
    )
  ).getRowObjectsJS()[0] as { days: number | bigint | null };
  const attributes = model.attributes.map((a) => ({
    name: a.name,
    role: a.role,
    levels: a.levels.map((l) => ({ level: l.level, condition: l.condition, points: l.points })),
    other_as: a.levels.some((l) => l.condition.kind === "other") ? null : a.reference,
  }));
  const probability = [...model.points_table].sort((a, b) => a.points - b.points);
  const y = num(k + (rubric ? 1 : 0));
  const leads = num(k + (rubric ? 2 : 1));
  const rate = y.reduce((s, v, i) => s + v * leads[i], 0) / leads.reduce((s, n) => s + n, 0);
  const reach = sliderReach(attributes);
  const mql = firstAt(probability, rate) ?? model.points.base;
  const sql = firstAt(probability, 2 * rate) ?? model.points.max;
  return {
    model_id: model.model_id,
    validation: model.metrics.validation,
    scope: model.metrics.validation === "out_of_time" ? "held-out" : "in-sample",
    leads_text:
      model.metrics.validation === "out_of_time"
        ? `held-out leads: the model's test window, leads created ${w.test_from} … ${w.test_to}, which the fitted points never saw`
        : "in-sample leads: every lead with a known outcome (k-fold model), which the fitted points were learned on",
    weeks: span.days === null ? null : Number(span.days) / 7,
    base: model.points.base,
    attributes,
    patterns: { codes: Array.from({ length: k }, (_, j) => num(j)), y, leads, ...(rubric ? { rubric: num(k) } : {}) },
    probability,
    ...(rubric ? { rubric: { file: basename(rubric.file) } } : {}),
    mql,
    sql: Math.max(sql, mql),
    reach,
    threshold_range: [Math.min(model.points.min, mql) - reach, Math.max(model.points.max, sql) + reach],
  };
}

/** The lowest points total whose calibrated probability reaches `rate` (a starting threshold). */
function firstAt(table: WorkspaceData["probability"], rate: number): number | undefined {
  return table.find((r) => r.probability >= rate)?.points;
}
