import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import {
  type Condition,
  formatCondition,
  parseCondition,
  conditionToSql,
  matches,
  levelIndex,
} from "../../../lib/scorecard/index.ts";

const r = (min: number | undefined, max: number | undefined, minInclusive = true, maxInclusive = false): Condition => {
  const c: Condition = { kind: "range", minInclusive, maxInclusive };
  if (min !== undefined) c.min = min;
  if (max !== undefined) c.max = max;
  return c;
};

const cases: Array<[Condition, string]> = [
  [{ kind: "equals", values: ["email"] }, "= email"],
  [{ kind: "equals", values: ["Google Ads"] }, "= Google Ads"],
  [{ kind: "equals", values: ["email", "referral"] }, "in (email, referral)"],
  [{ kind: "equals", values: ["a, b", 'say "hi"', "(x)"] }, 'in ("a, b", "say ""hi""", "(x)")'],
  [{ kind: "equals", values: [" padded "] }, '= " padded "'],
  [r(10, 20), "[10, 20)"],
  [r(10, 20, false, true), "(10, 20]"],
  [r(0.1, 2.5e-7 + 1), "[0.1, 1.00000025)"],
  [r(20, undefined), "≥ 20"],
  [r(20, undefined, false), "> 20"],
  [r(undefined, 10, false, false), "< 10"],
  [r(undefined, -3.5, false, true), "≤ -3.5"],
  [{ kind: "missing" }, "missing"],
  [{ kind: "other" }, "other"],
];

describe("formatCondition / parseCondition", () => {
  it.each(cases)("formats %j as %s and reads it back", (c, text) => {
    expect(formatCondition(c)).toBe(text);
    expect(parseCondition(text)).toEqual(c);
  });

  it("reads ASCII operators, any keyword case, infinite interval ends and loose spacing", () => {
    expect(parseCondition(">= 5")).toEqual(r(5, undefined));
    expect(parseCondition("<=5")).toEqual(r(undefined, 5, false, true));
    expect(parseCondition("IN ( a ,b )")).toEqual({ kind: "equals", values: ["a", "b"] });
    expect(parseCondition("  Missing ")).toEqual({ kind: "missing" });
    expect(parseCondition("(-inf, 5]")).toEqual(r(undefined, 5, false, true));
    expect(parseCondition("[3, ∞)")).toEqual(r(3, undefined));
    expect(parseCondition("=email")).toEqual({ kind: "equals", values: ["email"] });
    expect(parseCondition("[5, 5]")).toEqual(r(5, 5, true, true));
  });

  it("rejects bad text with a message naming where and what was expected", () => {
    const bad = [
      "",
      "about 5",
      "in (a, b",
      "in ()",
      "[20, 10)",
      "[5, 5)",
      ">= lots",
      "= ",
      "in (a, (b))",
      '= "a", "b"',
      '"unclosed',
    ];
    for (const t of bad) {
      expect(() => parseCondition(t, "rubric.csv, row 3, column condition")).toThrow(
        /rubric\.csv, row 3, column condition: cannot read the condition .*expected one of/,
      );
    }
    try {
      parseCondition("[20, 10)");
    } catch (e) {
      expect((e as Error).name).toBe("UserError");
      expect((e as Error).message).toContain("lower end 20 is not below the upper end 10");
    }
  });
});

describe("matches", () => {
  it("compares categorical values ignoring case and surrounding spaces", () => {
    const c: Condition = { kind: "equals", values: ["Email", "referral"] };
    expect(matches(" EMAIL ", c)).toBe(true);
    expect(matches("referral", c)).toBe(true);
    expect(matches("sms", c)).toBe(false);
    expect(matches(null, c)).toBe(false);
  });

  it("keeps interval ends straight and leaves missing values out of ranges", () => {
    expect(matches(10, r(10, 20))).toBe(true);
    expect(matches(20, r(10, 20))).toBe(false);
    expect(matches(20, r(10, 20, true, true))).toBe(true);
    expect(matches("15", r(10, 20))).toBe(true);
    expect(matches(null, r(undefined, 20))).toBe(false);
    expect(matches(NaN, r(undefined, undefined))).toBe(false);
    expect(matches("", { kind: "missing" })).toBe(true);
    expect(matches(NaN, { kind: "missing" })).toBe(true);
    expect(matches(0, { kind: "missing" })).toBe(false);
  });

  it("lets other cover exactly what its siblings do not", () => {
    const levels: Condition[] = [{ kind: "equals", values: ["email"] }, { kind: "missing" }, { kind: "other" }];
    expect(levelIndex("email", levels)).toBe(0);
    expect(levelIndex(undefined, levels)).toBe(1);
    expect(levelIndex("carrier pigeon", levels)).toBe(2);
    expect(matches("email", { kind: "other" }, { otherOf: levels })).toBe(false);
    // Without a missing sibling, a missing value is "anything unseen" and falls to other.
    expect(levelIndex(null, [{ kind: "equals", values: ["email"] }, { kind: "other" }])).toBe(1);
    expect(levelIndex("x", [{ kind: "equals", values: ["email"] }])).toBe(-1);
  });
});

