// Review MUST 7: a part that fails publishes a generic sentence; only a UserError (written for the
// reader) passes through, without folders. The real message still reaches the build log (stderr).
import { describe, expect, it, vi } from "vitest";
import { part, withoutPaths } from "../../../lib/report/data/part.ts";
import { UserError } from "../../../lib/errors/UserError.ts";
import { all, openStore } from "../../../lib/store/index.ts";

describe("part", () => {
  it("publishes no word of a DuckDB error (it quotes data values), but logs it", async () => {
    const store = await openStore(":memory:");
    const log = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const r = await part("channel ROI", () => all(store.conn, "SELECT CAST('ana@x.com' AS INTEGER) AS n"));
      expect(r).toEqual({ available: false, reason: "The channel ROI could not be computed (see the build log)." });
      expect(String(log.mock.calls.map((c) => c[0]).join(""))).toMatch(/channel ROI: .*ana@x\.com/);
    } finally {
      log.mockRestore();
      await store.close();
    }
  });

  it("lets a UserError through, without the folders of a path holding spaces", async () => {
    const log = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const r = await part("rules", async () => {
        throw new UserError("Cannot read /home/ana/My Files/rules.yml: no such file.");
      });
      expect(r).toEqual({
        available: false,
        reason: "The rules could not be computed from this data: Cannot read rules.yml: no such file.",
      });
    } finally {
      log.mockRestore();
    }
  });
});

describe("withoutPaths with spaces in folder names", () => {
  it("drops every folder, quoted or not", () => {
    expect(withoutPaths("Cannot read /home/ana/My Files/x.csv, row 3")).toBe("Cannot read x.csv, row 3");
    expect(withoutPaths('file "/srv/Lead Data/2024 exports/x.csv" is empty')).toBe('file "x.csv" is empty');
    expect(withoutPaths("file C:\\Users\\Ana Lima\\x.csv, row 3")).toBe("file x.csv, row 3");
    expect(withoutPaths("lead → mql/sql, 1/2 of leads")).toBe("lead → mql/sql, 1/2 of leads");
  });
});
