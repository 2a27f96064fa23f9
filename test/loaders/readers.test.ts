// Imports the engine's run module alone (no loaders/index.ts): the built-in readers must be there.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { ingest } from "../../loaders/ingest/run.ts";
import { formats, readers, registerReader, type Reader } from "../../loaders/ingest/readers.ts";
import { loadConfig } from "../../loaders/config/load.ts";
import { openStore } from "../../lib/store/index.ts";
import { tempDir, writeSource } from "./helpers.ts";

describe("the reader registry", () => {
  it("holds the built-in readers once loaders/ingest/run.ts is imported, and ingest works from it alone", async () => {
    expect(formats()).toEqual(["csv", "parquet", "jsonl", "postgres"]);
    const dir = tempDir();
    const cfg = writeSource(dir, { "l.csv": "id,x\nA,1\nB,2\n" }, { source: "s", leads: { file: "l.csv", id: "id" } });
    const store = await openStore(join(dir, "db.duckdb"));
    try {
      expect((await ingest(store.conn, loadConfig(cfg))).rows_loaded).toBe(2);
    } finally {
      await store.close();
    }
  });

  it("a registered format is accepted by the config; registering a format twice is refused", async () => {
    const dir = tempDir();
    const cfg = writeSource(
      dir,
      { "l.xlsx": "" },
      { source: "s", leads: { file: "l.xlsx", format: "xlsx", id: "id" } },
    );
    expect(() => loadConfig(cfg)).toThrow(/leads\.format: expected one of csv, parquet, jsonl, postgres, got "xlsx"/);
    const csv = readers.get("csv")!;
    const xlsx: Reader = (spec, conn, table, ctx) => csv({ ...spec, format: "csv" }, conn, table, ctx);
    registerReader("xlsx", xlsx);
    expect(loadConfig(cfg).config.leads.format).toBe("xlsx");
    expect(() => registerReader("xlsx", xlsx)).toThrow(/the format "xlsx" already has a reader/);
    expect(() => registerReader("csv", xlsx)).toThrow(/already has a reader/);
    registerReader("xlsx", xlsx, { replace: true });
    expect(readers.get("xlsx")).toBe(xlsx);
  });
});
