// Review SHOULD 16: the Tune page puts the model file's test window into SQL as literals: a model
// whose test_from carries SQL (a hand-edited or foreign --model file) cannot widen the held-out set.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tuneData } from "../../../lib/report/data/tune.ts";
import { PROJECT_DIR } from "../../../lib/report/paths.ts";
import { all, literal, openStore } from "../../../lib/store/index.ts";
import { writeFixtureStore } from "./fixtureStore.ts";

const db = join(mkdtempSync(join(tmpdir(), "leadlens-tunewin-")), "store.duckdb");

beforeAll(async () => {
  await writeFixtureStore(db, 1500);
  const r = spawnSync(process.execPath, [join(PROJECT_DIR, "cli", "leadlens.js"), "fit", "--db", db], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    env: { ...process.env, LEADLENS_QUIET: "1" },
  });
  if (r.status !== 0) throw new Error(`leadlens fit: ${r.stdout}\n${r.stderr}`);
}, 120_000);

describe("tuneData and the model's test window", () => {
  it("a test_from holding SQL fails that part instead of selecting every lead", async () => {
    const store = await openStore(db);
    const log = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const [row] = await all<{ model_id: string; artifact: string }>(
        store.conn,
        "SELECT model_id, artifact FROM models ORDER BY created_at DESC LIMIT 1",
      );
      const m = JSON.parse(row.artifact);
      const fair = await tuneData({ conn: store.conn, minCell: 10 } as never);
      expect(fair.tune.available, JSON.stringify(fair.tune)).toBe(true);
      m.metrics.validation = "out_of_time";
      m.training_window.test_from = "1900-01-01' AS TIMESTAMP) OR TRUE OR created_at = CAST('1900-01-01";
      await store.conn.run(
        `UPDATE models SET artifact = ${literal(JSON.stringify(m))} WHERE model_id = ${literal(row.model_id)}`,
      );
      const hostile = await tuneData({ conn: store.conn, minCell: 10 } as never);
      expect(hostile.tune.available).toBe(false);
    } finally {
      log.mockRestore();
      await store.close();
    }
  });
});
