import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all } from "../../store/index.ts";
import { UserError } from "../../errors/UserError.ts";
import * as qualify from "../../qualify/index.ts";
import * as scorecard from "../../scorecard/index.ts";

/**
 * "Current rubric vs fitted" for the Scoring model page: reads the analyst's current points (CSV
 * `attribute,condition,points` or the JSON points format) and compares it with the model on the
 * model's held-out leads with lib/scorecard `compareRubric` (AUCs with DeLong intervals, paired
 * difference, top-decile gains, MQLs at the same volume). Aggregates only.
 */
export async function rubricComparison(
  conn: DuckDBConnection,
  model: any,
  file: string,
  minCell: number,
  rubricMql?: number,
) {
  const rubric = scorecard.readRubric(file, await scorecard.knownAttributes(conn));
  const pairs = await scorecard.heldOutPairs(conn, model, rubric);
  const c = scorecard.compareRubric(pairs, { rubricMql });
  // MQL groups smaller than k are not published.
  const mql = c.mql && c.mql.rubric.leads >= minCell && c.mql.model.leads >= minCell ? c.mql : undefined;
  return { file: file.split("/").pop(), ...c, mql };
}

/**
 * The Qualification page's disqualification rules: parses the rules file (YAML, as `leadlens analyze
 * qualify --rules` reads it) and evaluates it with lib/qualify `qualifyReport` on the model's labelled
 * leads: leads each rule removes and the converters it would lose, with Wilson intervals.
 * Rules that remove fewer than k leads keep their name and condition but not their counts.
 */
export async function rulesReport(conn: DuckDBConnection, model: any, file: string, minCell: number) {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UserError(`Cannot read the rules file ${file} given with --rules: it does not exist or is not readable.`);
  }
  const known = await all<{ name: string; role: string; type: string }>(
    conn,
    "SELECT DISTINCT name, role, type FROM attributes ORDER BY name",
  );
  const rules = qualify.parseRules(text, { file, known });
  const report = await qualify.qualifyReport(conn, { model, rules, known });
  const r = report.rules;
  if (!r) throw new Error("the qualify report has no rules section");
  const shown = (rate: any) => (rate.leads >= minCell ? rate : null);
  return {
    file: file.split("/").pop(),
    leads: r.leads,
    all: shown(r.all),
    kept: shown(r.kept),
    combined: r.combined.removed.leads >= minCell ? r.combined : null,
    rules: r.rules.map((x: any) => ({
      name: x.name,
      reason: x.reason,
      when: x.when,
      post_outcome: x.post_outcome,
      removed: shown(x.removed),
      share_of_leads: x.removed.leads >= minCell ? x.share_of_leads : null,
      converters_lost: x.removed.leads >= minCell ? x.converters_lost : null,
    })),
  };
}
