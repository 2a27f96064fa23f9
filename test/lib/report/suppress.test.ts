import { describe, expect, it } from "vitest";
import { suppress, publishable, minCellFromEnv } from "../../../lib/report/suppress.ts";
import { redact } from "../../../lib/report/data/roi.ts";

describe("suppress", () => {
  it("keeps rows with at least k leads and counts what it held back", () => {
    const r = suppress([{ s: "a", n: 120 }, { s: "b", n: 4 }, { s: "c", n: 10 }, { s: "d", n: null }], { minCell: 10 });
    expect(r.rows.map((x) => x.s)).toEqual(["a", "c"]);
    expect(r.suppressed).toBe(2);
    expect(r.suppressedLeads).toBe(4);
  });

  it("reads the count from another field", () => {
    expect(suppress([{ entered: 9 }, { entered: 11 }], { minCell: 10, count: "entered" }).rows).toEqual([{ entered: 11 }]);
  });

  it("publishable and k from the environment", () => {
    expect(publishable(9, 10)).toBe(false);
    expect(publishable(10, 10)).toBe(true);
    expect(minCellFromEnv({ LEADLENS_MIN_CELL: "25" })).toBe(25);
    expect(minCellFromEnv({ LEADLENS_MIN_CELL: "zero" })).toBe(10);
  });

  it("redacts the names of suppressed groups from notes", () => {
    expect(redact("Cost unknown: referral, tiny_channel.", ["tiny_channel"])).toBe("Cost unknown: referral, (a small channel).");
  });
});
