import type { AttributeRole, AttributeType } from "../config/types.ts";
import { RESERVED } from "../config/schema.ts";
import type { ColumnProfile, FileProfile } from "./profile.ts";

/** A column's guessed reading: its type, and for dates the strftime format (none = ISO). */
export interface TypeGuess {
  type: AttributeType | "date" | "empty";
  format?: string;
  /** Values that will not parse as this type (rejected at ingest unless listed as missing). */
  unparsed?: number;
}

/** One attribute of the starter config, with the reason for the guess. */
export interface AttributeGuess {
  name: string;
  column: string;
  role: AttributeRole;
  type: AttributeType;
  personal: boolean;
  /** Why this role/type, or what to check. */
  note: string;
  /** Written commented out (e.g. one value in every row). */
  off?: boolean;
}

/** Everything `leadlens init` guessed about a file. */
export interface ConfigGuess {
  id?: string;
  /** Rows whose id repeats an earlier one (rejected at ingest unless the rows are identical). */
  idRepeats?: number;
  createdAt?: { column: string; format?: string; unparsed?: number };
  channel?: { column: string; lower: boolean; note: string };
  campaign?: string;
  outcome?: { column: string; won: string[]; lost: string[]; note: string };
  closedAt?: { column: string; format?: string };
  wide: Array<{ stage: string; column: string; format?: string }>;
  missing: Array<{ value: string; columns: string[]; n: number }>;
  attributes: AttributeGuess[];
}

/** Placeholder values seen in at least 5 rows (or 0.5% of rows) of some column count as missing tokens. */
export function guessMissing(p: FileProfile): ConfigGuess["missing"] {
  const min = Math.max(5, Math.ceil(p.rows * 0.005));
  const by = new Map<string, { value: string; columns: string[]; n: number }>();
  for (const c of p.columns) {
    for (const x of c.placeholders) {
      if (x.n < min) continue;
      const e = by.get(x.value) ?? { value: x.value, columns: [], n: 0 };
      e.columns.push(c.name);
      e.n += x.n;
      by.set(x.value, e);
    }
  }
  return [...by.values()].sort((a, b) => b.n - a.n);
}

/**
 * The type a column's values support: date (ISO or a format), numeric, boolean (yes/no), else categorical.
 *
 * @example
 * guessType({ filled: 3, placeholders: [], numeric: 3, isoDate: 0, dateFormats: [], yesNo: 0 } as ColumnProfile) // → { type: "numeric" }
 */
export function guessType(c: ColumnProfile, missing: Set<string> = new Set()): TypeGuess {
  const values = c.filled - c.placeholders.filter((x) => missing.has(x.value)).reduce((s, x) => s + x.n, 0);
  if (values <= 0) return { type: "empty" };
  // 90% is enough: the few values that do not parse are rejected at ingest, with their row, and shown.
  const most = (k: number) => k >= 0.9 * values;
  const unparsed = (k: number) => values - k;
  if (most(c.isoDate) && c.numeric < values) return { type: "date", unparsed: unparsed(c.isoDate) };
  const fmt = [...c.dateFormats].sort((a, b) => b.n - a.n)[0];
  if (fmt && most(fmt.n) && c.numeric < values) return { type: "date", format: fmt.format, unparsed: unparsed(fmt.n) };
  if (most(c.numeric) && c.distinct > 0) return { type: "numeric", unparsed: unparsed(c.numeric) };
  if (c.yesNo === values) return { type: "boolean" };
  return { type: "categorical" };
}

const RULES: Array<[RegExp, AttributeRole, string]> = [
  [/\btags?\b|quality|score|status|index|rating|owner|\brep\b|sdr|assigned|lifecycle|deal|reason/, "post_outcome", "check: usually filled in by sales after contact, so it leaks the outcome (post_outcome is never a model input)"],
  [/visit|time spent|page|view|activit|click|open|download|webinar|session|minute|form|search|newspaper|magazine|forum|advert|recommend|update|subscri|hear about|referr/, "intent.behavioral", "behaviour: what the lead did"],
  [/country|city|state|region|zip|postal|location|geo|territor/, "fit.geographic", "where the lead is"],
  [/industry|compan|revenue|employee|size|segment|sector|business|organi[sz]ation|turnover/, "fit.firmographic", "about the lead's company"],
  [/title|occupation|job|role|seniority|speciali|education|\bage\b|gender|degree|profession|profile/, "fit.demographic", "about the person"],
];
const PERSONAL = /e-?mail|phone|mobile|\bname\b|first.?name|last.?name|address|street|linkedin/;

/** The role an attribute's header suggests, with the reason. */
export function guessRole(header: string, type: AttributeType): { role: AttributeRole; personal: boolean; note: string } {
  const h = header.toLowerCase().replace(/[_\-.]+/g, " ");
  if (type !== "boolean" && PERSONAL.test(h) && !/compan|organi/.test(h)) return { role: "fit.demographic", personal: true, note: "personal data: stored, never published" };
  for (const [re, role, note] of RULES) if (re.test(h)) return { role, personal: false, note };
  return { role: "fit.demographic", personal: false, note: "check: role not recognised from the name" };
}

/** A snake_case attribute name from a header ("Total Time Spent" → total_time_spent). */
export function snakeName(header: string, taken: Set<string>): string {
  let n = header.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "column";
  if (/^[0-9]/.test(n)) n = `c_${n}`;
  if (RESERVED.includes(n)) n = `${n}_attr`;
  let out = n;
  for (let i = 2; taken.has(out); i++) out = `${n}_${i}`;
  taken.add(out);
  return out;
}

