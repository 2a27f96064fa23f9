import { describe, it, expect } from "vitest";
import { openStore } from "../../../lib/store/index.ts";
import {
  thresholdByCapacity,
  thresholdByValue,
  recentVolumes,
  gradeMatrixFromCounts,
  gradeMatrix,
  gradeCuts,
} from "../../../lib/qualify/index.ts";

const rows = [
  { points: 700, leads: 20, expected: 8 },
  { points: 650, leads: 40, expected: 6 },
  { points: 600, leads: 100, expected: 3 },
];

describe("thresholds", () => {
  it("picks the lowest points whose weekly volume fits sales capacity", () => {
    const t = thresholdByCapacity(rows, { weeks: 4, capacity: 15 });
    expect(t).toMatchObject({
      method: "capacity",
      threshold: 650,
      weekly_leads: 15,
      weekly_expected_conversions: 3.5,
      share_of_leads: 0.375,
      fits: true,
    });
    expect(t.expected_rate).toBeCloseTo(14 / 60, 12);
    expect(thresholdByCapacity(rows, { weeks: 4, capacity: 40 }).threshold).toBe(600);
    const over = thresholdByCapacity(rows, { weeks: 4, capacity: 2 });
    expect(over).toMatchObject({ threshold: 700, weekly_leads: 5, fits: false });
  });

  it("picks the lowest points where value × probability − cost stays positive", () => {
    const t = thresholdByValue(rows, { weeks: 4, dealValue: 1000, contactCost: 100 });
    expect(t).toMatchObject({
      method: "value",
      threshold: 650,
      weekly_leads: 15,
      weekly_expected_conversions: 3.5,
      weekly_expected_value: 2000,
    });
    expect(thresholdByValue(rows, { weeks: 4, dealValue: 1000, contactCost: 500 }).threshold).toBe(null);
    expect(thresholdByValue(rows, { weeks: 4, dealValue: 1000, contactCost: 500 }).weekly_leads).toBe(0);
    expect(() => thresholdByValue(rows, { weeks: 4, dealValue: 0, contactCost: 1 })).toThrow(/deal value/);
  });

  it("measures weekly volume over the recent period in SQL", async () => {
    const s = await openStore(":memory:");
    await s.conn.run("ALTER TABLE leads ADD COLUMN pts INTEGER");
    // 3 leads a week for 20 weeks; points cycle 10, 20, 30
    const values: string[] = [];
    for (let w = 0; w < 20; w++)
      for (let k = 0; k < 3; k++)
        values.push(`('L${w}_${k}', TIMESTAMP '2024-01-01' + INTERVAL (${w * 7 + k}) DAY, ${(k + 1) * 10}, 's', 'r')`);
    await s.conn.run(`INSERT INTO leads (lead_id, created_at, pts, source, run_id) VALUES ${values.join(", ")}`);
    const v = await recentVolumes(s.conn, {}, { pointsSql: "pts", probabilitySql: "pts / 100.0", weeks: 4 });
    expect(v.weeks).toBe(4);
    expect(v.rows).toEqual(
      [
        { points: 30, leads: 4, expected: 4 * 0.3 },
        { points: 20, leads: 4, expected: 4 * 0.2 },
        { points: 10, leads: 4, expected: 4 * 0.1 },
      ].map((r) => ({ ...r, expected: expect.closeTo(r.expected, 10) })),
    );
    expect(thresholdByCapacity(v.rows, { weeks: v.weeks, capacity: 2 }).threshold).toBe(20);
    // A period longer than the data: every dated lead, over the data's own span (first lead included).
    const whole = await recentVolumes(s.conn, {}, { pointsSql: "pts", probabilitySql: "0", weeks: 52 });
    expect(whole.rows.reduce((t, r) => t + r.leads, 0)).toBe(60);
    expect(whole.weeks).toBeCloseTo((19 * 7 + 2) / 7, 10);
    await s.conn.run("UPDATE leads SET created_at = NULL");
    await expect(recentVolumes(s.conn, {}, { pointsSql: "pts", probabilitySql: "0.1" })).rejects.toThrow(
      /--data-weeks/,
    );
    const all = await recentVolumes(s.conn, {}, { pointsSql: "pts", probabilitySql: "0.1", dataWeeks: 20 });
    expect(all.rows.reduce((t, r) => t + r.leads, 0)).toBe(60);
    await s.close();
  });
});

describe("grade matrix", () => {
  it("gives every cell n, rate and interval, and sums the readings", () => {
    const cuts = gradeCuts([0, 1, 2, 3], [0, 1, 2, 3]);
    const m = gradeMatrixFromCounts(
      [
        { grade: "A1", leads: 50, converted: 30 },
        { grade: "C1", leads: 10, converted: 2 },
        { grade: "D4", leads: 40, converted: 0 },
      ],
      cuts,
    );
    expect(m.cells).toHaveLength(16);
    expect(m.cells[0]).toMatchObject({ grade: "A1", reading: "excellent", leads: 50, converted: 30, rate: 0.6 });
    expect(m.cells.find((c) => c.grade === "B3")!.leads).toBe(0);
    expect(m.cells.find((c) => c.grade === "B3")!.rate).toBeNaN();
    expect(m.readings).toEqual([
      expect.objectContaining({
        reading: "excellent",
        leads: 50,
        converted: 30,
        share_of_leads: 0.5,
        share_of_conversions: 30 / 32,
      }),
      expect.objectContaining({ reading: "good", leads: 10, converted: 2 }),
      expect.objectContaining({ reading: "bad", leads: 40, converted: 0, rate: 0 }),
    ]);
    expect(m.readings[2].high).toBeGreaterThan(0);
  });

  it("counts grades in SQL", async () => {
    const s = await openStore(":memory:");
    await s.conn.run("ALTER TABLE leads ADD COLUMN f INTEGER; ALTER TABLE leads ADD COLUMN i INTEGER");
    await s.conn.run(
      `INSERT INTO leads (lead_id, f, i, source, run_id) VALUES ('a', 10, 10, 's', 'r'), ('b', 10, 0, 's', 'r'), ('c', 0, 0, 's', 'r'), ('d', 0, 0, 's', 'r')`,
    );
    await s.conn.run(`INSERT INTO outcomes (lead_id, outcome) VALUES ('a', 'won'), ('c', 'won'), ('d', 'open')`);
    const cuts = { fit: [0, 10, 10] as [number, number, number], intent: [0, 10, 10] as [number, number, number] };
    const m = await gradeMatrix(s.conn, { fitSql: "f", intentSql: "i", cuts });
    const got = Object.fromEntries(m.cells.filter((c) => c.leads > 0).map((c) => [c.grade, [c.leads, c.converted]]));
    expect(got).toEqual({ A1: [1, 1], A3: [1, 0], C3: [2, 1] });
    await s.close();
  });
});
