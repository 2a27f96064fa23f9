import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { openStore, all, one } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { snapshot, tempDir, writeSource } from "./helpers.ts";

const config = {
  source: "crm",
  leads: { file: "leads.csv", id: "id", created_at: "created", channel: "channel" },
  attributes: [{ name: "industry", role: "fit.firmographic" }],
  outcome: { column: "status", won: ["won"], lost: ["lost"], closed_at: "closed" },
  stages: { wide: { mql: "mql_date" } },
};
const v1 =
  "id,created,channel,industry,status,closed,mql_date\n" +
  "L1,2024-01-05,google,retail,,,2024-01-09\n" +
  "L2,2024-01-06,email,health,lost,2024-03-01,\n" +
  "L3,2024-01-07,email,retail,,,2024-01-08\n";
const v2 =
  "id,created,channel,industry,status,closed,mql_date\n" +
  "L1,2024-01-05,social,retail,won,2024-04-01,2024-01-10\n" +
  "L3,2024-01-07,email,retail,lost,2024-04-02,2024-01-08\n" +
  "L4,2024-02-01,google,retail,,,\n";

describe("idempotent and atomic ingest", () => {
  it("ingesting the same files twice changes nothing but records an 'unchanged' run", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    const path = writeSource(join(dir, "v1"), { "leads.csv": v1 }, config);
    const first = await ingest(store.conn, loadConfig(path));
    expect(first.status).toBe("loaded");
    const before = await snapshot(store.conn);
    const second = await ingest(store.conn, loadConfig(path));
    expect(second.status).toBe("unchanged");
    expect(second.tables).toEqual(first.tables);
    const after = await snapshot(store.conn);
    expect({ ...after, ingest_runs: null }).toEqual({ ...before, ingest_runs: null });
    expect(await all(store.conn, "SELECT status FROM ingest_runs ORDER BY started_at")).toEqual([
      { status: "loaded" },
      { status: "unchanged" },
    ]);
    await store.close();
  });

  it("a newer export upserts by lead_id: no duplicates, outcomes and stages replaced, absent leads kept", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    await ingest(store.conn, loadConfig(writeSource(join(dir, "v1"), { "leads.csv": v1 }, config)));
    const r = await ingest(store.conn, loadConfig(writeSource(join(dir, "v2"), { "leads.csv": v2 }, config)));
    expect(r.status).toBe("loaded");
    expect(r.rows_read).toBe(r.rows_loaded + r.rows_rejected);
    expect(await all(store.conn, "SELECT lead_id, count(*) AS n FROM leads GROUP BY 1 HAVING count(*) > 1")).toEqual(
      [],
    );
    expect(await all(store.conn, "SELECT lead_id, channel FROM leads ORDER BY 1")).toEqual([
      { lead_id: "L1", channel: "social" },
      { lead_id: "L2", channel: "email" },
      { lead_id: "L3", channel: "email" },
      { lead_id: "L4", channel: "google" },
    ]);
    expect(await all(store.conn, "SELECT lead_id, outcome FROM lead_outcomes ORDER BY 1")).toEqual([
      { lead_id: "L1", outcome: "won" },
      { lead_id: "L2", outcome: "lost" },
      { lead_id: "L3", outcome: "lost" },
      { lead_id: "L4", outcome: "open" },
    ]);
    expect(
      await all(store.conn, "SELECT lead_id, stage, entered_at FROM stage_events WHERE stage = 'mql' ORDER BY 1"),
    ).toEqual([
      { lead_id: "L1", stage: "mql", entered_at: "2024-01-10 00:00:00" },
      { lead_id: "L3", stage: "mql", entered_at: "2024-01-08 00:00:00" },
    ]);
    expect(await one(store.conn, "SELECT count(*) AS n FROM stage_events WHERE lead_id = 'L1'")).toEqual({ n: 2 }); // lead + mql
    // going back to the older export is a change too, and it loads again
    const back = await ingest(store.conn, loadConfig(join(dir, "v1", "source.yml")));
    expect(back.status).toBe("loaded");
    expect(await one(store.conn, "SELECT channel FROM leads WHERE lead_id = 'L1'")).toEqual({ channel: "google" });
    await store.close();
  });

  it("a second source with ids already loaded by another rejects those leads (and their rows), keeping the first source's data", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    const a = {
      ...config,
      source: "crm-a",
      stages: { long: { file: "stages.csv", lead_id: "lead", stage: "stage", entered_at: "at" } },
    };
    const first = await ingest(
      store.conn,
      loadConfig(
        writeSource(join(dir, "a"), { "leads.csv": v1, "stages.csv": "lead,stage,at\nL2,mql,2024-01-20\n" }, a),
      ),
    );
    expect(first.rows_rejected).toBe(0);
    const kept = await all(
      store.conn,
      "SELECT l.lead_id, created_at, source, channel, outcome, closed_at FROM leads l JOIN lead_outcomes USING (lead_id) ORDER BY 1",
    );
    const keptStages = await all(store.conn, "SELECT * FROM stage_events ORDER BY ALL");
    // crm-b also has an L2 and an L3 (another person, or the same one: leadlens cannot tell), and a stage row for each
    const b = { ...a, source: "crm-b" };
    const bLeads =
      "id,created,channel,industry,status,closed,mql_date\nL2,2024-02-02,social,retail,won,2024-03-03,\nL3,2024-02-03,social,retail,,,\nB1,2024-02-04,social,retail,,,\n";
    const r = await ingest(
      store.conn,
      loadConfig(
        writeSource(
          join(dir, "b"),
          { "leads.csv": bLeads, "stages.csv": "lead,stage,at\nL2,sql,2024-02-10\nB1,mql,2024-02-10\n" },
          b,
        ),
      ),
    );
    expect(r.files.map((f) => [f.part, f.rows_read, f.rows_loaded, f.rows_rejected])).toEqual([
      ["leads", 3, 1, 2],
      ["stages.long", 2, 1, 1],
    ]);
    expect(r.reject_reasons).toEqual([
      { reason: "lead id already loaded by source 'crm-a'", rows: 2 },
      { reason: "lead rejected in the leads file", rows: 1 },
    ]);
    expect(
      await all(
        store.conn,
        "SELECT source_file LIKE '%/b/leads.csv' AS leads_file, source_row, \"column\", value, reason FROM rejects WHERE run_id = $1 ORDER BY ALL",
        [r.run_id],
      ),
    ).toEqual([
      { leads_file: false, source_row: 1, column: "lead", value: "L2", reason: "lead rejected in the leads file" },
      {
        leads_file: true,
        source_row: 1,
        column: "id",
        value: "L2",
        reason: "lead id already loaded by source 'crm-a'",
      },
      {
        leads_file: true,
        source_row: 2,
        column: "id",
        value: "L3",
        reason: "lead id already loaded by source 'crm-a'",
      },
    ]);
    // crm-a's leads, outcomes and stages are as they were; crm-b added B1 only
    expect(
      await all(
        store.conn,
        "SELECT l.lead_id, created_at, source, channel, outcome, closed_at FROM leads l JOIN lead_outcomes USING (lead_id) WHERE source = 'crm-a' ORDER BY 1",
      ),
    ).toEqual(kept);
    expect(await all(store.conn, "SELECT * FROM stage_events WHERE lead_id <> 'B1' ORDER BY ALL")).toEqual(keptStages);
    expect(await all(store.conn, "SELECT lead_id, source FROM leads WHERE source = 'crm-b'")).toEqual([
      { lead_id: "B1", source: "crm-b" },
    ]);
    // a newer export of crm-a still upserts its own leads
    const again = await ingest(
      store.conn,
      loadConfig(writeSource(join(dir, "a2"), { "leads.csv": v2, "stages.csv": "lead,stage,at\n" }, a)),
    );
    expect(again.rows_rejected).toBe(0);
    expect(await one(store.conn, "SELECT channel, source FROM leads WHERE lead_id = 'L1'")).toEqual({
      channel: "social",
      source: "crm-a",
    });
    expect(await all(store.conn, "SELECT lead_id, count(*) AS n FROM leads GROUP BY 1 HAVING count(*) > 1")).toEqual(
      [],
    );
    await store.close();
  });

  it("a run that fails inside its transaction (after staging and checks) leaves the database as it was", async () => {
    const dir = tempDir();
    const store = await openStore(join(dir, "db.duckdb"));
    await ingest(store.conn, loadConfig(writeSource(join(dir, "v1"), { "leads.csv": v1 }, config)));
    const before = await snapshot(store.conn);
    // The attribute exists as a categorical ENUM; reading it as numeric fails inside the transaction, after staging and checks.
    const bad = { ...config, attributes: [{ name: "industry", role: "fit.firmographic", type: "numeric" }] };
    await expect(
      ingest(store.conn, loadConfig(writeSource(join(dir, "bad"), { "leads.csv": v2 }, bad))),
    ).rejects.toThrow(/already stored in leads as categorical \(ENUM\)/);
    expect(await snapshot(store.conn)).toEqual(before);
    const temp = await all(store.conn, "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'temp'");
    expect(temp).toEqual([]);
    await store.close();
  });
});
