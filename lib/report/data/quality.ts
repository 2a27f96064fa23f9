import { all, ident } from "../../store/index.ts";
import type { PageContext } from "./store.ts";
import { personalAttributes, publicAttributes } from "./store.ts";
import { part } from "./part.ts";
import { latestModel, publishedWarning } from "./model.ts";

/**
 * The Data quality page: every ingest run, rejected rows by reason and column, quality flags by note,
 * missing values per attribute, and leakage warnings. Counts of rows only: no rejected value and no
 * lead id is published. These are counts of source rows, not groups of leads described by attributes,
 * so they are shown even when small (a single deal won before its first contact must be visible).
 */
export async function qualityData({ conn, minCell }: PageContext) {
  // The file's name only: its folder is a path on the machine that built the report.
  const runs = await all(
    conn,
    `SELECT run_id, source, regexp_extract(source_file, '[^/\\\\]*$') AS source_file, rows_read, rows_loaded, rows_rejected, status,
      strftime(started_at, '%Y-%m-%d %H:%M') AS started_at, strftime(as_of, '%Y-%m-%d') AS as_of
    FROM ingest_runs ORDER BY started_at`,
  );
  const rejects = await all(
    conn,
    `SELECT reason, coalesce("column", '') AS "column", count(*)::BIGINT AS rows
    FROM rejects GROUP BY ALL ORDER BY rows DESC, reason`,
  );
  // A flag's note may quote the row's own values (dates): only its kind, before the colon, is published.
  const flags = await all(
    conn,
    `SELECT trim(split_part(note, ':', 1)) AS note, coalesce("column", '') AS "column", count(*)::BIGINT AS rows
    FROM quality_flags GROUP BY ALL ORDER BY rows DESC, note`,
  );
  const attributes = await publicAttributes(conn);
  const missing = attributes.length
    ? await all(
        conn,
        `${attributes
          .map(
            (a) => `SELECT '${a.name.replaceAll("'", "''")}' AS attribute, '${a.role}' AS role,
        count(*)::BIGINT AS n, (count(*) - count(${ident(a.name)}))::BIGINT AS missing FROM leads`,
          )
          .join(" UNION ALL ")} ORDER BY missing DESC, attribute`,
      )
    : [];
  const postOutcome = attributes
    .filter((a) => a.role === "post_outcome")
    .map((a) => ({
      attribute: a.name,
      warning: "recorded after the outcome (role post_outcome): never a model input",
    }));
  return {
    runs,
    rejects,
    flags,
    missing: missing.map((m: any) => ({ ...m, share: m.n ? m.missing / m.n : null })),
    leakage: await part("leakage check", async () => {
      const personal = new Set(await personalAttributes(conn));
      return [...postOutcome, ...(await modelLeakage(conn, minCell ?? 10))].filter((w) => !personal.has(w.attribute));
    }),
  };
}

/**
 * The newest model's warnings about single inputs, one row per attribute and kind. Attribute names,
 * AUCs, information values and lead counts only: nothing about single leads.
 */
async function modelLeakage(
  conn: PageContext["conn"],
  minCell: number,
): Promise<Array<{ attribute: string; warning: string }>> {
  const model = await latestModel(conn);
  if (!model) return [];
  const warnings: string[] = (model.warnings ?? []).map((w: string) => publishedWarning(w, minCell));
  // Leakage (AUC ≥ 0.95 alone), "too good to be true" (IV > 0.5 or AUC ≥ 0.80) and open-record
  // artifacts (blank mostly on open leads): the fit's warnings that name one input.
  const kinds: Array<[string, (name: string) => string]> = [
    ["Possible leakage: ", (n) => `${n} alone`],
    ["Too good to be true? ", (n) => `${n}:`],
    ["Open-record artifact: ", (n) => `${n} is`],
  ];
  return (model.attributes ?? []).flatMap((a: { name: string }) =>
    kinds.flatMap(([prefix, head]) => {
      const w = warnings.find((x) => x.startsWith(prefix + head(a.name)));
      return w ? [{ attribute: a.name, warning: w.slice(prefix.length + a.name.length + 1).trimStart() }] : [];
    }),
  );
}
