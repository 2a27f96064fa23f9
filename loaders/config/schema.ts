/**
 * The source config: how one CRM export maps into leadlens's canonical tables. Written by analysts
 * in YAML (see docs/sources.md); `leadlens init <file>` writes a starter. Relative paths are
 * resolved against the config file's folder.
 *
 * This schema is the single definition of the contract: the types (types.ts), the validation and
 * its messages, the reference tables of docs/sources.md and schema/source.schema.json all come
 * from it. Every key carries a description: the docs print it as is.
 */
import { z } from "zod";
import { describe, expected, record, text } from "../../lib/config/schema.ts";
import type { DocTable } from "../../lib/config/docs.ts";
import { formats } from "../ingest/readers.ts";

/** Every attribute role, in the order the docs list them. */
export const ROLES = [
  "id",
  "fit.demographic",
  "fit.firmographic",
  "fit.geographic",
  "fit.psychographic",
  "intent.behavioral",
  "post_outcome",
] as const;
/** Every attribute type. */
export const TYPES = ["categorical", "numeric", "boolean"] as const;
/** Column names of `leads` that attributes may not take. */
export const RESERVED = ["lead_id", "created_at", "channel", "campaign", "source", "run_id"];

const opt = <S extends z.ZodType>(s: S, description: string) => s.optional().meta({ description });
const req = <S extends z.ZodType>(s: S, description: string) => s.meta({ description });
const bool = () => z.boolean(expected("true or false"));
const str = () => text();

/**
 * A value token: any text (empty allowed: a missing token may be ""), or a bare number/true/false.
 * Typed as text, as the contract always said: YAML reads `1` as a number, and every reader of a
 * token takes its text (String(v)).
 */
const token = z.union([z.string(), z.number(), z.boolean()], expected("a text value")) as unknown as z.ZodType<string>;
const tokens = (nonEmpty = false) =>
  nonEmpty
    ? z.array(token, expected("a list")).min(1, expected("a non-empty list"))
    : z.array(token, expected("a list"));
const strOrList = () =>
  z.union(
    [str(), z.array(str(), expected("a list")).min(1, expected("a non-empty list"))],
    expected("a text or a list of texts"),
  );

/** What an attribute is evidence of (docs/sources.md, Roles). */
export const attributeRole = z.enum(ROLES);
/** How an attribute's values are read: text levels (VARCHAR), numbers (DOUBLE) or yes/no (BOOLEAN). */
export const attributeType = z.enum(TYPES);

const normalizeShape = {
  trim: opt(bool(), "Strip leading and trailing white space. Default true."),
  case: opt(z.enum(["none", "lower", "upper"]), "Case folding: `lower` merges `Google` and `google`. Default `none`."),
};
const normalize = z
  .strictObject(normalizeShape, expected("a mapping"))
  .meta({ id: "Normalize", description: "Value clean-up applied before storing a text value." });

/** `map`: raw value → canonical value, compared after trimming, case folding and missing tokens. */
const valueMap = () =>
  opt(
    record(token),
    "Raw values to canonical ones (`{ technolgy: technology, tech: technology }`), matched on the cleaned value (after trimming, `normalize.case` and the missing tokens): typos and synonyms become one level. The summary counts the rows mapped and names entries no row used and values neither mapped nor a target.",
  );
const columnSpecShape = {
  column: req(str(), "The source column's name, exactly as in the file's header."),
  format: opt(
    strOrList(),
    "Date format(s) in strftime syntax (e.g. `%d/%m/%Y`); the first that parses wins. Default: the source's `date_format`, else ISO 8601.",
  ),
  missing: opt(tokens(), "Tokens that mean missing for this column (added to the source-wide list)."),
  normalize: opt(normalize, "Value clean-up for this column; default: the source's `normalize`."),
  map: valueMap(),
};
const columnSpec = z.strictObject(columnSpecShape, expected("a mapping")).meta({ id: "ColumnSpec" });
/** A column reference: just the source column's name, or a mapping with its own parsing options. */
const columnRef = () => z.union([str(), columnSpec], expected("a column name or a mapping with `column:`"));

