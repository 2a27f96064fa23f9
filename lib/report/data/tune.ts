import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../../store/index.ts";
import type { PageContext } from "./store.ts";
import { latestModel } from "./model.ts";
import { absent, part } from "./part.ts";
import { personalAttributes } from "./store.ts";
import { suppressPartition } from "../suppress.ts";
import { encodeSql, leadsRelation } from "../../features/sql.ts";
import { labelSql } from "../../model/index.ts";

/** Published patterns must cover at least this share of held-out leads; otherwise fewer attributes are tuned. */
const MIN_COVERAGE = 0.8;

/**
 * The Tune weights page: held-out patterns of the newest model (one row per combination of the
 * tuned attributes' levels: leads, conversions) and the fitted points per level. Patterns with fewer
 * than k leads are not published. With many attributes most combinations are rare, so the page tunes
 * the attributes with the highest information value, as many as keep ≥ 80% of held-out leads in
 * publishable patterns, and says which attributes it left out.
 */
export async function tuneData({ conn, minCell }: PageContext) {
  const m = await latestModel(conn);
  if (!m) return { min_cell: minCell, tune: absent("Tuning needs a fitted scoring model: run `leadlens fit` first.") };
  const personal = new Set(await personalAttributes(conn));
  return { min_cell: minCell, tune: await part("tuning", () => tunePatterns(conn, m as any, minCell, personal)) };
}

async function tunePatterns(conn: DuckDBConnection, m: any, minCell: number, personal: Set<string>) {
  const w = m.training_window;
  const usesActivity = m.attributes.some((a: any) => a.source === "activity");
  const relation = leadsRelation({ asOf: w.as_of, halfLifeDays: m.encoding.activity_half_life_days, activity: usesActivity });
  // The fit's own label (lib/model/split.ts), so the page judges the same leads as `leadlens fit`.
  const label = labelSql(w.as_of, w.maturity_days);
  const heldOut = m.metrics.validation === "out_of_time" && w.test_from ? `created_at >= CAST('${w.test_from}' AS TIMESTAMP) AND created_at <= CAST('${w.test_to}' AS TIMESTAMP)` : "TRUE";
  // A personal input (a sales agent) is never tuned or named here: it stays at 0 points, like a left-out one.
  const order = m.attributes.map((a: any, j: number) => ({ a, j })).filter((o: any) => !personal.has(o.a.name)).sort((x: any, y: any) => y.a.information_value - x.a.information_value);
  const enc = m.attributes.map((a: any, j: number) => `${encodeSql({ ...a, informationValue: a.information_value })} AS e${j}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE tune_leads AS SELECT ${enc.join(", ")}, ${label} AS y FROM ${relation} WHERE ${heldOut}`);
  for (let size = order.length; size >= 1; size--) {
    const chosen = order.slice(0, size).map((o: any) => o.j).sort((x: number, y: number) => x - y);
    const cols = chosen.map((j: number) => `e${j}`);
    const patterns = `SELECT ${cols.map((c: string) => `CAST(${c} AS INTEGER) AS ${c}`).join(", ")}, count(*)::BIGINT AS leads, sum(y)::BIGINT AS conversions
      FROM tune_leads WHERE y IS NOT NULL GROUP BY ALL`;
    // Coverage is summed in DuckDB: at 10M leads most sizes have a million patterns, and only the
    // publishable patterns of the chosen size are read.
    const sums = await all<{ total: number; covered: number }>(conn, `SELECT coalesce(sum(leads), 0)::BIGINT AS total, coalesce(sum(leads) FILTER (WHERE leads >= ${minCell}), 0)::BIGINT AS covered FROM (${patterns})`);
    const { total, covered } = sums[0]!;
    if (total === 0) throw new Error("no held-out leads with a known outcome");
    if (covered / total >= MIN_COVERAGE || size === 1) {
      const large = await all<any>(conn, `${patterns} HAVING count(*) >= ${minCell} ORDER BY ALL`);
      // The patterns partition the held-out leads, whose number (and the model page's conversions) is
      // published: the rare ones left out, summed, must not give one away (complementary suppression).
      const rare = (await all<{ rows: number; leads: number; carriers: number }>(conn, `SELECT count(*)::BIGINT AS rows, coalesce(sum(leads), 0)::BIGINT AS leads,
        count(*) FILTER (WHERE conversions > 0)::BIGINT AS carriers FROM (${patterns}) WHERE leads < ${minCell}`))[0]!;
      const kept = suppressPartition(large, { minCell, count: "leads", measures: ["conversions"], heldBack: { rows: rare.rows, leads: rare.leads, carriers: { conversions: rare.carriers } } }).rows;
      const shown = kept.reduce((a: number, r: any) => a + r.leads, 0);
      return {
        model_id: m.model_id,
        validation: m.metrics.validation,
        model_auc: m.metrics.auc,
        base: m.points.base,
        attributes: chosen.map((j: number) => ({
          name: m.attributes[j].name,
          role: m.attributes[j].role,
          levels: m.attributes[j].levels.map((l: any) => ({ level: l.level, condition: l.condition, points: l.points })),
        })),
        left_out: order.slice(size).map((o: any) => o.a.name),
        // Every attribute's levels and fitted points (no counts), so the downloaded table is complete.
        personal_inputs: m.attributes.length - order.length,
        all_attributes: m.attributes.filter((a: any) => !personal.has(a.name)).map((a: any) => ({ name: a.name, role: a.role, levels: a.levels.map((l: any) => ({ level: l.level, condition: l.condition, points: l.points })) })),
        points_range: [m.points.min, m.points.max],
        patterns: kept.map((r) => ({ codes: cols.map((c: string) => r[c]), leads: r.leads, conversions: r.conversions })),
        held_out_leads: total,
        covered_leads: shown,
        threshold: defaultThreshold(m),
      };
    }
  }
  throw new Error("no attributes to tune");
}

/** A starting MQL threshold: the points total where the calibrated probability first reaches the overall held-out rate. */
function defaultThreshold(m: any): number {
  const rate = m.metrics.conversions_test / m.metrics.n_test;
  const row = [...m.points_table].sort((a: any, b: any) => a.points - b.points).find((r: any) => r.probability >= rate);
  return row?.points ?? m.points.base;
}
