import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportCharts, toSvg, rateSpec } from "../../../lib/report/export/index.ts";
import { writeFixtureStore } from "./fixtureStore.ts";

describe("report export", () => {
  it("renders a vega-lite spec to SVG in Node", async () => {
    const svg = await toSvg(
      rateSpec(
        "Stage conversion",
        [{ label: "lead → mql", rate: 0.4, ci_low: 0.35, ci_high: 0.45, n: 300 }],
        "Moved on",
      ),
    );
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("lead → mql");
  });

  it("writes the headline charts from a store, suppressing small cells", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-export-"));
    const db = join(dir, "fixture.duckdb");
    await writeFixtureStore(db);
    const r = await exportCharts({ db, out: join(dir, "charts"), minCell: 10 });
    expect(r.written.map((f) => f.split("/").pop())).toEqual(
      expect.arrayContaining(["leads-per-month.svg", "stage-conversion.svg", "time-in-first-stage.svg"]),
    );
    const all = r.written.map((f) => readFileSync(f, "utf8")).join("");
    expect(all).toContain("<svg");
    expect(all).not.toContain("tiny_channel");
    expect(all).not.toContain("LDX-");
    // Written atomically: a second export replaces each file by a rename (a new inode), leaving no temp file.
    const before = r.written.map((f) => statSync(f).ino);
    const again = await exportCharts({ db, out: join(dir, "charts"), minCell: 10 });
    expect(again.written.map((f) => statSync(f).ino).some((ino, i) => ino === before[i])).toBe(false);
    expect(readdirSync(join(dir, "charts")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
