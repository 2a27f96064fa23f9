import type { DuckDBConnection } from "@duckdb/node-api";
import type { ModelArtifact } from "../model/artifact.ts";
import { heldOutPairs, labelRelation, type HeldOutPairs } from "../scorecard/heldOut.ts";
import { modelColumns, modelRelation, modelScorecard } from "../scorecard/fromModel.ts";
import { rubricScoreSql, onAxis } from "../scorecard/score.ts";
import { atThreshold } from "../scorecard/gains.ts";
import { grade } from "./grade.ts";
import { gradeMatrixFromCounts, type GradeMatrix } from "./matrix.ts";
import { rate, type Rate } from "./rate.ts";
import { evaluateRules, type DisqualificationRule, type RulesReport } from "./rules.ts";
import { frameworkReport, type Framework, type CriterionReport } from "./frameworks.ts";
import { recentVolumes, thresholdByCapacity, thresholdByValue, type Threshold } from "./thresholds.ts";
import type { KnownAttribute } from "../scorecard/read.ts";

/** Options for {@link qualifyReport}. */
export interface QualifyOptions {
  /** The fitted model (grades and thresholds need one). */
  model?: ModelArtifact;
  rules?: DisqualificationRule[];
  /** Attributes of the store (roles flag post_outcome rules). */
  known?: KnownAttribute[];
  framework?: Framework;
  /** Sales capacity in leads per week: sets the SQL threshold. */
  capacity?: number;
  /** Marketing hand-over capacity in leads per week: sets the MQL threshold (else expected value does). */
  mqlCapacity?: number;
  /** Deal value and contact cost: the MQL threshold where value × probability − cost > 0, and expected value everywhere. */
  dealValue?: number;
  contactCost?: number;
  /** Recent period for weekly volumes, in weeks. Default 12. */
  weeks?: number;
  /** Leads without dates: how many weeks the data holds. */
  dataWeeks?: number;
}

/** A threshold with what it did on the model's held-out leads. */
export type ThresholdReport = Threshold & { name: "MQL" | "SQL"; basis: string; held_out_observed: Rate | null };

/** Everything `leadlens analyze qualify` reports. */
export interface QualifyReport {
  model_id: string | null;
  axes: { fit: string[]; intent: string[] } | null;
  /** Grade matrix on the model's held-out leads. */
  grades: (GradeMatrix & { held_out: string }) | null;
  thresholds: {
    recent: { from: string | null; to: string | null; weeks: number; leads: number };
    mql: ThresholdReport | null;
    sql: ThresholdReport | null;
  } | null;
  rules: (RulesReport & { leads: string }) | null;
  framework: { framework: string; title: string; criteria: CriterionReport[] } | null;
  notes: string[];
}

function gradesFromPairs(model: ModelArtifact, pairs: HeldOutPairs): GradeMatrix {
  const counts = new Map<string, { grade: string; leads: number; converted: number }>();
  for (let i = 0; i < pairs.y.length; i++) {
    const g = grade(pairs.fit[i], pairs.intent[i], model.grade_cuts);
    const c = counts.get(g) ?? { grade: g, leads: 0, converted: 0 };
    c.leads += pairs.weight[i];
    c.converted += pairs.weight[i] * pairs.y[i];
    counts.set(g, c);
  }
  return gradeMatrixFromCounts([...counts.values()], model.grade_cuts);
}

function observed(pairs: HeldOutPairs, t: number | null): Rate | null {
  if (t === null) return null;
  const a = atThreshold({ score: pairs.model, y: pairs.y, weight: pairs.weight }, t);
  return rate(a.converted, a.leads);
}

