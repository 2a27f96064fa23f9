import { basename } from "node:path";
import type { ConfigGuess } from "./guess.ts";
import type { FileProfile } from "./profile.ts";

const q = (s: string) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar
const n = (x: number) => x.toLocaleString("en-US");

function dateRef(d: { column: string; format?: string }, indent: string): string {
  return d.format ? `\n${indent}  column: ${q(d.column)}\n${indent}  format: ${q(d.format)}` : ` ${q(d.column)}`;
}

/**
 * The starter config as commented YAML: every guess says why, and lines to check say "check".
 * `file` is written as given (relative to where the config will be saved).
 */
export function starterYaml(p: FileProfile, g: ConfigGuess, file: string, source: string): string {
  const L: string[] = [];
  L.push(`# leadlens source config: a starter written by \`leadlens init ${basename(p.file)}\`.`);
  L.push(
    `# Guessed from ${n(p.rows)} rows${p.sampled ? " (a sample)" : ""}. Read every comment, fix what is wrong (look for "check"),`,
  );
  L.push(`# then run: leadlens ingest <this file>. Every key is described in docs/sources.md.`);
  L.push(`source: ${q(source)}`);
  L.push("");
  L.push("leads:");
  L.push(`  file: ${q(file)}`);
  L.push(`  delimiter: ${q(p.delimiter)}   # sniffed`);
  if (p.quote && p.quote !== "(empty)" && p.quote !== '"') L.push(`  quote: ${q(p.quote)}`);
  if (!p.header) L.push("  header: false   # check: no header line was detected");
  if (g.id)
    L.push(
      `  id: ${q(g.id)}   # ${g.idRepeats ? `check: ${g.idRepeats} row(s) repeat an id; they are rejected unless identical` : "unique and filled in every row"}`,
    );
  else {
    L.push("  # No column is unique in every row, so each lead's id is its row number: fine for a one-off load into a");
    L.push(
      "  # fresh --db. To load newer exports into the same database, use columns that tell leads apart: id: { hash: [col, …] }",
    );
    L.push("  id: { row_number: true }");
  }
  if (g.createdAt)
    L.push(
      `  created_at:${dateRef(g.createdAt, "  ")}${g.createdAt.unparsed ? `   # check: ${g.createdAt.unparsed} value(s) do not parse and will be rejected` : ""}`,
    );
  else L.push("  # created_at: no date column found; without it there is no timing (funnel velocity, cohorts)");
  if (g.channel) {
    L.push(`  channel:   # ${g.channel.note}`);
    L.push(`    column: ${q(g.channel.column)}`);
    if (g.channel.lower) L.push("    normalize: { case: lower }");
  } else L.push("  # channel: no source/channel column found");
  if (g.campaign) L.push(`  campaign: ${q(g.campaign)}`);
  L.push("");
  if (g.missing.length) {
    L.push('# Values that mean "no answer". check: remove any that is a real value (e.g. a channel called unknown).');
    for (const m of g.missing)
      L.push(
        `#   ${q(m.value)}: ${n(m.n)} cells in ${m.columns.slice(0, 4).map(q).join(", ")}${m.columns.length > 4 ? ", …" : ""}`,
      );
  }
  L.push(`missing: [${["", ...g.missing.map((m) => m.value)].map(q).join(", ")}]`);
  L.push("");
  const list = (xs: string[]) => `[${xs.map(q).join(", ")}]`;
  if (g.outcome && !g.outcome.won.length) {
    // won must list a value; a block that does not validate is worse than one to uncomment.
    L.push(`# TODO: ${g.todo.find((t) => t.startsWith("outcome:"))}`);
    L.push(`# outcome:`);
    L.push(`#   column: ${q(g.outcome.column)}`);
    L.push(`#   won: []`);
  } else if (g.outcome) {
    const o = g.outcome;
    L.push(`outcome:   # check: guessed from ${o.note}`);
    L.push(`  column: ${q(o.column)}`);
    L.push(`  won: ${list(o.won)}`);
    // lost is always listed: with it, a value in no list is rejected (named in the ingest summary), never read as lost.
    L.push(`  lost: ${list(o.lost)}`);
    if (o.disqualified.length) L.push(`  disqualified: ${list(o.disqualified)}`);
    if (o.todo) L.push(`  # TODO: ${o.todo}`);
    if (o.open.length) L.push(`  open: ${list(o.open)}   # still in progress: censored at as_of, neither won nor lost`);
    if (g.closedAt) L.push(`  closed_at:${dateRef(g.closedAt, "  ")}`);
    if (o.amount)
      L.push(
        `  # amount: ${q(o.amount)}   # check: the deal's value (in currency, default USD)? uncomment to use it as the outcome's amount`,
      );
  } else {
    L.push("# outcome: no outcome column found. Use a column of this file (column, won, lost) or a file of its own");
    L.push("# (file, lead_id, outcome); leads without an outcome are open.");
    L.push(`# TODO: ${g.todo.find((t) => t.startsWith("outcome:"))}`);
  }
  L.push("");
  L.push("stages:");
  L.push("  order: [lead, mql, sql, opportunity, won]");
  L.push("  exits: [lost, disqualified]");
  if (g.wide.length) {
    L.push('  wide:   # "date entered stage" columns; check the stage each one names');
    for (const w of g.wide) L.push(`    ${w.stage}:${dateRef(w, "    ")}`);
  }
  L.push("");
  L.push("# Attributes: role = what the value is evidence of. post_outcome is never a model input.");
  L.push("attributes:");
  for (const a of g.attributes) {
    const parts = [`name: ${a.name}`, `column: ${q(a.column)}`, `role: ${a.role}`];
    if (a.type !== "categorical") parts.push(`type: ${a.type}`);
    if (a.personal) parts.push("personal: true");
    if (a.sentinel) parts.push(`sentinel: [${a.sentinel.join(", ")}]`);
    L.push(`  ${a.off ? "# " : ""}- { ${parts.join(", ")} }   # ${a.note}`);
  }
  if (!g.attributes.length) L.push("  []");
  return `${L.join("\n")}\n`;
}