const postgresShape = {
  table: opt(str(), "A table (optionally schema-qualified) to read whole."),
  query: opt(str(), "A SELECT to read instead of a table."),
  batch_size: opt(
    z
      .number(expected("a positive whole number"))
      .int(expected("a positive whole number"))
      .positive(expected("a positive whole number")),
    "Rows per fetch. Default 50,000.",
  ),
};
const postgres = z.strictObject(postgresShape, expected("a mapping")).superRefine((v, ctx) => {
  if (!v.table === !v.query)
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `expected exactly one of \`table\` or \`query\`, got ${describe(v.table ?? v.query)}`,
    });
});

/** `format`: one of the reader registry's formats, read when a config is checked (a reader registered later counts). */
export const formatSchema = z.string(expected("a format name")).superRefine((f, ctx) => {
  if (!formats().includes(f))
    ctx.addIssue({ code: "custom", path: [], message: `expected one of ${formats().join(", ")}, got ${describe(f)}` });
});

const fileShape = {
  file: opt(str(), "Path to the file (relative to the config file). Required unless `postgres` is given."),
  postgres: opt(postgres.meta({ id: "PostgresSpec" }), "Read from PostgreSQL instead of a file."),
  format: opt(
    formatSchema,
    "`csv`, `parquet`, `jsonl`, or the format of another registered reader (docs/sources.md, For developers); default from the file's extension (`postgres` when `postgres` is given).",
  ),
  delimiter: opt(
    z
      .string(expected('one delimiter character such as "," ";" "\\t" "|"'))
      .min(1, expected('one delimiter character such as "," ";" "\\t" "|"'))
      .max(4, expected('one delimiter character such as "," ";" "\\t" "|"')),
    "CSV only: the delimiter; default: whichever of comma, semicolon, tab or pipe splits the header line into the most fields.",
  ),
  quote: opt(
    z.string(expected("one quote character such as '\"'")).length(1, expected("one quote character such as '\"'")),
    'CSV only: the quote character; default `"`.',
  ),
  header: opt(bool(), "CSV only: whether the first line holds the column names. Default true."),
};

/** A file-like part (leads, outcome file, long stages, activities, spend): its own keys plus the file keys. */
function filePart<S extends z.core.$ZodLooseShape>(own: S, id: string) {
  return z
    .strictObject({ ...fileShape, ...own }, expected("a mapping"))
    .superRefine((v, ctx) => {
      const f = v as { file?: string; postgres?: unknown };
      if (!f.file && !f.postgres)
        ctx.addIssue({
          code: "custom",
          path: ["file"],
          message: "expected a file path (or a `postgres` table or query), got nothing",
        });
    })
    .meta({ id });
}

const snake = str()
  .regex(/^[a-z][a-z0-9_]*$/, expected("a snake_case name (lower-case letters, digits, _)"))
  .refine((n) => !RESERVED.includes(n), expected(`a name other than the built-in columns ${RESERVED.join(", ")}`));

const attributeShape = {
  name: req(snake, "The attribute's name in leadlens (snake_case, becomes the column name)."),
  column: opt(str(), "The source column; default: `name`."),
  role: req(
    attributeRole,
    "What the attribute is evidence of: one of the roles of AttributeRole (see docs/sources.md).",
  ),
  type: opt(attributeType, "`categorical`, `numeric` or `boolean`. Default `categorical`."),
  personal: opt(
    bool(),
    "Personal data (name, email, phone, exact address): stored, never published on the site. Default false.",
  ),
  missing: opt(tokens(), "Extra missing-value tokens for this attribute."),
  normalize: opt(normalize, "Value clean-up for this attribute; default: the source's `normalize`."),
  map: valueMap(),
  true_values: opt(
    tokens(true),
    "boolean only: which values mean true (default yes, true, 1, y; compared case-insensitively).",
  ),
  false_values: opt(
    tokens(true),
    "boolean only: which values mean false (default no, false, 0, n; compared case-insensitively).",
  ),
  description: opt(token, "A sentence for the report and the model page."),
  sentinel: opt(
    z
      .array(z.number(expected("a number")), expected("a list of numbers"))
      .min(1, expected("a non-empty list of numbers")),
    "numeric only: values that are a code, not a quantity (e.g. `[999]`: pdays 999 means never contacted). Compared as numbers (999 and 999.0 alike) and stored as missing, so the model and segments give them a level of their own (`missing`) instead of a number far outside the rest; counted in the ingest summary.",
  ),
};
const attribute = z
  .strictObject(attributeShape, expected("a mapping"))
  .superRefine((a, ctx) => {
    if (a.sentinel && a.type !== "numeric")
      ctx.addIssue({
        code: "custom",
        path: ["sentinel"],
        message: `expected type: numeric for a sentinel (a text or yes/no code is a \`missing\` token), got type ${describe(a.type ?? "categorical")}`,
      });
  })
  .meta({ id: "AttributeSpec" });
