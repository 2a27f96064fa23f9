// Helpers for the Tune page checks: read what the page shows, download its points table, and score
// the same held-out leads with that table in DuckDB (Node), independently of the page's patterns.
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import { openStore, one } from "../../lib/store/index.ts";
import { fromCsv, modelColumns, modelRelation, rubricScoreSql } from "../../lib/scorecard/index.ts";
import { encodeSql } from "../../lib/features/sql.ts";
import { labelSql } from "../../lib/model/index.ts";

/** Opens the Tune page and waits for its summary. */
export async function openTune(page: Page, url: string): Promise<void> {
  await page.goto(`${url}tune`, { waitUntil: "networkidle" });
  await page.locator("#tune-summary").waitFor();
}

/** What the summary shows now: leads, MQL leads (passing the threshold), the threshold and the AUC. */
export async function shown(
  page: Page,
): Promise<{ leads: number; mql: number; threshold: number; auc: number; text: string }> {
  const s = page.locator("#tune-summary");
  const n = async (a: string) => Number(await s.getAttribute(a));
  return {
    leads: await n("data-leads"),
    mql: await n("data-mql-leads"),
    threshold: await n("data-threshold"),
    auc: await n("data-auc"),
    text: await s.innerText(),
  };
}

/** Clicks the download link and returns the CSV it saves. */
export async function downloadCsv(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.download").click()]);
  return readFileSync((await download.path())!, "utf8");
}

/** Sets a range input (its number box) and lets Framework recompute. */
export async function setInput(page: Page, selector: string, value: number): Promise<void> {
  const box = page.locator(selector);
  await box.fill(String(value));
  await box.dispatchEvent("input");
}

/**
 * Scores the newest model's held-out leads with a downloaded points table (lib/scorecard's SQL for
 * a rubric, as `points compare` does), groups them as the page does (the tuned attributes' levels and
 * the table's total points) and keeps the groups of at least k leads: the page's leads. Returns how
 * many of them there are and how many reach the threshold.
 */
export async function csvPassCount(
  db: string,
  csv: string,
  tuned: string[],
  k: number,
  threshold: number,
): Promise<{ leads: number; mql: number }> {
  const store = await openStore(db, { readOnly: true });
  try {
    const model = JSON.parse(
      (await one<{ artifact: string }>(store.conn, "SELECT artifact FROM models ORDER BY created_at DESC LIMIT 1"))!
        .artifact,
    );
    const w = model.training_window;
    const heldOut =
      model.metrics.validation === "out_of_time"
        ? `created_at >= CAST('${w.test_from}' AS TIMESTAMP) AND created_at <= CAST('${w.test_to}' AS TIMESTAMP)`
        : "TRUE";
    const codes = tuned.map((name, i) => {
      const a = model.attributes.find((x: any) => x.name === name);
      return `${encodeSql({ ...a, informationValue: a.information_value })} AS c${i}`;
    });
    const score = rubricScoreSql(fromCsv(csv), modelColumns(model));
    const r = await one<{ leads: number; mql: number }>(
      store.conn,
      `WITH lab AS (SELECT *, ${labelSql(w.as_of, w.maturity_days)} AS y FROM ${modelRelation(model)}),
       g AS (SELECT ${[...codes, `${score} AS s`].join(", ")}, count(*) AS n FROM lab WHERE y IS NOT NULL AND ${heldOut} GROUP BY ALL HAVING count(*) >= ${k})
       SELECT sum(n)::BIGINT AS leads, (coalesce(sum(n) FILTER (WHERE s >= ${threshold}), 0))::BIGINT AS mql FROM g`,
    );
    return { leads: Number(r!.leads), mql: Number(r!.mql) };
  } finally {
    await store.close();
  }
}
