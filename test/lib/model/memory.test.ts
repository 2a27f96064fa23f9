import { createHash } from "node:crypto";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { syntheticStore } from "./synthetic.ts";
import { openStore, all, exec, type Store } from "../../../lib/store/index.ts";
import {
  buildEncoding,
  leadsRelation,
  patternQuery,
  resolveInputs,
  type Encoding,
} from "../../../lib/features/index.ts";
import { loadPatterns, patternDesign } from "../../../lib/model/patterns.ts";
import { prepareFitTable, resolveAsOf } from "../../../lib/model/split.ts";
import { inputColumn } from "../../../lib/model/fit.ts";
import { withMemoryLimit } from "../../../lib/model/memory.ts";
import { defaultMemoryLimit } from "../../../lib/store/open.ts";

// What the fit does to stay small at millions of leads (docs/scaling.md, Memory): a fit table with
// only the inputs' columns, patterns streamed chunk by chunk into typed arrays, and DuckDB's memory
// limit capped while the fit's queries run.

let store: Store;
let encoding: Encoding;
const TABLE = "_mem_fit";

beforeAll(async () => {
  store = await syntheticStore(20000);
  const { inputs } = await resolveInputs(store.conn, ["industry", "visits", "channel"]);
  const asOf = await resolveAsOf(store.conn);
  const relation = leadsRelation({ asOf, halfLifeDays: 30, activity: false });
  await prepareFitTable(store.conn, {
    table: TABLE,
    relation,
    asOf,
    maturityDays: 180,
    validation: "auto",
    testShare: 0.2,
    folds: 5,
    columns: inputs.map(inputColumn),
  });
  encoding = await buildEncoding(store.conn, inputs, TABLE, "part = 0");
});
afterAll(async () => store.close());

/** The patterns as plain rows, read the simple way (one JS object per row), in the loader's order. */
async function reference(aggregate: boolean) {
  const k = encoding.attributes.length;
  const keys = [...encoding.attributes.map((_, i) => `enc_${i + 1}`), "by_1", "by_2"];
  const inner = patternQuery(encoding, { table: TABLE, by: ["part", "fold"], outcome: "won", aggregate });
  // One row per lead: leads with equal keys are ordered by outcome (else their order is DuckDB's whim).
  const order = aggregate ? keys.join(", ") : `${keys.join(", ")}, conversions`;
  const rows = await all<Record<string, number>>(store.conn, `SELECT * FROM (${inner}) p ORDER BY ${order}`);
  const col = (c: string) => rows.map((r) => Number(r[c]));
  const codes = Array.from({ length: k }, (_, j) => Int32Array.from(col(`enc_${j + 1}`)));
  const arrays = [
    ...codes,
    Int32Array.from(col("by_1")),
    Int32Array.from(col("by_2")),
    Float64Array.from(col("leads")),
    Float64Array.from(col("conversions")),
  ];
  // The fingerprint as it has always been defined: SHA-256 over the columns' bytes in this order.
  const hash = createHash("sha256");
  for (const a of arrays) hash.update(new Uint8Array(a.buffer));
  return { rows: rows.length, arrays, fingerprint: hash.digest("hex") };
}

describe("the fit table keeps only what the fit reads", () => {
  it("holds lead_id, created_at, the inputs' columns, the label, part and fold", async () => {
    const cols = await all<{ name: string }>(
      store.conn,
      `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${TABLE}' ORDER BY ordinal_position`,
    );
    expect(cols.map((c) => c.name)).toEqual([
      "lead_id",
      "created_at",
      "industry",
      "visits",
      "channel",
      "won",
      "part",
      "fold",
    ]);
  });
});

