import type { DuckDBConnection } from "@duckdb/node-api";
import { all, ident } from "../store/index.ts";
import { leadTimesSql, opennessArtifact } from "../rates/index.ts";
import type { InputSpec } from "../features/inputs.ts";

const MISSING = "(blank)";

/**
 * Warnings for model inputs whose blank (or one of whose values) sits mostly on open leads while
 * most leads are decided (lib/rates opennessArtifact): such a field is usually filled in as a lead
 * progresses, and a model trained with open leads as not won learns "blank = never converts".
 * One pass over the leads; values held by fewer than 0.5% of leads are not reported.
 *
 * @example
 * await opennessWarnings(conn, [{ name: "sector", kind: "categorical", source: "column", role: "fit.firmographic" }], "2024-12-31")
 * // → ["Open-record artifact: sector is blank on 1,425 leads, 1,412 of them open (20.1% of all leads are open): …"]
 */
export async function opennessWarnings(conn: DuckDBConnection, inputs: InputSpec[], asOf: string): Promise<string[]> {
  const checked = inputs.filter((i) => i.source === "column" || i.source === "channel");
  if (checked.length === 0) return [];
  const keys = checked.map((i, j) => `${keySql(i)} AS k${j}`).join(", ");
  const sets = checked.map((_, j) => `(k${j}, open)`).join(", ");
  const which = checked.map((_, j) => `WHEN grouping(k${j}) = 0 THEN ${j}`).join(" ");
  const value = checked.map((_, j) => `WHEN grouping(k${j}) = 0 THEN k${j}`).join(" ");
  const rows = await all<{ j: number; value: string; open: boolean; n: number }>(
    conn,
    `WITH x AS (SELECT __seg_status = 'open' AS open, ${keys} FROM (${leadTimesSql({ asOf, basis: { kind: "all" } })}))
     SELECT CASE ${which} ELSE -1 END AS j, CASE ${value} END AS value, open, count(*)::BIGINT AS n
     FROM x GROUP BY GROUPING SETS (${sets}, (open))`,
  );
  const total = rows.filter((r) => Number(r.j) === -1).reduce((s, r) => s + Number(r.n), 0);
  const openAll = rows.filter((r) => Number(r.j) === -1 && r.open).reduce((s, r) => s + Number(r.n), 0);
  const share = total ? openAll / total : 0;
  const counts = new Map<string, { j: number; value: string; n: number; open: number }>();
  for (const r of rows.filter((x) => Number(x.j) >= 0)) {
    const key = `${r.j}\u0000${r.value}`;
    const c = counts.get(key) ?? { j: Number(r.j), value: r.value, n: 0, open: 0 };
    c.n += Number(r.n);
    if (r.open) c.open += Number(r.n);
    counts.set(key, c);
  }
  return [...counts.values()]
    .filter((c) => c.n >= 0.005 * total && opennessArtifact(c, share))
    .sort((a, b) => a.j - b.j || b.n - a.n)
    .map((c) => warning(checked[c.j]!.name, c, share));
}

// Categorical inputs are checked value by value, numeric ones for blanks only.
function keySql(i: InputSpec): string {
  const col = ident(i.source === "channel" ? "channel" : i.name);
  const blank = `${col} IS NULL OR trim(CAST(${col} AS VARCHAR)) = ''${i.kind === "numeric" ? ` OR isnan(TRY_CAST(${col} AS DOUBLE))` : ""}`;
  return `CASE WHEN ${blank} THEN '${MISSING}' ELSE ${i.kind === "numeric" ? "'(a value)'" : `CAST(${col} AS VARCHAR)`} END`;
}

function warning(name: string, c: { value: string; n: number; open: number }, share: number): string {
  const fmt = (x: number) => x.toLocaleString("en-US");
  const what = c.value === MISSING ? `is blank on ${fmt(c.n)} leads` : `is "${c.value}" on ${fmt(c.n)} leads`;
  return (
    `Open-record artifact: ${name} ${what}, ${fmt(c.open)} of them open (${(100 * share).toFixed(1)}% of all leads are open): ` +
    "probably filled in only as a lead progresses. The model may learn it as a sign of not converting; check that it is known when leads are scored, or leave it out (drop_attributes in scoring.yml)."
  );
}