const attributes = () =>
  z.array(attribute, expected("a list")).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((a, i) => {
      if (seen.has(a.name))
        ctx.addIssue({
          code: "custom",
          path: [i, "name"],
          message: `expected a name not used by another attribute, got ${describe(a.name)}`,
        });
      seen.add(a.name);
    });
  });

const outcomeInLeadsShape = {
  column: req(str(), "Column holding the outcome or a converted flag."),
  won: req(tokens(true), 'Values meaning won (e.g. ["1"], ["Closed Won"]).'),
  lost: opt(
    tokens(),
    "Values meaning lost. When given, a value in none of the lists is rejected (`outcome value not recognised`); when omitted, every other non-missing value is lost.",
  ),
  disqualified: opt(tokens(), "Values meaning disqualified."),
  open: opt(tokens(), "Values meaning still open (a missing value is always open)."),
  closed_at: opt(columnRef(), "When the outcome was decided (date column)."),
  amount: opt(columnRef(), "Deal amount (number column, in `currency`); negative amounts are rejected."),
  reason: opt(columnRef(), "Why the lead was lost or disqualified (text column)."),
};
const outcomeInLeads = z.strictObject(outcomeInLeadsShape, expected("a mapping")).meta({ id: "OutcomeInLeads" });

const outcomeFileShape = {
  lead_id: req(str(), "The lead id column of this file; every id must exist among the leads."),
  outcome: req(
    z.union(
      [
        str(),
        z.strictObject({ value: z.enum(["won", "lost", "disqualified", "open"]) }, expected("a mapping")),
        outcomeInLeads,
      ],
      expected("a column name, { value: won } or a value mapping { column, won: […] }"),
    ),
    'A column whose values are `won`/`lost`/`disqualified`/`open` (any case), a constant `{ value: "won" }` when every row of the file is a win, or a value mapping `{ column, won: […], … }`.',
  ),
  closed_at: outcomeInLeadsShape.closed_at,
  amount: outcomeInLeadsShape.amount,
  reason: outcomeInLeadsShape.reason,
  stage: opt(str(), "Also record a stage event with this stage at closed_at (e.g. `won`)."),
  attributes: opt(
    attributes(),
    "Attributes that live in this file (e.g. Olist's business_segment): added to the lead.",
  ),
};
const outcomeFile = filePart(outcomeFileShape, "OutcomeFile");

const stagesLongShape = {
  lead_id: req(str(), "The lead id column of this file; every id must exist among the leads."),
  stage: req(str(), "The stage column; each value must be one of `order` or `exits` (after normalisation)."),
  entered_at: req(columnRef(), "The date the lead entered the stage."),
};
const stagesLong = filePart(stagesLongShape, "StagesLongSpec");
const stagesShape = {
  order: opt(
    z.array(str(), expected("a list")).min(1, expected("a non-empty list")),
    "Funnel stages in order. Default [lead, mql, sql, opportunity, won].",
  ),
  exits: opt(z.array(str(), expected("a list")), "Exit stages. Default [lost, disqualified]."),
  wide: opt(
    record(columnRef()),
    "Wide stage history on the leads file: stage → column holding the date the lead entered it (HubSpot/Salesforce style).",
  ),
  long: opt(stagesLong, "Long stage history in its own file: one row per (lead, stage, date)."),
  lead_stage_at_created: opt(bool(), "Record a `lead` stage event at created_at for every lead. Default true."),
};

