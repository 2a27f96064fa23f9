import { type Patterns, patternFingerprint } from "../../lib/model/patterns.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import { conditionToSql } from "../../lib/scorecard/condition.ts";
import {
  binConditions,
  categoricalLevels,
  DEFAULT_ENCODING,
  informationValue,
  numericLevels,
  patternQuery,
  valueSql,
  type EncodedAttribute,
  type Encoding,
  type EncodingOptions,
  type InputSpec,
} from "../../lib/features/index.ts";
import type { PostgresSpec } from "../config/types.ts";
import { oneStatement, readOnly } from "./connect.ts";
import { quoteTable } from "./source.ts";

/**
 * Where the leads live in PostgreSQL for a pushdown fit. The relation must expose the encoding's
 * columns under their leadlens names (attribute names, `channel`, `created_at`) and the outcome:
 * write a `query` that renames CRM columns (`SELECT "Lead Source" AS channel, … , (stage = 'Won')::int AS won FROM crm.leads`).
 */
export interface PushdownSpec extends Pick<PostgresSpec, "table" | "query"> {
  /** The 0/1 outcome expression (NULL for open leads). Default `won`. */
  outcome?: string;
  /** Which leads to fit on (SQL condition). Default: leads with a known outcome (`<outcome> IS NOT NULL`). */
  where?: string;
  /** Extra grouping expressions (e.g. a validation split), returned as `by_1`, `by_2`, …. */
  by?: string[];
  /** The environment holding PG*; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** One pattern: level index per encoded attribute (`enc_1` …), `by_1` …, and the counts. */
export type PatternRow = Record<string, number> & { leads: number; conversions: number };

/** The FROM item for a spec: a quoted table or the parenthesised query. */
function relationOf(spec: PushdownSpec): string {
  if (!spec.table === !spec.query)
    throw new UserError("pushdown: give exactly one of `table` or `query` for the PostgreSQL leads.");
  return spec.table ? quoteTable(spec.table) : `(${spec.query!.trim().replace(/;\s*$/, "")}) leadlens_src`;
}

function whereOf(spec: PushdownSpec): string {
  return spec.where ?? `${spec.outcome ?? "won"} IS NOT NULL`;
}

/**
 * Runs one aggregate query in PostgreSQL and returns its rows (values as PostgreSQL text). It holds
 * the configured query and expressions, so it goes through `readOnly` as `oneStatement`: a `)` and
 * `;` in them cannot close the subquery and run a second, writing statement.
 */
async function query(spec: PushdownSpec, sql: string): Promise<Record<string, string | null>[]> {
  const env = spec.env ?? process.env;
  return readOnly(
    env,
    "pushdown: PostgreSQL refused the pattern query",
    async (client) => (await client.query(oneStatement(sql))).rows,
  );
}

/**
 * The pattern aggregation run inside PostgreSQL: the same `patternQuery` SQL the DuckDB fit runs,
 * so only one row per distinct pattern — (level indexes…, leads, conversions) — crosses the wire,
 * whatever the number of leads. Feed the rows to the same grouped-design fit as DuckDB's rows.
 *
 * @example
 * await fetchPatternsFromPostgres(encoding, { table: "crm.leads_for_scoring" });
 * // → [{ enc_1: 0, enc_2: 3, leads: 41210, conversions: 3902 }, …]
 */
export async function fetchPatternsFromPostgres(encoding: Encoding, spec: PushdownSpec): Promise<PatternRow[]> {
  const sql = patternQuery(encoding, {
    table: relationOf(spec),
    where: whereOf(spec),
    outcome: spec.outcome,
    by: spec.by,
    dialect: "postgres",
  });
  const keys = [...encoding.attributes.map((_, i) => `enc_${i + 1}`), ...(spec.by ?? []).map((_, i) => `by_${i + 1}`)];
  // Same row order as lib/model's DuckDB read, so the data fingerprint and the fit's arithmetic match.
  const rows = await query(spec, `SELECT * FROM (${sql}) p${keys.length ? ` ORDER BY ${keys.join(", ")}` : ""}`);
  return rows.map((r) => {
    const out: Record<string, number> = {};
    for (const k in r) out[k] = Number(r[k] ?? 0);
    return out as PatternRow;
  });
}

/**
 * The pushed-down rows in lib/model's `Patterns` shape (what `loadPatterns` returns from DuckDB), so
 * the fit, cross-validation and fingerprint run unchanged. `by_1`/`by_2` become `part`/`fold` (0 when
 * the spec has no `by`).
 */
export function patternsFromRows(encoding: Encoding, rows: PatternRow[]): Patterns {
  const k = encoding.attributes.length;
  const codes = Array.from({ length: k }, (_, j) => Int32Array.from(rows, (r) => r[`enc_${j + 1}`]));
  const part = Int32Array.from(rows, (r) => r.by_1 ?? 0);
  const fold = Int32Array.from(rows, (r) => r.by_2 ?? 0);
  const leads = Float64Array.from(rows, (r) => r.leads);
  const conversions = Float64Array.from(rows, (r) => r.conversions);
  return {
    rows: rows.length,
    codes,
    part,
    fold,
    leads,
    conversions,
    fingerprint: patternFingerprint(codes, part, fold, leads, conversions),
  };
}

/**
 * Encodes the inputs from the leads in PostgreSQL (one GROUP BY per attribute, run there), with the
 * same level rules as lib/features' DuckDB `buildEncoding`: categorical levels with rare-level
 * pooling and missing as a level, or fixed numeric bins (`edges`). Quantile bins are not pushed down:
 * give `edges` for numeric inputs.
 */
export async function encodingFromPostgres(
  inputs: InputSpec[],
  spec: PushdownSpec,
  options: Partial<EncodingOptions> = {},
): Promise<Encoding> {
  const o = { ...DEFAULT_ENCODING, ...options };
  const from = relationOf(spec);
  const where = whereOf(spec);
  const won = spec.outcome ?? "won";
  const attributes: EncodedAttribute[] = [];
  for (const input of inputs) {
    const col = valueSql(input);
    const base = { name: input.name, role: input.role, kind: input.kind, source: input.source };
    let encoded: ReturnType<typeof categoricalLevels>;
    if (input.kind === "numeric") {
      if (!input.edges) {
        throw new UserError(
          `pushdown: numeric input "${input.name}" needs fixed \`edges\` (quantile bins are computed in DuckDB only).`,
        );
      }
      const conds = binConditions(input.edges, input.closed ?? "right");
      const missing = conditionToSql(col, { kind: "missing" });
      const caseSql = `CASE WHEN ${missing} THEN -1 ${conds.map((c, i) => `WHEN ${conditionToSql(col, c)} THEN ${i}`).join(" ")} ELSE -1 END`;
      const rows = await query(
        spec,
        `SELECT ${caseSql} AS b, count(*) AS leads, sum(${won}) AS conversions FROM ${from} WHERE ${where} GROUP BY 1`,
      );
      const bins = conds.map(() => ({ leads: 0, conversions: 0 }));
      let miss: { leads: number; conversions: number } | null = null;
      for (const r of rows) {
        const c = { leads: Number(r.leads), conversions: Number(r.conversions ?? 0) };
        if (Number(r.b) < 0) miss = c;
        else bins[Number(r.b)] = c;
      }
      encoded = numericLevels(input.edges, bins, miss, input.closed ?? "right");
    } else {
      const rows = await query(
        spec,
        `SELECT CASE WHEN ${conditionToSql(col, { kind: "missing" })} THEN NULL ELSE LOWER(TRIM(CAST(${col} AS VARCHAR))) END AS v,
           count(*) AS leads, sum(${won}) AS conversions FROM ${from} WHERE ${where} GROUP BY 1`,
      );
      encoded = categoricalLevels(
        rows.map((r) => ({ value: r.v, leads: Number(r.leads), conversions: Number(r.conversions ?? 0) })),
        { minCount: o.minLevelCount, minShare: o.minLevelShare },
      );
    }
    attributes.push({ ...base, ...encoded, informationValue: informationValue(encoded.levels) });
  }
  return { attributes, options: o };
}
