import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdirSync, existsSync } from "node:fs";
import { totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { migrate, refuseNewer, schemaVersion } from "./migrate.ts";
import { damagedStore, noteOpened } from "./damaged.ts";
import { all } from "./query.ts";
import { UserError } from "../errors/UserError.ts";

import { DEFAULT_DB } from "./defaults.ts";

/** The default store path, relative to the working directory (in defaults.ts so the CLI reads it without loading DuckDB). */
export { DEFAULT_DB };

/** An open store: the DuckDB instance and one connection, migrated to the newest schema. */
export interface Store {
  path: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  /** Closes the connection and the instance (flushes the WAL into the file). */
  close(): Promise<void>;
}

/** Options for {@link openStore}. */
export interface OpenOptions {
  /** Open without writing (no migration). Fails when the file does not exist. Default false. */
  readOnly?: boolean;
  /** Fail with a clear message when the file does not exist, instead of creating it. Default false. */
  mustExist?: boolean;
  /** DuckDB threads; default DuckDB's own choice (all cores). */
  threads?: number;
  /**
   * DuckDB's memory limit (e.g. "3GB"): beyond it DuckDB spills joins, aggregations and sorts to
   * disk instead of growing. Default: the LEADLENS_MEMORY_LIMIT environment variable, else
   * {@link DEFAULT_MEMORY_LIMIT}. `"duckdb"` leaves DuckDB's own default (80% of RAM). See docs/scaling.md.
   */
  memoryLimit?: string;
}

/**
 * DuckDB's memory limit when none is given: at 10M leads DuckDB's own default (80% of RAM) lets
 * ingest and the report build hold 4–7 GiB before spilling; capped, they spill and peak near 2.5 GiB
 * for ~10% more CPU (docs/scaling.md). Not applied where DuckDB's default is already lower.
 */
export const DEFAULT_MEMORY_LIMIT = "2GB";

/** The limit to open with: the option, else LEADLENS_MEMORY_LIMIT, else the default; null for DuckDB's own. */
function chosenLimit(option: string | undefined): string | null {
  const given = (option ?? process.env.LEADLENS_MEMORY_LIMIT)?.trim();
  if (given?.toLowerCase() === "duckdb") return null;
  if (given) {
    if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(given)) {
      throw new UserError(
        `Memory limit "${given}" (LEADLENS_MEMORY_LIMIT or memoryLimit): expected a size such as 3GB or 512MB, or "duckdb" for DuckDB's own default.`,
      );
    }
    return given;
  }
  return defaultMemoryLimit(totalmem());
}

/**
 * The limit a store opens with when none is given, on a machine with `totalBytes` of RAM:
 * {@link DEFAULT_MEMORY_LIMIT}, or null (DuckDB's own 80% of RAM) where that is already lower.
 *
 * @example
 * defaultMemoryLimit(24 * 2 ** 30); // → "2GB"
 * defaultMemoryLimit(2 * 2 ** 30); // → null (80% of 2 GiB is below 2GB)
 */
export function defaultMemoryLimit(totalBytes: number): string | null {
  return 0.8 * totalBytes > 2e9 ? DEFAULT_MEMORY_LIMIT : null;
}

/**
 * Opens (creating if needed) the DuckDB store at `path` (":memory:" for tests) and migrates it.
 * Read-only, it is not migrated, but a store from a newer leadlens is refused all the same. A file
 * DuckDB cannot read (not a database, cut short, a bad checksum) is refused in one paragraph that
 * names it and says what to do (`damagedStore`).
 *
 * @example
 * const store = await openStore("data/leadlens.duckdb");
 * await all(store.conn, "SELECT count(*) AS n FROM leads"); // → [{ n: 50000 }]
 * await store.close();
 */
export async function openStore(path: string = DEFAULT_DB, options: OpenOptions = {}): Promise<Store> {
  const memory = path === ":memory:";
  const full = memory ? path : resolve(path);
  if (!memory) {
    if ((options.readOnly || options.mustExist) && !existsSync(full)) {
      throw new UserError(
        `No leadlens database at ${path}. Run \`leadlens ingest …\` first, or pass --db with the right path.`,
      );
    }
    mkdirSync(dirname(full), { recursive: true });
  }
  const config: Record<string, string> = {};
  if (options.readOnly) config.access_mode = "READ_ONLY";
  if (options.threads) config.threads = String(options.threads);
  const memoryLimit = chosenLimit(options.memoryLimit);
  if (memoryLimit) config.memory_limit = memoryLimit;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(full, config);
  } catch (e) {
    throw (
      damagedStore(e, path) ?? new UserError(`Cannot open the database ${path}: ${(e as Error).message.split("\n")[0]}`)
    );
  }
  if (!memory) noteOpened(path, full);
  const conn = await instance.connect();
  configuredLimits.set(conn, memoryLimit);
  try {
    if (options.readOnly) await refuseUnreadable(conn, path);
    else await migrate(conn, undefined, path);
  } catch (e) {
    conn.closeSync();
    instance.closeSync();
    throw damagedStore(e, path) ?? e;
  }
  return {
    path: full,
    instance,
    conn,
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * What migrate() checks, for a store opened read-only (which is not migrated): a DuckDB file that is
 * no leadlens store, or one written by a newer leadlens, is refused rather than misread.
 */
async function refuseUnreadable(conn: DuckDBConnection, path: string): Promise<void> {
  const tables = await all<{ n: number }>(
    conn,
    "SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'schema_version'",
  );
  if (Number(tables[0]?.n ?? 0) === 0) {
    throw new UserError(
      `The database ${path} is a DuckDB file but not a leadlens database (it has no schema_version table). Pass --db with the file \`leadlens ingest\` wrote, or load your data into a new one with \`leadlens ingest …\`.`,
    );
  }
  refuseNewer(await schemaVersion(conn), undefined, path);
}

const configuredLimits = new WeakMap<DuckDBConnection, string | null>();

/**
 * The memory limit {@link openStore} opened this connection's database with, exactly as given
 * (option, LEADLENS_MEMORY_LIMIT or {@link DEFAULT_MEMORY_LIMIT}); null for DuckDB's default (80% of RAM); undefined for a
 * connection openStore did not open. DuckDB itself only shows the limit rounded ("1.8 GiB" for
 * 2GB), so code that changes the limit for a while restores it from here.
 */
export function configuredMemoryLimit(conn: DuckDBConnection): string | null | undefined {
  return configuredLimits.get(conn);
}

/**
 * Fails with one clear paragraph when the store holds no leads, naming the file and what to run.
 * Commands that read leads call it right after opening.
 */
export async function requireLeads(store: Store, label: string = store.path): Promise<void> {
  const reader = await store.conn.runAndReadAll("SELECT count(*) AS n FROM leads");
  if (Number(reader.getRows()[0]?.[0] ?? 0) === 0) {
    await store.close();
    throw new UserError(
      `The database ${label} holds no leads. Load some first, e.g. \`leadlens ingest demo\` or \`leadlens ingest olist --dir ../shared/data/olist-marketing-funnel\`.`,
    );
  }
}
