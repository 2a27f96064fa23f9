import { conditionToSql, type Condition } from "../scorecard/condition.ts";
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
 * It means exactly what the levels' conditions mean (lib/scorecard/condition.ts; tested against
 * `levelIndex` on every lead) but is written for speed, because scoring evaluates it on every lead:
 * categorical attributes normalise the text once in a simple `CASE LOWER(TRIM(…)) WHEN …`, and
 * contiguous numeric bins are one ascending chain of comparisons, with the text cast needed to
 * recognise NaN only reached above the last edge. Anything no level covers gets the `other` level,
 * else the reference. Standard SQL (DuckDB and PostgreSQL).
 *
 * @example
 * encodeSql(channelAttr)
 * // → CASE LOWER(TRIM(CAST("channel" AS VARCHAR))) WHEN '' THEN 2 WHEN 'email' THEN 0 … ELSE CASE WHEN "channel" IS NULL THEN 2 ELSE 3 END END
 */
export function encodeSql(attr: EncodedAttribute): string {
  const col = valueSql(attr);
  const other = attr.levels.findIndex((l) => l.condition.kind === "other");
  const fallback = other >= 0 ? other : attr.reference;
  const missing = attr.levels.findIndex((l) => l.condition.kind === "missing");
  const missingIndex = missing >= 0 ? missing : fallback;
  const hasEquals = attr.levels.some((l) => l.condition.kind === "equals");
  if (hasEquals) return categoricalSql(attr, col, missingIndex, fallback);
  const chain = rangeChain(attr.levels);
  const nan = `CAST(${col} AS VARCHAR) IN ('NaN', 'nan')`;
  if (chain) {
    const whens = chain.bins.map(([i, c]) => `WHEN ${col} ${c.maxInclusive ? "<=" : "<"} ${c.max} THEN ${i}`);
    return `CASE WHEN ${col} IS NULL THEN ${missingIndex} ${whens.join(" ")} WHEN ${nan} THEN ${missingIndex} ELSE ${chain.last} END`;
  }
  const ranges: string[] = [];
  attr.levels.forEach((l, i) => {
    if (l.condition.kind === "range") ranges.push(`WHEN ${conditionToSql(col, l.condition)} THEN ${i}`);
  });
  return `CASE WHEN ${conditionToSql(col, { kind: "missing" })} THEN ${missingIndex} ${ranges.join(" ")} ELSE ${fallback} END`;
}

/**
 * A categorical attribute's level for each normalised text (trimmed of spaces, lower-cased; the
 * first level listing a text wins), without '' and 'nan', and the level of the text 'nan' when it is
 * not the missing NaN (the fallback when no level lists it). Shared by {@link encodeSql} and the
 * scoring SQL (lib/model/levelSql.ts) so both read the levels the same way.
 */
export function normalisedLevels(
  levels: Array<{ condition: Condition }>,
  fallback: number,
): { seen: Map<string, number>; nanLevel: number } {
  const seen = new Map<string, number>();
  levels.forEach((l, i) => {
    const c = l.condition;
    if (c.kind !== "equals") return;
    for (const v of c.values) {
      const norm = v.replace(/^ +| +$/g, "").toLowerCase();
      if (!seen.has(norm)) seen.set(norm, i);
    }
  });
  // Missing is NULL, blank, or the text NaN/nan (condition.ts): '' is blank after TRIM; 'nan' is
  // missing only when the raw text is exactly NaN or nan, else it is an ordinary value.
  const nanLevel = seen.get("nan") ?? fallback;
  seen.delete("nan");
  seen.delete("");
  return { seen, nanLevel };
}

function categoricalSql(attr: EncodedAttribute, col: string, missingIndex: number, fallback: number): string {
  const { seen, nanLevel } = normalisedLevels(attr.levels, fallback);
  const whens = [...seen].map(([v, i]) => `WHEN ${sqlString(v)} THEN ${i}`);
  const nan = `WHEN 'nan' THEN CASE WHEN CAST(${col} AS VARCHAR) IN ('NaN', 'nan') THEN ${missingIndex} ELSE ${nanLevel} END`;
  return `CASE LOWER(TRIM(CAST(${col} AS VARCHAR))) WHEN '' THEN ${missingIndex} ${nan} ${whens.join(" ")} ELSE CASE WHEN ${col} IS NULL THEN ${missingIndex} ELSE ${fallback} END END`;
}

