import { describe, expect, it } from "vitest";
import { suppress, suppressPartition, publishable, minCellFromEnv } from "../../../lib/report/suppress.ts";
import { redact } from "../../../lib/report/data/roi.ts";

describe("suppress", () => {
  it("keeps rows with at least k leads and counts what it held back", () => {
    const r = suppress(
      [
        { s: "a", n: 120 },
        { s: "b", n: 4 },
        { s: "c", n: 10 },
        { s: "d", n: null },
      ],
      { minCell: 10 },
    );
    expect(r.rows.map((x) => x.s)).toEqual(["a", "c"]);
    expect(r.suppressed).toBe(2);
    expect(r.suppressedLeads).toBe(4);
  });

  it("reads the count from another field", () => {
    expect(suppress([{ entered: 9 }, { entered: 11 }], { minCell: 10, count: "entered" }).rows).toEqual([
      { entered: 11 },
    ]);
  });

  it("publishable and k from the environment", () => {
    expect(publishable(9, 10)).toBe(false);
    expect(publishable(10, 10)).toBe(true);
    expect(minCellFromEnv({ LEADLENS_MIN_CELL: "25" })).toBe(25);
    expect(minCellFromEnv({ LEADLENS_MIN_CELL: "zero" })).toBe(10);
  });

  it("redacts the names of suppressed groups from notes", () => {
    expect(redact("Cost unknown: referral, tiny_channel.", ["tiny_channel"])).toBe(
      "Cost unknown: referral, (a small channel).",
    );
  });
});

// Issue 12: a total minus the published cells must not give away a held-back cell.
describe("suppressPartition (complementary suppression)", () => {
  const names = (r: { rows: { c: string }[] }) => r.rows.map((x) => x.c);

  it("holds back the next-smallest cell when only one is under k", () => {
    const r = suppressPartition(
      [
        { c: "a", n: 500 },
        { c: "b", n: 200 },
        { c: "d", n: 300 },
        { c: "x", n: 3 },
      ],
      { minCell: 10 },
    );
    expect(names(r)).toEqual(["a", "d"]);
    expect(r.suppressed).toBe(2);
    expect(r.suppressedLeads).toBe(203);
  });

  it("leaves a partition alone when nothing is under k", () => {
    expect(
      names(
        suppressPartition(
          [
            { c: "a", n: 10 },
            { c: "b", n: 11 },
          ],
          { minCell: 10 },
        ),
      ),
    ).toEqual(["a", "b"]);
  });

  it("holds back more when the held-back cells together cover fewer than k leads", () => {
    const r = suppressPartition(
      [
        { c: "a", n: 500 },
        { c: "b", n: 40 },
        { c: "x", n: 3 },
        { c: "y", n: 4 },
      ],
      { minCell: 10 },
    );
    expect(names(r)).toEqual(["a"]);
  });

  it("holds back more when one held-back cell alone carries a measure (one won deal's amount)", () => {
    const rows = [
      { c: "a", n: 500, won: 50, revenue: 150_000 },
      { c: "b", n: 300, won: 30, revenue: 90_000 },
      { c: "tiny", n: 8, won: 0, revenue: 0 },
      { c: "x", n: 3, won: 1, revenue: 1995 },
    ];
    // Leads alone would be safe (11 held back in two cells), but total revenue − a − b = 1,995.
    expect(names(suppressPartition(rows, { minCell: 10 }))).toEqual(["a", "b"]);
    expect(names(suppressPartition(rows, { minCell: 10, measures: ["won", "revenue"] }))).toEqual(["a"]);
  });

  it("applies the rule inside each subset whose sum is published too", () => {
    const rows = [
      { c: "a", n: 500, spend: 9000 },
      { c: "b", n: 400, spend: 5000 },
      { c: "c", n: 300, spend: null },
      { c: "tiny", n: 8, spend: null },
      { c: "x", n: 3, spend: 600 },
    ];
    // Over all channels {tiny, x} is safe (11 leads); over the channels with spend, x would be alone.
    const withSpend = (r: { spend: number | null }) => (r.spend ?? 0) > 0;
    expect(names(suppressPartition(rows, { minCell: 10 }))).toEqual(["a", "b", "c"]);
    const r = suppressPartition(rows, { minCell: 10, totals: [withSpend] });
    expect(names(r)).toEqual(["a", "c"]);
    expect(r.withheld).toEqual([false]);
  });

  it("says to withhold a subset's total when all of its cells are held back and under k together", () => {
    const rows = [
      { c: "a", n: 500, paid: false },
      { c: "b", n: 400, paid: false },
      { c: "x", n: 3, paid: true },
    ];
    const r = suppressPartition(rows, { minCell: 10, totals: [(x) => x.paid] });
    expect(names(r)).toEqual(["a"]);
    expect(r.withheld).toEqual([true]);
    expect(r.totalWithheld).toBe(false);
  });
});

describe("suppressPartition with rows left out before the call", () => {
  it("counts them: one left-out pattern of 1 lead makes the smallest published one held back too", () => {
    const rows = [
      { c: "a", leads: 80, conversions: 9 },
      { c: "b", leads: 40, conversions: 4 },
      { c: "d", leads: 34, conversions: 3 },
    ];
    const r = suppressPartition(rows, {
      minCell: 10,
      count: "leads",
      measures: ["conversions"],
      heldBack: { rows: 1, leads: 1, carriers: { conversions: 1 } },
    });
    expect(r.rows.map((x) => x.c)).toEqual(["a", "b"]);
    expect(r.suppressed).toBe(2);
    expect(r.suppressedLeads).toBe(35);
  });
});
