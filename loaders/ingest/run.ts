import type { DuckDBConnection } from "@duckdb/node-api";
import { randomBytes } from "node:crypto";
import { all, literal, one, transaction } from "../../lib/store/index.ts";
import type { LoadedConfig } from "../config/load.ts";
import { attrKey, declareAttributes } from "./attributes.ts";
import { UserError } from "../../lib/errors/UserError.ts";
import { activityFields, checkActivities, writeActivities } from "./activities.ts";
import { contentHash } from "./hash.ts";
import { checkLeads, idNotes, leadExtraColumns, leadFields, leadIdOf, writeLeads } from "./leads.ts";
import {
  checkOutcomeFile,
  outcomeColumn,
  outcomeFields,
  outcomeFile,
  writeOutcomeAttributes,
  writeOutcomes,
} from "./outcomes.ts";
import { createScratch, partCounts, stagePart, type Part } from "./part.ts";
import { checkSpend, spendFields, writeSpend } from "./spend.ts";
import { mapNotes } from "./value-maps.ts";
import { checkLongStages, funnel, longStageFields, writeFunnel, writeStageEvents } from "./stages.ts";
import { writeAccounting, dropScratch } from "./accounting.ts";
import type { IngestResult, TableCounts } from "./result.ts";

/** Options of {@link ingest}. */
export interface IngestOptions {
  /** Called at the start of each step ("reading Leads.csv (2.4 MB)", "checking 9,240 leads", …). */
  onStep?: (message: string) => void;
  /** Load even when the same content was the latest load of this source. Default false. */
  force?: boolean;
  /** Extra `meta` rows written in the same transaction (e.g. `demo_truth`). */
  meta?: Record<string, string>;
  /** Called about 4 times a second while a long statement runs, with DuckDB's own estimate of its progress (0–100). */
  onProgress?: (percent: number) => void;
}

