// DuckDB's read_csv/read_parquet/read_json expand * ? [ even in a string literal: given x[1].csv it
// silently read x1.csv. Such paths are refused with a UserError naming the file.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { ingest } from "../../loaders/ingest/run.ts";
import { loadConfig } from "../../loaders/config/load.ts";
import { profileCsv } from "../../loaders/init/profile.ts";
import { openStore } from "../../lib/store/index.ts";
import { tempDir, writeSource } from "./helpers.ts";

describe("a source path holding glob characters", () => {
  it("is refused, not read as a pattern matching another file", async () => {
    const dir = tempDir();
    const cfg = writeSource(
      dir,
      { "x[1].csv": "id,x\nA,1\n", "x1.csv": "id,x\nWRONG1,1\nWRONG2,2\n" },
      { source: "s", leads: { file: "x[1].csv", id: "id" } },
    );
    const store = await openStore(join(dir, "db.duckdb"));
    try {
      const err = await ingest(store.conn, loadConfig(cfg)).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.name).toBe("UserError");
      expect(err?.message).toMatch(/x\[1\]\.csv \(leads\.file\).*\[/);
      expect(err?.message).toMatch(/rename/);
      const [{ n }] = (await store.conn.runAndReadAll("SELECT count(*)::INT AS n FROM leads")).getRowObjects();
      expect(n).toBe(0);
      await expect(profileCsv(store.conn, join(dir, "x[1].csv"))).rejects.toThrow(/x\[1\]\.csv.*glob/);
    } finally {
      await store.close();
    }
  });
});