describe("loadPatterns streams the patterns into typed arrays", () => {
  for (const aggregate of [true, false]) {
    it(`reads every row, in key order, with the same fingerprint (${aggregate ? "patterns" : "one row per lead: many chunks"})`, async () => {
      const ref = await reference(aggregate);
      const P = await loadPatterns(store.conn, encoding, TABLE, aggregate);
      if (!aggregate) expect(P.rows).toBeGreaterThan(5 * 2048); // DuckDB hands out 2,048 rows per chunk
      expect(P.rows).toBe(ref.rows);
      [...P.codes, P.part, P.fold, P.leads, P.conversions].forEach((a, i) =>
        expect(Array.from(a)).toEqual(Array.from(ref.arrays[i])),
      );
      expect(P.fingerprint).toBe(ref.fingerprint);
      expect(P.codes[0]).toBeInstanceOf(Int32Array);
      expect(P.leads).toBeInstanceOf(Float64Array);
      // Its temp table is gone.
      const left = await all(
        store.conn,
        "SELECT table_name FROM information_schema.tables WHERE table_name = '_leadlens_patterns'",
      );
      expect(left).toEqual([]);
    });
  }
  it("builds the design with exactly one entry per non-reference code", async () => {
    const P = await loadPatterns(store.conn, encoding, TABLE, true);
    const d = patternDesign(encoding, P);
    let nnz = 0;
    encoding.attributes.forEach((a, j) =>
      P.codes[j].forEach((c) => {
        if (c !== a.reference) nnz++;
      }),
    );
    expect(d.sparse!.colIdx.length).toBe(nnz);
    expect(d.sparse!.rowPtr[P.rows]).toBe(nnz);
  });
});

const limit = async (conn: Store["conn"]) =>
  (await all<{ m: string }>(conn, "SELECT current_setting('memory_limit') AS m"))[0].m;

describe("DuckDB's memory limit during the fit's queries", () => {
  it("runs under the store's 2GB default, and leaves DuckDB's own default when the store was opened with it", async () => {
    const s = await openStore(":memory:");
    expect(await withMemoryLimit(s.conn, undefined, () => limit(s.conn))).toBe("1.8 GiB"); // 2GB as DuckDB shows it
    expect(await limit(s.conn)).toBe("1.8 GiB");
    await s.close();
    const own = await openStore(":memory:", { memoryLimit: "duckdb" });
    const before = await limit(own.conn);
    expect(before).not.toBe("1.8 GiB");
    expect(await withMemoryLimit(own.conn, undefined, () => limit(own.conn))).toBe(before);
    expect(await withMemoryLimit(own.conn, "2GB", () => limit(own.conn))).toBe("1.8 GiB");
    expect(await limit(own.conn)).toBe(before); // the exact default comes back
    await own.close();
  });
  it("keeps the limit the store was opened with, and an explicit one applies only during the work", async () => {
    const s = await openStore(":memory:", { memoryLimit: "1GB" });
    expect(await withMemoryLimit(s.conn, undefined, () => limit(s.conn))).toBe("953.6 MiB");
    expect(await withMemoryLimit(s.conn, "512MB", () => limit(s.conn))).toBe("488.2 MiB");
    expect(await limit(s.conn)).toBe("953.6 MiB");
    await s.close();
  });
  it("restores the limit when the work fails", async () => {
    const s = await openStore(":memory:");
    const before = await limit(s.conn);
    await expect(
      withMemoryLimit(s.conn, "256MB", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await limit(s.conn)).toBe(before);
    await s.close();
  });
  it("leaves a connection it did not open alone", async () => {
    const instance = await DuckDBInstance.create(":memory:", { memory_limit: "700MB" });
    const conn = await instance.connect();
    expect(await withMemoryLimit(conn, undefined, () => limit(conn))).toBe("667.5 MiB");
    conn.closeSync();
    instance.closeSync();
  });
  it("is never raised above DuckDB's own default on a small machine", () => {
    expect(defaultMemoryLimit(24 * 2 ** 30)).toBe("2GB");
    expect(defaultMemoryLimit(2.6 * 2 ** 30)).toBe("2GB");
    expect(defaultMemoryLimit(2 * 2 ** 30)).toBeNull(); // DuckDB's 80% (1.6 GiB) is lower: keep it
  });
  it("refuses a limit that is not a size", async () => {
    const s = await openStore(":memory:");
    await expect(withMemoryLimit(s.conn, "lots", async () => 1)).rejects.toThrow(/expected a size/);
    await exec(s.conn, "SELECT 1");
    await s.close();
  });
});
