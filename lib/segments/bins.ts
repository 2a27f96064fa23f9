import type { DuckDBConnection } from "@duckdb/node-api";
import { one, ident } from "../store/index.ts";
import { conditionToSql, formatCondition, type Condition } from "../scorecard/index.ts";
import { createdFilter } from "../funnel/leadStages.ts";

/** Label of the segment of leads with no value. */
export const MISSING_LABEL = "(missing)";

/**
 * Right-closed bins between sorted distinct cut points: (−∞, c₁], (c₁, c₂], …, (c_k, ∞).
 *
 * @example
 * binsFromCuts([2, 5]) // → [{ kind: "range", max: 2, … }, { kind: "range", min: 2, max: 5, … }, { kind: "range", min: 5, … }]
 */
export function binsFromCuts(cuts: number[]): Condition[] {
  const c = [...new Set(cuts.filter(Number.isFinite))].sort((a, b) => a - b);
  if (c.length === 0) return [{ kind: "range", minInclusive: false, maxInclusive: false }];
  const bins: Condition[] = [{ kind: "range", max: c[0], minInclusive: false, maxInclusive: true }];
  for (let i = 1; i < c.length; i++)
    bins.push({ kind: "range", min: c[i - 1], max: c[i], minInclusive: false, maxInclusive: true });
  bins.push({ kind: "range", min: c[c.length - 1], minInclusive: false, maxInclusive: false });
  return bins;
}

/**
 * Quantile cut points of a numeric lead attribute (observed values, DuckDB quantile_disc), e.g.
 * quintiles for `groups` = 5. The top cut is dropped when it equals the maximum, so no bin is empty by construction.
 */
export async function quantileCuts(
  conn: DuckDBConnection,
  column: string,
  groups = 5,
  range: { from?: string; to?: string } = {},
): Promise<number[]> {
  const probs = Array.from({ length: groups - 1 }, (_, i) => (i + 1) / groups);
  const row = await one<{ q: number[] | null; mx: number | null }>(
    conn,
    `SELECT quantile_disc(${ident(column)}::DOUBLE, [${probs.join(", ")}]) AS q, max(${ident(column)}::DOUBLE) AS mx
     FROM leads l ${createdFilter(range.from, range.to)}${range.from || range.to ? " AND" : " WHERE"} NOT isnan(${ident(column)}::DOUBLE)`,
  );
  return [...new Set((row?.q ?? []).filter((x) => x !== row?.mx))];
}

/**
 * A SQL CASE giving each lead's segment label: the label of the first bin that covers its value,
 * the missing label for no value. Bins use the scorecard's condition language, so the labels read
 * like the scorecard ("(2, 5]", "≥ 20", "= email").
 */
export function binCaseSql(columnSql: string, bins: Condition[]): string {
  const whens = bins
    .filter((b) => b.kind !== "missing")
    .map(
      (b) =>
        `WHEN ${conditionToSql(columnSql, b, { otherOf: bins })} THEN '${formatCondition(b).replaceAll("'", "''")}'`,
    );
  return `CASE WHEN ${conditionToSql(columnSql, { kind: "missing" })} THEN '${MISSING_LABEL}' ${whens.join(" ")} ELSE 'other' END`;
}

/** A SQL expression labelling a categorical value (trimmed text), missing as its own segment. */
export function categoricalSql(columnSql: string): string {
  return `CASE WHEN ${conditionToSql(columnSql, { kind: "missing" })} THEN '${MISSING_LABEL}' ELSE trim(CAST(${columnSql} AS VARCHAR)) END`;
}
