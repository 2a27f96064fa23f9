import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { migrate } from "../../lib/store/index.ts";
import { migrations } from "../../lib/store/migrations/index.ts";

/**
 * A store file at schema version 1 (as an older leadlens wrote it), filled by `fill` in that layout,
 * closed; returns its path. Opening it with openStore applies the later migrations.
 */
export async function versionOneStore(fill: (conn: DuckDBConnection) => Promise<void>): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), "leadlens-")), "v1.duckdb");
  const db = await DuckDBInstance.create(path);
  const conn = await db.connect();
  const applied = await migrate(
    conn,
    migrations.filter((m) => m.version === 1),
  );
  if (applied.join() !== "1") throw new Error(`expected to apply migration 1 only, applied ${applied.join(", ")}`);
  await fill(conn);
  conn.closeSync();
  db.closeSync();
  return path;
}