const activitiesShape = {
  lead_id: req(str(), "The lead id column of this file; every id must exist among the leads."),
  occurred_at: req(columnRef(), "When the activity happened (date column)."),
  activity_type: req(str(), "The activity's type column (e.g. `Email Opened`)."),
  channel: opt(str(), "The channel column of the activity, if any."),
};
const spendShape = {
  channel: req(columnRef(), "The channel column; normalised like the leads' channel so the two join."),
  campaign: opt(
    columnRef(),
    "The campaign column; normalised like the leads' campaign. Rows are summed per channel × campaign × period, so an export per ad or ad set loads as it is.",
  ),
  period_start: opt(
    columnRef(),
    "First day of the period (date column). Give both period keys or neither: without them, the file's spend is one period covering the leads' created_at range (said in the ingest summary).",
  ),
  period_end: opt(columnRef(), "Last day of the period, inclusive (date column)."),
  amount: req(columnRef(), "The amount spent (number column); negative amounts are rejected."),
  impressions: opt(columnRef(), "Impressions (number column), summed like the amount."),
  clicks: opt(columnRef(), "Clicks (number column), summed like the amount; `analyze roi` then shows cost per click."),
  currency: opt(str(), "Currency of this file's amounts; default the source's `currency`."),
};
/** `leads.id`: a column, or an id leadlens makes when the export has none (docs/sources.md, Lead ids). */
const leadId = z
  .union(
    [
      str(),
      z.strictObject({ row_number: z.literal(true, expected("true")) }, expected("a mapping")),
      z.strictObject(
        {
          hash: z.array(str(), expected("a list of column names")).min(1, expected("a non-empty list of column names")),
        },
        expected("a mapping"),
      ),
    ],
    expected("a column name, { row_number: true } or { hash: [column, …] }"),
  )
  .meta({ id: "LeadId" });
const leadsShape = {
  id: opt(
    leadId,
    "The lead id column; or `{ hash: [column, …] }`: an id made from those columns' values (stable when a re-ordered export is loaded again, as long as those values are); or `{ row_number: true }` (the same as leaving `id` out): the row's number in the file, for one-off loads only (a re-ordered export gets different ids).",
  ),
  created_at: opt(columnRef(), "When the lead was created (date column)."),
  channel: opt(columnRef(), "The acquisition channel column."),
  campaign: opt(columnRef(), "The campaign column."),
};
const leads = filePart(leadsShape, "LeadsSpec");
const activities = filePart(activitiesShape, "ActivitiesSpec");
const spend = filePart(spendShape, "SpendSpec").superRefine((v, ctx) => {
  const s = v as { period_start?: unknown; period_end?: unknown };
  if (!s.period_start !== !s.period_end) {
    const [have, lack] = s.period_start ? ["period_start", "period_end"] : ["period_end", "period_start"];
    ctx.addIssue({
      code: "custom",
      path: [lack],
      message: `expected a date column beside ${have} (give both, or neither for one period over the leads' dates), got nothing`,
    });
  }
});
const stages = z.strictObject(stagesShape, expected("a mapping")).meta({ id: "StagesSpec" });
const checksShape = {
  outcome_before_created: opt(
    z.enum(["reject", "flag"]),
    "An outcome or stage dated before the lead's created_at. `reject` keeps the row out (in `rejects`); `flag` loads it and records a `quality_flags` row. Default `reject`.",
  ),
};

const checks = z.strictObject(checksShape, expected("a mapping")).meta({ id: "ChecksSpec" });

/** True for a real calendar day (2024-02-30 is not), with an optional time of day in range. */
function realDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(s);
  if (!m) return false;
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m
    .slice(1)
    .map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return (
    day.getUTCFullYear() === y &&
    day.getUTCMonth() === mo - 1 &&
    day.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    sec < 60
  );
}
const isoDate = z
  .string(expected("an ISO date like 2024-12-31"))
  .regex(/^\d{4}-\d{2}-\d{2}([ T][\d:.]+)?$/, expected("an ISO date like 2024-12-31"))
  .refine(realDate, expected("a date of the calendar like 2024-12-31 (this day or time does not exist)"));

