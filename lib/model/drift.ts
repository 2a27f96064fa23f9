import type { DuckDBConnection } from "@duckdb/node-api";
import { all, one } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";
import { psiFromCounts, psiReading, type PsiReading } from "../drift/index.ts";
import { wilson } from "../stats/wilson.ts";
import { encodeSql } from "../features/sql.ts";
import type { EncodedAttribute } from "../features/types.ts";
import type { ModelArtifact } from "./artifact.ts";
import { scoringSql } from "./score.ts";
import { levelCodes } from "./levelSql.ts";
import { resolveAsOf } from "./split.ts";

/** Options for {@link driftReport}. */
export interface DriftOptions {
  /** Recent leads are those created on or after this date. Default: after the model's training data, else the newest 20%. */
  recentFrom?: string;
  /** How many mature monthly cohorts to compare observed with predicted. Default 3. */
  cohorts?: number;
}

/** Drift of a model's inputs and score, and its calibration on the latest cohorts. */
export interface DriftReport {
  model_id: string;
  as_of: string;
  training: { from: string | null; to: string | null; leads: number };
  recent: { from: string; to: string | null; leads: number };
  score: { psi: number; reading: PsiReading };
  attributes: Array<{ name: string; role: string; psi: number; reading: PsiReading }>;
  cohorts: Array<{
    month: string;
    leads: number;
    conversions: number;
    observed: number;
    low: number;
    high: number;
    predicted: number;
  }>;
}

/**
 * PSI of the points and of each attribute's levels between the training window and recent leads
 * (lib/drift, bins from the training window's deciles), and observed vs mean predicted conversion
 * with Wilson intervals for the latest mature monthly cohorts (open leads older than the maturity
 * window count as not converted, as in training). Everything is aggregated in DuckDB.
 */
