import type { AttributeRole, AttributeType } from "../config/types.ts";
import { RESERVED } from "../config/schema.ts";
import { PLACEHOLDERS, SENTINEL_CANDIDATES, type ColumnProfile, type FileProfile } from "./profile.ts";

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
  /** numeric only: codes that are not quantities (pdays -1 = never contacted). */
  sentinel?: number[];
}

/** How often each column is filled on open and on closed records (from filledByOutcome). */
export interface OutcomeSplit {
  open: number;
  closed: number;
  filled: Map<string, { open: number; closed: number }>;
}

/** Everything `leadlens init` guessed about a file. */
export interface ConfigGuess {
  id?: string;
  /** Rows whose id repeats an earlier one (rejected at ingest unless the rows are identical). */
  idRepeats?: number;
  createdAt?: { column: string; format?: string; unparsed?: number };
  channel?: { column: string; lower: boolean; note: string };
  campaign?: string;
  outcome?: {
    column: string;
    won: string[];
    lost: string[];
    disqualified: string[];
    open: string[];
    note: string;
    todo?: string;
    amount?: string;
  };
  /** Lines the analyst has to decide, written as `# TODO:` comments and printed by the CLI. */
  todo: string[];
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
  [
    /\btags?\b|quality|score|status|index|rating|owner|\brep\b|sdr|agent|assigned|lifecycle|deal|reason/,
    "post_outcome",
    "check: usually filled in by sales after contact, so it leaks the outcome (post_outcome is never a model input)",
  ],
  [
    /visit|time spent|page|view|activit|click|open|download|webinar|session|minute|form|search|newspaper|magazine|forum|advert|recommend|update|subscri|hear about|referr/,
    "intent.behavioral",
    "behaviour: what the lead did",
  ],
  [
    /^p.?outcome|^pdays$|previous|prior|days since/,
    "intent.behavioral",
    "the lead's history before this contact (known beforehand, so a valid input; not this outcome)",
  ],
  [/country|city|state|region|zip|postal|location|geo|territor/, "fit.geographic", "where the lead is"],
  [
    /industry|compan|\baccount\b|revenue|employee|size|segment|sector|business|organi[sz]ation|turnover/,
    "fit.firmographic",
    "about the lead's company",
  ],
  [
    /title|occupation|job|role|seniority|speciali|education|\bage\b|gender|degree|profession|profile/,
    "fit.demographic",
    "about the person",
  ],
];
const PERSONAL = /e-?mail|phone|mobile|\bname\b|first.?name|last.?name|address|street|linkedin/;

/** The role an attribute's header suggests, with the reason. */
export function guessRole(
  header: string,
  type: AttributeType,
): { role: AttributeRole; personal: boolean; note: string } {
  const h = header.toLowerCase().replace(/[_\-.]+/g, " ");
  if (type !== "boolean" && PERSONAL.test(h) && !/compan|organi/.test(h))
    return { role: "fit.demographic", personal: true, note: "personal data: stored, never published" };
  // A sales agent's or owner's name is an employee's name: personal, and assigned in the sales process.
  const staff = type === "categorical" && /agent|owner|\brep\b|salesperson|assigned/.test(h);
  for (const [re, role, note] of RULES)
    if (re.test(h))
      return {
        role,
        personal: staff,
        note: staff ? `${note}; a person's name, so personal (stored, never published)` : note,
      };
  return { role: "fit.demographic", personal: false, note: "check: role not recognised from the name" };
}

/** A snake_case attribute name from a header ("Total Time Spent" → total_time_spent). */
export function snakeName(header: string, taken: Set<string>): string {
  let n =
    header
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "") || "column";
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

const OUTCOME_NAME = /convert|outcome|\bwon\b|result|closed|deal.?stage|lifecycle|^y$|^target$|^label$|subscribed/i;
/** Named like the outcome of an earlier contact or campaign: never this lead's outcome. */
const PREVIOUS = /^p.?outcome|prev|prior|last|before|history|earlier/i;
const VOCAB: Array<
  [keyof Pick<NonNullable<ConfigGuess["outcome"]>, "won" | "lost" | "disqualified" | "open">, RegExp]
> = [
  ["won", /^(1|yes|y|true|won|closed ?won|win|converted|customer|evangelist|signed|subscribed)$/i],
  ["lost", /^(0|no|n|false|lost|closed ?lost|loss|not converted|churned|rejected|declined)$/i],
  ["disqualified", /^(disqualified|unqualified|junk|spam|invalid)$/i],
  [
    "open",
    /^(open|engaging|engaged|prospecting|prospect|qualif(y|ied|ication)|proposal|negotiat\w*|in progress|pending|new|contacted|working|discovery|demo|nurtur\w*|lead|mql|sql|opportunity|follow.?up|subscriber|marketing ?qualified ?lead|sales ?qualified ?lead)$/i,
  ],
];

