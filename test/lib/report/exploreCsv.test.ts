// Review MUST 11: the Explore page's downloadable CSVs go through lib/csv (formula cells neutralised).
import { describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exploreCsv } from "../../../lib/report/data/explore.ts";

const roi = (channel: string) => ({
  channel,
  spend: 100,
  leads: 20,
  mqls: 8,
  sqls: 4,
  won: 2,
  revenue: -3.5,
  cost_per_lead: 5,
  cost_per_won: 50,
  roi: null,
  projected_roi: 0.2,
});

describe("exploreCsv", () => {
  it("neutralises a label a spreadsheet would run, keeps numbers, and DuckDB reads it back", async () => {
    const pages = {
      roi: {
        report: {
          available: true,
          data: { channels: [roi('=HYPERLINK("http://evil.example","x")'), roi("paid, search")] },
        },
      },
    };
    const text = await exploreCsv("roi", {} as never, pages);
    expect(text.split("\n")[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")",100,20,8,4,2,-3.5,5,50,,0.2`);
    const file = join(mkdtempSync(join(tmpdir(), "leadlens-explore-")), "roi.csv");
    writeFileSync(file, text);
    const conn = await (await DuckDBInstance.create(":memory:")).connect();
    const rows = (
      await conn.runAndReadAll(`SELECT channel, revenue, roi FROM read_csv('${file}')`)
    ).getRowObjectsJson();
    expect(rows).toEqual([
      { channel: `'=HYPERLINK("http://evil.example","x")`, revenue: -3.5, roi: null },
      { channel: "paid, search", revenue: -3.5, roi: null },
    ]);
    conn.closeSync();
  });
});
