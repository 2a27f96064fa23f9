/**
 * The fit × intent grade: fit A–D (A best) and intent 1–4 (1 best), each cut at the quartiles of
 * the training leads' points on that axis.
 */

/** Quartile cuts of one axis: [q25, q50, q75], ascending. */
export type AxisCuts = [number, number, number];

/** Cuts for both axes, computed once on the training leads and stored in the model artifact. */
export interface GradeCuts {
  fit: AxisCuts;
  intent: AxisCuts;
}

/** How a grade cell reads: excellent = fit and intent, good = one of them, bad = neither. */
export type GradeReading = "excellent" | "good" | "bad";

/** Fit letters, best first. */
export const FIT_GRADES = ["A", "B", "C", "D"] as const;
/** Intent digits, best first. */
export const INTENT_GRADES = ["1", "2", "3", "4"] as const;

/**
 * The cut for share `p`: among the distinct totals x, the one whose weight strictly below x is
 * closest to p of the total (ties → the smaller x). Every cut is a points total a lead can
 * actually have, so a grade reads "fit points ≥ 45"; with distinct totals exactly a quarter of
 * the leads fall in each grade; with ties the grades are as close to quarters as the ties allow,
 * and the top grade is never empty.
 */
function cutAt(sorted: Array<[number, number]>, total: number, p: number): number {
  let below = 0;
  let best = sorted[0][0];
  let bestGap = Infinity;
  for (let i = 0; i < sorted.length; ) {
    const x = sorted[i][0];
    const gap = Math.abs(below / total - p);
    if (gap < bestGap - 1e-12) {
      best = x;
      bestGap = gap;
    }
    while (i < sorted.length && sorted[i][0] === x) below += sorted[i++][1];
  }
  return best;
}

function axisCuts(points: number[], weights: number[] | undefined, axis: string): AxisCuts {
  const pairs: Array<[number, number]> = points.map((x, i) => [x, weights ? weights[i] : 1]);
  const kept = pairs.filter(([x, w]) => Number.isFinite(x) && w > 0).sort((a, b) => a[0] - b[0]);
  if (kept.length === 0) throw new Error(`gradeCuts: no ${axis} points with positive weight`);
  const total = kept.reduce((s, [, w]) => s + w, 0);
  return [0.25, 0.5, 0.75].map((p) => cutAt(kept, total, p)) as AxisCuts;
}

/**
 * Quartile cuts of the training leads' fit points and intent points (see the rule below). Pass `weights` when each
 * entry stands for several leads (rows aggregated by pattern).
 *
 * With few distinct totals, cuts can coincide and some grades stay empty: the grade then says
 * honestly that the axis cannot separate those leads.
 *
 * @example
 * gradeCuts([0, 10, 20, 30, 40, 50, 60, 70], [5, 5, 5, 5, 9, 9, 9, 9])
 * // → { fit: [20, 40, 60], intent: [5, 9, 9] }
 */
export function gradeCuts(fitPoints: number[], intentPoints: number[], weights?: number[]): GradeCuts {
  if (fitPoints.length !== intentPoints.length || (weights && weights.length !== fitPoints.length)) {
    throw new Error("gradeCuts: fitPoints, intentPoints (and weights) must have the same length");
  }
  return { fit: axisCuts(fitPoints, weights, "fit"), intent: axisCuts(intentPoints, weights, "intent") };
}

/** The fit letter: A when points ≥ q75, B when ≥ q50, C when ≥ q25, else D. */
export function fitGrade(points: number, cuts: AxisCuts): (typeof FIT_GRADES)[number] {
  return points >= cuts[2] ? "A" : points >= cuts[1] ? "B" : points >= cuts[0] ? "C" : "D";
}

/** The intent digit: 1 when points ≥ q75, 2 when ≥ q50, 3 when ≥ q25, else 4. */
export function intentGrade(points: number, cuts: AxisCuts): (typeof INTENT_GRADES)[number] {
  return points >= cuts[2] ? "1" : points >= cuts[1] ? "2" : points >= cuts[0] ? "3" : "4";
}

/**
 * A lead's grade, e.g. "B1".
 *
 * @example
 * grade(45, 9, { fit: [20, 40, 60], intent: [5, 9, 9] }) // → "B1"
 */
export function grade(fitPoints: number, intentPoints: number, cuts: GradeCuts): string {
  return fitGrade(fitPoints, cuts.fit) + intentGrade(intentPoints, cuts.intent);
}

/**
 * How a grade reads. Fit is "there" for A or B (upper half of training leads), intent for 1 or 2:
 * excellent = both, good = exactly one (nurture: intent without fit, or fit at the wrong time),
 * bad = neither.
 *
 * @example
 * gradeReading("A2") // → "excellent"
 * gradeReading("C1") // → "good"
 * gradeReading("D3") // → "bad"
 */
export function gradeReading(g: string): GradeReading {
  const fit = g[0] === "A" || g[0] === "B";
  const intent = g[1] === "1" || g[1] === "2";
  return fit && intent ? "excellent" : fit || intent ? "good" : "bad";
}

function axisSql(sql: string, cuts: AxisCuts, labels: readonly string[]): string {
  // Cuts are integers in practice; String() keeps any double exact.
  return `CASE WHEN (${sql}) >= ${cuts[2]} THEN '${labels[0]}' WHEN (${sql}) >= ${cuts[1]} THEN '${labels[1]}' WHEN (${sql}) >= ${cuts[0]} THEN '${labels[2]}' ELSE '${labels[3]}' END`;
}

/**
 * The grade as a SQL expression (DuckDB and PostgreSQL) over two point expressions, e.g. the
 * output of `axisPointsSql` from lib/scorecard. Same rule as {@link grade}.
 *
 * @example
 * gradeSql("fit_points", "intent_points", { fit: [10, 30, 50], intent: [5, 5, 9] })
 * // → "(CASE WHEN (fit_points) >= 50 THEN 'A' … END || CASE WHEN (intent_points) >= 9 THEN '1' … END)"
 */
export function gradeSql(fitSql: string, intentSql: string, cuts: GradeCuts): string {
  for (const c of [...cuts.fit, ...cuts.intent]) {
    if (!Number.isFinite(c)) throw new Error(`gradeSql: cut ${c} is not a finite number`);
  }
  return `(${axisSql(fitSql, cuts.fit, FIT_GRADES)} || ${axisSql(intentSql, cuts.intent, INTENT_GRADES)})`;
}

/** The reading of a grade column as SQL: 'excellent', 'good' or 'bad'. */
export function gradeReadingSql(gradeSqlExpr: string): string {
  const fit = `SUBSTRING(${gradeSqlExpr}, 1, 1) IN ('A', 'B')`;
  const intent = `SUBSTRING(${gradeSqlExpr}, 2, 1) IN ('1', '2')`;
  return `CASE WHEN ${fit} AND ${intent} THEN 'excellent' WHEN ${fit} OR ${intent} THEN 'good' ELSE 'bad' END`;
}
