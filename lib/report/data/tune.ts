import type { DuckDBConnection } from "@duckdb/node-api";
import { all, literal } from "../../store/index.ts";
import type { PageContext } from "./store.ts";
import { latestModel } from "./model.ts";
import { absent, part } from "./part.ts";
import { personalAttributes } from "./store.ts";
import { suppressPartition } from "../suppress.ts";
import { encodeSql, leadsRelation } from "../../features/sql.ts";
import { labelSql } from "../../model/index.ts";
import { modelScorecard } from "../../scorecard/index.ts";

/** Published patterns should cover at least this share of held-out leads; otherwise fewer attributes are tuned. */
const MIN_COVERAGE = 0.8;

/** Sliders span at least ±60 points, and half as much again as the largest fitted level. */
const MIN_SLIDER = 60;

/**
 * The Tune weights page: held-out patterns of the newest model and the fitted points per level. A
 * pattern is one combination of the tuned attributes' levels together with `rest`, the fitted points
 * the other attributes give its leads: the page scores a pattern as base + rest + the tuned points,
 * exactly what the downloaded table (every attribute, untuned ones at their fitted points) gives its
 * leads. Patterns with fewer than k leads are not published. With many attributes most patterns are
 * rare, so the page tunes the attributes with the highest information value, as many as keep ≥ 80%
 * of held-out leads in publishable patterns (else the number that keeps the most), and says which
 * attributes it leaves at their fitted points. A personal input (a sales agent) is never tuned,
 * named or downloaded: it counts 0 points here, as in the downloaded table.
 */
export async function tuneData({ conn, minCell }: PageContext) {
  const m = await latestModel(conn);
  if (!m) return { min_cell: minCell, tune: absent("Tuning needs a fitted scoring model: run `leadlens fit` first.") };
  const personal = new Set(await personalAttributes(conn));
  return { min_cell: minCell, tune: await part("tuning", () => tunePatterns(conn, m as any, minCell, personal)) };
}

async function tunePatterns(conn: DuckDBConnection, m: any, minCell: number, personal: Set<string>) {
  await heldOutLeads(conn, m);
  const order = m.attributes
    .map((a: any, j: number) => ({ a, j }))
    .filter((o: any) => !personal.has(o.a.name))
    .sort((x: any, y: any) => y.a.information_value - x.a.information_value);
  const inputs = order.map((o: any) => o.j);
  let best: { size: number; total: number; covered: number } | null = null;
  for (let size = order.length; size >= 0; size--) {
    const { total, covered } = await coverage(conn, patternsSql(inputs, chosenAt(order, size)), minCell);
    if (total === 0) throw new Error("no held-out leads with a known outcome");
    if (!best || covered > best.covered) best = { size, total, covered };
    if (covered / total >= MIN_COVERAGE) break;
  }
  const chosen = chosenAt(order, best!.size);
  const kept = await publishedPatterns(conn, patternsSql(inputs, chosen), minCell);
  const levels = (a: any) => a.levels.map((l: any) => ({ level: l.level, condition: l.condition, points: l.points }));
  const attributes = chosen.map((j) => ({
    name: m.attributes[j].name,
    role: m.attributes[j].role,
    levels: levels(m.attributes[j]),
  }));
  const threshold = defaultThreshold(m);
  const reach = sliderReach(attributes);
  return {
    model_id: m.model_id,
    validation: m.metrics.validation,
    // One word for what the figures are on, used by every label and caption of the page.
    scope: m.metrics.validation === "out_of_time" ? "held-out" : "in-sample",
    model_auc: m.metrics.auc,
    base: m.points.base,
    attributes,
    left_out: inputs.filter((j: number) => !chosen.includes(j)).map((j: number) => m.attributes[j].name),
    personal_inputs: m.attributes.length - inputs.length,
    // Every attribute's levels and fitted points (no counts), so the downloaded table is complete:
    // the scorecard `leadlens points export` writes, whose added `other` row follows the reference level.
    all_attributes: downloadAttributes(m, personal),
    points_range: [m.points.min, m.points.max],
    // Slider bounds from the fitted points, so no fitted value is clamped (a fixed ±60 moved a −63).
    slider_range: [-reach, reach],
    threshold_range: [Math.min(m.points.min, threshold) - reach, Math.max(m.points.max, threshold) + reach],
    patterns: kept.map((r) => ({
      codes: chosen.map((j) => r[`e${j}`]),
      rest: r.rest,
      leads: r.leads,
      conversions: r.conversions,
    })),
    held_out_leads: best!.total,
    covered_leads: kept.reduce((a: number, r: any) => a + r.leads, 0),
    threshold,
  };
}

/**
 * The fitted table as `leadlens points export` writes it (lib/scorecard modelScorecard). A level the
 * scorecard adds (an `other` row scored as the reference level) carries `slider`: the index of the
 * model level whose points it takes, so a tuned reference moves it too.
 */
function downloadAttributes(m: any, personal: Set<string>) {
  return modelScorecard(m).attributes.flatMap((a, j) =>
    personal.has(a.name)
      ? []
      : [
          {
            name: a.name,
            role: a.role,
            levels: a.levels.map((l, i) => ({
              level: l.level,
              condition: l.condition,
              points: l.points,
              ...(i >= m.attributes[j].levels.length ? { slider: m.attributes[j].reference } : {}),
            })),
          },
        ],
  );
}