const STAGE_WORDS: Array<[RegExp, string]> = [
  [/marketing.?qualified|\bmql\b/, "mql"],
  [/sales.?qualified|\bsql\b/, "sql"],
  [/opportunit/, "opportunity"],
  [/customer|\bwon\b/, "won"],
  [/\blost\b/, "lost"],
  [/\blead\b/, "lead"],
];

/** The funnel stage a wide "date entered stage" header names, if any ("Became a Customer Date" → won). */
export function stageOf(header: string): string | undefined {
  const h = header.toLowerCase().replace(/[_\-.]+/g, " ");
  if (!/became|entered|date|moved/.test(h)) return undefined;
  for (const [re, stage] of STAGE_WORDS) if (re.test(h)) return stage;
  return undefined;
}

/** Guesses the whole config from a file profile. */
export function guessConfig(p: FileProfile): ConfigGuess {
  const missing = guessMissing(p);
  const tokens = new Set(missing.map((m) => m.value));
  const types = new Map(p.columns.map((c) => [c.name, guessType(c, tokens)]));
  const used = new Set<string>();
  const g: ConfigGuess = { wide: [], missing, attributes: [] };
  const unique = p.columns.filter((c) => c.filled === p.rows && c.distinct === p.rows);
  const named = p.columns.find((c) => /\bid\b|_id$|^id|uuid|key/i.test(c.name) && c.filled === p.rows && c.distinct >= 0.9 * p.rows);
  const id = named ?? unique.find((c) => /number|no\b/i.test(c.name)) ?? unique[0];
  if (id) (g.id = id.name), (g.idRepeats = p.rows - id.distinct), used.add(id.name);
  for (const c of p.columns) {
    const t = types.get(c.name)!;
    if (used.has(c.name) || t.type !== "date") continue;
    const stage = stageOf(c.name);
    if (stage && stage !== "lead") g.wide.push({ stage, column: c.name, format: t.format }), used.add(c.name);
    else if (/clos|won/i.test(c.name) && !g.closedAt) (g.closedAt = { column: c.name, format: t.format }), used.add(c.name);
    else if (!g.createdAt && (/creat|first.?contact|added|sign.?up|submit|^date$/i.test(c.name) || stage === "lead")) (g.createdAt = { column: c.name, format: t.format, unparsed: t.unparsed }), used.add(c.name);
  }
  if (!g.createdAt) {
    const d = p.columns.find((c) => !used.has(c.name) && types.get(c.name)!.type === "date");
    if (d) (g.createdAt = { column: d.name, format: types.get(d.name)!.format }), used.add(d.name);
  }
  const free = (c: ColumnProfile) => !used.has(c.name) && types.get(c.name)!.type === "categorical";
  const ch = [/source/i, /channel/i, /medium|utm/i, /origin/i].map((re) => p.columns.find((c) => free(c) && re.test(c.name))).find(Boolean);
  if (ch) {
    used.add(ch.name);
    const dup = ch.distinctLower < ch.distinct;
    g.channel = { column: ch.name, lower: dup, note: `${ch.distinct} values${dup ? `; ${ch.distinct - ch.distinctLower} differ only by case, so they are merged` : ""}` };
  }
  const camp = p.columns.find((c) => !used.has(c.name) && /campaign/i.test(c.name));
  if (camp) (g.campaign = camp.name), used.add(camp.name);
  const oc = p.columns.find((c) => !used.has(c.name) && /convert|outcome|\bwon\b|result|closed|deal.?stage/i.test(c.name) && c.distinct >= 2 && c.distinct <= 6);
  if (oc) {
    used.add(oc.name);
    const vals = oc.top.map((t) => t.value);
    const won = vals.filter((v) => /^(1|yes|true|won|closed won|converted)$/i.test(v));
    const lost = vals.filter((v) => /^(0|no|false|lost|closed lost)$/i.test(v));
    g.outcome = { column: oc.name, won, lost, note: `values: ${oc.top.map((t) => `${t.value} (${t.n})`).join(", ")}` };
  }
  const taken = new Set<string>();
  for (const c of p.columns) {
    if (used.has(c.name)) continue;
    const t = types.get(c.name)!;
    const type: AttributeType = t.type === "numeric" || t.type === "boolean" ? t.type : "categorical";
    const isId = c.filled === p.rows && c.distinct === p.rows && p.rows > 1;
    const byName = guessRole(c.name, type);
    const r = isId ? { role: "id" as const, personal: byName.personal, note: "unique in every row: a second identifier (never a model input)" } : byName;
    const a: AttributeGuess = { name: snakeName(c.name, taken), column: c.name, role: r.role, type, personal: r.personal, note: r.note };
    if (t.type === "empty") (a.off = true), (a.note = "empty in every row");
    else if (c.distinct <= 1) (a.off = true), (a.note = "one value in every row: carries no information");
    else if (t.type === "date") a.note = `a date (${t.format ?? "ISO"}); leadlens reads dates only as created_at, stages or outcomes, so it is kept as text`;
    else if (type === "categorical") a.note += `; ${c.distinct} values`;
    if (t.unparsed) a.note += `; check: ${t.unparsed} value(s) are not ${t.type === "numeric" ? "numbers" : "dates"} and will be rejected unless listed in missing`;
    g.attributes.push(a);
  }
  return g;
}
