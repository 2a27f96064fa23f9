import { describe, it, expect } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  scaling,
  parseOdds,
  scorecard,
  rubricScore,
  rubricScoreSql,
  axisPoints,
  axisPointsSql,
  attributePoints,
  pointsTable,
  calibratedPointsTable,
  pointsRange,
  toCsv,
  toJson,
  fromCsv,
  fromJson,
  type ScorecardModel,
  type Rubric,
} from "../../../lib/scorecard/index.ts";

const eq = (...values: string[]) => ({ kind: "equals" as const, values });
const model: ScorecardModel = {
  intercept: Math.log(1 / 50),
  attributes: [
    {
      name: "channel",
      role: "intent.behavioral",
      levels: [
        { level: "email", condition: eq("email"), coef: Math.LN2, n: 1 },
        { level: "other", condition: { kind: "other" }, coef: 0, n: 3 },
      ],
    },
  ],
};

describe("scaling", () => {
  it("puts the base odds at the base score and doubles the odds every pdo points", () => {
    const s = scaling();
    expect(s.factor).toBeCloseTo(20 / Math.LN2, 12);
    expect(s.offset).toBeCloseTo(600 + (20 / Math.LN2) * Math.log(50), 10);
    expect(s.offset).toBeCloseTo(712.8771, 4);
    expect(parseOdds("1:50")).toBe(0.02);
    expect(parseOdds(" 2 : 1 ")).toBe(2);
    expect(parseOdds("lots")).toBeNaN();
    expect(() => scaling({ pdo: 0 })).toThrow(/pdo/);
  });
});

describe("scorecard", () => {
  it("gives 20 points for a doubling of odds and 600 at odds 1:50 (zero anchor)", () => {
    const card = scorecard(model, { anchor: "zero" });
    expect(card.base).toBe(600);
    expect(card.attributes[0].levels.map((l) => l.points)).toEqual([20, 0]);
    expect(card.scaling.anchor).toBe("zero");
  });

  it("centres each attribute on the average training lead (mean anchor) without changing totals", () => {
    const card = scorecard(model);
    expect(card.scaling.anchor).toBe("mean");
    // mean coef = ln2/4 → email 20·¾ = 15, other −5; base absorbs +5
    expect(card.attributes[0].levels.map((l) => l.points)).toEqual([15, -5]);
    expect(card.base).toBe(605);
    expect(rubricScore(card, { channel: "Email" })).toBe(620);
    expect(rubricScore(card, { channel: "sms" })).toBe(600);
  });

  it("keeps rounded totals within (k+1)/2 points of the exact score", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const attributes = Array.from({ length: 6 }, (_, a) => ({
      name: `a${a}`,
      role: a < 3 ? "fit.firmographic" : "intent.behavioral",
      levels: Array.from({ length: 4 }, (_, l) => ({
        level: `v${l}`,
        condition: eq(`v${l}`),
        coef: rand() * 3 - 1.5,
        n: 1 + Math.floor(rand() * 100),
      })),
    }));
    const m: ScorecardModel = { intercept: -2.3, attributes };
    const card = scorecard(m);
    const exact = scorecard(m, { round: false });
    let worst = 0;
    for (let i = 0; i < 500; i++) {
      const lead = Object.fromEntries(attributes.map((a) => [a.name, `v${Math.floor(rand() * 4)}`]));
      const logOdds =
        m.intercept + attributes.reduce((t, a) => t + a.levels.find((l) => l.level === lead[a.name])!.coef, 0);
      expect(rubricScore(exact, lead)).toBeCloseTo(card.scaling.offset + card.scaling.factor * logOdds, 8);
      worst = Math.max(worst, Math.abs(rubricScore(card, lead) - rubricScore(exact, lead)));
      expect(Number.isInteger(rubricScore(card, lead))).toBe(true);
    }
    expect(worst).toBeLessThanOrEqual((6 + 1) / 2);
    expect(worst).toBeGreaterThan(0);
  });
});

