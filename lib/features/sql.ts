import { conditionToSql } from "../scorecard/condition.ts";
import { ident } from "../store/query.ts";
import type { EncodedAttribute, Encoding } from "./types.ts";

/** SQL dialects the generated encoding must run in. */
export type Dialect = "duckdb" | "postgres";

/**
 * The SQL expression an attribute's value is read from, over a relation with the `leads` columns
 * (plus `activity` for the activity attribute, see {@link leadsRelation}). Portable SQL.
 *
 * @example
 * valueSql({ name: "created_month", source: "created_month" }) // → 'EXTRACT(MONTH FROM "created_at")'
 */
export function valueSql(attr: Pick<EncodedAttribute, "name" | "source">): string {
  switch (attr.source) {
    case "channel":
      return ident("channel");
    case "created_month":
      return `EXTRACT(MONTH FROM ${ident("created_at")})`;
    case "activity":
      return ident("activity");
    default:
      return ident(attr.name);
  }
}

/**
 * The SQL expression giving an attribute's level index (its position in `levels`) for each lead.
 * Categorical attributes compare the normalised text once (`CASE LOWER(TRIM(…)) WHEN …`), which is
 * what the levels' `equals` conditions mean (see lib/scorecard/condition.ts) but cheaper than one
 * `IN` per level; ranges and `missing` use `conditionToSql` itself. Anything no level covers gets
 * the `other` level, else the reference.
 *
 * @example
 * encodeSql(channelAttr) // → CASE WHEN ("channel" IS NULL OR …) THEN 2 ELSE CASE LOWER(TRIM(CAST("channel" AS VARCHAR))) WHEN 'email' THEN 0 … ELSE 3 END END
 */
export function encodeSql(attr: EncodedAttribute): string {
  const col = valueSql(attr);
  const other = attr.levels.findIndex((l) => l.condition.kind === "other");
  const fallback = other >= 0 ? other : attr.reference;
  const missing = attr.levels.findIndex((l) => l.condition.kind === "missing");
  const equals: string[] = [];
  const ranges: string[] = [];
  attr.levels.forEach((l, i) => {
    const c = l.condition;
    if (c.kind === "equals") for (const v of c.values) equals.push(`WHEN ${sqlString(v.replace(/^ +| +$/g, "").toLowerCase())} THEN ${i}`);
    if (c.kind === "range") ranges.push(`WHEN ${conditionToSql(col, c)} THEN ${i}`);
  });
  const missingIndex = missing >= 0 ? missing : fallback;
  const head = `WHEN ${conditionToSql(col, { kind: "missing" })} THEN ${missingIndex}`;
  if (equals.length) {
    return `CASE ${head} ELSE CASE LOWER(TRIM(CAST(${col} AS VARCHAR))) ${equals.join(" ")} ELSE ${fallback} END END`;
  }
  return `CASE ${head} ${ranges.join(" ")} ELSE ${fallback} END`;
}

function sqlString(v: string): string {
  return `'${v.replaceAll("'", "''")}'`;
}

/** Options for {@link patternQuery}. */
export interface PatternQueryOptions {
  /** The relation to read leads from: a table name or a parenthesised subquery with an alias. */
  table: string;
  /** A WHERE condition (without the keyword). */
  where?: string;
  /** The 0/1 outcome expression. Default `won`. */
  outcome?: string;
  /** Extra grouping expressions (e.g. the validation split and fold), returned as `by_1`, `by_2`, …. */
  by?: string[];
  /** Group leads into patterns (default) or return one row per lead (`leads` = 1). */
  aggregate?: boolean;
  /** `duckdb` (default) or `postgres`: the SQL is the same standard SQL; kept for callers to state intent. */
  dialect?: Dialect;
}

/**
 * The pattern-aggregation query: one row per distinct combination of level indexes (and `by`
 * values), with `leads` = count and `conversions` = Σ outcome, so fitting cost follows the number of
 * distinct patterns. Standard SQL (GROUP BY ordinal positions), so it runs in DuckDB and PostgreSQL.
 *
 * @example
 * patternQuery(encoding, { table: "leads_enc", by: ["split"] })
 * // → SELECT enc_1, enc_2, by_1, count(*) AS leads, sum(won) AS conversions FROM (SELECT CASE … END AS enc_1, …) t GROUP BY 1, 2, 3
 */
export function patternQuery(encoding: Encoding, options: PatternQueryOptions): string {
  const enc = encoding.attributes.map((a, i) => `${encodeSql(a)} AS enc_${i + 1}`);
  const by = (options.by ?? []).map((b, i) => `${b} AS by_${i + 1}`);
  const outcome = options.outcome ?? "won";
  const inner = `SELECT ${[...enc, ...by, `${outcome} AS y`].join(", ")} FROM ${options.table}${options.where ? ` WHERE ${options.where}` : ""}`;
  const keys = [...encoding.attributes.map((_, i) => `enc_${i + 1}`), ...(options.by ?? []).map((_, i) => `by_${i + 1}`)];
  if (options.aggregate === false) {
    return `SELECT ${[...keys, "1 AS leads", "y AS conversions"].join(", ")} FROM (${inner}) t`;
  }
  const positions = keys.map((_, i) => i + 1).join(", ");
  return `SELECT ${[...keys, "count(*) AS leads", "sum(y) AS conversions"].join(", ")} FROM (${inner}) t${keys.length ? ` GROUP BY ${positions}` : ""}`;
}

/** Options for {@link leadsRelation}. */
export interface RelationOptions {
  /** The data's end (ISO timestamp): open leads' activities decay to here. */
  asOf: string;
  /** Activity half-life in days. */
  halfLifeDays: number;
  /** Add the decayed `activity` column (only when an encoded attribute uses it). */
  activity: boolean;
}

/**
 * The leads relation the encoding reads: `leads` with `won` (1 won, 0 otherwise, NULL open), the
 * outcome, and (when asked) `activity` = Σ 2^(−age/half-life) over the lead's activities up to its
 * reference time (closed_at for closed leads, else as_of): activities after a lead closed would leak
 * the outcome. Portable SQL.
 */
export function leadsRelation(options: RelationOptions): string {
  const asOf = `CAST(${sqlString(options.asOf)} AS TIMESTAMP)`;
  const ref = `COALESCE(o.closed_at, ${asOf})`;
  const activity = options.activity
    ? `, COALESCE((SELECT SUM(EXP(-LN(2) * (EXTRACT(EPOCH FROM (${ref} - a.occurred_at)) / 86400.0) / ${Number(options.halfLifeDays)}))
         FROM activities a WHERE a.lead_id = l.lead_id AND a.occurred_at <= ${ref}), 0) AS activity`
    : "";
  return `(SELECT l.*, o.outcome, o.closed_at,
      CASE WHEN o.outcome = 'won' THEN 1 WHEN o.outcome IN ('lost', 'disqualified') THEN 0 ELSE NULL END AS won${activity}
    FROM leads l LEFT JOIN outcomes o ON o.lead_id = l.lead_id) lr`;
}
