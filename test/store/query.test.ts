import { describe, it, expect } from "vitest";
import { openStore, hasRows, exec } from "../../lib/store/index.ts";

describe("hasRows", () => {
  it("is false on an empty table or view and true once a row exists", async () => {
    const s = await openStore(":memory:");
    expect(await hasRows(s.conn, "leads")).toBe(false);
    expect(await hasRows(s.conn, "stage_events")).toBe(false); // a view over leads and stage_records
    await exec(s.conn, "INSERT INTO leads (lead_id, created_at, source, run_id) VALUES ('L1', '2024-01-01', 's', 'r')");
    expect(await hasRows(s.conn, "leads")).toBe(true);
    expect(await hasRows(s.conn, "stage_events")).toBe(false);
    await exec(s.conn, "INSERT INTO stage_at_created VALUES ('s', 'lead')");
    expect(await hasRows(s.conn, "stage_events")).toBe(true); // the derived lead event
    await s.close();
  });
});