async function thresholds(
  conn: DuckDBConnection,
  model: ModelArtifact,
  pairs: HeldOutPairs,
  o: QualifyOptions,
  notes: string[],
): Promise<QualifyReport["thresholds"]> {
  const wantsAny = o.capacity !== undefined || o.mqlCapacity !== undefined || o.dealValue !== undefined;
  if (!wantsAny) return null;
  const card = modelScorecard(model);
  const v = await recentVolumes(
    conn,
    { relation: modelRelation(model) },
    {
      pointsSql: rubricScoreSql(card, modelColumns(model)),
      probabilitySql: "0",
      weeks: o.weeks,
      dataWeeks: o.dataWeeks,
    },
  );
  // Scores use the model's calibrated points → probability table, so expected = leads × p(points).
  const p = new Map(model.points_table.map((r) => [r.points, r.probability]));
  const rows = v.rows.map((r) => ({ ...r, expected: r.leads * (p.get(r.points) ?? 0) }));
  const value = o.dealValue !== undefined ? { dealValue: o.dealValue, contactCost: o.contactCost ?? 0 } : {};
  const make = (name: "MQL" | "SQL", t: Threshold, basis: string): ThresholdReport => ({
    name,
    basis,
    ...t,
    held_out_observed: observed(pairs, t.threshold),
  });
  let mql: ThresholdReport | null = null;
  let sql: ThresholdReport | null = null;
  if (o.mqlCapacity !== undefined)
    mql = make(
      "MQL",
      thresholdByCapacity(rows, { weeks: v.weeks, capacity: o.mqlCapacity, ...value }),
      `marketing capacity ${o.mqlCapacity} leads/week`,
    );
  else if (o.dealValue !== undefined)
    mql = make(
      "MQL",
      thresholdByValue(rows, { weeks: v.weeks, dealValue: o.dealValue, contactCost: o.contactCost ?? 0 }),
      `expected value: deal value ${o.dealValue} × probability − contact cost ${o.contactCost ?? 0} > 0`,
    );
  if (o.capacity !== undefined)
    sql = make(
      "SQL",
      thresholdByCapacity(rows, { weeks: v.weeks, capacity: o.capacity, ...value }),
      `sales capacity ${o.capacity} leads/week`,
    );
  if (mql?.threshold != null && sql?.threshold != null && sql.threshold < mql.threshold) {
    notes.push(
      `The SQL threshold (${sql.threshold}) is below the MQL threshold (${mql.threshold}): sales could take more leads than are worth contacting; keep SQL at or above MQL.`,
    );
  }
  if (sql && sql.fits === false)
    notes.push(
      `Even the top points total brings more than ${o.capacity} leads a week: the SQL threshold is the top total and sales will still be over capacity.`,
    );
  return { recent: { from: v.from, to: v.to, weeks: v.weeks, leads: rows.reduce((s, r) => s + r.leads, 0) }, mql, sql };
}

/**
 * The qualification report: fit × intent grades with conversion per cell on the model's held-out
 * leads, MQL/SQL thresholds (capacity or expected value) over recent leads, disqualification
 * rules with their cost in converters, and a framework checklist against the data.
 */
export async function qualifyReport(conn: DuckDBConnection, o: QualifyOptions): Promise<QualifyReport> {
  const notes: string[] = [];
  const out: QualifyReport = {
    model_id: o.model?.model_id ?? null,
    axes: null,
    grades: null,
    thresholds: null,
    rules: null,
    framework: null,
    notes,
  };
  const m = o.model;
  if (m) {
    out.axes = {
      fit: m.attributes.filter((a) => onAxis(a.role, "fit")).map((a) => a.name),
      intent: m.attributes.filter((a) => onAxis(a.role, "intent")).map((a) => a.name),
    };
    for (const axis of ["fit", "intent"] as const) {
      if (out.axes[axis].length === 0)
        notes.push(
          `The model has no ${axis}.* attributes: every lead has 0 ${axis} points, so the ${axis} grade cannot separate leads (all ${axis === "fit" ? "A" : "1"}).`,
        );
    }
    const pairs = await heldOutPairs(conn, m, { base: 0, attributes: [] });
    out.grades = { held_out: pairs.held_out, ...gradesFromPairs(m, pairs) };
    notes.push(...pairs.notes);
    out.thresholds = await thresholds(conn, m, pairs, o, notes);
  } else if (o.capacity !== undefined || o.mqlCapacity !== undefined || o.dealValue !== undefined) {
    notes.push("Thresholds need a fitted model (points and calibrated probabilities): run `leadlens fit` first.");
  }
  if (o.rules) {
    const source = m ? { relation: labelRelation(m) } : {};
    out.rules = {
      leads: m
        ? "leads whose outcome counts for the model (won = converted; lost, disqualified and matured open leads = not)"
        : "every lead (won = converted; lost, disqualified and open = not)",
      ...(await evaluateRules(conn, o.rules, source, o.known)),
    };
    for (const r of out.rules.rules) {
      if (r.post_outcome.length)
        notes.push(
          `Rule "${r.name}" uses ${r.post_outcome.join(", ")}, recorded after the outcome: it cannot be applied when a lead arrives.`,
        );
    }
  }
  if (o.framework) {
    const f = await frameworkReport(conn, o.framework);
    const inputs = new Set(m?.attributes.map((a) => a.name) ?? []);
    if (m) for (const c of f.criteria) for (const a of c.attributes) a.in_model = inputs.has(a.name);
    out.framework = f;
  }
  return out;
}
