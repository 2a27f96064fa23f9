import type { DuckDBConnection } from "@duckdb/node-api";
import { all, one } from "../store/index.ts";
import { createdFilter } from "../funnel/leadStages.ts";
import type { LeadTimeCount } from "../rates/rate.ts";

/** Leads and conversions (won) of one segment. */
export interface SegmentCount {
  segment: string;
  n: number;
  converted: number;
}

/** SQL of every lead in range with its won flag (won = an outcome row with outcome 'won'). */
export function convertedLeadsSql(range: { from?: string; to?: string } = {}): string {
  return `SELECT l.*, coalesce(o.won, false) AS won FROM leads l
    LEFT JOIN (SELECT lead_id, bool_or(outcome = 'won') AS won FROM outcomes GROUP BY lead_id) o USING (lead_id)
    ${createdFilter(range.from, range.to)}`;
}

/**
 * Counts leads and conversions per segment, where `segmentSql` labels each lead (an expression
 * over lead columns, e.g. from binCaseSql or categoricalSql).
 *
 * @example
 * await segmentCounts(conn, categoricalSql('"channel"'))
 * // → [{ segment: "organic_search", n: 2296, converted: 271 }, …]
 */
export async function segmentCounts(
  conn: DuckDBConnection,
  segmentSql: string,
  range: { from?: string; to?: string } = {},
): Promise<SegmentCount[]> {
  return all<SegmentCount & Record<string, unknown>>(
    conn,
    `SELECT ${segmentSql} AS segment, count(*) AS n, count(*) FILTER (WHERE won) AS converted
     FROM (${convertedLeadsSql(range)}) GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
}

/**
 * A segment expression for {@link segmentCountsBatch}: SQL labelling each lead, either bare or with
 * the lead columns it reads (as written in the SQL, e.g. `"channel"`). With the columns, the label
 * is computed once per distinct value of those columns instead of once per lead.
 */
export type SegmentExpr = string | { sql: string; columns: string[] };

/**
 * Like {@link segmentCounts} for several segment expressions at once: one pass over the leads
 * (GROUPING SETS), one list of counts per expression, in the same order.
 *
 * When every expression names its columns, the pass counts leads per distinct value of those
 * columns and the labels are computed on those few rows, then summed per label. The counts are the
 * same (a label is a function of the columns), but the label CASEs (TRIM, casts, bin tests) run on
 * the distinct values, not on every lead: at 10M leads that is most of the cost of the Segments page.
 *
 * @example
 * await segmentCountsBatch(conn, [categoricalSql('"channel"'), categoricalSql('"industry"')])
 * // → [[{ segment: "organic_search", n: 2296, converted: 271 }, …], [{ segment: "software", … }, …]]
 * await segmentCountsBatch(conn, [{ sql: categoricalSql('"channel"'), columns: ['"channel"'] }]) // same counts
 */
export async function segmentCountsBatch(
  conn: DuckDBConnection,
  exprs: SegmentExpr[],
  range: { from?: string; to?: string } = {},
): Promise<SegmentCount[][]> {
  if (exprs.length === 0) return [];
  const sql = byDistinctValues(exprs)
    ? distinctValuesSql(exprs as ColumnExpr[], range, false)
    : perLeadSql(
        exprs.map((e) => (typeof e === "string" ? e : e.sql)),
        range,
      );
  return splitByExpression(await all<SegmentCount & { k: number } & Record<string, unknown>>(conn, sql), exprs.length);
}

/**
 * {@link segmentCountsBatch} plus the leads in range and how many converted, from the same pass
 * when every expression names its columns (an extra, empty grouping set), else from a count query.
 *
 * @example
 * await segmentCountsWithTotal(conn, [{ sql: categoricalSql('"channel"'), columns: ['"channel"'] }])
 * // → { total: { n: 8000, converted: 842 }, counts: [[{ segment: "organic_search", n: 2296, converted: 271 }, …]] }
 */
export async function segmentCountsWithTotal(
  conn: DuckDBConnection,
  exprs: SegmentExpr[],
  range: { from?: string; to?: string } = {},
): Promise<{ total: { n: number; converted: number }; counts: SegmentCount[][] }> {
  if (exprs.length === 0 || !byDistinctValues(exprs)) {
    const total = await one<{ n: number; converted: number }>(
      conn,
      `SELECT count(*) AS n, count(*) FILTER (WHERE won) AS converted FROM (${convertedLeadsSql(range)})`,
    );
    return {
      total: { n: total?.n ?? 0, converted: total?.converted ?? 0 },
      counts: await segmentCountsBatch(conn, exprs, range),
    };
  }
  const rows = await all<SegmentCount & { k: number } & Record<string, unknown>>(
    conn,
    distinctValuesSql(exprs as ColumnExpr[], range, true),
  );
  const total = rows.find((r) => r.k === -1);
  return {
    total: { n: total?.n ?? 0, converted: total?.converted ?? 0 },
    counts: splitByExpression(rows, exprs.length),
  };
}

type ColumnExpr = { sql: string; columns: string[] };

/**
 * True when every expression names its columns, there are few enough of them for GROUPING() to
 * tell the grouping sets apart (its bits must fit a double exactly), and none is named like a helper column.
 */
function byDistinctValues(exprs: SegmentExpr[]): boolean {
  const columns = new Set(exprs.flatMap((e) => (typeof e === "string" ? [] : e.columns)));
  // A column named like a helper column (`__seg_n`) would be read in its place: count per lead then.
  const clash = [...columns].some((c) => /^"?__seg_/i.test(c));
  return exprs.every((e) => typeof e !== "string" && e.columns.length > 0) && columns.size <= 50 && !clash;
}

function splitByExpression(rows: (SegmentCount & { k: number })[], count: number): SegmentCount[][] {
  return Array.from({ length: count }, (_, i) =>
    rows.filter((r) => r.k === i).map(({ segment, n, converted }) => ({ segment, n, converted })),
  );
}

/** Labels every lead, then counts per label (one grouping set per expression). */
function perLeadSql(exprs: string[], range: { from?: string; to?: string }): string {
  const cols = exprs.map((_, i) => `s${i}`);
  const which = cols.map((c, i) => `WHEN grouping(${c}) = 0 THEN ${i}`).join(" ");
  const value = cols.map((c) => `WHEN grouping(${c}) = 0 THEN ${c}`).join(" ");
  return `WITH x AS (SELECT won, ${exprs.map((e, i) => `${e} AS s${i}`).join(", ")} FROM (${convertedLeadsSql(range)}))
     SELECT CASE ${which} END AS k, CASE ${value} END AS segment, count(*) AS n, count(*) FILTER (WHERE won) AS converted
     FROM x GROUP BY GROUPING SETS (${cols.map((c) => `(${c})`).join(", ")})
     ORDER BY k, n DESC, segment`;
}

/**
 * Counts per distinct value of each expression's columns (one grouping set per distinct column
 * list), labels those rows, and sums per label. A grouping set is told apart by GROUPING() over
 * every column, so two expressions over the same columns share one set. The helper columns are
 * named `__seg_…` so that no attribute name (e.g. "n") can be mistaken for them in a label.
 */
function distinctValuesSql(
  exprs: ColumnExpr[],
  range: { from?: string; to?: string },
  withTotal: boolean,
  source: { relation: string; keys: string[] } = { relation: convertedLeadsSql(range), keys: [] },
): string {
  const all = [...new Set(exprs.flatMap((e) => e.columns))];
  const sets = [...new Set(exprs.map((e) => [...new Set(e.columns)].join(", ")))];
  // GROUPING(c1, …, cn): bit (n−1−j) is set when column j is not in the row's set.
  const gid = (set: string) => {
    const inSet = new Set(set.split(", "));
    return all.reduce((g, c, j) => (inSet.has(c) ? g : g + 2 ** (all.length - 1 - j)), 0);
  };
  // Extra keys (e.g. a lead's status and days) are carried through every grouping set.
  const keys = source.keys.map((k) => `, ${k}`).join("");
  const parts = exprs.map(
    (e, i) =>
      `SELECT ${i} AS k, ${e.sql} AS segment${keys}, __seg_n, __seg_converted FROM g WHERE __seg_gid = ${gid([...new Set(e.columns)].join(", "))}`,
  );
  // The empty grouping set: every lead in range, as k = -1.
  if (withTotal)
    parts.push(
      `SELECT -1 AS k, NULL AS segment${keys}, __seg_n, __seg_converted FROM g WHERE __seg_gid = ${2 ** all.length - 1}`,
    );
  const labelled = parts.join("\n     UNION ALL ");
  const grouped = [...sets.map((s) => `(${s}${keys})`), ...(withTotal ? [`(${source.keys.join(", ")})`] : [])];
  return `WITH g AS MATERIALIZED (
       SELECT GROUPING(${all.join(", ")}) AS __seg_gid, ${all.join(", ")}${keys}, count(*) AS __seg_n, count(*) FILTER (WHERE won) AS __seg_converted
       FROM (${source.relation}) GROUP BY GROUPING SETS (${grouped.join(", ")}))
     SELECT k, segment${keys}, sum(__seg_n)::BIGINT AS n, sum(__seg_converted)::BIGINT AS converted
     FROM (${labelled})
     GROUP BY k, segment${keys} ORDER BY k, n DESC, segment${keys}`;
}

/** One segment's leads counted by status and days, for a rate basis (lib/rates). */
export interface SegmentTimeCounts {
  segment: string;
  rows: LeadTimeCount[];
}

const TIME_KEYS = ["__seg_status", "__seg_days", "__seg_young"];

/**
 * Like {@link segmentCountsWithTotal}, but each segment's leads are counted by status (won, exit,
 * open), days and maturity: the counts every rate basis of lib/rates reads. `relation` is
 * lib/rates `leadTimesSql`. Segments come largest first; the total is every lead in range.
 *
 * @example
 * await segmentTimeCounts(conn, [{ sql: categoricalSql('"channel"'), columns: ['"channel"'] }], leadTimesSql({ asOf, basis }))
 * // → { total: [{ status: "won", days: 12, young: false, n: 3 }, …], counts: [[{ segment: "email", rows: […] }, …]] }
 */
export async function segmentTimeCounts(
  conn: DuckDBConnection,
  exprs: SegmentExpr[],
  relation: string,
): Promise<{ total: LeadTimeCount[]; counts: SegmentTimeCounts[][] }> {
  const cols = exprs.map((e) => (typeof e === "string" ? { sql: e, columns: [] } : e));
  const sql = byDistinctValues(exprs)
    ? distinctValuesSql(cols, {}, true, { relation, keys: TIME_KEYS })
    : perLeadTimeSql(
        cols.map((e) => e.sql),
        relation,
      );
  const rows = await all<{
    k: number;
    segment: string;
    __seg_status: string;
    __seg_days: number | null;
    __seg_young: boolean;
    n: number;
  }>(conn, sql);
  const toCount = (r: (typeof rows)[number]): LeadTimeCount => ({
    status: r.__seg_status as LeadTimeCount["status"],
    days: r.__seg_days === null ? null : Number(r.__seg_days),
    young: Boolean(r.__seg_young),
    n: Number(r.n),
  });
  const counts = Array.from({ length: exprs.length }, (_, k) => {
    const bySegment = new Map<string, LeadTimeCount[]>();
    for (const r of rows.filter((x) => Number(x.k) === k)) {
      const list = bySegment.get(r.segment) ?? [];
      list.push(toCount(r));
      bySegment.set(r.segment, list);
    }
    const total = (s: SegmentTimeCounts) => s.rows.reduce((a, r) => a + r.n, 0);
    return [...bySegment]
      .map(([segment, list]) => ({ segment, rows: list }))
      .sort((a, b) => total(b) - total(a) || (a.segment < b.segment ? -1 : 1));
  });
  return { total: rows.filter((r) => Number(r.k) === -1).map(toCount), counts };
}

function perLeadTimeSql(exprs: string[], relation: string): string {
  const cols = exprs.map((_, i) => `s${i}`);
  const keys = TIME_KEYS.join(", ");
  const which = cols.map((c, i) => `WHEN grouping(${c}) = 0 THEN ${i}`).join(" ");
  const value = cols.map((c) => `WHEN grouping(${c}) = 0 THEN ${c}`).join(" ");
  return `WITH x AS (SELECT ${keys}, ${exprs.map((e, i) => `${e} AS s${i}`).join(", ")} FROM (${relation}))
     SELECT CASE ${which} ELSE -1 END AS k, CASE ${value} END AS segment, ${keys}, count(*) AS n
     FROM x GROUP BY GROUPING SETS (${[...cols.map((c) => `(${c}, ${keys})`), `(${keys})`].join(", ")})`;
}
