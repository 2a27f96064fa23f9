import type { DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "../../lib/errors/UserError.ts";
import { ident, literal } from "../../lib/store/index.ts";
import type { FileSpec } from "../config/types.ts";
import type { Field } from "./fields.ts";
import { BAD_TEXT, cleanSql, rawKey, reasonSql, typedSql, validSql } from "./sql.ts";
import { readSource } from "./readers.ts";
import { readError, stagedColumns } from "./read-file.ts";

/** One file of a source (leads, outcome, stages.long, activities, spend) on its way in. */
export interface Part {
  /** Config key of the file, e.g. `leads`; also the `part` column of the problem table. */
  name: string;
  spec: FileSpec;
  /** Staging view: source_row + VARCHAR columns. */
  staging: string;
  /** Typed view: source_row, one column per field, plus `<key>__raw` for parsed kinds: the text of a value that did not parse, else NULL. */
  typed: string;
  /** Rows not rejected (duplicates not yet collapsed). */
  ok: string;
  fields: Field[];
  sourceFile: string;
  rowsRead: number;
  /** False when the reader knows that no value holds a NUL byte or starts with U+FEFF (the checks are skipped). */
  mayHoldBadText: boolean;
  /** Lines for the ingest summary, each naming the config key it is about (`notes` of the result). */
  notes: string[];
}

/** Temp tables every run uses for problems and flags. */
export const PROBLEMS = "ll_problems";
export const FLAGS = "ll_flags";

/** Creates the run's problem and flag tables. */
export async function createScratch(conn: DuckDBConnection): Promise<void> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${PROBLEMS} (part VARCHAR, source_row BIGINT, "column" VARCHAR, value VARCHAR, reason VARCHAR)`,
  );
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${FLAGS} (part VARCHAR, lead_id VARCHAR, source_row BIGINT, "column" VARCHAR, value VARCHAR, note VARCHAR)`,
  );
  await conn.run(`CREATE OR REPLACE TEMP TABLE ll_collapsed (part VARCHAR, source_row BIGINT)`);
  await conn.run("DROP TABLE IF EXISTS temp.main.ll_lead_ids");
}

/**
 * Reads a part: stages the source, checks that every configured column is there, and builds the typed
 * table in one ordered pass (cleaned text, parsed values). Runs outside the transaction: rows appended
 * inside one get transaction-local rowids, and source_row relies on rowid following source order.
 */
