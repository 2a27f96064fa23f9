// The Explore page's SQL guard (src/components/sqlGuard.js): what would make DuckDB-wasm fetch an
// extension or read a file or URL is refused before it runs; queries over the tables pass.
import { describe, expect, it } from "vitest";
import { refuseSql, LOCK_DOWN } from "../../../src/components/sqlGuard.js";

describe("refuseSql", () => {
  it.each([
    "SELECT * FROM read_json('https://example.com/x.json')",
    "select * from READ_JSON_AUTO('x.json')",
    "SELECT * FROM read_ndjson_objects('x')",
    "SELECT * FROM read_parquet('monthly.parquet')",
    "SELECT * FROM parquet_scan('x')",
    "SELECT * FROM parquet_metadata('x')",
    "SELECT json_extract(note, '$.a') FROM monthly",
    "SELECT month::JSON FROM monthly",
    "SELECT CAST(month AS JSON) FROM monthly",
    "SELECT * FROM read_csv('https://example.com/x.csv')",
    "SELECT * FROM 'https://example.com/x.csv'",
    "SELECT * FROM 'leads.parquet'",
    "SELECT * FROM monthly JOIN 's3://bucket/x.csv' USING (month)",
    "INSTALL httpfs",
    "FORCE INSTALL json",
    "LOAD parquet",
    "SELECT 1; ATTACH 'x.duckdb' AS x",
    "COPY monthly TO 'x.parquet' (FORMAT parquet)",
    "EXPORT DATABASE 'x'",
    "SET enable_external_access = true",
    "PRAGMA version",
    "CREATE SECRET s (TYPE s3)",
    "SELECT * FROM glob('*')",
    "SELECT st_point(1, 2)",
  ])("refuses %s", (q) => {
    expect(refuseSql(q)).toMatch(/not available here|not read here|needs a DuckDB extension/);
  });

  it.each([
    "SELECT month, leads, won, round(100 * won / leads, 1) AS won_pct\nFROM monthly\nORDER BY month",
    "SELECT attribute, segment, leads FROM segments WHERE segment = 'from email' ORDER BY rate DESC LIMIT 20",
    "SELECT channel, sum(leads) FROM roi GROUP BY ALL",
    "SELECT * FROM \"funnel\" WHERE dimension = 'channel'",
    "WITH m AS (SELECT * FROM monthly) SELECT count(*) FROM m",
    "SELECT list_transform([1, 2], x -> x + 1) AS l",
  ])("lets %s run", (q) => {
    expect(refuseSql(q)).toBeNull();
  });

  it("locks DuckDB off the network after the tables load, and the settings cannot change back", () => {
    expect(LOCK_DOWN.join("; ")).toMatch(
      /autoload_known_extensions = false.*enable_external_access = false.*lock_configuration = true/,
    );
  });
});
