import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { all, type Store } from "../../../lib/store/index.ts";
import { scoringSql, type ModelArtifact } from "../../../lib/model/index.ts";
import {
  modelScorecard,
  modelColumns,
  modelRelation,
  rubricScoreSql,
  axisPointsSql,
  toCsv,
  fromCsv,
  heldOutPairs,
  compareRubric,
  scorecard,
  pointsRange,
} from "../../../lib/scorecard/index.ts";
import { explain, reasonsSql } from "../../../lib/explain/index.ts";
import { auc } from "../../../lib/metrics/index.ts";
import { realStore, EXAMPLES } from "./realStores.ts";

for (const dataset of ["x-education", "olist"] as const) {
  describe(`scorecard, explain and compare on ${dataset}`, () => {
    let store: Store;
    let model: ModelArtifact;
    beforeAll(async () => ({ store, model } = await realStore(dataset)));
    afterAll(() => store?.close());

    it("scores every lead exactly as `leadlens score` does, and explains each: base + Σ contributions = points", async () => {
      const card = modelScorecard(model);
      const columns = modelColumns(model);
      const mine = `SELECT lead_id, ${rubricScoreSql(card, columns)} AS points, ${axisPointsSql(card, "fit", columns)} AS fit, ${axisPointsSql(card, "intent", columns)} AS intent, ${reasonsSql(card, { columns })} AS reasons, ${card.attributes.map((a, i) => `${columns(a.name)} AS v${i}`).join(", ")} FROM ${modelRelation(model)}`;
      const rows = await all(
        store.conn,
        `SELECT m.*, s.points AS s_points, s.fit_points AS s_fit, s.intent_points AS s_intent, s.reasons AS s_reasons FROM (${mine}) m JOIN (${scoringSql(model)}) s USING (lead_id)`,
      );
      expect(rows.length).toBe(dataset === "olist" ? 8000 : 9240);
      let mismatches = 0;
      for (const r of rows) {
        const lead = Object.fromEntries(card.attributes.map((a, i) => [a.name, r[`v${i}`]]));
        const e = explain(card, lead);
        expect(e.base + e.contributions.reduce((t, c) => t + c.points, 0)).toBe(e.points);
        if (e.points !== r.points || r.points !== r.s_points || r.fit !== r.s_fit || r.intent !== r.s_intent)
          mismatches++;
        if (r.reasons !== r.s_reasons) mismatches++;
        expect(JSON.parse(String(r.reasons))).toEqual({ top_positive: e.top_positive, top_negative: e.top_negative });
      }
      expect(mismatches).toBe(0);
    });

    it("survives a CSV round trip: the exported points score every lead the same", async () => {
      const card = modelScorecard(model);
      const back = fromCsv(toCsv(card));
      const columns = modelColumns(model);
      const diff = await all(
        store.conn,
        `SELECT count(*) AS n FROM ${modelRelation(model)} WHERE ${rubricScoreSql(card, columns)} <> ${rubricScoreSql(back, columns)}`,
      );
      expect(diff[0].n).toBe(0);
      const r = pointsRange(card);
      expect(r.min).toBe(model.points.min);
      expect(r.max).toBe(model.points.max);
    });

    it("loses almost nothing to integer rounding (AUC of rounded vs exact points, every lead)", async () => {
      // Exact (unrounded) points of the same model on the same leads: rounding only moves ties.
      const exact = scorecard(
        {
          intercept: model.intercept.coef,
          attributes: model.attributes.map((a) => ({
            name: a.name,
            role: a.role,
            levels: a.levels.map((l) => ({ level: l.level, condition: l.condition, coef: l.coef, n: l.leads })),
          })),
        },
        { round: false, baseOdds: model.points.base_odds },
      );
      const columns = modelColumns(model);
      const lab = `CASE WHEN outcome = 'won' THEN 1 ELSE 0 END`;
      const rows = await all<{ y: number; r: number; x: number }>(
        store.conn,
        `SELECT ${lab} AS y, ${rubricScoreSql(modelScorecard(model), columns)} AS r, ${rubricScoreSql(exact, columns)} AS x FROM ${modelRelation(model)}`,
      );
      const y = rows.map((r) => r.y);
      const gap = Math.abs(
        auc(
          y,
          rows.map((r) => r.r),
        ) -
          auc(
            y,
            rows.map((r) => r.x),
          ),
      );
      // Figures for docs/methods/scorecard.md: X Education ≈ 0.0002, Olist ≈ 0.001.
      expect(gap).toBeLessThan(0.005);
    });

    it("compares the example hand-made rubric with the model on the model's own held-out leads", async () => {
      const file = join(EXAMPLES, dataset === "olist" ? "rubric-olist.csv" : "rubric-x-education.csv");
      const known = await all<{ name: string; role: string; type: string }>(
        store.conn,
        "SELECT name, role, type FROM attributes",
      );
      const rubric = fromCsv(readFileSync(file, "utf8"), {
        file,
        known: [...known, { name: "channel", role: "intent.behavioral", type: "categorical" }],
      });
      const c = compareRubric(await heldOutPairs(store.conn, model, rubric), {
        rubricMql: dataset === "olist" ? 8 : 40,
      });
      expect(c.validation).toBe(dataset === "olist" ? "out_of_time" : "kfold");
      expect(c.leads).toBe(model.metrics.n_test);
      // Same held-out leads as the artifact's metrics: the model's AUC agrees with them.
      expect(c.auc.model.auc).toBeCloseTo(model.metrics.auc, 2);
      expect(c.auc.rubric.low).toBeLessThan(c.auc.rubric.auc);
      expect(c.auc.difference.value).toBeGreaterThan(0);
      expect(c.mql!.model.rate).toBeGreaterThan(c.mql!.rubric.rate);
    });
  });
}