/** Sorts an outcome column's values into won, lost, disqualified and open; what is none of them is listed in `todo`. */
export function outcomeValues(c: ColumnProfile): NonNullable<ConfigGuess["outcome"]> {
  const o: NonNullable<ConfigGuess["outcome"]> = {
    column: c.name,
    won: [],
    lost: [],
    disqualified: [],
    open: [],
    note: `values: ${c.top.map((t) => `${t.value} (${t.n})`).join(", ")}`,
  };
  const unknown: string[] = [];
  for (const { value } of c.top) {
    const k = VOCAB.find(([, re]) => re.test(value.trim()))?.[0];
    if (k) o[k].push(value);
    else if (!PLACEHOLDERS.includes(value)) unknown.push(value);
  }
  if (unknown.length) {
    o.open.push(...unknown);
    o.todo = `outcome: ${unknown.map((v) => JSON.stringify(v)).join(", ")} ${unknown.length > 1 ? "are" : "is"} neither won nor lost by name; loaded as open until you move ${unknown.length > 1 ? "them" : "it"} to won, lost or disqualified`;
  }
  return o;
}

/**
 * The outcome column: a column of 2–8 values named like an outcome (never like a previous one)
 * whose values include a won and a lost (or disqualified) value; else the last yes/no column.
 */
function pickOutcome(p: FileProfile, used: Set<string>): ColumnProfile | undefined {
  const ok = (c: ColumnProfile) => !used.has(c.name) && !PREVIOUS.test(c.name) && c.distinct >= 2 && c.distinct <= 8;
  const decided = (c: ColumnProfile) => {
    const o = outcomeValues(c);
    return o.won.length > 0 && o.lost.length + o.disqualified.length > 0;
  };
  const named = p.columns.filter((c) => ok(c) && OUTCOME_NAME.test(c.name));
  return (
    named.find(decided) ??
    named[0] ??
    [...p.columns].reverse().find((c) => ok(c) && c.distinct <= 3 && c.yesNo === c.filled && c.yesNo > 0)
  );
}

/** A column's numeric code for "none" (pdays -1 or 999): its most frequent value, outside the range of the rest. */
export function sentinelOf(c: ColumnProfile): number | undefined {
  const top = c.top[0];
  const v = top ? Number(top.value) : NaN;
  if (!SENTINEL_CANDIDATES.includes(v) || top.n < 0.05 * c.numeric || !c.range) return undefined;
  const { min, max } = c.range;
  if (min === null || max === null) return undefined;
  return (v < 0 ? min >= 0 : max < v) ? v : undefined;
}