export async function stagePart(
  conn: DuckDBConnection,
  name: string,
  spec: FileSpec,
  fields: Field[],
  configName: string,
  onStep?: (m: string) => void,
  extra: (fields: Field[]) => string[] = () => [],
  opts: { rowNumberId?: boolean } = {},
): Promise<Part> {
  const base = `ll_${name.replace(/\W/g, "_")}`;
  const read = await readSource(spec, conn, base, { part: name, configName, onStep });
  let staged: Awaited<ReturnType<typeof stagedColumns>>;
  try {
    staged = await stagedColumns(conn, base);
  } catch (e) {
    throw readError(read.sourceFile, name, read.describe ?? "source", e);
  }
  const own = staged.ownRowNumbers;
  const found = staged.columns;
  checkColumns(found, fields, name, read.sourceFile, configName);
  const p: Part = {
    name,
    spec,
    staging: base,
    typed: `${base}_typed`,
    ok: `${base}_ok`,
    fields,
    sourceFile: read.sourceFile,
    rowsRead: 0,
    mayHoldBadText: read.badText ?? true,
    notes: [],
  };
  const inner = fields.map(
    (f) => `${cleanSql(f, read.padded ?? true)} AS ${ident(f.kind === "text" ? f.key : rawKey(f))}`,
  );
  const middle = fields.map((f) =>
    f.kind === "text" ? ident(f.key) : `${ident(rawKey(f))}, ${typedSql(f, ident(rawKey(f)))} AS ${ident(f.key)}`,
  );
  // The text of a parsed field is kept only where it failed to parse or is not valid (for `rejects.value`):
  // a mostly-NULL column costs next to nothing, where a copy of every date and number string would not.
  // Kept text rejects its row (parseProblems), so an invalid value (1e309, 0001-01-01) may stay in the
  // typed column: no accepted row holds one, and a second CASE per value would cost ~0.1 s per 1M leads.
  const outer = fields.map((f) => {
    if (f.kind === "text") return ident(f.key);
    const [v, k] = [ident(rawKey(f)), ident(f.key)];
    return `CASE WHEN ${validSql(f, k) ?? `${k} IS NOT NULL`} THEN NULL ELSE ${v} END AS ${v}, ${k}`;
  });
  const row = own ? "source_row, " : "";
  try {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${ident(`${p.typed}_t`)} AS
      SELECT ${row}${[...outer, ...extra(fields)].join(", ")}
      FROM (SELECT ${row}${middle.join(", ")} FROM (SELECT ${row}${inner.join(", ")} FROM ${ident(base)}))`);
  } catch (e) {
    throw readError(read.sourceFile, name, read.describe?.replace(/ file$/, "") ?? "source", e);
  }
  // A row-number id (leads.id omitted) is the source row's number as text: computed here, where it is known.
  const rowId = opts.rowNumberId ? `, ${own ? "source_row" : "(rowid + 1)"}::VARCHAR AS id` : "";
  await conn.run(
    `CREATE OR REPLACE TEMP VIEW ${ident(p.typed)} AS SELECT ${own ? "" : "(rowid + 1)::BIGINT AS source_row, "}*${rowId} FROM ${ident(`${p.typed}_t`)}`,
  );
  const r = await conn.runAndReadAll(`SELECT count(*)::BIGINT FROM ${ident(`${p.typed}_t`)}`);
  p.rowsRead = Number(r.getRows()[0][0]);
  return p;
}

function checkColumns(found: string[], fields: Field[], name: string, file: string, configName: string): void {
  const have = new Set(found);
  for (const f of fields) {
    if (have.has(f.column)) continue;
    const shown =
      found.length > 12
        ? `${found
            .slice(0, 12)
            .map((c) => JSON.stringify(c))
            .join(", ")}, … (${found.length} in all)`
        : found.map((c) => JSON.stringify(c)).join(", ");
    const one = found.length === 1 && /[,;\t|]/.test(found[0]);
    const hint = one
      ? ` Only one column was found, so the delimiter is probably wrong: set ${name}.delimiter (e.g. ";" or "\\t"). If it is right, look for an unterminated quote.`
      : "";
    throw new UserError(
      `${file}: missing column ${JSON.stringify(f.column)} (named by ${f.origin} in ${configName}); found: ${shown}.${hint}`,
    );
  }
}

/**
 * Records the rows whose date, number or yes/no value did not parse or is not kept (non-finite number,
 * date word, date out of range), and, unless the reader ruled them out, values holding a NUL byte or
 * starting with U+FEFF: no column can hold those faithfully (a NUL ends a string in DuckDB's SQL text,
 * a U+FEFF makes an invisible second `google` beside `google`), so the row is rejected, not the file.
 */
export async function parseProblems(conn: DuckDBConnection, p: Part): Promise<void> {
  for (const f of p.fields) {
    if (f.kind === "text") continue;
    const raw = ident(rawKey(f));
    await conn.run(`INSERT INTO ${PROBLEMS} SELECT ${literal(p.name)}, source_row, ${literal(f.column)}, ${raw}, ${reasonSql(f, raw)}
      FROM ${ident(p.typed)} WHERE ${raw} IS NOT NULL`);
  }
  if (!p.mayHoldBadText) return;
  for (const { sql, reason } of BAD_TEXT) {
    for (const f of p.fields) {
      // A typed field's text is kept only where it was not kept as a value; NUL or U+FEFF never parse.
      const v = ident(f.kind === "text" ? f.key : rawKey(f));
      await problem(conn, p, sql(v), f.column, v, reason);
    }
  }
}

/** Records every row of the part's typed table matching `where` as a problem. */
export async function problem(
  conn: DuckDBConnection,
  p: Part,
  where: string,
  column: string,
  value: string,
  reason: string,
  from = p.typed,
): Promise<void> {
  await conn.run(
    `INSERT INTO ${PROBLEMS} SELECT ${literal(p.name)}, source_row, ${literal(column)}, (${value})::VARCHAR, ${literal(reason)} FROM ${ident(from)} WHERE ${where}`,
  );
}

/** Records a flag (loaded, but worth a look) for every row matching `where`. */
export async function flag(
  conn: DuckDBConnection,
  p: Part,
  where: string,
  leadId: string,
  column: string,
  value: string,
  note: string,
  from = p.typed,
): Promise<void> {
  await conn.run(
    `INSERT INTO ${FLAGS} SELECT ${literal(p.name)}, ${leadId}, source_row, ${literal(column)}, (${value})::VARCHAR, ${note} FROM ${ident(from)} WHERE ${where}`,
  );
}

/**
 * Rows sharing a key: all rejected when their values differ (we cannot know which is right); when they
 * are identical they collapse into the first one, counted as loaded, with a flag saying so.
 */
export async function duplicates(
  conn: DuckDBConnection,
  p: Part,
  key: string[],
  column: string,
  value: string,
  leadId: string | null,
): Promise<void> {
  const k = key.join(", ");
  // The repeated keys first, on the key columns alone: most files have none, and then the rows are
  // never read whole (at 10M leads that skips a join probe carrying every column, ~2.5 CPU s). The
  // keys are grouped by their 64-bit hash, then only keys whose hash repeats are compared as values
  // (a collision adds a candidate, never loses a duplicate): 2.6 instead of 4.1 CPU s at 10M leads.
  const notNull = key.map((c) => `${c} IS NOT NULL`).join(" AND ");
  await conn.run(`CREATE OR REPLACE TEMP TABLE ll_dup_keys AS
    SELECT ${k} FROM ${ident(p.typed)} WHERE ${notNull} AND hash(${k}) IN (
      SELECT hash(${k}) AS h FROM ${ident(p.typed)} WHERE ${notNull} GROUP BY h HAVING count(*) > 1)
    GROUP BY ${k} HAVING count(*) > 1`);
  const [n] = (await conn.runAndReadAll("SELECT count(*)::INTEGER FROM ll_dup_keys")).getRows()[0];
  if (n === 0) return;
  const cols = p.fields.flatMap((f) => (f.kind === "text" ? [ident(f.key)] : [ident(f.key), ident(rawKey(f))]));
  // Only rows whose key repeats are hashed: a hash of every cleaned value tells identical rows from conflicting ones.
  await conn.run(`CREATE OR REPLACE TEMP TABLE ll_dups AS
    SELECT *, count(DISTINCT h) OVER w AS versions, min(source_row) OVER w AS first_row
    FROM (SELECT t.*, hash(${cols.map((c) => `t.${c}`).join(", ")}) AS h FROM ${ident(p.typed)} t SEMI JOIN ll_dup_keys g USING (${k}))
    WINDOW w AS (PARTITION BY ${k})`);
  await problem(conn, p, "versions > 1", column, value, "duplicate id with conflicting values", "ll_dups");
  await flag(
    conn,
    p,
    "versions = 1 AND source_row > first_row",
    leadId ?? "NULL",
    column,
    value,
    "'exact duplicate of row ' || first_row || ', collapsed into it'",
    "ll_dups",
  );
  await conn.run(
    `INSERT INTO ll_collapsed SELECT ${literal(p.name)}, source_row FROM ll_dups WHERE versions = 1 AND source_row > first_row`,
  );
}

/** Creates the part's ok table: rows with no problem, exact duplicates collapsed into their first row. */
export async function keepOk(conn: DuckDBConnection, p: Part): Promise<void> {
  const r = await conn.runAndReadAll(
    `SELECT (SELECT count(*) FROM ${PROBLEMS} WHERE part = ${literal(p.name)}) + (SELECT count(*) FROM ll_collapsed WHERE part = ${literal(p.name)})`,
  );
  if (Number(r.getRows()[0][0]) === 0) {
    // The common case (a clean file): no copy, the ok rows are the typed rows.
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${ident(p.ok)} AS SELECT * FROM ${ident(p.typed)}`);
    return;
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${ident(p.ok)} AS
    SELECT * FROM ${ident(p.typed)} t
    WHERE source_row NOT IN (SELECT source_row FROM ${PROBLEMS} WHERE part = ${literal(p.name)}
                             UNION ALL SELECT source_row FROM ll_collapsed WHERE part = ${literal(p.name)})`);
}

/** Rows read, loaded and rejected by a part. */
export async function partCounts(conn: DuckDBConnection, p: Part): Promise<{ read: number; rejected: number }> {
  const r = await conn.runAndReadAll(
    `SELECT count(DISTINCT source_row)::INTEGER FROM ${PROBLEMS} WHERE part = ${literal(p.name)}`,
  );
  return { read: p.rowsRead, rejected: Number(r.getRows()[0][0]) };
}
