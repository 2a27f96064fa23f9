import { describe, it, expect } from "vitest";
import { openStore, exec } from "../../../lib/store/index.ts";
import { qualityData } from "../../../lib/report/data/quality.ts";
import { publishedWarning } from "../../../lib/report/data/model.ts";

// The Data quality page lists post_outcome attributes and the newest model's leakage warnings.
describe("Data quality page: leakage warnings", () => {
  it("publishes the model's leakage warning for the attribute it names, beside post_outcome columns", async () => {
    const s = await openStore(":memory:");
    await exec(s.conn, "ALTER TABLE leads ADD COLUMN tags VARCHAR; ALTER TABLE leads ADD COLUMN lead_origin VARCHAR");
    await exec(
      s.conn,
      `INSERT INTO attributes VALUES
      ('tags', 'Tags', 'post_outcome', 'categorical', false, 'x', NULL),
      ('lead_origin', 'Lead Origin', 'fit.firmographic', 'categorical', false, 'x', NULL)`,
    );
    const artifact = {
      format_version: 1,
      model_id: "m1",
      attributes: [{ name: "lead_origin" }, { name: "tags" }],
      warnings: [
        "Possible leakage: tags alone reaches a held-out AUC of 0.975 (≥ 0.95) on the leads where it is recorded (0.918 on all). Check it.",
        "Dropped constant inputs: do_not_call.",
      ],
    };
    await exec(s.conn, "INSERT INTO models VALUES ('m1', current_timestamp, $1)", [JSON.stringify(artifact)]);
    const q = await qualityData({ conn: s.conn } as never);
    expect(q.leakage.available).toBe(true);
    const rows = (q.leakage as { data: Array<{ attribute: string; warning: string }> }).data;
    expect(rows.map((r) => r.attribute)).toEqual(["tags", "tags"]);
    expect(rows[0].warning).toMatch(/post_outcome/);
    expect(rows[1].warning).toMatch(/^alone reaches a held-out AUC of 0\.975/);
    expect(rows.some((r) => r.attribute === "lead_origin")).toBe(false);
    await s.close();
  });

  it("publishes the fit's 'too good to be true' and open-record warnings for the inputs they name", async () => {
    const s = await openStore(":memory:");
    const artifact = {
      format_version: 1,
      model_id: "m2",
      attributes: [{ name: "duration" }, { name: "sector" }, { name: "region" }],
      warnings: [
        'Too good to be true? duration: information value 1.91 (above 0.5, "suspicious" in Siddiqi 2006), held-out AUC 0.861 on its own. Is it known before the outcome?',
        "Open-record artifact: sector is blank on 1,425 leads, 1,412 of them open (20.1% of all leads are open): probably filled in only as a lead progresses.",
      ],
    };
    await exec(s.conn, "INSERT INTO models VALUES ('m2', current_timestamp, $1)", [JSON.stringify(artifact)]);
    const rows = (
      (await qualityData({ conn: s.conn } as never)).leakage as { data: Array<{ attribute: string; warning: string }> }
    ).data;
    expect(rows.map((r) => r.attribute)).toEqual(["duration", "sector"]);
    expect(rows[0]!.warning).toMatch(/^information value 1\.91/);
    // Published without its lead counts (they are no cell of any suppressed table).
    expect(rows[1]!.warning).toMatch(
      /^is blank mostly on open leads, while most leads are decided: probably filled in/,
    );
    expect(rows[1]!.warning).not.toMatch(/1,4\d\d/);
    await s.close();
  });

  it("without a model lists only the post_outcome columns", async () => {
    const s = await openStore(":memory:");
    await exec(s.conn, "ALTER TABLE leads ADD COLUMN tags VARCHAR");
    await exec(
      s.conn,
      "INSERT INTO attributes VALUES ('tags', 'Tags', 'post_outcome', 'categorical', false, 'x', NULL)",
    );
    const q = await qualityData({ conn: s.conn } as never);
    expect((q.leakage as { data: unknown[] }).data).toHaveLength(1);
    await s.close();
  });

  it("publishes the decision moment's count of left-out leads only from k up", () => {
    const w = (n: string) =>
      `Decision moment created + 14d: behaviour counts up to it, and ${n} leads decided before it are left out of training (score_at in scoring.yml).`;
    expect(publishedWarning(w("3"), 10)).toBe(w("fewer than 10"));
    expect(publishedWarning(w("1,234"), 10)).toBe(w("1,234"));
  });
});
