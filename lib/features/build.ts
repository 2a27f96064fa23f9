import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../store/query.ts";
import { conditionToSql } from "../scorecard/condition.ts";
import type { EncodedAttribute, Encoding, EncodingOptions } from "./types.ts";
import type { InputSpec } from "./inputs.ts";
import { categoricalLevels } from "./levels.ts";
import { binConditions, monotoneEdges, numericLevels } from "./bins.ts";
import { informationValue } from "./iv.ts";
import { valueSql } from "./sql.ts";

/** Default encoding options. */
export const DEFAULT_ENCODING: EncodingOptions = {
  minLevelCount: 30,
  minLevelShare: 0.005,
  bins: 10,
  activityHalfLifeDays: 30,
};

/**
 * Encodes every input from the training leads: levels or bins with their counts, reference level and
 * information value. Aggregation runs in DuckDB (one GROUP BY per attribute).
 *
 * @param relation the leads relation (see `leadsRelation`), with `y` known for training leads.
 * @param trainWhere SQL condition selecting the training leads (with a non-NULL `won`).
 */
export async function buildEncoding(
  conn: DuckDBConnection,
  inputs: InputSpec[],
  relation: string,
  trainWhere: string,
  options: Partial<EncodingOptions> = {},
): Promise<Encoding> {
  const o = { ...DEFAULT_ENCODING, ...options };
  const attributes: EncodedAttribute[] = [];
  for (const input of inputs) {
    const col = valueSql(input);
    const base = { name: input.name, role: input.role, kind: input.kind, source: input.source };
    const { levels, reference } =
      input.kind === "numeric"
        ? input.edges
          ? await fixedBins(conn, col, relation, trainWhere, input.edges, input.closed ?? "right")
          : await numericEncoding(conn, col, relation, trainWhere, input.bins ?? o.bins, o.minLevelCount)
        : await categoricalEncoding(conn, col, relation, trainWhere, o);
    attributes.push({ ...base, levels, reference, informationValue: informationValue(levels) });
  }
  return { attributes, options: o };
}

async function categoricalEncoding(
  conn: DuckDBConnection,
  col: string,
  relation: string,
  where: string,
  o: EncodingOptions,
) {
  const rows = await all<{ v: string | null; leads: number; conversions: number }>(
    conn,
    `SELECT CASE WHEN ${conditionToSql(col, { kind: "missing" })} THEN NULL ELSE LOWER(TRIM(CAST(${col} AS VARCHAR))) END AS v,
       count(*) AS leads, sum(won) AS conversions FROM ${relation} WHERE ${where} GROUP BY 1`,
  );
  return categoricalLevels(
    rows.map((r) => ({ value: r.v, leads: r.leads, conversions: r.conversions })),
    { minCount: o.minLevelCount, minShare: o.minLevelShare },
  );
}

async function numericEncoding(
  conn: DuckDBConnection,
  col: string,
  relation: string,
  where: string,
  bins: number,
  minCount: number,
) {
  const missing = conditionToSql(col, { kind: "missing" });
  const qs = Array.from({ length: bins - 1 }, (_, i) => (i + 1) / bins);
  const edgeRow = await all<{ e: number[] | null }>(
    conn,
    `SELECT quantile_disc(CAST(${col} AS DOUBLE), [${qs.join(", ")}]) AS e FROM ${relation} WHERE ${where} AND NOT ${missing}`,
  );
  const initial = [...new Set((edgeRow[0]?.e ?? []).map(Number))].sort((a, b) => a - b);
  const counts = await binCounts(conn, col, relation, where, initial);
  const edges = monotoneEdges(
    counts.bins.map((c, i) => ({ ...c, upper: initial[i] })),
    minCount,
  );
  // Final bins are unions of initial bins: their counts are sums, no second query.
  const merged = edges.length + 1;
  const finalCounts = Array.from({ length: merged }, () => ({ leads: 0, conversions: 0 }));
  counts.bins.forEach((c, i) => {
    const x = i < initial.length ? initial[i] : Infinity;
    const k = edges.findIndex((e) => x <= e);
    const t = finalCounts[k < 0 ? merged - 1 : k];
    t.leads += c.leads;
    t.conversions += c.conversions;
  });
  return numericLevels(edges, finalCounts, counts.missing);
}

async function fixedBins(
  conn: DuckDBConnection,
  col: string,
  relation: string,
  where: string,
  edges: number[],
  closed: "left" | "right",
) {
  const counts = await binCounts(conn, col, relation, where, edges, closed);
  return numericLevels(edges, counts.bins, counts.missing, closed);
}

async function binCounts(
  conn: DuckDBConnection,
  col: string,
  relation: string,
  where: string,
  edges: number[],
  closed: "left" | "right" = "right",
) {
  const conds = binConditions(edges, closed);
  const missing = conditionToSql(col, { kind: "missing" });
  const caseSql = `CASE WHEN ${missing} THEN -1 ${conds.map((c, i) => `WHEN ${conditionToSql(col, c)} THEN ${i}`).join(" ")} ELSE -1 END`;
  const rows = await all<{ b: number; leads: number; conversions: number }>(
    conn,
    `SELECT ${caseSql} AS b, count(*) AS leads, sum(won) AS conversions FROM ${relation} WHERE ${where} GROUP BY 1`,
  );
  const bins = conds.map(() => ({ leads: 0, conversions: 0 }));
  let missingCounts: { leads: number; conversions: number } | null = null;
  for (const r of rows) {
    if (r.b < 0) missingCounts = { leads: r.leads, conversions: r.conversions };
    else bins[r.b] = { leads: r.leads, conversions: r.conversions };
  }
  return { bins, missing: missingCounts };
}