/** A new run id: UTC time plus random hex, sortable by time. */
export function newRunId(): string {
  return `${new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
}

/**
 * Ingests one source into the store as a single transaction: every input row is loaded or rejected
 * with a reason, and a failure (or a kill) leaves the database as it was. Leads are upserted by
 * lead_id; their outcomes, stage events and activities are replaced by this run's.
 *
 * @example
 * const r = await ingest(store.conn, loadConfig("data/examples/hubspot/source.yml"));
 * // → { run_id: "20261122T150102Z-3fa2c1", status: "loaded", rows_read: 12, rows_loaded: 11, rows_rejected: 1, … }
 */
export async function ingest(
  conn: DuckDBConnection,
  loaded: LoadedConfig,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const c = loaded.config;
  const hash = await contentHash(loaded);
  const runId = newRunId();
  const started = new Date().toISOString();
  if (hash && !options.force) {
    const last = await one<{ h: string }>(
      conn,
      "SELECT content_hash AS h FROM ingest_runs WHERE source = $1 AND status = 'loaded' ORDER BY started_at DESC LIMIT 1",
      [c.source],
    );
    if (last?.h === hash) return unchanged(conn, loaded, runId, started, hash, options.meta);
  }
  funnel(c, loaded.path); // config mistakes in stage names stop the run before reading anything
  const on = options.onStep;
  const poll = await watchProgress(conn, options.onProgress);
  // Dates are stored in UTC: a date text without an offset is taken as UTC whatever this machine's zone (sql.ts typedSql).
  const zone = (await one<{ z: string }>(conn, "SELECT current_setting('TimeZone') AS z"))!.z;
  await conn.run("SET TimeZone = 'UTC'");
  try {
    // Staging happens before the transaction: it only creates TEMP tables (never part of the database
    // file), and rows appended inside a transaction get transaction-local rowids, while source_row
    // relies on rowid following file order.
    const parts = await stageAll(conn, loaded, on);
    const { leads, outcome, long, activities, spend } = parts;
    if (leads.rowsRead === 0) throw new UserError(`${leads.sourceFile} (leads.file) has a header but no data rows.`);
    return await transaction(conn, async () => {
      await createScratch(conn);
      on?.(`checking ${leads.rowsRead.toLocaleString("en-US")} leads`);
      await checkAll(conn, loaded, parts);
      for (const p of [leads, outcome, long, activities, spend]) if (p) await mapNotes(conn, p);
      on?.("writing canonical tables");
      // Row order of the canonical tables carries no meaning; letting DuckDB write in parallel is faster.
      await conn.run("SET preserve_insertion_order = false");
      await writeAll(conn, loaded, parts, runId);
      const files: Array<{ p: Part; n: { read: number; rejected: number } }> = [];
      for (const p of [leads, outcome, long, activities, spend]) if (p) files.push({ p, n: await partCounts(conn, p) });
      const n = files[0].n;
      leads.notes.unshift(...idNotes(c, n.read - n.rejected));
      return writeAccounting(conn, loaded, runId, started, hash, files, options.meta);
    });
  } catch (e) {
    if (!isDiskFull(e)) throw e;
    // Almost always the commit itself failed (rolled back); DuckDB can also fail a checkpoint after committing.
    const committed = await one(conn, "SELECT 1 AS x FROM ingest_runs WHERE run_id = $1", [runId]).then(
      (r) => !!r,
      () => undefined,
    );
    throw diskFull(e, runId, committed);
  } finally {
    if (poll) clearInterval(poll);
    // After a failed write DuckDB may refuse every statement: the run's own error is the one to report.
    await conn.run("RESET preserve_insertion_order").catch(() => undefined);
    await conn.run(`SET TimeZone = ${literal(zone)}`).catch(() => undefined);
    await dropScratch(conn).catch(() => undefined);
  }
}

/** True for DuckDB's (or Node's) out-of-space errors. */
export function isDiskFull(e: unknown): boolean {
  return /No space left on device|ENOSPC|disk is full/i.test(String((e as Error)?.message ?? e));
}

/**
 * The UserError for a run that ran out of disk space (DuckDB's "No space left on device" while it
 * spilled, wrote the new rows or the write-ahead log at commit). The run is one transaction, so it
 * is rolled back; `committed` says whether its ingest_runs row is there after all (undefined: the
 * database no longer answers, and the message says how to tell).
 */
export function diskFull(e: unknown, runId: string, committed: boolean | undefined): UserError {
  const file = /file "([^"]+)"/.exec(String((e as Error)?.message ?? e))?.[1];
  const what = `The disk is full: DuckDB could not write ${file ?? "the database"} (No space left on device).`;
  const then =
    "Free space on that disk, or use --db on one with room (and DuckDB's temp_directory, if set, too), then run the ingest again.";
  if (committed === false)
    return new UserError(
      `${what} Nothing was changed: the ingest is one transaction and it was rolled back, so the database holds what it held before. ${then}`,
    );
  if (committed)
    return new UserError(
      `${what} Run ${runId} was committed before that (it is in the write-ahead log beside the database file and is read back when the database is next opened), but the database file could not be updated. ${then}`,
    );
  return new UserError(
    `${what} The ingest is one transaction, so the database holds all of run ${runId} or none of it; SELECT status FROM ingest_runs WHERE run_id = '${runId}' tells which. ${then}`,
  );
}

/** Polls DuckDB's query progress (the event loop is free while a statement runs on DuckDB's threads). */
async function watchProgress(conn: DuckDBConnection, report?: (percent: number) => void) {
  if (!report) return undefined;
  await conn.run("SET enable_progress_bar = true");
  await conn.run("SET enable_progress_bar_print = false");
  return setInterval(() => {
    const q = conn.progress;
    if (q.percentage >= 0) report(q.percentage);
  }, 250);
}

type Parts = Awaited<ReturnType<typeof stageAll>>;

/** Every row check, file by file: problems go to the run's problem table, notes to its flag table. */
async function checkAll(
  conn: DuckDBConnection,
  loaded: LoadedConfig,
  { leads, outcome, long, activities, spend }: Parts,
): Promise<void> {
  const c = loaded.config;
  await checkLeads(conn, c, leads);
  const o = outcomeFile(c);
  if (o && outcome) await checkOutcomeFile(conn, c, o, outcome, leads);
  if (c.stages?.long && long) await checkLongStages(conn, c, c.stages.long, long, leads, loaded.path);
  if (c.activities && activities) await checkActivities(conn, c, c.activities, activities, leads);
  if (spend) await checkSpend(conn, spend);
}

/** Writes the accepted rows into the canonical tables (leads upserted; their outcomes, stages, activities replaced). */
async function writeAll(
  conn: DuckDBConnection,
  loaded: LoadedConfig,
  { leads, outcome, long, activities, spend }: Parts,
  runId: string,
): Promise<void> {
  const c = loaded.config;
  const o = outcomeFile(c);
  const attrs = [
    ...(c.attributes ?? []).map((spec) => ({
      spec,
      label: spec.column ?? spec.name,
      values: { relation: leads.ok, key: attrKey(spec) },
    })),
    ...(o?.attributes ?? []).map((spec) => ({
      spec,
      label: spec.column ?? spec.name,
      values: outcome ? { relation: outcome.ok, key: attrKey(spec) } : undefined,
    })),
  ];
  await declareAttributes(conn, attrs, c.source);
  await writeLeads(conn, c, leads, runId);
  if (o && outcome) await writeOutcomeAttributes(conn, o, outcome);
  await writeOutcomes(conn, c, leads, outcome);
  await writeFunnel(conn, c, loaded.path);
  await writeStageEvents(conn, c, loaded.path, leads, long, outcome);
  await writeActivities(conn, c, leads, activities);
  await writeSpend(conn, c, spend, runId);
}

/** Reads every file of the config into staging, checking that each configured column exists. */
async function stageAll(conn: DuckDBConnection, loaded: LoadedConfig, on?: (m: string) => void) {
  const c = loaded.config;
  const name = loaded.path;
  const leads = await stagePart(conn, "leads", c.leads, leadFields(c), name, on, () => leadExtraColumns(c), {
    rowNumberId: leadIdOf(c).kind === "row",
  });
  const o = outcomeFile(c);
  const outcome = o
    ? await stagePart(conn, "outcome", o, outcomeFields(c, o), name, on, () => outcomeColumn(o))
    : undefined;
  const l = c.stages?.long;
  const long = l ? await stagePart(conn, "stages.long", l, longStageFields(c, l), name, on) : undefined;
  const a = c.activities;
  const activities = a ? await stagePart(conn, "activities", a, activityFields(c, a), name, on) : undefined;
  const sp = c.spend;
  const spend = sp ? await stagePart(conn, "spend", sp, spendFields(c, sp), name, on) : undefined;
  return { leads, outcome, long, activities, spend };
}

/** Records a run that found nothing new, and changes nothing else. */
async function unchanged(
  conn: DuckDBConnection,
  loaded: LoadedConfig,
  runId: string,
  started: string,
  hash: string,
  meta: Record<string, string> = {},
): Promise<IngestResult> {
  const c = loaded.config;
  for (const [k, v] of Object.entries(meta)) {
    const same = await one(conn, "SELECT 1 AS x FROM meta WHERE key = $1 AND value = $2", [k, v]);
    if (!same)
      throw new UserError(
        `The stored ${k} differs from this run's although the files are unchanged; re-run with --force.`,
      );
  }
  const prev = await one<{ as_of: string | null }>(
    conn,
    "SELECT as_of::VARCHAR AS as_of FROM ingest_runs WHERE source = $1 AND status = 'loaded' ORDER BY started_at DESC LIMIT 1",
    [c.source],
  );
  await conn.run(
    `INSERT INTO ingest_runs VALUES ($1, $2, $3, $4, 0, 0, 0, ${prev?.as_of ? literal(prev.as_of) : "NULL"}, $5, current_timestamp, 'unchanged', $6)`,
    [runId, c.source, loaded.path, hash, started, JSON.stringify(c)],
  );
  return {
    run_id: runId,
    source: c.source,
    status: "unchanged",
    rows_read: 0,
    rows_loaded: 0,
    rows_rejected: 0,
    tables: await tableCounts(conn),
    files: [],
    reject_reasons: [],
    flags: 0,
    notes: [],
    as_of: prev?.as_of ?? null,
  };
}

/**
 * Row counts of the canonical tables. `stage_events` is counted as its view is defined (recorded
 * events plus a derived one per lead with a created_at of each source in stage_at_created), with
 * the leads counted per source first: 5× cheaper than counting the view's join at 10M leads.
 */
export async function tableCounts(conn: DuckDBConnection): Promise<TableCounts> {
  const derived = `SELECT sum(n) FROM (SELECT source, count(*) AS n FROM leads WHERE created_at IS NOT NULL GROUP BY source) JOIN stage_at_created USING (source)`;
  const r = await all<Record<string, number>>(
    conn,
    `SELECT
    (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM stage_records) + coalesce((${derived}), 0) AS stage_events,
    (SELECT count(*) FROM outcomes) AS outcomes, (SELECT count(*) FROM activities) AS activities,
    (SELECT count(*) FROM spend) AS spend`,
  );
  const x = r[0];
  return {
    leads: x.leads,
    stage_events: x.stage_events,
    outcomes: x.outcomes,
    activities: x.activities,
    spend: x.spend,
  };
}
