import { describe, it, expect } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { gradeCuts, grade, gradeReading, gradeSql, gradeReadingSql } from "../../../lib/qualify/index.ts";

describe("gradeCuts", () => {
  it("cuts each axis at quartiles that are reachable point totals", () => {
    expect(gradeCuts([0, 10, 20, 30, 40, 50, 60, 70], [5, 5, 5, 5, 9, 9, 9, 9])).toEqual({
      fit: [20, 40, 60],
      intent: [5, 9, 9],
    });
  });

  it("keeps the top grade non-empty and as close to a quarter as ties allow", () => {
    // 90% of leads at 0, 10% at 5: a quarter cannot be split off; the top grade is the 10%.
    const fit = [...Array(90).fill(0), ...Array(10).fill(5)];
    const cuts = gradeCuts(fit, fit);
    expect(cuts.fit).toEqual([0, 5, 5]);
    expect(fit.filter((x) => grade(x, x, cuts)[0] === "A")).toHaveLength(10);
  });

  it("gives weighted rows the same cuts as the expanded leads", () => {
    const fit = [0, 10, 25, 40];
    const intent = [3, 1, 2, 0];
    const w = [5, 1, 3, 7];
    const expand = (xs: number[]) => xs.flatMap((x, i) => Array(w[i]).fill(x));
    expect(gradeCuts(fit, intent, w)).toEqual(gradeCuts(expand(fit), expand(intent)));
  });

  it("puts a quarter of the leads in each fit letter when totals are distinct", () => {
    const fit = Array.from({ length: 100 }, (_, i) => i);
    const cuts = gradeCuts(fit, fit);
    const counts: Record<string, number> = {};
    for (const x of fit) counts[grade(x, x, cuts)] = (counts[grade(x, x, cuts)] ?? 0) + 1;
    expect(counts).toEqual({ A1: 25, B2: 25, C3: 25, D4: 25 });
  });
});

describe("gradeReading", () => {
  it("reads A/B with 1/2 as excellent, one of them as good, neither as bad", () => {
    const table: Record<string, string> = {};
    for (const f of "ABCD") for (const i of "1234") table[f + i] = gradeReading(f + i)[0];
    expect(table).toEqual({
      A1: "e",
      A2: "e",
      A3: "g",
      A4: "g",
      B1: "e",
      B2: "e",
      B3: "g",
      B4: "g",
      C1: "g",
      C2: "g",
      C3: "b",
      C4: "b",
      D1: "g",
      D2: "g",
      D3: "b",
      D4: "b",
    });
  });
});

describe("gradeSql", () => {
  it("grades in DuckDB exactly as grade() does", async () => {
    const cuts = { fit: [10, 30, 50] as [number, number, number], intent: [-5, 0, 9] as [number, number, number] };
    const inst = await DuckDBInstance.create(":memory:");
    const conn = await inst.connect();
    const pts = [-20, -5, 0, 9, 10, 29, 30, 49, 50, 80];
    await conn.run(
      `CREATE TABLE p AS SELECT f.x AS fit, i.x AS intent FROM (VALUES ${pts.map((x) => `(${x})`).join(",")}) f(x), (VALUES ${pts.map((x) => `(${x})`).join(",")}) i(x)`,
    );
    const g = gradeSql("fit", "intent", cuts);
    const rows = (
      await conn.runAndReadAll(`SELECT fit, intent, ${g} AS grade, ${gradeReadingSql(g)} AS reading FROM p`)
    ).getRowObjects();
    expect(rows).toHaveLength(100);
    for (const r of rows) {
      const want = grade(Number(r.fit), Number(r.intent), cuts);
      expect(r.grade).toBe(want);
      expect(r.reading).toBe(gradeReading(want));
    }
    conn.closeSync();
    inst.closeSync();
  });
});
