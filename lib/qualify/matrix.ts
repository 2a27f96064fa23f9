import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/query.ts";
import { FIT_GRADES, INTENT_GRADES, gradeReading, gradeSql, type GradeCuts, type GradeReading } from "./grade.ts";
import { rate, type Rate } from "./rate.ts";
import { resolveSource, type LeadSource } from "./relation.ts";

/** One cell of the grade matrix. */
export interface GradeCell extends Rate {
  grade: string;
  fit: string;
  intent: string;
  reading: GradeReading;
}

/** The grade matrix: 16 cells (A1 … D4) and the three readings, each with n and interval. */
export interface GradeMatrix {
  cuts: GradeCuts;
  cells: GradeCell[];
  readings: Array<Rate & { reading: GradeReading; share_of_leads: number; share_of_conversions: number }>;
}

/**
 * Builds the matrix from counts per grade (grades absent from `counts` have 0 leads).
 *
 * @example
 * gradeMatrixFromCounts([{ grade: "A1", leads: 50, converted: 30 }, { grade: "D4", leads: 80, converted: 2 }], cuts)
 * // → { cells: [{ grade: "A1", fit: "A", intent: "1", reading: "excellent", leads: 50, converted: 30, rate: 0.6, low: 0.46, high: 0.72 }, …], readings: […] }
 */
export function gradeMatrixFromCounts(
  counts: Array<{ grade: string; leads: number; converted: number }>,
  cuts: GradeCuts,
): GradeMatrix {
  const by = new Map(counts.map((c) => [c.grade, c]));
  const cells: GradeCell[] = [];
  for (const fit of FIT_GRADES) {
    for (const intent of INTENT_GRADES) {
      const grade = fit + intent;
      const c = by.get(grade) ?? { leads: 0, converted: 0 };
      cells.push({ grade, fit, intent, reading: gradeReading(grade), ...rate(c.converted, c.leads) });
    }
  }
  const totalLeads = cells.reduce((s, c) => s + c.leads, 0);
  const totalConv = cells.reduce((s, c) => s + c.converted, 0);
  const readings = (["excellent", "good", "bad"] as const).map((reading) => {
    const inR = cells.filter((c) => c.reading === reading);
    const leads = inR.reduce((s, c) => s + c.leads, 0);
    const converted = inR.reduce((s, c) => s + c.converted, 0);
    return {
      reading,
      ...rate(converted, leads),
      share_of_leads: leads / totalLeads,
      share_of_conversions: converted / totalConv,
    };
  });
  return { cuts, cells, readings };
}

/**
 * Conversion per grade cell in SQL over the given leads (e.g. the model's held-out leads):
 * `fitSql` / `intentSql` are the axis points expressions (axisPointsSql from lib/scorecard).
 */
export async function gradeMatrix(
  conn: DuckDBConnection,
  o: { fitSql: string; intentSql: string; cuts: GradeCuts; source?: LeadSource },
): Promise<GradeMatrix> {
  const s = resolveSource(o.source);
  const rows = await all<{ grade: string; leads: number; converted: number }>(
    conn,
    `SELECT grade, COUNT(*) AS leads, SUM(y) AS converted FROM (SELECT ${gradeSql(o.fitSql, o.intentSql, o.cuts)} AS grade, ${s.converted} AS y FROM ${s.relation} WHERE ${s.where}) g GROUP BY grade`,
  );
  return gradeMatrixFromCounts(
    rows.map((r) => ({ grade: r.grade, leads: Number(r.leads), converted: Number(r.converted ?? 0) })),
    o.cuts,
  );
}