describe("pointsTable", () => {
  it("reads points back as log-odds and probability over the reachable totals", () => {
    const card = scorecard(model, { anchor: "zero" });
    expect(pointsRange(card)).toEqual({ min: 600, max: 620 });
    const rows = pointsTable(card, { step: 10 });
    expect(rows.map((r) => r.points)).toEqual([600, 610, 620]);
    expect(rows[0].probability).toBeCloseTo(1 / 51, 12);
    expect(rows[2].probability).toBeCloseTo(2 / 52, 12);
    expect(rows[1].logOdds).toBeCloseTo(Math.log(1 / 50) + Math.LN2 / 2, 12);
    expect(pointsTable(card)).toHaveLength(21);
    const cal = calibratedPointsTable(card, (p) => p / 2, { step: 20 });
    expect(cal[1].calibrated).toBeCloseTo(1 / 52, 12);
  });
});

const handMade = `attribute,condition,points
(base),,10
channel,"in (email, referral)",15
channel,other,-5
visits,≥ 5,10
visits,>= 10,10
visits,missing,-10
country,= United States,5
`;

describe("CSV and JSON points", () => {
  it("reads a hand-made rubric, stacking rows as a CRM does", () => {
    const r = fromCsv(handMade);
    expect(r.base).toBe(10);
    expect(r.attributes.map((a) => a.name)).toEqual(["channel", "visits", "country"]);
    expect(rubricScore(r, { channel: "Email", visits: 12, country: "united states" })).toBe(10 + 15 + 20 + 5);
    expect(rubricScore(r, { channel: "sms", visits: 7 })).toBe(10 - 5 + 10);
    expect(rubricScore(r, { channel: null, visits: null })).toBe(10 - 5 - 10);
    expect(attributePoints(r, { channel: "email", visits: 12 })[1]).toEqual({
      attribute: "visits",
      level: "≥ 5 + ≥ 10",
      points: 20,
    });
  });

  it("round-trips a fitted scorecard through CSV and JSON", () => {
    const card = scorecard(model);
    const csv = toCsv(card);
    // One value is written "in (email)": a cell "= email" is a formula to a spreadsheet (issue 12, item 7).
    expect(csv).toBe("attribute,condition,points\n(base),,605\nchannel,in (email),15\nchannel,other,-5\n");
    const back = fromCsv(csv);
    expect(back.base).toBe(605);
    expect(back.attributes[0].levels.map((l) => [l.condition, l.points])).toEqual(
      card.attributes[0].levels.map((l) => [l.condition, l.points]),
    );
    const json = JSON.parse(JSON.stringify(toJson(card)));
    expect(json.format).toBe("leadlens-points");
    expect(json.scaling.pdo).toBe(20);
    const fromJ = fromJson(json);
    expect(fromJ.attributes[0].role).toBe("intent.behavioral");
    expect(rubricScore(fromJ, { channel: "email" })).toBe(620);
  });

  it("reads spreadsheet exports: byte-order mark, CRLF line ends, blank lines", () => {
    const r = fromCsv('\uFEFFattribute,condition,points\r\n(base),,10\r\nchannel,"in (a, b)",5\r\n\r\nx,= y,2\r\n');
    expect(r.base).toBe(10);
    expect(r.attributes.map((a) => [a.name, a.levels[0].points])).toEqual([
      ["channel", 5],
      ["x", 2],
    ]);
    expect(() => fromCsv("attribute,condition,points\r\n\r\nchannel,= a,zz\r\n")).toThrow(/row 3, column points/);
  });

  it("quotes conditions with commas so spreadsheets keep them in one cell", () => {
    const r: Rubric = {
      base: 0,
      attributes: [{ name: "source", levels: [{ condition: eq("a, b", 'say "hi"'), points: 3 }] }],
    };
    const csv = toCsv(r);
    expect(csv).toContain(`source,"in (""a, b"", ""say """"hi"""""")",3`);
    expect(fromCsv(csv).attributes[0].levels[0].condition).toEqual(eq("a, b", 'say "hi"'));
  });

  it("writes no cell a spreadsheet would run as a formula, and reads it back (OWASP)", () => {
    const evil = '=HYPERLINK("http://evil.example", "x")';
    const r: Rubric = {
      base: -12,
      attributes: [
        {
          name: "source",
          levels: [
            { condition: eq(evil), points: -3 },
            { condition: eq("+1+cmd|' /C calc'!A0", "b"), points: 4 },
            { condition: eq("@x"), points: 1 },
          ],
        },
      ],
    };
    const csv = toCsv(r);
    const cells = csv
      .trim()
      .split("\n")
      .slice(1)
      .flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    for (const c of cells) expect(c, c).not.toMatch(/^"?[=+@\t\r]/);
    expect(cells).toContain("-3");
    expect(cells).toContain("-12");
    const back = fromCsv(csv);
    expect(back.base).toBe(-12);
    expect(back.attributes[0].levels.map((l) => [l.condition, l.points])).toEqual(
      r.attributes[0].levels.map((l) => [l.condition, l.points]),
    );
  });

  it("reads old files (= value) and the quote-neutralised form a spreadsheet tool writes", () => {
    const old = fromCsv("attribute,condition,points\n(base),,10\nchannel,= email,15\nchannel,other,-5\n");
    const neutral = fromCsv("attribute,condition,points\n(base),,10\nchannel,\"'= email\",15\nchannel,other,'-5\n");
    const listed = fromCsv("attribute,condition,points\n(base),,10\nchannel,in (email),15\nchannel,other,-5\n");
    expect(neutral).toEqual(old);
    expect(listed).toEqual(old);
    expect(old.attributes[0].levels[0].condition).toEqual(eq("email"));
  });

  it("names file, row and column in every import error", () => {
    const bad: Array<[string, RegExp]> = [
      ["", /rubric\.csv: the file is empty/],
      ["attribute,points\nx,1\n", /rubric\.csv, row 1: missing column condition/],
      ["attribute,condition,points,weight\n", /row 1: unknown column weight/],
      [
        "attribute,condition,points\nchannel,= email,ten\n",
        /row 2, column points: expected a number of points like 15 or -5, got "ten"/,
      ],
      [
        "attribute,condition,points\n\nchannel,about email,5\n",
        /row 3, column condition: cannot read the condition "about email"/,
      ],
      ["attribute,condition,points\n,= email,5\n", /row 2, column attribute: empty/],
      ["attribute,condition,points\nchannel,,5\n", /row 2, column condition: empty/],
      ["attribute,condition,points\n(base),,1\n(base),,2\n", /row 3, column attribute: a second \(base\) row/],
      [
        "attribute,condition,points\nchannel,= email,1\nchannel,=email,2\n",
        /row 3, column condition: channel = email already appears in row 2/,
      ],
      [
        "attribute,condition,points\nchanel,= email,1\n",
        /row 2, column attribute: leads have no attribute "chanel"; expected one of: channel, visits/,
      ],
      [
        'attribute,condition,points\nchannel,"[1, 2)",1\n',
        /row 2, column condition: channel is categorical, so a number range does not apply/,
      ],
      [
        "attribute,condition,points\nvisits,[1, 2),1\n",
        /row 2, column points: .*looks cut at a comma: put a condition containing commas in double quotes/,
      ],
      ['attribute,condition,points\nchannel,"= a\nb",1\nchannel,= ?,x\n', /row 4, column points/],
    ];
    const known = [
      { name: "channel", type: "categorical", role: "intent.behavioral" },
      { name: "visits", type: "numeric" },
    ];
    for (const [text, re] of bad) {
      expect(() => fromCsv(text, { file: "rubric.csv", known })).toThrow(re);
    }
    expect(fromCsv("attribute,condition,points\nvisits,= 0,-5\n", { known }).attributes[0].levels[0].condition).toEqual(
      { kind: "range", min: 0, max: 0, minInclusive: true, maxInclusive: true },
    );
    expect(() => fromCsv('attribute,condition,points\nvisits,"in (1, 2)",3\n', { file: "rubric.csv", known })).toThrow(
      /rubric\.csv, row 2, column condition: visits is numeric; write one number per row/,
    );
    expect(() =>
      fromJson(
        { base: 1, attributes: [{ name: "channel", levels: [{ condition: "=", points: 1 }] }] },
        { file: "p.json" },
      ),
    ).toThrow(/p\.json, attributes\[0\]\.levels\[0\], column condition/);
    expect(
      fromCsv(handMade, { known: [...known, { name: "country", role: "fit.geographic" }] }).attributes.map(
        (a) => a.role,
      ),
    ).toEqual(["intent.behavioral", undefined, "fit.geographic"]);
  });
});

describe("rubricScoreSql", () => {
  it("scores leads in DuckDB exactly as rubricScore does, per axis too", async () => {
    const r = fromCsv(handMade, {
      known: [
        { name: "channel", role: "intent.behavioral" },
        { name: "visits", role: "intent.behavioral" },
        { name: "country", role: "fit.geographic" },
      ],
    });
    const inst = await DuckDBInstance.create(":memory:");
    const conn = await inst.connect();
    await conn.run(`CREATE TABLE leads (lead_id INTEGER, channel VARCHAR, visits DOUBLE, country VARCHAR)`);
    const channels = ["email", "Referral", "sms", null, ""];
    const visits = [null, 0, 4.9, 5, 9, 10, 25];
    const countries = ["United States", "india", null];
    const leads: Array<Record<string, unknown>> = [];
    for (const channel of channels)
      for (const v of visits)
        for (const country of countries) leads.push({ lead_id: leads.length, channel, visits: v, country });
    const q = (x: unknown) => (x === null ? "NULL" : typeof x === "number" ? String(x) : `'${x}'`);
    await conn.run(
      `INSERT INTO leads VALUES ${leads.map((l) => `(${l.lead_id}, ${q(l.channel)}, ${q(l.visits)}, ${q(l.country)})`).join(", ")}`,
    );
    const rows = (
      await conn.runAndReadAll(
        `SELECT lead_id, ${rubricScoreSql(r)} AS points, ${axisPointsSql(r, "fit")} AS fit, ${axisPointsSql(r, "intent")} AS intent FROM leads ORDER BY lead_id`,
      )
    ).getRowObjects();
    expect(rows).toHaveLength(leads.length);
    for (const row of rows) {
      const lead = leads[Number(row.lead_id)];
      expect(Number(row.points)).toBe(rubricScore(r, lead));
      expect(Number(row.fit)).toBe(axisPoints(r, lead, "fit"));
      expect(Number(row.intent)).toBe(axisPoints(r, lead, "intent"));
    }
    conn.closeSync();
    inst.closeSync();
  });
});

describe("scorecard catch-all", () => {
  it("adds an other level scored as the reference when the model has none", () => {
    const m: ScorecardModel = {
      intercept: -3,
      attributes: [
        {
          name: "size",
          role: "fit.firmographic",
          levels: [
            { level: "small", condition: eq("small"), coef: 0, n: 30 },
            { level: "large", condition: eq("large"), coef: 1, n: 10 },
          ],
        },
      ],
    };
    const card = scorecard(m);
    expect(card.attributes[0].levels.map((l) => l.level)).toEqual(["small", "large", "other"]);
    expect(rubricScore(card, { size: "medium" })).toBe(rubricScore(card, { size: "small" }));
    expect(rubricScore(card, { size: null })).toBe(rubricScore(card, { size: "small" }));
  });
});