/**
 * When the range levels tile the number line in order ((−∞, e1], (e1, e2], …, (ek, ∞), either
 * closedness) and every other level is `missing`, the bins as [index, condition] for all but the
 * last, and the last bin's index; else null. Shared with the scoring SQL (lib/model/levelSql.ts).
 */
export function rangeChain(
  levels: Array<{ condition: Condition }>,
): { bins: Array<[number, { max: number; maxInclusive: boolean }]>; last: number } | null {
  const ranges = levels.map((l, i) => [i, l.condition] as const).filter(([, c]) => c.kind === "range");
  if (ranges.length === 0 || levels.some((l) => l.condition.kind !== "range" && l.condition.kind !== "missing"))
    return null;
  const bins: Array<[number, { max: number; maxInclusive: boolean }]> = [];
  for (let k = 0; k < ranges.length; k++) {
    const c = ranges[k][1] as Extract<Condition, { kind: "range" }>;
    const prev = k > 0 ? (ranges[k - 1][1] as Extract<Condition, { kind: "range" }>) : null;
    const joins = prev ? c.min === prev.max && c.minInclusive === !prev.maxInclusive : c.min === undefined;
    if (!joins) return null;
    if (k < ranges.length - 1) {
      if (c.max === undefined || !Number.isFinite(c.max)) return null;
      bins.push([ranges[k][0], { max: c.max, maxInclusive: c.maxInclusive }]);
    } else if (c.max !== undefined) return null;
  }
  return { bins, last: ranges[ranges.length - 1][0] };
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
  const keys = [
    ...encoding.attributes.map((_, i) => `enc_${i + 1}`),
    ...(options.by ?? []).map((_, i) => `by_${i + 1}`),
  ];
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
  /**
   * The decision moment, in days after creation (`score_at` in scoring.yml): activities count up
   * to it (or to as_of, when sooner), never up to the close. Null: up to the close (models fitted
   * before the moment existed).
   */
  momentDays?: number | null;
}

/**
 * The leads relation the encoding reads: `leads` with `won` (1 won, 0 otherwise, NULL open), the
 * outcome, `at_moment` (the lead was still undecided at its decision moment) and (when asked)
 * `activity` = Σ 2^(−age/half-life) over the lead's activities up to its reference time: the
 * decision moment (creation + `momentDays`, or as_of when sooner), else the close (closed_at for
 * closed leads, else as_of; never past as_of, so scoring as of a past date ignores later activity). Counting up to the close leaks the sale itself (demos, contract views
 * during the sales process), and makes leads that closed fast look inactive. Portable SQL.
 */
export function leadsRelation(options: RelationOptions): string {
  const asOf = `CAST(${sqlString(options.asOf)} AS TIMESTAMP)`;
  const days = options.momentDays;
  const moment = days == null ? null : `(l.created_at + INTERVAL ${Math.round(days * 24)} HOUR)`;
  // With a moment, activity stops there (or at as_of when sooner): what was known when the lead was scored.
  const ref = moment ? `LEAST(${moment}, ${asOf})` : `LEAST(COALESCE(o.closed_at, ${asOf}), ${asOf})`;
  // Leads decided before their moment were never scored undecided at it: fits leave them out.
  const atMoment = moment
    ? `, coalesce(o.closed_at IS NULL OR o.closed_at >= ${moment}, true) AS at_moment`
    : ", true AS at_moment";
  const activity = options.activity
    ? `, COALESCE((SELECT SUM(EXP(-LN(2) * (EXTRACT(EPOCH FROM (${ref} - a.occurred_at)) / 86400.0) / ${Number(options.halfLifeDays)}))
         FROM activities a WHERE a.lead_id = l.lead_id AND a.occurred_at <= ${ref}), 0) AS activity`
    : "";
  return `(SELECT l.*, o.outcome, o.closed_at,
      CASE WHEN o.outcome = 'won' THEN 1 WHEN o.outcome IN ('lost', 'disqualified') THEN 0 ELSE NULL END AS won${activity}${atMoment}
    FROM leads l LEFT JOIN outcomes o ON o.lead_id = l.lead_id) lr`;
}
