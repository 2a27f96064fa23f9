import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openStore, exec, type Store } from "../../../lib/store/index.ts";
import { segmentsReport, binsFromCuts, binsFromArtifact } from "../../../lib/segments/index.ts";
import { wilson } from "../../../lib/stats/index.ts";

const ALL = { kind: "all" } as const;
const ref = JSON.parse(
  readFileSync(
    fileURLToPath(new URL("../../../../shared/reference/proportions/proportions.json", import.meta.url)),
    "utf8",
  ),
);
const table: number[][] = ref.chi2_independence.table;

let store: Store;
beforeAll(async () => {
  // One lead per row of the reference 5 × 2 table: segment S1..S5, won or lost; plus a numeric
  // attribute `visits` = row index within the segment mod 10, and 40 leads with no segment.
  store = await openStore(":memory:");
  await exec(store.conn, "ALTER TABLE leads ADD COLUMN tier VARCHAR; ALTER TABLE leads ADD COLUMN visits DOUBLE");
  await exec(
    store.conn,
    `INSERT INTO attributes VALUES ('tier','Tier','fit.firmographic','categorical',false,'t',NULL), ('visits','Visits','intent.behavioral','numeric',false,'t',NULL)`,
  );
  const values: string[] = [];
  table.forEach(([lost, won], s) => {
    for (let i = 0; i < lost! + won!; i++)
      values.push(`('S${s + 1}-${i}', 'S${s + 1}', ${i % 10}, ${i < won! ? "'won'" : "'lost'"})`);
  });
  for (let i = 0; i < 40; i++) values.push(`('M-${i}', NULL, NULL, ${i < 4 ? "'won'" : "'open'"})`);
  await exec(
    store.conn,
    `CREATE TEMP TABLE src (id VARCHAR, tier VARCHAR, visits DOUBLE, outcome VARCHAR); INSERT INTO src VALUES ${values.join(",")}`,
  );
  await exec(
    store.conn,
    `INSERT INTO leads (lead_id, created_at, channel, tier, visits, source, run_id) SELECT id, DATE '2024-01-01', 'web', tier, visits, 't', 'r' FROM src`,
  );
  await exec(store.conn, `INSERT INTO outcomes SELECT id, outcome, NULL, NULL, NULL FROM src`);
});
afterAll(() => store.close());

describe("segmentsReport", () => {
  it("matches the reference chi-square test on the fixture table", async () => {
    // Every lead counted (open ones as not won), the basis these fixture counts are written on.
    const r = await segmentsReport(store.conn, { by: ["tier"], rate: ALL });
    // Drop the missing segment to test exactly the fixture table.
    await exec(
      store.conn,
      "CREATE TEMP TABLE gone AS SELECT * FROM leads WHERE tier IS NULL; DELETE FROM leads WHERE tier IS NULL",
    );
    try {
      const exact = (await segmentsReport(store.conn, { by: ["tier"], rate: ALL })).attributes[0]!;
      expect(Math.abs(exact.chi2! - ref.chi2_independence.chi2) / ref.chi2_independence.chi2).toBeLessThan(1e-10);
      expect(Math.abs(exact.p_value! - ref.chi2_independence.p_value) / ref.chi2_independence.p_value).toBeLessThan(
        1e-8,
      );
      expect(exact.dof).toBe(4);
      expect(Math.abs(exact.cramers_v! - ref.chi2_independence.cramers_v)).toBeLessThan(1e-12);
    } finally {
      await exec(store.conn, "INSERT INTO leads SELECT * FROM gone; DROP TABLE gone");
    }
    expect(r.attributes[0]!.segments.some((s) => s.segment === "(missing)" && s.n === 40 && s.converted === 4)).toBe(
      true,
    );
  });

  it("gives n, converted, Wilson interval, lift and small flags per segment", async () => {
    const r = await segmentsReport(store.conn, { by: ["tier"], minN: 50, rate: ALL });
    const n = table.flat().reduce((a, b) => a + b, 0) + 40;
    const won = table.reduce((a, r) => a + r[1]!, 0) + 4;
    expect(r.overall).toMatchObject({ n, converted: won });
    const s2 = r.attributes[0]!.segments.find((s) => s.segment === "S2")!;
    const w = wilson(260, 2560);
    expect(s2).toMatchObject({ n: 2560, converted: 260, rate: w.rate, ci_low: w.low, ci_high: w.high, small: false });
    expect(s2.lift).toBeCloseTo(w.rate / (won / n), 12);
    expect(r.attributes[0]!.segments.find((s) => s.segment === "(missing)")!.small).toBe(true);
  });

  it("bins numeric attributes into quintiles when no model exists, missing as its own segment", async () => {
    const r = await segmentsReport(store.conn, { by: ["visits"] });
    const segs = r.attributes[0]!.segments;
    expect(r.bins_from.model_id).toBeNull();
    expect(segs.map((s) => s.segment)).toEqual(["≤ 1", "(1, 3]", "(3, 5]", "(5, 7]", "> 7", "(missing)"]);
    expect(segs.reduce((a, s) => a + s.n, 0)).toBe(r.overall.n);
  });

  it("uses the scorecard's bins from the newest model artifact", async () => {
    const artifact = {
      format_version: 1,
      attributes: [
        {
          name: "visits",
          kind: "numeric",
          source: "column",
          levels: [...binsFromCuts([4]), { kind: "missing" }].map((condition) => ({ condition })),
        },
      ],
    };
    await exec(store.conn, `INSERT INTO models VALUES ('m1', now(), '${JSON.stringify(artifact)}')`);
    try {
      const r = await segmentsReport(store.conn, { by: ["visits"] });
      expect(r.bins_from.model_id).toBe("m1");
      expect(r.attributes[0]!.segments.map((s) => s.segment).sort()).toEqual(["(missing)", "> 4", "≤ 4"].sort());
      // Quantiles asked for override the scorecard's two bins (visits 0–9: quintile cuts 1, 3, 5, 7).
      const q = await segmentsReport(store.conn, { by: ["visits"], quantiles: 5 });
      expect(q.bins_from).toEqual({ from: "quantiles", model_id: null, quantiles: 5 });
      expect(q.attributes[0]!.segments.map((s) => s.segment)).toEqual([
        "≤ 1",
        "(1, 3]",
        "(3, 5]",
        "(5, 7]",
        "> 7",
        "(missing)",
      ]);
    } finally {
      await exec(store.conn, "DELETE FROM models");
    }
    expect(binsFromArtifact({}).size).toBe(0);
  });

  it("adds the pair when two attributes are named", async () => {
    const r = await segmentsReport(store.conn, { by: ["tier", "channel"] });
    expect(r.attributes.map((a) => a.attribute)).toEqual(["tier", "channel", "tier × channel"]);
    expect(r.attributes[2]!.segments.find((s) => s.segment === "S1 × web")!.n).toBe(2000);
    // A single segment (channel = web) has no test.
    expect(r.attributes[1]!.chi2).toBeNull();
  });

  it("defaults to channel and the fit/intent attributes, and names unknown attributes", async () => {
    const r = await segmentsReport(store.conn);
    expect(r.attributes.map((a) => a.attribute)).toEqual(["channel", "tier", "visits"]);
    await expect(segmentsReport(store.conn, { by: ["nope"] })).rejects.toThrow(/no lead attribute named "nope".*tier/);
  });
});
