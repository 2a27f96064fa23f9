import { describe, it, expect } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { openStore, all } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import {
  initConfig,
  guessType,
  stageOf,
  snakeName,
  guessRole,
  outcomeValues,
  sentinelOf,
} from "../../loaders/init/index.ts";
import { ROOT, SHARED, tempDir } from "./helpers.ts";

async function starter(file: string, out: string): Promise<string> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    const yaml = await initConfig(conn, file, out);
    writeFileSync(out, yaml);
    return yaml;
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

describe("leadlens init", () => {
  it("writes a commented starter for Leads.csv that validates and ingests", async () => {
    const dir = tempDir();
    const out = join(dir, "source.yml");
    const yaml = await starter(join(SHARED, "x-education-leads/Leads.csv"), out);
    expect(yaml).toMatch(/^# leadlens source config/);
    expect(yaml).toMatch(/id: "Prospect ID"/);
    expect(yaml).toMatch(/channel:.*\n\s+column: "Lead Source"\n\s+normalize: \{ case: lower \}/);
    expect(yaml).toMatch(/missing: \["", "Select"\]/);
    expect(yaml).toMatch(/"Select": 13,380 cells/);
    expect(yaml).toMatch(/column: "Converted"\n\s+won: \["1"\]\n\s+lost: \["0"\]/);
    expect(yaml).toMatch(/name: tags, column: "Tags", role: post_outcome .*# check: usually filled in by sales/);
    expect(yaml).toMatch(/name: lead_number, column: "Lead Number", role: id/);
    expect(yaml).toMatch(/name: total_time_spent_on_website, .*role: intent\.behavioral, type: numeric/);
    expect(yaml).toMatch(/name: city, column: "City", role: fit\.geographic/);
    expect(yaml).toMatch(/name: do_not_email, .*type: boolean/);
    expect(yaml.match(/# - \{ .*one value in every row/g)).toHaveLength(5);
    const store = await openStore(":memory:");
    const r = await ingest(store.conn, loadConfig(out));
    expect(r).toMatchObject({ rows_read: 9240, rows_loaded: 9240, rows_rejected: 0 });
    expect(await all(store.conn, "SELECT count(*) AS n FROM outcomes WHERE outcome = 'won'")).toEqual([{ n: 3561 }]);
    await store.close();
  });

  it("handles a semicolon export with dd/mm/yyyy dates and wide stage columns", async () => {
    const dir = tempDir();
    const out = join(dir, "source.yml");
    const yaml = await starter(join(ROOT, "data/examples/hubspot/contacts.csv"), out);
    expect(yaml).toMatch(/delimiter: ";"/);
    expect(yaml).toMatch(/id: "Record ID" {3}# check: 1 row\(s\) repeat an id/);
    expect(yaml).toMatch(/created_at:\n\s+column: "Create Date"\n\s+format: "%d\/%m\/%Y"/);
    for (const stage of ["mql", "sql", "opportunity", "won"])
      expect(yaml).toMatch(new RegExp(`\\n    ${stage}:\\n      column: "Became`));
    expect(yaml).toMatch(/name: email, column: "Email", role: id, personal: true/);
    // HubSpot's lifecycle stage is the outcome: customer won, the earlier stages still open.
    expect(yaml).toMatch(/outcome: .*\n  column: "Lifecycle Stage"\n  won: \["customer"\]/);
    expect(yaml).toMatch(/open: \["lead", "opportunity", "salesqualifiedlead", "marketingqualifiedlead", "other"\]/);
    const store = await openStore(":memory:");
    const r = await ingest(store.conn, loadConfig(out));
    expect(r.rows_read).toBe(12);
    // the impossible date, the id exported twice, and the "-" pageviews the starter flagged with "check"
    expect(r.rows_rejected).toBe(4);
    expect(r.reject_reasons.map((x) => x.reason).sort()).toEqual([
      "duplicate id with conflicting values",
      "unparseable date",
      "unparseable number",
    ]);
    expect(
      await all(store.conn, "SELECT stage, count(*) AS n FROM stage_events WHERE stage = 'mql' GROUP BY 1"),
    ).toEqual([{ stage: "mql", n: 6 }]);
    expect(await all(store.conn, "SELECT outcome, count(*) AS n FROM outcomes GROUP BY 1")).toEqual([
      { outcome: "won", n: 3 },
    ]);
    await store.close();
  });

  it("guesses types, stages, roles and names from small inputs", () => {
    const col = {
      name: "x",
      filled: 10,
      distinct: 10,
      distinctLower: 10,
      top: [],
      placeholders: [{ value: "-", n: 1 }],
      numeric: 9,
      isoDate: 0,
      dateFormats: [],
      yesNo: 0,
    };
    expect(guessType(col, new Set(["-"]))).toEqual({ type: "numeric", unparsed: 0 });
    expect(guessType({ ...col, numeric: 0, yesNo: 10 })).toEqual({ type: "boolean" });
    expect(stageOf("Became a Sales Qualified Lead Date")).toBe("sql");
    expect(stageOf("Became a Customer Date")).toBe("won");
    expect(stageOf("Industry")).toBeUndefined();
    expect(snakeName("Country/Region", new Set())).toBe("country_region");
    expect(snakeName("channel", new Set())).toBe("channel_attr");
    expect(guessRole("Do Not Email", "boolean").personal).toBe(false);
    expect(guessRole("Work Email", "categorical")).toMatchObject({ personal: true });
  });
});

describe("outcome vocabularies and numeric codes (issue 14, item 8)", () => {
  const col = (name: string, top: Array<[string, number]>, extra = {}) => ({
    name,
    filled: 0,
    distinct: top.length,
    distinctLower: top.length,
    top: top.map(([value, n]) => ({ value, n })),
    placeholders: [],
    numeric: 0,
    isoDate: 0,
    dateFormats: [],
    yesNo: 0,
    ...extra,
  });
  it("sorts deal stages into won, lost and open, and an unknown stage into open with a TODO", () => {
    const stages = outcomeValues(
      col("deal_stage", [
        ["Won", 4238],
        ["Lost", 2473],
        ["Engaging", 1589],
        ["Prospecting", 500],
      ]),
    );
    expect(stages).toMatchObject({ won: ["Won"], lost: ["Lost"], open: ["Engaging", "Prospecting"] });
    expect(stages.todo).toBeUndefined();
    const o = outcomeValues(
      col("stage", [
        ["Closed Won", 5],
        ["Closed Lost", 4],
        ["Parked", 2],
        ["Disqualified", 1],
      ]),
    );
    expect(o).toMatchObject({
      won: ["Closed Won"],
      lost: ["Closed Lost"],
      disqualified: ["Disqualified"],
      open: ["Parked"],
    });
    expect(o.todo).toMatch(/"Parked" is neither won nor lost/);
  });
  it("reads -1 or 999 as a sentinel only when it lies outside the other values", () => {
    const pdays = (code: string, min: number, max: number) =>
      col(
        "pdays",
        [
          [code, 900],
          ["5", 10],
        ],
        { numeric: 1000, integers: 1000, range: { min, max } },
      );
    expect(sentinelOf(pdays("-1", 1, 871))).toBe(-1);
    expect(sentinelOf(pdays("999", 0, 27))).toBe(999);
    expect(sentinelOf(pdays("-1", -40, 871))).toBeUndefined(); // a balance that is often -1 is a quantity
    expect(sentinelOf(pdays("999", 0, 4000))).toBeUndefined();
  });
});

describe("the worked example in docs/sources.md", () => {
  it("ingests data/examples/hubspot/source.yml with its three bad rows and one negative cost", async () => {
    const store = await openStore(join(tempDir(), "db.duckdb"));
    const r = await ingest(store.conn, loadConfig(join(ROOT, "data/examples/hubspot/source.yml")));
    expect(r).toMatchObject({ rows_read: 17, rows_loaded: 13, rows_rejected: 4 });
    expect(r.reject_reasons).toEqual([
      { reason: "duplicate id with conflicting values", rows: 2 },
      { reason: "negative spend", rows: 1 },
      { reason: "unparseable date", rows: 1 },
    ]);
    expect(await all(store.conn, "SELECT outcome, count(*) AS n FROM lead_outcomes GROUP BY 1 ORDER BY 1")).toEqual([
      { outcome: "lost", n: 1 },
      { outcome: "open", n: 5 },
      { outcome: "won", n: 3 },
    ]);
    expect(await all(store.conn, "SELECT count(*) AS n FROM outcomes")).toEqual([{ n: 4 }]); // open leads have no row
    expect(await all(store.conn, "SELECT channel, sum(amount) AS eur FROM spend GROUP BY 1 ORDER BY 1")).toEqual([
      { channel: "email marketing", eur: 150 },
      { channel: "paid search", eur: 2300.5 },
      { channel: "paid social", eur: 800 },
    ]);
    expect(await all(store.conn, "SELECT count(*) AS n FROM leads WHERE channel = 'paid search'")).toEqual([{ n: 3 }]);
    expect(await all(store.conn, "SELECT amount FROM outcomes WHERE lead_id = '1001'")).toEqual([{ amount: 12500 }]);
    await store.close();
  });
});
