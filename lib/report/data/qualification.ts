import type { PageContext } from "./store.ts";
import { hasRows } from "./store.ts";
import { latestModel } from "./model.ts";
import { absent, part } from "./part.ts";
import { all } from "../../store/index.ts";
import { rulesReport } from "./rubric.ts";
import { suppressPartition } from "../suppress.ts";
import * as qualify from "../../qualify/index.ts";

/**
 * The Qualification page: the fit × intent grade matrix of the newest model (lib/qualify
 * gradeMatrixFromCounts over the scored leads' grades; held-out leads when the model was validated
 * out of time), its three readings, and conversion above candidate MQL thresholds. Grade cells with
 * fewer than k leads are blanked.
 */
export async function qualificationData({ conn, minCell, rules }: PageContext) {
  const m: any = await latestModel(conn);
  if (!m)
    return {
      min_cell: minCell,
      report: absent("Qualification grades need a fitted scoring model: run `leadlens fit` and `leadlens score`."),
    };
  if (!(await hasRows(conn, "scores")))
    return {
      min_cell: minCell,
      report: absent("The leads have not been scored yet: run `leadlens score` to see grades and thresholds."),
    };
  return {
    min_cell: minCell,
    report: await part("qualification", async () => {
      const w = m.training_window;
      const held =
        m.metrics.validation === "out_of_time" && w.test_from
          ? `l.created_at >= CAST('${w.test_from}' AS TIMESTAMP) AND l.created_at <= CAST('${w.test_to}' AS TIMESTAMP)`
          : "TRUE";
      // Outcomes are aggregated only for the held-out leads (the only ones the bands count), not for all.
      const onlyHeld = held === "TRUE" ? "" : ` WHERE lead_id IN (SELECT lead_id FROM leads l WHERE ${held})`;
      const base = `FROM scores s JOIN leads l USING (lead_id) LEFT JOIN (SELECT lead_id, max(outcome) AS outcome FROM outcomes${onlyHeld} GROUP BY lead_id) o USING (lead_id)
        WHERE s.model_id = $1 AND ${held}`;
      // Grades on the model's held-out leads, as `leadlens analyze qualify` reports them.
      const report = await qualify.qualifyReport(conn, { model: m });
      if (!report.grades) throw new Error("the qualify report has no grade matrix for this model");
      const matrix = report.grades;
      // Grade cells and readings each partition the held-out leads (whose number is published): complementary suppression.
      const shownCells = new Set(
        suppressPartition(matrix.cells as any[], { minCell, count: "leads", measures: ["converted"] }).rows,
      );
      const cells = matrix.cells.map((c: any) =>
        shownCells.has(c)
          ? {
              grade: c.grade,
              fit: c.fit,
              intent: c.intent,
              reading: c.reading,
              n: c.leads,
              converted: c.converted,
              rate: c.rate,
              ci_low: c.low,
              ci_high: c.high,
            }
          : {
              grade: c.grade,
              fit: c.fit,
              intent: c.intent,
              reading: c.reading,
              n: null,
              converted: null,
              rate: null,
              ci_low: null,
              ci_high: null,
            },
      );
      const readings = suppressPartition(matrix.readings as any[], {
        minCell,
        count: "leads",
        measures: ["converted"],
      }).rows.map((r: any) => ({
        reading: r.reading,
        n: r.leads,
        converted: r.converted,
        rate: r.rate,
        ci_low: r.low,
        ci_high: r.high,
        share_of_leads: r.share_of_leads,
        share_of_conversions: r.share_of_conversions,
      }));
      const bands = await all<{ points: number; leads: number; converted: number }>(
        conn,
        `SELECT s.points, count(*)::BIGINT AS leads, count(*) FILTER (WHERE o.outcome = 'won')::BIGINT AS converted ${base} GROUP BY 1 ORDER BY 1`,
        [m.model_id],
      );
      const disqualification = rules
        ? await part("disqualification rules", () => rulesReport(conn, m, rules, minCell))
        : absent(
            "No disqualification rules were given for this report. Build it with `--rules rules.yml` (the format `leadlens analyze qualify --rules` reads) to see the leads each rule removes and the converters it would lose.",
          );
      return {
        disqualification,
        threshold_leads: held === "TRUE" ? "(all leads)" : "in the model's held-out window",
        held_out: report.grades.held_out,
        cuts: m.grade_cuts,
        notes: report.notes ?? [],
        cells,
        readings,
        thresholds: thresholdOptions(bands, qualify.rate, minCell),
      };
    }),
  };
}

/**
 * Conversion and volume at or above candidate thresholds (points quintiles), each with its interval.
 * Two published thresholds differ by the leads between them, and the total (n / share of leads)
 * minus the lowest gives the leads below it: each such band must hold k leads too, or the threshold
 * that makes it is not published.
 */
export function thresholdOptions(
  bands: { points: number; leads: number; converted: number }[],
  rate: (x: number, n: number) => any,
  minCell: number,
) {
  const total = bands.reduce((s, b) => s + b.leads, 0);
  const totalConv = bands.reduce((s, b) => s + b.converted, 0);
  const candidates = new Set<number>();
  let acc = 0;
  for (const b of [...bands].reverse()) {
    acc += b.leads;
    for (const share of [0.1, 0.2, 0.3, 0.5, 0.7])
      if (acc - b.leads < share * total && acc >= share * total) candidates.add(b.points);
  }
  const options = [...candidates]
    .sort((a, b) => b - a)
    .map((t) => {
      const above = bands.filter((b) => b.points >= t);
      const n = above.reduce((s, b) => s + b.leads, 0);
      const x = above.reduce((s, b) => s + b.converted, 0);
      const r = rate(x, n);
      return n >= minCell
        ? {
            threshold: t,
            n,
            converted: x,
            share_of_leads: n / total,
            share_of_conversions: totalConv ? x / totalConv : null,
            rate: r.rate,
            ci_low: r.low,
            ci_high: r.high,
          }
        : null;
    })
    .filter((o) => o !== null);
  const kept: typeof options = [];
  for (const o of options) if (o.n - (kept.at(-1)?.n ?? 0) >= minCell) kept.push(o);
  while (kept.length && total - kept.at(-1)!.n > 0 && total - kept.at(-1)!.n < minCell) kept.pop();
  return kept;
}
