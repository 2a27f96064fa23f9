import { describe, it, expect } from "vitest";
import { openStore, schemaVersion } from "../../lib/store/index.ts";
import { versionOneStore } from "./versionOne.ts";
import { migrations } from "../../lib/store/migrations/index.ts";
import { funnelReport } from "../../lib/funnel/report.ts";
import { outcomeCounts, stageCounts } from "../../lib/report/data/counts.ts";

/** A store as leadlens wrote it at schema version 1: every lead with an outcome row and a stored `lead` event. */
function oldStore(): Promise<string> {
  return versionOneStore(async (c) => {
    await c.run(
      `INSERT INTO stages VALUES ('lead',1,'funnel','t'),('mql',2,'funnel','t'),('sql',3,'funnel','t'),('won',4,'funnel','t'),('lost',5,'exit','t')`,
    );
    await c.run(`INSERT INTO leads (lead_id, created_at, channel, source, run_id) VALUES
    ('L1','2024-01-01','email','t','r'),('L2','2024-01-10','email','t','r'),('L3','2024-02-01','search','t','r'),('L4','2024-02-15',NULL,'t','r')`);
    await c.run(`INSERT INTO stage_events VALUES
    ('L1','lead','2024-01-01','t','r'),('L1','mql','2024-01-11','t','r'),('L1','sql','2024-01-21','t','r'),('L1','won','2024-02-10','t','r'),
    ('L2','lead','2024-01-10','t','r'),('L2','mql','2024-01-20','t','r'),('L3','lead','2024-02-01','t','r'),('L4','lead','2024-02-15','t','r')`);
    await c.run(`INSERT INTO outcomes VALUES ('L1','won','2024-02-10',1000,NULL,'t','r'),('L2','open',NULL,NULL,NULL,'t','r'),
    ('L3','lost','2024-02-20',NULL,'no budget','t','r'),('L4','open',NULL,NULL,NULL,'t','r')`);
    await c.run(
      `INSERT INTO ingest_runs (run_id, source, rows_read, rows_loaded, rows_rejected, as_of, started_at, status) VALUES ('r','t',4,4,0,'2024-03-31', now(), 'loaded')`,
    );
  });
}

const readings = async (conn: Parameters<typeof stageCounts>[0]) => ({
  stages: await stageCounts(conn),
  outcomes: await outcomeCounts(conn),
  funnel: JSON.stringify(await funnelReport(conn)),
});

describe("a store written at schema version 1", () => {
  it("reads the same opened read-only (not migrated) as after migration 2", async () => {
    const path = await oldStore();
    const ro = await openStore(path, { readOnly: true });
    expect(await schemaVersion(ro.conn)).toBe(1);
    const before = await readings(ro.conn);
    await ro.close();
    expect(before.outcomes).toEqual({ leads: 4, won: 1, open: 2, decided: 2 });
    expect(before.stages.map((s) => [s.stage, s.n])).toEqual([
      ["lead", 4],
      ["mql", 2],
      ["sql", 1],
      ["won", 1],
    ]);
    const rw = await openStore(path);
    // Opened writable, the store is migrated to this leadlens's newest version.
    expect(await schemaVersion(rw.conn)).toBe(migrations.at(-1)!.version);
    expect(await readings(rw.conn)).toEqual(before);
    await rw.close();
  });
});
