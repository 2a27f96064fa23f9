// A segment whose every lead with a known status won has F̂ = 1 up to rounding (1 + 4e-16 on the
// report fixture): its effective conversions F̂·n* must not exceed n*, or Wilson refuses the count and
// the Segments page of the report falls back to a sentence.
import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../../lib/store/index.ts";
import { segmentsReport } from "../../../lib/segments/index.ts";
import { writeFixtureStore } from "../report/fixtureStore.ts";

describe("segmentsReport on the default (censoring-aware) basis", () => {
  it("reports the report fixture's segments instead of throwing on F̂ a rounding error above 1", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "leadlens-seg-")), "fixture.duckdb");
    await writeFixtureStore(db);
    const store = await openStore(db, { readOnly: true });
    try {
      const report = await segmentsReport(store.conn, {});
      expect(report.attributes.length).toBeGreaterThan(2);
      for (const a of report.attributes)
        for (const g of a.segments as any[]) if (g.rate !== null) expect(g.rate).toBeLessThanOrEqual(1 + 1e-12);
    } finally {
      await store.close();
    }
  });
});
