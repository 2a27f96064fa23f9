import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { join } from "node:path";
import { openStore, all, one, type Store } from "../../lib/store/index.ts";
import { ingest, loadPreset, type IngestResult } from "../../loaders/index.ts";
import { SHARED, tempDir } from "./helpers.ts";

describe("olist preset", () => {
  let s: Store;
  let r: IngestResult;
  beforeAll(async () => {
    s = await openStore(join(tempDir(), "olist.duckdb"));
    r = await ingest(s.conn, loadPreset("olist", { dir: join(SHARED, "olist-marketing-funnel") }));
  });
  afterAll(() => s.close());

  it("loads 8,000 leads and 842 won: conversion 10.53%", async () => {
    expect(r.rows_read).toBe(r.rows_loaded + r.rows_rejected);
    expect(r.tables.leads).toBe(8000);
    const o = await one<{ won: number; n: number }>(
      s.conn,
      "SELECT count(*) FILTER (WHERE outcome = 'won') AS won, count(*) AS n FROM lead_outcomes",
    );
    expect(o).toEqual({ won: 842, n: 8000 });
    expect(((100 * o!.won) / o!.n).toFixed(2)).toBe("10.53");
    expect(await one(s.conn, "SELECT count(*) AS n FROM lead_outcomes WHERE outcome = 'open'")).toEqual({ n: 7158 });
    expect(r.tables.outcomes).toBe(842); // Olist records closed deals only
  });

  it("flags the deal won before its first contact, with a reason, and keeps it", async () => {
    const flags = await all(s.conn, 'SELECT lead_id, "column", note FROM quality_flags');
    expect(flags).toHaveLength(1);
    expect(flags[0].column).toBe("won_date");
    expect(flags[0].note).toMatch(/outcome before creation/);
    const lead = flags[0].lead_id as string;
    expect(await one(s.conn, "SELECT outcome FROM outcomes WHERE lead_id = $1", [lead])).toEqual({ outcome: "won" });
    const days = await one<{ d: number }>(
      s.conn,
      "SELECT date_diff('day', l.created_at, o.closed_at) AS d FROM leads l JOIN outcomes o USING (lead_id) WHERE lead_id = $1",
      [lead],
    );
    expect(days!.d).toBe(-2);
  });

  it("keeps the 60 blank origins (NULL) distinct from the 1,099 `unknown`", async () => {
    const rows = await all<{ channel: string | null; n: number }>(
      s.conn,
      "SELECT channel, count(*) AS n FROM leads WHERE channel IS NULL OR channel = 'unknown' GROUP BY 1 ORDER BY 1 NULLS FIRST",
    );
    expect(rows).toEqual([
      { channel: null, n: 60 },
      { channel: "unknown", n: 1099 },
    ]);
  });

  it("records mql and won stages, post-outcome attributes only on won leads, and as_of", async () => {
    expect(await all(s.conn, "SELECT stage, count(*) AS n FROM stage_events GROUP BY 1 ORDER BY 1")).toEqual([
      { stage: "mql", n: 8000 },
      { stage: "won", n: 842 },
    ]);
    expect(await all(s.conn, "SELECT stage, position FROM stages ORDER BY position")).toEqual([
      { stage: "mql", position: 1 },
      { stage: "won", position: 2 },
      { stage: "lost", position: 3 },
      { stage: "disqualified", position: 4 },
    ]);
    expect(await one(s.conn, "SELECT count(*) AS n FROM leads WHERE business_type IS NOT NULL")).toEqual({ n: 832 });
    expect(await one(s.conn, "SELECT role, personal FROM attributes WHERE name = 'sdr_id'")).toEqual({
      role: "post_outcome",
      personal: true,
    });
    expect(await one(s.conn, "SELECT role FROM attributes WHERE name = 'landing_page_id'")).toEqual({
      role: "intent.behavioral",
    });
    expect(await one(s.conn, "SELECT value FROM meta WHERE key = 'currency'")).toEqual({ value: "BRL" });
    expect(r.as_of).toBe("2018-11-14 18:04:19");
    const days = await one<{ med: number }>(
      s.conn,
      "SELECT median(date_diff('day', l.created_at::DATE, o.closed_at::DATE)) AS med FROM leads l JOIN outcomes o USING (lead_id) WHERE outcome = 'won'",
    );
    expect(days!.med).toBe(14);
  });
});

describe("x-education preset", () => {
  let s: Store;
  let r: IngestResult;
  beforeAll(async () => {
    s = await openStore(join(tempDir(), "x.duckdb"));
    r = await ingest(s.conn, loadPreset("x-education", { file: join(SHARED, "x-education-leads/Leads.csv") }));
  });
  afterAll(() => s.close());

  it("loads 9,240 leads, 38.5% converted", async () => {
    expect(r.rows_read).toBe(9240);
    expect(r.rows_read).toBe(r.rows_loaded + r.rows_rejected);
    expect(r.rows_rejected).toBe(0);
    const o = await one<{ won: number; n: number }>(
      s.conn,
      "SELECT count(*) FILTER (WHERE outcome = 'won') AS won, count(*) AS n FROM outcomes",
    );
    expect(o).toEqual({ won: 3561, n: 9240 });
    expect(((100 * o!.won) / o!.n).toFixed(1)).toBe("38.5");
  });

  it("stores `Select` as missing (specialization: 1,942 Select + 1,438 blank)", async () => {
    expect(await one(s.conn, "SELECT count(*) AS n FROM leads WHERE specialization IS NULL")).toEqual({
      n: 1942 + 1438,
    });
    expect(await one(s.conn, "SELECT count(*) AS n FROM leads WHERE city IS NULL")).toEqual({ n: 2249 + 1420 });
    const sel = await one<{ n: number }>(
      s.conn,
      "SELECT count(*) AS n FROM leads WHERE 'Select' IN (specialization, city, lead_profile, how_did_you_hear)",
    );
    expect(sel!.n).toBe(0);
  });

  it("merges Google/google into one channel", async () => {
    expect(await one(s.conn, "SELECT count(*) AS n FROM leads WHERE channel = 'google'")).toEqual({ n: 2873 });
    expect(await one(s.conn, "SELECT count(*) AS n FROM leads WHERE channel = 'Google'")).toEqual({ n: 0 });
  });

  it("types attributes and marks the sales-team columns post_outcome", async () => {
    const roles = await all<{ name: string }>(
      s.conn,
      "SELECT name FROM attributes WHERE role = 'post_outcome' ORDER BY name",
    );
    expect(roles.map((r) => r.name)).toEqual([
      "asymmetrique_activity_index",
      "asymmetrique_activity_score",
      "asymmetrique_profile_index",
      "asymmetrique_profile_score",
      "lead_quality",
      "tags",
    ]);
    const types = await all(
      s.conn,
      "SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 'leads' AND column_name IN ('total_visits', 'do_not_email', 'country') ORDER BY 1",
    );
    expect(types.map((r) => r.c)).toEqual(["country", "do_not_email", "total_visits"]);
    expect(types[0].t).toMatch(/^ENUM\('Asia\/Pacific Region', 'Australia', /); // categorical: a dictionary of its values, sorted
    expect(types.slice(1)).toEqual([
      { c: "do_not_email", t: "BOOLEAN" },
      { c: "total_visits", t: "DOUBLE" },
    ]);
    expect(await one(s.conn, "SELECT count(*) AS n FROM leads WHERE total_visits IS NULL")).toEqual({ n: 137 });
    expect(await one(s.conn, "SELECT count(*) AS n FROM leads WHERE created_at IS NULL")).toEqual({ n: 9240 });
  });
});