/** Guesses the whole config from a file profile (and, once the outcome is known, how each column fills on open vs closed records). */
export function guessConfig(p: FileProfile, split?: OutcomeSplit): ConfigGuess {
  const missing = guessMissing(p);
  const tokens = new Set(missing.map((m) => m.value));
  const types = new Map(p.columns.map((c) => [c.name, guessType(c, tokens)]));
  const used = new Set<string>();
  const g: ConfigGuess = { wide: [], missing, attributes: [], todo: [] };
  const unique = p.columns.filter((c) => c.filled === p.rows && c.distinct === p.rows && p.rows > 1);
  const named = p.columns.find(
    (c) => /\bid\b|_id$|^id|uuid|key/i.test(c.name) && c.filled === p.rows && c.distinct >= 0.9 * p.rows,
  );
  // A unique number that is not named like an id is a measurement that happens not to repeat (a balance).
  const id =
    named ??
    unique.find((c) => /number|no\b/i.test(c.name)) ??
    unique.find((c) => types.get(c.name)!.type !== "numeric");
  if (id) (g.id = id.name), (g.idRepeats = p.rows - id.distinct), used.add(id.name);
  const oc = pickOutcome(p, used);
  if (oc) {
    used.add(oc.name);
    g.outcome = outcomeValues(oc);
    if (!g.outcome.won.length)
      g.todo.push(
        `outcome: name the value(s) of ${JSON.stringify(oc.name)} that mean won (${g.outcome.note}), then uncomment the outcome block`,
      );
    else if (g.outcome.todo) g.todo.push(g.outcome.todo);
  } else
    g.todo.push(
      "outcome: no outcome column found; name one (column, won, lost) or an outcome file, else every lead is open",
    );
  for (const c of p.columns) {
    const t = types.get(c.name)!;
    if (used.has(c.name) || t.type !== "date") continue;
    const stage = stageOf(c.name);
    if (stage && stage !== "lead") g.wide.push({ stage, column: c.name, format: t.format }), used.add(c.name);
    else if (/clos|won/i.test(c.name) && !g.closedAt)
      (g.closedAt = { column: c.name, format: t.format }), used.add(c.name);
    else if (!g.createdAt && (/creat|first.?contact|added|sign.?up|submit|^date$/i.test(c.name) || stage === "lead"))
      (g.createdAt = { column: c.name, format: t.format, unparsed: t.unparsed }), used.add(c.name);
  }
  if (!g.createdAt) {
    const d = p.columns.find((c) => !used.has(c.name) && types.get(c.name)!.type === "date");
    if (d) (g.createdAt = { column: d.name, format: types.get(d.name)!.format }), used.add(d.name);
  }
  const free = (c: ColumnProfile) => !used.has(c.name) && types.get(c.name)!.type === "categorical";
  const ch = [/source/i, /channel/i, /medium|utm/i, /origin/i]
    .map((re) => p.columns.find((c) => free(c) && re.test(c.name)))
    .find(Boolean);
  if (ch) {
    used.add(ch.name);
    const dup = ch.distinctLower < ch.distinct;
    g.channel = {
      column: ch.name,
      lower: dup,
      note: `${ch.distinct} values${dup ? `; ${ch.distinct - ch.distinctLower} differ only by case, so they are merged` : ""}`,
    };
  }
  // A campaign is a name; a column of numbers called campaign (the bank file's count of calls) is an attribute.
  const camp = p.columns.find((c) => free(c) && /campaign/i.test(c.name));
  if (camp) (g.campaign = camp.name), used.add(camp.name);
  const taken = new Set<string>();
  for (const c of p.columns) {
    if (used.has(c.name)) continue;
    const t = types.get(c.name)!;
    const type: AttributeType = t.type === "numeric" || t.type === "boolean" ? t.type : "categorical";
    const isId = c.filled === p.rows && c.distinct === p.rows && p.rows > 1;
    const byName = guessRole(c.name, type);
    // A unique number is an id only when named like one (Lead Number); else a measure that happens not to repeat.
    const r =
      isId && (types.get(c.name)!.type !== "numeric" || /number|\bno\b|\bid\b|code/i.test(c.name))
        ? {
            role: "id" as const,
            personal: byName.personal,
            note: "unique in every row: a second identifier (never a model input)",
          }
        : byName;
    const a: AttributeGuess = {
      name: snakeName(c.name, taken),
      column: c.name,
      role: r.role,
      type,
      personal: r.personal,
      note: r.note,
    };
    if (t.type === "empty") (a.off = true), (a.note = "empty in every row");
    else if (c.distinct <= 1) (a.off = true), (a.note = "one value in every row: carries no information");
    else if (t.type === "date")
      a.note = `a date (${t.format ?? "ISO"}); leadlens reads dates only as created_at, stages or outcomes, so it is kept as text`;
    else if (type === "categorical") a.note += `; ${c.distinct} values`;
    if (t.unparsed)
      a.note += `; check: ${t.unparsed} value(s) are not ${t.type === "numeric" ? "numbers" : "dates"} and will be rejected unless listed in missing`;
    if (!a.off) suspect(a, c, type, split);
    // A value filled only when the deal closes is likely the deal's amount: offered, commented, for outcome.amount.
    if (
      g.outcome &&
      !g.outcome.amount &&
      a.role === "post_outcome" &&
      type === "numeric" &&
      /value|amount|revenue|price/i.test(c.name) &&
      a.note.includes("closed records")
    )
      g.outcome.amount = c.name;
    g.attributes.push(a);
  }
  return g;
}

const DURATION = /duration|call.?(length|time)|talk.?time|handle.?time|seconds|minutes on call/i;

/** Marks what only exists once the outcome does (a call's length, a value filled on closing) as post_outcome, sentinels, and counts. */
function suspect(a: AttributeGuess, c: ColumnProfile, type: AttributeType, split?: OutcomeSplit): void {
  const f = split?.filled.get(c.name);
  if (DURATION.test(c.name)) {
    (a.role = "post_outcome"),
      (a.note =
        "check: a call's length is known only once the call is over, when its outcome is too, so it leaks the outcome (post_outcome is never a model input)");
  } else if (f && split!.open >= 5 && f.open <= 0.02 * split!.open && f.closed >= 0.5 * split!.closed) {
    (a.role = "post_outcome"),
      (a.note = `check: filled on ${f.closed} of ${split!.closed} closed records and ${f.open} of ${split!.open} open ones: recorded when the deal closes, so it leaks the outcome (post_outcome is never a model input)`);
  } else if (f && split!.open >= 5 && split!.closed > 0 && f.closed / split!.closed - f.open / split!.open > 0.3) {
    a.note += `; check: filled on ${pct(f.closed / split!.closed)} of closed records but ${pct(f.open / split!.open)} of open ones: if it is filled in as the deal closes, make it post_outcome`;
  }
  if (type !== "numeric") return;
  const code = sentinelOf(c);
  if (code !== undefined)
    (a.sentinel = [code]),
      (a.note += `; ${code} in ${c.top[0].n} rows is a code ("none", e.g. never contacted), not a quantity, so it is stored as missing`);
  if (/campaign/i.test(c.name) && c.integers === c.numeric && (c.range?.max ?? 0) <= 100) {
    if (a.role === "fit.demographic" && a.note.startsWith("check: role")) a.role = "intent.behavioral";
    a.note = `a count (whole numbers up to ${c.range?.max}), not a campaign's name, so it is not leads.campaign: contacts made with the lead`;
  }
}

const pct = (x: number) => `${Math.round(100 * x)}%`;
