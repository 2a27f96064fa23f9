import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident, literal, one } from "../../lib/store/index.ts";
import type { LoadedConfig } from "../config/load.ts";
import { FLAGS, PROBLEMS, type Part } from "./part.ts";
import type { IngestResult } from "./result.ts";
import { tableCounts } from "./run.ts";

/**
 * Writes the run's rejects, quality flags, as_of, meta rows and its ingest_runs row, and returns the
 * result. Flags on rows that were rejected anyway are dropped: a row is either loaded or rejected.
 */
export async function writeAccounting(
  conn: DuckDBConnection,
  loaded: LoadedConfig,
  runId: string,
  started: string,
  hash: string | null,
  files: Array<{ p: Part; n: { read: number; rejected: number } }>,
  extraMeta: Record<string, string> = {},
): Promise<IngestResult> {
  const c = loaded.config;
  const fileOf = `CASE part ${files.map(({ p }) => `WHEN ${literal(p.name)} THEN ${literal(p.sourceFile)}`).join(" ")} END`;
  await conn.run(
    `INSERT INTO rejects SELECT ${literal(runId)}, ${fileOf}, source_row, "column", value, reason FROM ${PROBLEMS} ORDER BY part, source_row`,
  );
  await conn.run(`INSERT INTO quality_flags SELECT ${literal(runId)}, lead_id, ${fileOf}, source_row, "column", value, note FROM ${FLAGS} f
    WHERE NOT EXISTS (SELECT 1 FROM ${PROBLEMS} x WHERE x.part = f.part AND x.source_row = f.source_row) ORDER BY part, source_row`);
  const asOf =
    c.as_of ??
    (await latestDate(
      conn,
      files.map((f) => f.p),
    ));
  const read = files.reduce((s, f) => s + f.n.read, 0);
  const rejected = files.reduce((s, f) => s + f.n.rejected, 0);
  await conn.run(
    `INSERT INTO ingest_runs VALUES ($1, $2, $3, $4, $5, $6, $7, ${asOf ? `${literal(asOf)}::TIMESTAMP` : "NULL"}, $8, current_timestamp, 'loaded', $9)`,
    [
      runId,
      c.source,
      files.map((f) => f.p.sourceFile).join("; "),
      hash,
      read,
      read - rejected,
      rejected,
      started,
      JSON.stringify(c),
    ],
  );
  const meta: Record<string, string | null> = {
    dataset: c.title ?? c.source,
    source: c.source,
    currency: c.currency ?? "USD",
    as_of: asOf,
    ...extraMeta,
  };
  await conn.run(`DELETE FROM meta WHERE key IN (${Object.keys(meta).map(literal).join(", ")})`);
  for (const [k, v] of Object.entries(meta)) await conn.run("INSERT INTO meta VALUES ($1, $2)", [k, v]);
  const reasons = await all<{ reason: string; rows: number }>(
    conn,
    `SELECT reason, count(DISTINCT (part, source_row))::INTEGER AS rows FROM ${PROBLEMS} GROUP BY reason ORDER BY rows DESC, reason`,
  );
  // Loaded rows with a note; a note on a whole column (a likely sentinel) is in `notes` instead.
  const flags = (await one<{ n: number }>(
    conn,
    "SELECT count(*)::INTEGER AS n FROM quality_flags WHERE run_id = $1 AND source_row IS NOT NULL",
    [runId],
  ))!.n;
  return {
    run_id: runId,
    source: c.source,
    status: "loaded",
    rows_read: read,
    rows_loaded: read - rejected,
    rows_rejected: rejected,
    tables: await tableCounts(conn),
    files: files.map(({ p, n }) => ({
      part: p.name,
      file: p.sourceFile,
      rows_read: n.read,
      rows_loaded: n.read - n.rejected,
      rows_rejected: n.rejected,
    })),
    reject_reasons: reasons,
    flags,
    notes: files.flatMap(({ p }) => p.notes),
    as_of: asOf,
  };
}

/** The latest date among this run's accepted rows (creation, outcome, stage, activity). */
async function latestDate(conn: DuckDBConnection, parts: Part[]): Promise<string | null> {
  const cols = ["created_at", "o_closed_at", "entered_at", "occurred_at"];
  const sel: string[] = [];
  for (const p of parts) {
    for (const f of p.fields)
      if (cols.includes(f.key) || f.key.startsWith("w_"))
        sel.push(`SELECT max(${ident(f.key)}) AS d FROM ${ident(p.ok)}`);
  }
  if (!sel.length) return null;
  const r = await one<{ d: string | null }>(conn, `SELECT max(d)::VARCHAR AS d FROM (${sel.join(" UNION ALL ")})`);
  return r?.d ?? null;
}

/** Drops the run's temp tables and views (they also vanish with the connection). */
export async function dropScratch(conn: DuckDBConnection): Promise<void> {
  const rows = await all<{ name: string; type: string }>(
    conn,
    "SELECT table_name AS name, table_type AS type FROM information_schema.tables WHERE table_catalog = 'temp' AND table_name LIKE 'll\\_%' ESCAPE '\\'",
  );
  for (const r of rows.filter((x) => x.type === "VIEW"))
    await conn.run(`DROP VIEW IF EXISTS temp.main.${ident(r.name)}`).catch(() => undefined);
  for (const r of rows.filter((x) => x.type !== "VIEW"))
    await conn.run(`DROP TABLE IF EXISTS temp.main.${ident(r.name)}`).catch(() => undefined);
}