export async function driftReport(
  conn: DuckDBConnection,
  model: ModelArtifact,
  options: DriftOptions = {},
): Promise<DriftReport> {
  const dated = await one<{ n: number }>(conn, "SELECT count(created_at) AS n FROM leads");
  if (!dated?.n)
    throw new UserError(
      "Drift compares leads over time, and no lead has a created_at date. Ingest a source with created_at to follow drift.",
    );
  const asOf = await resolveAsOf(conn);
  const w = model.training_window;
  const trainFrom = w.created_from;
  const trainTo = w.test_from ?? w.created_to;
  let recentFrom = options.recentFrom ?? w.created_to;
  const after = await one<{ n: number }>(
    conn,
    `SELECT count(*) AS n FROM leads WHERE created_at > CAST($1 AS TIMESTAMP)`,
    [recentFrom ?? "1900-01-01"],
  );
  if (!options.recentFrom && (!recentFrom || (after?.n ?? 0) < 30)) {
    const q = await one<{ c: string }>(conn, "SELECT CAST(quantile_disc(created_at, 0.8) AS VARCHAR) AS c FROM leads");
    recentFrom = q!.c;
  }
  const inTraining = `created_at >= CAST('${trainFrom}' AS TIMESTAMP) AND created_at < CAST('${trainTo}' AS TIMESTAMP)`;
  const isRecent = `created_at > CAST('${recentFrom}' AS TIMESTAMP)`;
  const scored = `(SELECT s.*, l.created_at FROM (${scoringSql(model, { asOf, reasons: false, codes: await levelCodes(conn, model) })}) s JOIN leads l USING (lead_id))`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE _leadlens_drift AS SELECT lead_id, created_at AS lead_created_at, points, probability,
      CASE WHEN ${inTraining} THEN 'train' WHEN ${isRecent} THEN 'recent' END AS grp FROM ${scored} t`);
  const counts = await all<{ grp: string; n: number; to: string | null; from: string | null }>(
    conn,
    'SELECT grp, count(*) AS n, CAST(min(lead_created_at) AS VARCHAR) AS "from", CAST(max(lead_created_at) AS VARCHAR) AS "to" FROM _leadlens_drift WHERE grp IS NOT NULL GROUP BY 1',
  );
  const train = counts.find((c) => c.grp === "train");
  const recent = counts.find((c) => c.grp === "recent");
  if (!train || !recent)
    throw new UserError(
      `Not enough leads to compare: ${train?.n ?? 0} in the training window and ${recent?.n ?? 0} recent leads (created after ${recentFrom}).`,
    );
  const score = await scorePsi(conn);
  const attributes = [];
  for (const a of model.attributes) {
    const enc = encodeSql({ ...a, informationValue: a.information_value } as EncodedAttribute);
    const rows = await all<{ code: number; grp: string; n: number }>(
      conn,
      `SELECT ${enc} AS code, d.grp, count(*) AS n FROM leads l JOIN _leadlens_drift d USING (lead_id) WHERE d.grp IS NOT NULL GROUP BY 1, 2`,
    );
    const e = a.levels.map((_, i) => rows.find((r) => r.code === i && r.grp === "train")?.n ?? 0);
    const r = a.levels.map((_, i) => rows.find((x) => x.code === i && x.grp === "recent")?.n ?? 0);
    const psi = psiFromCounts(e, r).psi;
    attributes.push({ name: a.name, role: a.role, psi, reading: psiReading(psi) });
  }
  const cohorts = await cohortCalibration(conn, asOf, model.training_window.maturity_days, options.cohorts ?? 3);
  await conn.run("DROP TABLE IF EXISTS _leadlens_drift");
  return {
    model_id: model.model_id,
    as_of: asOf,
    training: { from: trainFrom, to: trainTo, leads: train.n },
    recent: { from: recentFrom!, to: recent.to, leads: recent.n },
    score,
    attributes,
    cohorts,
  };
}

async function scorePsi(conn: DuckDBConnection) {
  const q = await one<{ e: number[] }>(
    conn,
    "SELECT quantile_cont(points, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) AS e FROM _leadlens_drift WHERE grp = 'train'",
  );
  const edges = q!.e.map(Number);
  // Right-closed bins (−∞, e1], (e1, e2], …: the number of edges strictly below the value.
  const bin = `(${edges.map((e) => `CASE WHEN points > ${e} THEN 1 ELSE 0 END`).join(" + ")})`;
  const rows = await all<{ b: number; grp: string; n: number }>(
    conn,
    `SELECT ${bin} AS b, grp, count(*) AS n FROM _leadlens_drift WHERE grp IS NOT NULL GROUP BY 1, 2`,
  );
  const e = edges.concat([Infinity]).map((_, k) => rows.find((r) => r.b === k && r.grp === "train")?.n ?? 0);
  const a = edges.concat([Infinity]).map((_, k) => rows.find((r) => r.b === k && r.grp === "recent")?.n ?? 0);
  const psi = psiFromCounts(e, a).psi;
  return { psi, reading: psiReading(psi) };
}

async function cohortCalibration(conn: DuckDBConnection, asOf: string, maturityDays: number, count: number) {
  const rows = await all<{ month: string; leads: number; conversions: number; predicted: number }>(
    conn,
    `SELECT CAST(date_trunc('month', d.lead_created_at) AS VARCHAR) AS month, count(*) AS leads,
       sum(CASE WHEN o.outcome = 'won' THEN 1 ELSE 0 END) AS conversions, avg(d.probability) AS predicted
     FROM _leadlens_drift d LEFT JOIN outcomes o USING (lead_id)
     WHERE d.lead_created_at < CAST('${asOf}' AS TIMESTAMP) - INTERVAL ${Math.round(maturityDays * 24)} HOUR
     GROUP BY 1 ORDER BY 1 DESC LIMIT ${count}`,
  );
  return rows.map((r) => {
    const ci = wilson(r.conversions, r.leads);
    return {
      month: r.month.slice(0, 7),
      leads: r.leads,
      conversions: r.conversions,
      observed: ci.rate,
      low: ci.low,
      high: ci.high,
      predicted: r.predicted,
    };
  });
}