const sourceShape = {
  source: req(str(), "The source's name, recorded in `ingest_runs` (e.g. `hubspot-2024`)."),
  title: opt(
    str(),
    "A human name for the data set, shown in the report (stored in `meta` as `dataset`). Default: `source`.",
  ),
  leads: req(leads, "The leads file."),
  missing: opt(tokens(), 'Tokens that mean missing in every column (default [""]). Matching is exact after trimming.'),
  normalize: opt(normalize, "Default clean-up for text values."),
  date_format: opt(strOrList(), "Default date format(s) (strftime)."),
  attributes: opt(attributes(), "Lead attributes read from the leads file."),
  outcome: opt(
    z.union([outcomeFile, outcomeInLeads], expected("a mapping")),
    "Outcome from a column of the leads file, or from a file of its own.",
  ),
  stages: opt(stages, "The funnel: stage order, exits, and stage history (wide columns or a long file)."),
  activities: opt(activities, "Behavioural events in a file of their own."),
  spend: opt(spend, "Channel spend in a file of its own."),
  as_of: opt(
    isoDate,
    "The data's end (ISO date); leads still open are censored here. Default: the latest date in the data.",
  ),
  currency: opt(
    z
      .string(expected("a three-letter ISO 4217 code such as USD or BRL"))
      .regex(/^[A-Z]{3}$/, expected("a three-letter ISO 4217 code such as USD or BRL")),
    "Currency of amounts and spend (ISO 4217). Default USD.",
  ),
  checks: opt(checks, "Row checks that can either reject the row or load it with a data-quality flag."),
};

/** The whole source config. */
export const sourceConfig = z
  .strictObject(sourceShape, expected("a mapping"))
  .superRefine((v, ctx) => {
    // Files joined by lead id cannot name a row number: the id must be in the data (docs/sources.md, Lead ids).
    // A made id (row number, hash) exists only in leadlens, so no other file can name it.
    const id = v.leads.id;
    if (typeof id !== "string") {
      const joined = [
        v.outcome && "lead_id" in v.outcome ? "outcome" : "",
        v.stages?.long ? "stages.long" : "",
        v.activities ? "activities" : "",
      ].filter(Boolean);
      const got = id === undefined ? "nothing (row numbers)" : "row_number" in id ? "row numbers" : "a hash of columns";
      if (joined.length)
        ctx.addIssue({
          code: "custom",
          path: ["leads", "id"],
          message: `expected the lead id column (${joined.join(", ")} join on it by lead id), got ${got}`,
        });
    }
    const st = v.stages;
    if (!st || !(st.order || st.exits)) return;
    const known = new Set([...(st.order ?? []), ...(st.exits ?? [])]);
    for (const s of Object.keys(st.wide ?? {})) {
      if (!known.has(s))
        ctx.addIssue({
          code: "custom",
          path: ["stages", "wide", s],
          message: `expected a stage listed in stages.order or stages.exits (${[...known].join(", ")}), got ${describe(s)}`,
        });
    }
  })
  .meta({
    title: "leadlens source config",
    description: "How one CRM export maps into leadlens's canonical tables (docs/sources.md).",
  });

/** The parts the contract's types are named after (types.ts). */
export const parts = {
  normalize,
  columnSpec,
  postgres,
  file: z.strictObject(fileShape),
  leads,
  attribute,
  outcomeInLeads,
  outcomeFile,
  stages,
  stagesLong,
  activities,
  spend,
  checks,
};

/** The reference tables of docs/sources.md, by marker name. */
export const SOURCE_TABLES: Record<string, DocTable> = {
  "source.SourceConfig": { shape: sourceShape },
  "source.LeadsSpec": { shape: leadsShape },
  "source.FileSpec": { shape: fileShape },
  "source.PostgresSpec": { shape: postgresShape },
  "source.ColumnSpec": { shape: columnSpecShape },
  "source.Normalize": { shape: normalizeShape },
  "source.AttributeSpec": { shape: attributeShape },
  "source.OutcomeInLeads": { shape: outcomeInLeadsShape },
  "source.OutcomeFile": { shape: outcomeFileShape },
  "source.StagesSpec": { shape: stagesShape },
  "source.StagesLongSpec": { shape: stagesLongShape },
  "source.ActivitiesSpec": { shape: activitiesShape },
  "source.SpendSpec": { shape: spendShape },
  "source.ChecksSpec": { shape: checksShape },
};
