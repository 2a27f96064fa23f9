import { describe, it, expect } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { explain, reasonsSql, explainLeads } from "../../../lib/explain/index.ts";
import { fromCsv, scorecard, rubricScore, rubricScoreSql, type ScorecardModel } from "../../../lib/scorecard/index.ts";

const rubric = fromCsv(`attribute,condition,points
(base),,100
channel,= email,15
channel,= referral,15
channel,other,-5
visits,≥ 5,10
visits,≥ 10,10
visits,missing,-10
country,= india,-8
country,= united states,4
`);

describe("explain", () => {
  it("breaks a lead's points into base + one contribution per attribute", () => {
    const e = explain(rubric, { channel: "Email", visits: 12, country: "India" }, { top: 3 });
    expect(e.points).toBe(100 + 15 + 20 - 8);
    expect(e.base).toBe(100);
    expect(e.contributions).toEqual([
      { attribute: "channel", level: "= email", points: 15 },
      { attribute: "visits", level: "≥ 5 + ≥ 10", points: 20 },
      { attribute: "country", level: "= india", points: -8 },
    ]);
    expect(e.top_positive.map((c) => c.attribute)).toEqual(["visits", "channel"]);
    expect(e.top_negative.map((c) => c.attribute)).toEqual(["country"]);
  });

  it("keeps ties in scorecard order, honours top, and leaves zero contributions out of the tops", () => {
    const e = explain(rubric, { channel: "referral", visits: 7, country: "france" }, { top: 1 });
    expect(e.contributions.map((c) => c.points)).toEqual([15, 10, 0]);
    expect(e.contributions[2].level).toBe("");
    expect(e.top_positive).toEqual([{ attribute: "channel", level: "= referral", points: 15 }]);
    expect(e.top_negative).toEqual([]);
  });

  it("adds up exactly for a fitted scorecard, against the average lead", () => {
    const m: ScorecardModel = {
      intercept: -3.1,
      attributes: [
        {
          name: "size",
          role: "fit.firmographic",
          levels: [
            { level: "small", condition: { kind: "equals", values: ["small"] }, coef: 0, n: 70 },
            { level: "large", condition: { kind: "equals", values: ["large"] }, coef: 1.2, n: 30 },
          ],
        },
        {
          name: "visits",
          role: "intent.behavioral",
          levels: [
            {
              level: "< 3",
              condition: { kind: "range", max: 3, minInclusive: false, maxInclusive: false },
              coef: 0,
              n: 50,
            },
            {
              level: "≥ 3",
              condition: { kind: "range", min: 3, minInclusive: true, maxInclusive: false },
              coef: 0.9,
              n: 40,
            },
            { level: "missing", condition: { kind: "missing" }, coef: -0.4, n: 10 },
          ],
        },
      ],
    };
    const card = scorecard(m);
    for (const size of ["small", "large", "medium", null]) {
      for (const visits of [0, 3, 10, null]) {
        const lead = { size, visits };
        const e = explain(card, lead);
        expect(e.base + e.contributions.reduce((t, c) => t + c.points, 0)).toBe(e.points);
        expect(e.points).toBe(rubricScore(card, lead));
      }
    }
    // Large companies are above the average lead, small ones below it.
    expect(explain(card, { size: "large", visits: 3 }).top_positive[0].attribute).toBe("size");
    expect(explain(card, { size: "small", visits: null }).top_negative.map((c) => c.level)).toEqual([
      "missing",
      "small",
    ]); // −21 then −10
  });
});

describe("reasonsSql and explainLeads on DuckDB", () => {
  it("gives the same top lists as explain() for every lead", async () => {
    const inst = await DuckDBInstance.create(":memory:");
    const conn = await inst.connect();
    await conn.run(`CREATE TABLE leads (lead_id VARCHAR, channel VARCHAR, visits DOUBLE, country VARCHAR)`);
    const leads: Array<Record<string, unknown>> = [];
    for (const channel of ["email", "referral", "sms", null])
      for (const visits of [null, 2, 5, 10])
        for (const country of ["India", "United States", "France", null])
          leads.push({ lead_id: `L${leads.length}`, channel, visits, country });
    const q = (x: unknown) => (x === null ? "NULL" : typeof x === "number" ? String(x) : `'${x}'`);
    await conn.run(
      `INSERT INTO leads VALUES ${leads.map((l) => `(${q(l.lead_id)}, ${q(l.channel)}, ${q(l.visits)}, ${q(l.country)})`).join(", ")}`,
    );
    const rows = (
      await conn.runAndReadAll(
        `SELECT lead_id, ${rubricScoreSql(rubric)} AS points, ${reasonsSql(rubric, { top: 2 })} AS reasons FROM leads`,
      )
    ).getRowObjects();
    expect(rows).toHaveLength(64);
    for (const r of rows) {
      const lead = leads.find((l) => l.lead_id === r.lead_id)!;
      const e = explain(rubric, lead, { top: 2 });
      expect(Number(r.points)).toBe(e.points);
      expect(JSON.parse(String(r.reasons))).toEqual({ top_positive: e.top_positive, top_negative: e.top_negative });
    }
    const { leads: explained, missing } = await explainLeads(conn, rubric, ["L5", "nope", "L63"]);
    expect(missing).toEqual(["nope"]);
    expect(explained.map((e) => e.lead_id)).toEqual(["L5", "L63"]);
    expect(explained[0].points).toBe(rubricScore(rubric, leads[5]));
    conn.closeSync();
    inst.closeSync();
  });
});
