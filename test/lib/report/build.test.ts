import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReport } from "../../../lib/report/build.ts";
import { isUserError } from "../../../lib/errors/UserError.ts";

describe("buildReport refuses what the user can fix, with one clear message", () => {
  it("a missing database", async () => {
    const e = await buildReport({ db: "/nonexistent/leadlens.duckdb" }).catch((x) => x);
    expect(isUserError(e)).toBe(true);
    expect(e.message).toMatch(/No leadlens database at \/nonexistent\/leadlens.duckdb.*leadlens ingest demo/);
  });

  it("a minimum cell size that is not a whole number of leads", async () => {
    const e = await buildReport({ db: "x", minCell: 0 }).catch((x) => x);
    expect(isUserError(e)).toBe(true);
    expect(e.message).toMatch(/--min-cell/);
  });

  it("an output folder that holds something other than a previous report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadlens-out-"));
    const db = join(dir, "store.duckdb");
    writeFileSync(db, "");
    writeFileSync(join(dir, "keep.txt"), "x");
    const e = await buildReport({ db, out: dir }).catch((x) => x);
    expect(isUserError(e)).toBe(true);
    expect(e.message).toMatch(/not empty and does not hold a previous leadlens report/);
  });
});
