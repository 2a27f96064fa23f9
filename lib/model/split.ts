import type { DuckDBConnection } from "@duckdb/node-api";
import { one, exec, ident } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";

/** Where the training and held-out leads come from. */
export interface SplitInfo {
  validation: "out_of_time" | "kfold";
  asOf: string;
  /** Leads eligible for training/validation (decided, or open and older than the maturity window). */
  eligible: number;
  createdFrom: string | null;
  createdTo: string | null;
  /** Out-of-time: the first and last created_at of the held-out leads. */
  testFrom: string | null;
  testTo: string | null;
}

/**
 * The data's end: the newest `as_of` of the ingest runs, else the newest date among leads and outcomes.
 */
export async function resolveAsOf(conn: DuckDBConnection): Promise<string> {
  const r = await one<{ t: string | null }>(
    conn,
    `SELECT CAST(COALESCE((SELECT max(as_of) FROM ingest_runs),
       greatest((SELECT max(created_at) FROM leads), (SELECT max(closed_at) FROM outcomes))) AS VARCHAR) AS t`,
  );
  return r?.t ?? new Date().toISOString().slice(0, 19).replace("T", " ");
}

/**
 * The 0/1 label a fit learns from, as SQL over a relation with `created_at` and `won` (NULL when
 * undecided): won = 1; lost and disqualified = 0; open leads count as 0 only when created more than
 * `maturityDays` before as_of; leads created within the maturity window are left out (NULL).
 * Shared with the rubric comparison (lib/scorecard/heldOut.ts) so both judge the same leads.
 */
export function labelSql(asOf: string, maturityDays: number): string {
  const cutoff = `CAST('${asOf.replaceAll("'", "''")}' AS TIMESTAMP) - INTERVAL ${Math.round(maturityDays * 24)} HOUR`;
  return `CASE WHEN created_at IS NOT NULL AND created_at > ${cutoff} THEN NULL
      WHEN won IS NOT NULL THEN won
      WHEN created_at IS NOT NULL THEN 0 ELSE NULL END`;
}

/**
 * The stratified validation fold of each lead (0 … folds−1) as SQL: leads of each outcome dealt
 * round-robin in a hash order of lead_id, so folds are deterministic and balanced.
 * `salt` separates the outer (validation) folds from the inner (penalty) folds.
 */
export function foldSql(labelColumn: string, folds: number, salt: "outer" | "inner"): string {
  return `CAST((row_number() OVER (PARTITION BY ${labelColumn} ORDER BY hash(lead_id || ':${salt}'), lead_id) - 1) % ${folds} AS INTEGER)`;
}

/**
 * Materialises the leads a fit uses into the temp table `table`: every lead column, the decayed
 * activity, `won` (the 0/1 label), `part` (validation part) and `fold` (inner CV fold).
 *
 * Label: won = 1; lost and disqualified = 0; open leads count as 0 only when created more than
 * `maturityDays` before as_of. With created_at, leads created within the maturity window are left
 * out whatever their outcome (their outcomes are not in yet, so keeping only the decided ones
 * would bias the newest cohort); without created_at, open leads are left out.
 */
export async function prepareFitTable(
  conn: DuckDBConnection,
  options: {
    table: string;
    relation: string;
    asOf: string;
    maturityDays: number;
    validation: "auto" | "out_of_time" | "kfold";
    testShare: number;
    folds: number;
    /**
     * The relation's columns to keep (names, unquoted) besides lead_id, created_at and the label;
     * default every column. A fit passes its inputs' columns: the table then holds only what the
     * encoding reads, which is most of DuckDB's memory at millions of leads (docs/scaling.md).
     */
    columns?: string[];
  },
): Promise<SplitInfo> {
  const { table, relation, asOf, maturityDays, folds } = options;
  const label = labelSql(asOf, maturityDays);
  const keep = options.columns
    ? [...new Set(["lead_id", "created_at", ...options.columns])]
        .filter((c) => c !== "won")
        .map(ident)
        .join(", ")
    : "* EXCLUDE (won)";
  await exec(
    conn,
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT ${keep}, ${label} AS won FROM ${relation} WHERE ${label} IS NOT NULL`,
  );
  const stats = await one<{ n: number; dated: number; pos: number; from: string | null; to: string | null }>(
    conn,
    `SELECT count(*) AS n, count(created_at) AS dated, sum(won) AS pos, CAST(min(created_at) AS VARCHAR) AS "from", CAST(max(created_at) AS VARCHAR) AS "to" FROM ${table}`,
  );
  const n = stats?.n ?? 0;
  if (n < 50 || !stats?.pos || stats.pos === n) {
    throw new UserError(
      `Not enough decided leads to fit a model: ${n} leads with a known outcome (${stats?.pos ?? 0} won) before as_of ${asOf} minus the ${maturityDays}-day maturity window. Ingest outcomes (won/lost), or lower maturity_days in scoring.yml.`,
    );
  }
  let validation =
    options.validation === "auto" ? (stats.dated > 0.5 * n ? "out_of_time" : "kfold") : options.validation;
  if (validation === "out_of_time" && stats.dated === 0) {
    throw new UserError(
      "scoring config, validation: out_of_time needs leads with created_at, and none have it. Use validation: kfold.",
    );
  }
  const inner = foldSql("won", folds, "inner");
  let testFrom: string | null = null;
  let testTo: string | null = null;
  let hasParts = false;
  if (validation === "out_of_time") {
    hasParts = true;
    const q = await one<{ c: string }>(
      conn,
      `SELECT CAST(quantile_disc(created_at, ${1 - options.testShare}) AS VARCHAR) AS c FROM ${table}`,
    );
    const c = `CAST('${q!.c}' AS TIMESTAMP)`;
    await exec(
      conn,
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT *, CASE WHEN created_at > ${c} THEN 1 ELSE 0 END AS part, ${inner} AS fold FROM ${table}`,
    );
    const t = await one<{ n: number; pos: number; from: string; to: string }>(
      conn,
      `SELECT count(*) AS n, sum(won) AS pos, CAST(min(created_at) AS VARCHAR) AS "from", CAST(max(created_at) AS VARCHAR) AS "to" FROM ${table} WHERE part = 1`,
    );
    if (!t || t.n < 20 || !t.pos || t.pos === t.n) {
      validation = "kfold"; // too few dated leads after the cut: fall back, and say so through `validation`
    } else {
      testFrom = t.from;
      testTo = t.to;
    }
  }
  if (validation === "kfold") {
    const outer = foldSql("won", folds, "outer");
    const source = hasParts ? `(SELECT * EXCLUDE (part, fold) FROM ${table})` : table;
    await exec(
      conn,
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT *, ${outer} AS part, ${inner} AS fold FROM ${source}`,
    );
  }
  return {
    validation: validation as SplitInfo["validation"],
    asOf,
    eligible: n,
    createdFrom: stats.from,
    createdTo: stats.to,
    testFrom,
    testTo,
  };
}