describe("conditionToSql on DuckDB", () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  const texts = ["email", " Email ", "EMAIL", "referral", "a, b", 'say "hi"', "it's", "", null, "sms", "nan"];
  const numbers = [-5, 0, 9.999, 10, 15, 20, 20.5, null, NaN, 1e9];

  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
    await conn.run(`CREATE TABLE t (id INTEGER, txt VARCHAR, num DOUBLE)`);
    const n = Math.max(texts.length, numbers.length);
    for (let i = 0; i < n; i++) {
      const t = i < texts.length ? texts[i] : null;
      const x = i < numbers.length ? numbers[i] : null;
      const tSql = t === null ? "NULL" : `'${t.replaceAll("'", "''")}'`;
      const xSql = x === null ? "NULL" : Number.isNaN(x) ? "'NaN'::DOUBLE" : String(x);
      await conn.run(`INSERT INTO t VALUES (${i}, ${tSql}, ${xSql})`);
    }
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  async function covered(column: "txt" | "num", c: Condition, otherOf?: Condition[]): Promise<number[]> {
    const sql = `SELECT id FROM t WHERE ${conditionToSql(`"${column}"`, c, { otherOf })} ORDER BY id`;
    const rows = (await conn.runAndReadAll(sql)).getRowObjects();
    return rows.map((row) => Number(row.id));
  }
  function expected(values: unknown[], c: Condition, otherOf?: Condition[]): number[] {
    const ids: number[] = [];
    const n = Math.max(texts.length, numbers.length);
    for (let i = 0; i < n; i++) if (matches(i < values.length ? values[i] : null, c, { otherOf })) ids.push(i);
    return ids;
  }

  const textConditions: Condition[] = [
    { kind: "equals", values: ["Email"] },
    { kind: "equals", values: ["email", "a, b", 'say "hi"', "it's"] },
    { kind: "missing" },
    { kind: "equals", values: ["nan"] },
  ];
  it.each(textConditions)("selects the same text values as matches() for %j", async (c) => {
    expect(await covered("txt", c)).toEqual(expected(texts, c));
  });

  it("selects email variants and quoted values exactly", async () => {
    expect(await covered("txt", { kind: "equals", values: ["email"] })).toEqual([0, 1, 2]);
    expect(await covered("txt", { kind: "equals", values: ["it's", 'say "hi"'] })).toEqual([5, 6]);
    expect(await covered("txt", { kind: "missing" })).toEqual([7, 8, 10]);
  });

  const numberConditions: Condition[] = [
    r(10, 20),
    r(10, 20, false, true),
    r(20, undefined),
    r(undefined, 10),
    r(undefined, undefined),
    { kind: "missing" },
  ];
  it.each(numberConditions)("selects the same numbers as matches() for %j", async (c) => {
    expect(await covered("num", c)).toEqual(expected(numbers, c));
  });

  it("makes other the complement of its siblings, null-safe", async () => {
    const siblings: Condition[] = [
      { kind: "equals", values: ["email"] },
      { kind: "equals", values: ["referral"] },
    ];
    const other = await covered("txt", { kind: "other" }, siblings);
    expect(other).toEqual(expected(texts, { kind: "other" }, siblings));
    expect(other).toContain(8); // NULL with no missing sibling: unseen, so other
    const withMissing = [...siblings, { kind: "missing" } as Condition];
    expect(await covered("txt", { kind: "other" }, withMissing)).toEqual([4, 5, 6, 9]);
    const bins = [r(undefined, 10), r(10, 20), r(20, undefined), { kind: "missing" } as Condition];
    expect(await covered("num", { kind: "other" }, bins)).toEqual([]);
  });

  it("round-trips text → condition → SQL for every formatted case", async () => {
    for (const [c, text] of cases) {
      if (c.kind === "other") continue;
      const col = c.kind === "range" ? "num" : "txt";
      const vals = c.kind === "range" ? numbers : texts;
      expect(await covered(col, parseCondition(text))).toEqual(expected(vals, c));
    }
  });
});
