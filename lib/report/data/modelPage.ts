import type { PageContext } from "./store.ts";
import { latestModel, modelHeadline, publishedWarning } from "./model.ts";
import { absent, part } from "./part.ts";
import { suppressPartition } from "../suppress.ts";
import { personalAttributes } from "./store.ts";
import { all } from "../../store/index.ts";
import { wilson } from "../../stats/index.ts";
import { rubricComparison } from "./rubric.ts";
import * as drift from "../../drift/index.ts";

/**
 * The Scoring model page, from the newest model artifact (lib/model): held-out AUC with its DeLong
 * interval and calibration error, the points table (level counts blanked below k), the reliability
 * table and gains by decile (rows below k leads held back), warnings, and score drift between the
 * training and the newest leads (lib/drift PSI on the scores table).
 */
export async function modelData({ conn, minCell, rubric, rubricMql }: PageContext) {
  const m = await latestModel(conn);
  if (!m)
    return {
      min_cell: minCell,
      model: absent("No scoring model has been fitted on this data yet: run `leadlens fit`."),
    };
  const metrics = m.metrics ?? {};
  // Personal inputs (a sales agent's name) are never published: not their levels, points or counts.
  const personal = new Set(await personalAttributes(conn));
  const inputs = (m.attributes ?? []).filter((a: any) => !personal.has(a.name));
  const points = inputs.flatMap((a: any) => {
    // An attribute's levels partition the training leads (their number is published): complementary suppression.
    const published = new Set(
      suppressPartition(a.levels as any[], { minCell, count: "leads", measures: ["conversions"] }).rows,
    );
    return a.levels.map((l: any) => {
      const shown = published.has(l);
      return {
        attribute: a.name,
        role: a.role,
        level: l.level,
        points: l.points,
        n: shown ? l.leads : null,
        converted: shown ? l.conversions : null,
        rate: shown && l.leads ? l.conversions / l.leads : null,
        ...(shown && l.leads
          ? (({ low, high }) => ({ ci_low: low, ci_high: high }))(wilson(l.conversions, l.leads))
          : { ci_low: null, ci_high: null }),
        information_value: a.information_value,
      };
    });
  });
  // Reliability bins and deciles partition the held-out leads, whose number and conversions the page publishes.
  const reliability = suppressPartition(
    (metrics.reliability ?? []).map((r: any) => ({
      predicted: r.mean_predicted,
      observed: r.observed,
      ci_low: r.ci_low,
      ci_high: r.ci_high,
      n: r.leads,
    })),
    { minCell, measures: ["observed"] },
  );
  const totalPos = (metrics.gains ?? []).reduce((s: number, g: any) => s + g.positives, 0);
  const totalN = (metrics.gains ?? []).reduce((s: number, g: any) => s + g.n, 0);
  const gains = suppressPartition(
    (metrics.gains ?? []).map((g: any) => ({
      group: g.group,
      n: g.n,
      response_rate: g.response_rate,
      ...(({ low, high }) => ({ ci_low: low, ci_high: high }))(wilson(g.positives, g.n)),
      lift: g.lift,
      cum_lift: g.cum_lift,
      share_leads: totalN ? g.cum_n / totalN : null,
      share_converters: g.cum_gain,
      positives: totalPos ? g.positives : null,
    })),
    { minCell, measures: ["positives"] },
  );
  return {
    min_cell: minCell,
    model: {
      available: true,
      data: {
        ...modelHeadline(m),
        validation: metrics.validation,
        n_train: metrics.n_train,
        average_precision: metrics.average_precision,
        brier: metrics.brier,
        ks: metrics.ks,
        ece_before: metrics.ece_before,
        calibration: m.calibration?.method,
        pdo: m.points?.pdo,
        base: m.points?.base,
        range: [m.points?.min, m.points?.max],
        training_window: m.training_window,
      },
    },
    warnings: (m.warnings ?? [])
      .filter((w: string) => ![...personal].some((name) => mentions(w, name)))
      .map((w: string) => publishedWarning(w, minCell)),
    personal_inputs: (m.attributes ?? []).length - inputs.length,
    points,
    reliability: reliability.rows,
    gains: gains.rows,
    rubric: rubric
      ? await part("rubric comparison", () => rubricComparison(conn, m, rubric, minCell, rubricMql))
      : absent(
          "No current rubric was compared with this model. Build the report with `--rubric your-points.csv` (the format `leadlens points export` writes) to see your current points beside the fitted ones here.",
        ),
    drift: await part("score drift", () => scoreDrift(conn, m)),
  };
}

/** True when `text` names the column `name` as a word (a warning about a personal input). */
export function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_])`).test(text);
}

/**
 * Population stability of the points: training leads against the newest leads (created after the
 * training window), from counts per points band in DuckDB and lib/drift's psiFromCounts.
 */
async function scoreDrift(conn: PageContext["conn"], m: any) {
  const w = m.training_window;
  if (!w?.created_to)
    return {
      note: "The model was fitted on leads without creation dates, so there is no later population to compare.",
    };
  const rows = await all<{ band: number; train: number; recent: number }>(
    conn,
    `
    SELECT floor(s.points / 5) * 5 AS band,
      count(*) FILTER (WHERE l.created_at <= CAST('${w.created_to}' AS TIMESTAMP))::BIGINT AS train,
      count(*) FILTER (WHERE l.created_at > CAST('${w.test_to ?? w.created_to}' AS TIMESTAMP))::BIGINT AS recent
    FROM scores s JOIN leads l USING (lead_id) WHERE s.model_id = $1 GROUP BY 1 ORDER BY 1`,
    [m.model_id],
  );
  const recent = rows.reduce((s, r) => s + r.recent, 0);
  if (!rows.length) return { note: "The leads have not been scored with this model yet: run `leadlens score`." };
  if (recent === 0)
    return {
      note: "No leads were created after the model's held-out window, so there is nothing newer to compare yet.",
    };
  const result = drift.psiFromCounts(
    rows.map((r) => r.train),
    rows.map((r) => r.recent),
  );
  return {
    psi: result.psi as number,
    reading: result.reading as string,
    recent_leads: recent,
    train_leads: rows.reduce((s, r) => s + r.train, 0),
  };
}
