import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { openStore, all } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { tempDir, writeSource } from "./helpers.ts";

// L1's long file repeats the lead event at created_at; L2 has a second `lead` event on another day.
const leads = "id,created,channel\nL1,2024-01-05,google\nL2,2024-01-06,email\n";
const long = "id,stage,at\nL1,lead,2024-01-05\nL1,mql,2024-01-09\nL2,lead,2024-01-20\n";
const config = (at: boolean) => ({
  source: "crm",
  leads: { file: "leads.csv", id: "id", created_at: "created", channel: "channel" },
  stages: { long: { file: "stages.csv", lead_id: "id", stage: "stage", entered_at: "at" }, lead_stage_at_created: at },
});
const events = (conn: Parameters<typeof all>[0]) =>
  all(
    conn,
    "SELECT lead_id, stage, strftime(entered_at, '%Y-%m-%d') AS at FROM stage_events ORDER BY lead_id, entered_at, stage",
  );

describe("the lead event at created_at (lead_stage_at_created)", () => {
  it("is derived from leads, never stored twice, and stage_events shows what was stored before", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    const r = await ingest(
      store.conn,
      loadConfig(writeSource(join(dir, "v1"), { "leads.csv": leads, "stages.csv": long }, config(true))),
    );
    expect(r.tables.stage_events).toBe(4); // the ingest summary counts the view's rows
    expect(await events(store.conn)).toEqual([
      { lead_id: "L1", stage: "lead", at: "2024-01-05" },
      { lead_id: "L1", stage: "mql", at: "2024-01-09" },
      { lead_id: "L2", stage: "lead", at: "2024-01-06" },
      { lead_id: "L2", stage: "lead", at: "2024-01-20" },
    ]);
    // Only what the derivation cannot give is stored.
    expect(await all(store.conn, "SELECT lead_id, stage FROM stage_records ORDER BY 1, 2")).toEqual([
      { lead_id: "L1", stage: "mql" },
      { lead_id: "L2", stage: "lead" },
    ]);
    expect(await all(store.conn, "SELECT source, stage FROM stage_at_created")).toEqual([
      { source: "crm", stage: "lead" },
    ]);
    await store.close();
  });

  it("turning it off and on again keeps every earlier lead's events, once each", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    await ingest(
      store.conn,
      loadConfig(writeSource(join(dir, "v1"), { "leads.csv": leads, "stages.csv": long }, config(true))),
    );
    const before = await events(store.conn);
    // A newer export of L3 alone, with the setting off: L1 and L2 (not in it) keep their lead events.
    const l3 = {
      "leads.csv": "id,created,channel\nL3,2024-02-01,email\n",
      "stages.csv": "id,stage,at\nL3,mql,2024-02-03\n",
    };
    await ingest(store.conn, loadConfig(writeSource(join(dir, "v2"), l3, config(false))));
    expect(await all(store.conn, "SELECT count(*)::INTEGER AS n FROM stage_at_created")).toEqual([{ n: 0 }]);
    expect(await events(store.conn)).toEqual([...before, { lead_id: "L3", stage: "mql", at: "2024-02-03" }]);
    // On again with L3: its lead event is derived, the others are not duplicated.
    const v3 = await ingest(store.conn, loadConfig(writeSource(join(dir, "v3"), l3, config(true))));
    expect(v3.tables.stage_events).toBe(before.length + 2);
    expect(await events(store.conn)).toEqual([
      ...before,
      { lead_id: "L3", stage: "lead", at: "2024-02-01" },
      { lead_id: "L3", stage: "mql", at: "2024-02-03" },
    ]);
    expect(await all(store.conn, "SELECT count(*)::INTEGER AS n FROM stage_records WHERE stage = 'lead'")).toEqual([
      { n: 1 },
    ]); // L2's second lead event
    await store.close();
  });
});
