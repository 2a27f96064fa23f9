import { describe, it, expect } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openStore, all, ident, literal } from "../../lib/store/index.ts";
import { ingest, loadConfig } from "../../loaders/index.ts";
import { TRIMMED, mayBePadded, paddingScanner, scanText } from "../../loaders/ingest/padding.ts";
import { cleanSql } from "../../loaders/ingest/sql.ts";
import { field } from "../../loaders/ingest/fields.ts";
import type { SourceConfig } from "../../loaders/config/types.ts";
import { tempDir, writeSource } from "./helpers.ts";

/** The scanner's answer for a file given as chunks. */
function scan(chunks: Array<string | Buffer>, delimiter = ",", quote = '"'): boolean {
  const s = paddingScanner(delimiter, quote);
  for (const c of chunks) if (s.push(Buffer.isBuffer(c) ? c : Buffer.from(c, "utf8"))) return true;
  return s.end();
}

const NBSP = "\u00a0";
const IDEO = "\u3000";

describe("skipping trim on files without padded values", () => {
  it("knows exactly which characters DuckDB's trim() removes", async () => {
    const store = await openStore(":memory:");
    const [r] = await all<{ cps: number[] }>(
      store.conn,
      `SELECT list(cp::INTEGER ORDER BY cp) AS cps FROM range(1, 1114112) r(cp)
       WHERE (cp < 55296 OR cp > 57343) AND (trim(chr(cp::INTEGER) || 'x') <> chr(cp::INTEGER) || 'x' OR trim('x' || chr(cp::INTEGER)) <> 'x' || chr(cp::INTEGER))`,
    );
    expect(r.cps).toEqual(TRIMMED);
    await store.close();
  });

  it("finds every way a value can start or end with a trimmed character, and nothing else", () => {
    const cases: Array<[string, boolean, string?]> = [
      ["id,name\nL1,Ann Lee\nL2,Bo\n", false],
      ["id,name\nL1, Ann\n", true],
      ["id,name\nL1,Ann \nL2,Bo\n", true],
      ["id,name\r\nL1,Ann \r\n", true],
      ["id,name\r\n L1,Ann\r\n", true],
      [" id,name\nL1,Ann\n", true],
      ["\ufeff id,name\nL1,Ann\n", true],
      ["\ufeffid,name\nL1,Ann\n", false],
      ["id,name\nL1,Ann ", true],
      ['id,name\n"L1"," Ann"\n', true],
      ['id,name\n"L1","Ann "\n', true],
      ['id,name\n"L1","Ann Lee, Jr"\n', true], // a space after a delimiter inside quotes: conservative
      ['id,name\n"L1","Ann Lee"\n', false],
      ["id\tname\nL1\t Ann\n", true, "\t"],
      ["id\tname\nL1\tAnn Lee\n", false, "\t"],
      ["id;name\nL1;Ann ;x\n", true, ";"],
      ["id,name\nL1,\tAnn\t\n", false], // tabs are kept by trim()
      ["id,name\nL1,Zürich\nL2,東京\n", false],
      [`id,name\nL1,Ann${NBSP}Lee\n`, true], // any Unicode space: conservative
      [`id,name\nL1,Ann${IDEO}\n`, true],
      ["id,name\nL1,Ann\u2009\n", true],
      ["id,name\nL1,Ann\u2019s\n", false], // E2 80 99 is not a space
      ["", false],
    ];
    for (const [text, want, delimiter] of cases) {
      const whole = scan([text], delimiter);
      expect({ text, padded: whole }).toEqual({ text, padded: want });
      // Any split into two chunks, and one-byte chunks, give the same answer.
      const bytes = Buffer.from(text, "utf8");
      for (let i = 0; i <= bytes.length; i++)
        expect({ text, i, padded: scan([bytes.subarray(0, i), bytes.subarray(i)], delimiter) }).toEqual({
          text,
          i,
          padded: want,
        });
      expect(
        scan(
          [...bytes].map((b) => Buffer.from([b])),
          delimiter,
        ),
      ).toBe(want);
    }
  });

  it("reads the file in chunks", async () => {
    const dir = tempDir();
    const big = `id,name\n${"L1,Ann Lee\n".repeat(200_000)}`;
    writeFileSync(join(dir, "clean.csv"), big);
    writeFileSync(join(dir, "padded.csv"), `${big}L2,Bo \n`);
    expect(await mayBePadded(join(dir, "clean.csv"), ",", '"')).toBe(false);
    expect(await mayBePadded(join(dir, "padded.csv"), ",", '"')).toBe(true);
  });

  it("finds a NUL byte or a U+FEFF anywhere but the file's own BOM, also across the 1 MB chunk seam", async () => {
    const dir = tempDir();
    const body = `id,name\n${"L1,Ann Lee\n".repeat(100_000)}`; // 1.1 MB: two chunks
    const cases: Array<[string, Buffer, boolean]> = [
      ["clean", Buffer.from(body), false],
      ["own BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]), false],
      ["NUL at the end", Buffer.from(`${body}L2,A\0\n`), true],
      ["U+FEFF in a value", Buffer.from(`${body}L2,\uFEFFAnn\n`), true],
    ];
    const seam = (1 << 20) - 1; // EF | BB BF split over the seam, and EF BB | BF
    for (const at of [seam, seam - 1]) {
      const b = Buffer.from(body);
      b.set([0xef, 0xbb, 0xbf], at);
      cases.push([`U+FEFF at ${at}`, b, true]);
    }
    for (const [name, bytes, want] of cases) {
      writeFileSync(join(dir, "f.csv"), bytes);
      expect({ name, badText: (await scanText(join(dir, "f.csv"), ",", '"')).badText }).toEqual({
        name,
        badText: want,
      });
    }
    // and it answers the padding question as mayBePadded does
    writeFileSync(join(dir, "p.csv"), `${body}L2,Bo \n`);
    expect(await scanText(join(dir, "p.csv"), ",", '"')).toEqual({ padded: true, badText: false });
    writeFileSync(join(dir, "c.csv"), body);
    expect(await scanText(join(dir, "c.csv"), ",", '"')).toEqual({ padded: false, badText: false });
  });

  it("cleans every value exactly as trim() does, with or without the shortcut", async () => {
    const store = await openStore(":memory:");
    const values = [
      "a",
      " a",
      "a ",
      "  a b  ",
      "",
      " ",
      "\ta\t",
      `${NBSP}a${NBSP}`,
      `${IDEO}東京${IDEO}`,
      "Zürich",
      " Zürich",
      "👍🏽 ",
      "NA",
      " na ",
      null,
    ];
    await store.conn.run(
      `CREATE TABLE v AS SELECT * FROM (VALUES ${values.map((x, i) => `(${i}, ${x === null ? "NULL" : literal(x)})`).join(", ")}) t(i, "Raw Value")`,
    );
    const configs: SourceConfig[] = [
      { missing: [""] } as SourceConfig,
      { missing: ["", "NA"], normalize: { case: "lower" } } as SourceConfig,
      { missing: [""], normalize: { trim: false } } as SourceConfig,
    ];
    for (const c of configs) {
      const f = field(c, "k", "Raw Value", "text", "test");
      // What cleaning was before the shortcut: trim() on every value.
      const t = `trim(${ident(f.column)})`;
      const kept = f.trim ? t : ident(f.column);
      const folded = f.case === "lower" ? `lower(${kept})` : kept;
      const before = `CASE WHEN ${t} IN (${f.missing.map(literal).join(", ")}) THEN NULL ELSE ${folded} END`;
      const rows = await all<{ i: number; same: boolean }>(
        store.conn,
        `SELECT i, (${cleanSql(f, true)}) IS NOT DISTINCT FROM (${before}) AS same FROM v ORDER BY i`,
      );
      expect(rows.filter((r) => !r.same)).toEqual([]);
      // Without trimming, values that are not padded come out the same.
      const unpadded = await all<{ i: number; same: boolean }>(
        store.conn,
        `SELECT i, (${cleanSql(f, false)}) IS NOT DISTINCT FROM (${before}) AS same FROM v WHERE i IN (0, 4, 6, 9, 12) ORDER BY i`,
      );
      expect(unpadded.filter((r) => !r.same)).toEqual([]);
    }
    await store.close();
  });

  it("loads padded and unpadded files alike", async () => {
    const dir = tempDir();
    const rows = [
      ["L1", "2024-01-05", "Google", "retail", "3"],
      ["L2", "2024-01-06", "email", "health care", "5.5"],
    ];
    const plain = `id,created,channel,industry,visits\n${rows.map((r) => r.join(",")).join("\n")}\n`;
    const pad = ["  ", NBSP, IDEO, " \u2003"];
    const padded = `id,created,channel,industry,visits\n${rows.map((r, i) => r.map((v, j) => `${pad[(i + j) % 4]}${v}${pad[(i + j + 1) % 4]}`).join(",")).join("\n")}\n`;
    const config = (file: string) => ({
      source: file,
      leads: { file, id: "id", created_at: "created", channel: { column: "channel", normalize: { case: "lower" } } },
      attributes: [
        { name: "industry", role: "fit.firmographic" },
        { name: "visits", role: "intent.behavioral", type: "numeric" },
      ],
    });
    const got: unknown[] = [];
    for (const [file, text] of [
      ["plain.csv", plain],
      ["padded.csv", padded],
    ]) {
      const cfg = writeSource(join(dir, file), { [file]: text }, config(file));
      const store = await openStore(":memory:");
      const r = await ingest(store.conn, loadConfig(cfg));
      expect(r).toMatchObject({ rows_read: 2, rows_loaded: 2, rows_rejected: 0 });
      got.push(
        await all(store.conn, "SELECT lead_id, created_at, channel, industry, visits FROM leads ORDER BY lead_id"),
      );
      await store.close();
    }
    expect(got[0]).toEqual([
      { lead_id: "L1", created_at: "2024-01-05 00:00:00", channel: "google", industry: "retail", visits: 3 },
      { lead_id: "L2", created_at: "2024-01-06 00:00:00", channel: "email", industry: "health care", visits: 5.5 },
    ]);
    expect(got[1]).toEqual(got[0]);
  });
});