/**
 * The patterns of at least k leads, less those complementary suppression holds back: the patterns
 * partition the held-out leads, whose number (and the model page's conversions) is published, so the
 * rare ones left out, summed, must not give one away.
 */
async function publishedPatterns(conn: DuckDBConnection, patterns: string, minCell: number): Promise<any[]> {
  const large = await all<any>(conn, `${patterns} HAVING count(*) >= ${minCell} ORDER BY ALL`);
  const rare = (
    await all<{ rows: number; leads: number; carriers: number }>(
      conn,
      `SELECT count(*)::BIGINT AS rows, coalesce(sum(leads), 0)::BIGINT AS leads,
    count(*) FILTER (WHERE conversions > 0)::BIGINT AS carriers FROM (${patterns}) WHERE leads < ${minCell}`,
    )
  )[0]!;
  return suppressPartition(large, {
    minCell,
    count: "leads",
    measures: ["conversions"],
    heldBack: { rows: rare.rows, leads: rare.leads, carriers: { conversions: rare.carriers } },
  }).rows;
}

/** The first `size` attributes by information value, as indexes in the model's order. */
function chosenAt(order: Array<{ j: number }>, size: number): number[] {
  return order
    .slice(0, size)
    .map((o) => o.j)
    .sort((x, y) => x - y);
}

/**
 * The held-out leads (temp table tune_leads): each attribute's level index e_j and fitted points
 * p_j, and the fit's own label y (lib/model/split.ts), so the page judges the same leads as `leadlens fit`.
 */
async function heldOutLeads(conn: DuckDBConnection, m: any): Promise<void> {
  const w = m.training_window;
  const usesActivity = m.attributes.some((a: any) => a.source === "activity");
  const relation = leadsRelation({
    asOf: w.as_of,
    halfLifeDays: m.encoding.activity_half_life_days,
    activity: usesActivity,
    momentDays: m.encoding.score_at_days,
  });
  const label = labelSql(w.as_of, w.maturity_days);
  const heldOut =
    m.metrics.validation === "out_of_time" && w.test_from
      ? `created_at >= CAST(${literal(w.test_from)} AS TIMESTAMP) AND created_at <= CAST(${literal(w.test_to)} AS TIMESTAMP)`
      : "TRUE";
  const enc = m.attributes.map(
    (a: any, j: number) => `${encodeSql({ ...a, informationValue: a.information_value })} AS e${j}`,
  );
  const pts = m.attributes.map(
    (a: any, j: number) =>
      `CASE e${j} ${a.levels.map((l: any, i: number) => `WHEN ${i} THEN ${Number(l.points)}`).join(" ")} END AS p${j}`,
  );
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE tune_leads AS SELECT *, ${pts.join(", ")} FROM (SELECT ${enc.join(", ")}, ${label} AS y FROM ${relation} WHERE at_moment AND ${heldOut}) WHERE y IS NOT NULL`,
  );
}

/** Patterns of the chosen attributes' levels and the other (non-personal) inputs' fitted points (`rest`). */
function patternsSql(inputs: number[], chosen: number[]): string {
  const rest = inputs.filter((j) => !chosen.includes(j)).map((j) => `p${j}`);
  const cols = [
    ...chosen.map((j) => `CAST(e${j} AS INTEGER) AS e${j}`),
    `CAST(${rest.length ? rest.join(" + ") : "0"} AS DOUBLE) AS rest`,
  ];
  return `SELECT ${cols.join(", ")}, count(*)::BIGINT AS leads, sum(y)::BIGINT AS conversions FROM tune_leads GROUP BY ALL`;
}

/**
 * Held-out leads, and those in patterns of at least k leads: summed in DuckDB (at 10M leads most
 * sizes have a million patterns; only the publishable patterns of the chosen size are read).
 */
async function coverage(
  conn: DuckDBConnection,
  patterns: string,
  minCell: number,
): Promise<{ total: number; covered: number }> {
  const sums = await all<{ total: number; covered: number }>(
    conn,
    `SELECT coalesce(sum(leads), 0)::BIGINT AS total, coalesce(sum(leads) FILTER (WHERE leads >= ${minCell}), 0)::BIGINT AS covered FROM (${patterns})`,
  );
  return { total: Number(sums[0]!.total), covered: Number(sums[0]!.covered) };
}

/** Half-width of the sliders: 1.5 × the largest fitted |points| of a tuned level, rounded up to 10, at least 60. */
export function sliderReach(attributes: Array<{ levels: Array<{ points: number }> }>): number {
  const largest = Math.max(0, ...attributes.flatMap((a) => a.levels.map((l) => Math.abs(l.points))));
  return Math.max(MIN_SLIDER, Math.ceil((1.5 * largest) / 10) * 10);
}

/** A starting MQL threshold: the points total where the calibrated probability first reaches the overall held-out rate. */
function defaultThreshold(m: any): number {
  const rate = m.metrics.conversions_test / m.metrics.n_test;
  const row = [...m.points_table].sort((a: any, b: any) => a.points - b.points).find((r: any) => r.probability >= rate);
  return row?.points ?? m.points.base;
}
