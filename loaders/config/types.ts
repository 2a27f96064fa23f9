/**
 * The source config: how one CRM export maps into leadlens's canonical tables.
 * Written by analysts in YAML (see docs/sources.md); `leadlens init <file>` writes a starter.
 * Relative paths are resolved against the config file's folder.
 *
 * This file is the single source of truth for the config's shape: the validator
 * (loaders/config/validate.ts) and docs/sources.md follow it. Keep a JSDoc line on every key: the
 * docs repeat the same wording.
 */

/**
 * What an attribute is evidence of. `post_outcome` attributes are recorded after the outcome is known and
 * are never model inputs; `id` marks a secondary identifier kept for look-up (never a model input either).
 */
export type AttributeRole =
  | "id"
  | "fit.demographic"
  | "fit.firmographic"
  | "fit.geographic"
  | "fit.psychographic"
  | "intent.behavioral"
  | "post_outcome";

/** How an attribute's values are read: text levels (VARCHAR), numbers (DOUBLE) or yes/no (BOOLEAN). */
export type AttributeType = "categorical" | "numeric" | "boolean";

/** Value clean-up applied before storing a text value. */
export interface Normalize {
  /** Strip leading and trailing white space. Default true. */
  trim?: boolean;
  /** Case folding: `lower` merges `Google` and `google`. Default `none`. */
  case?: "none" | "lower" | "upper";
}

/**
 * Read from PostgreSQL instead of a file: a table or a query, streamed in batches.
 * The connection comes from the standard PG* environment variables (PGHOST, PGPORT, PGUSER,
 * PGPASSWORD, PGDATABASE) and is never written to files, logs or the site.
 */
export interface PostgresSpec {
  /** A table (optionally schema-qualified) to read whole. */
  table?: string;
  /** A SELECT to read instead of a table. */
  query?: string;
  /** Rows per fetch. Default 50,000. */
  batch_size?: number;
}

/** A file (or a PostgreSQL table/query) to read. */
export interface FileSpec {
  /** Path to the file (relative to the config file). Required unless `postgres` is given. */
  file?: string;
  /** Read from PostgreSQL instead of a file. */
  postgres?: PostgresSpec;
  /** `csv`, `parquet` or `jsonl`; default from the file's extension (`postgres` when `postgres` is given). */
  format?: "csv" | "parquet" | "jsonl" | "postgres";
  /** CSV only: the delimiter; default: whichever of comma, semicolon, tab or pipe splits the header line into the most fields. */
  delimiter?: string;
  /** CSV only: the quote character; default `"`. */
  quote?: string;
  /** CSV only: whether the first line holds the column names. Default true. */
  header?: boolean;
}

/** A column with its own parsing options (the object form of {@link ColumnRef}). */
export interface ColumnSpec {
  /** The source column's name, exactly as in the file's header. */
  column: string;
  /** Date format(s) in strftime syntax (e.g. `%d/%m/%Y`); the first that parses wins. Default: the source's `date_format`, else ISO 8601. */
  format?: string | string[];
  /** Tokens that mean missing for this column (added to the source-wide list). */
  missing?: string[];
  /** Value clean-up for this column; default: the source's `normalize`. */
  normalize?: Normalize;
}

/** A column reference, either just the source column's name or with its own parsing options. */
export type ColumnRef = string | ColumnSpec;

/** One lead attribute: becomes a column of `leads` and a row of `attributes`. */
export interface AttributeSpec {
  /** The attribute's name in leadlens (snake_case, becomes the column name). */
  name: string;
  /** The source column; default: `name`. */
  column?: string;
  /** What the attribute is evidence of: one of the roles of {@link AttributeRole} (see docs/sources.md). */
  role: AttributeRole;
  /** `categorical`, `numeric` or `boolean`. Default `categorical`. */
  type?: AttributeType;
  /** Personal data (name, email, phone, exact address): stored, never published on the site. Default false. */
  personal?: boolean;
  /** Extra missing-value tokens for this attribute. */
  missing?: string[];
  /** Value clean-up for this attribute; default: the source's `normalize`. */
  normalize?: Normalize;
  /** boolean only: which values mean true (default yes, true, 1, y; compared case-insensitively). */
  true_values?: string[];
  /** boolean only: which values mean false (default no, false, 0, n; compared case-insensitively). */
  false_values?: string[];
  /** A sentence for the report and the model page. */
  description?: string;
}

/** How the outcome is read from a column: which values mean won, lost, disqualified or open. */
export interface OutcomeInLeads {
  /** Column holding the outcome or a converted flag. */
  column: string;
  /** Values meaning won (e.g. ["1"], ["Closed Won"]). */
  won: string[];
  /** Values meaning lost. When given, a value in none of the lists is rejected (`outcome value not recognised`); when omitted, every other non-missing value is lost. */
  lost?: string[];
  /** Values meaning disqualified. */
  disqualified?: string[];
  /** Values meaning still open (a missing value is always open). */
  open?: string[];
  /** When the outcome was decided (date column). */
  closed_at?: ColumnRef;
  /** Deal amount (number column, in `currency`); negative amounts are rejected. */
  amount?: ColumnRef;
  /** Why the lead was lost or disqualified (text column). */
  reason?: ColumnRef;
}

/** Outcomes in a file of their own, joined to leads by lead id. Leads absent from it are open. */
export interface OutcomeFile extends FileSpec {
  /** The lead id column of this file; every id must exist among the leads. */
  lead_id: string;
  /** A column whose values are `won`/`lost`/`disqualified`/`open` (any case), a constant `{ value: "won" }` when every row of the file is a win, or a value mapping `{ column, won: […], … }`. */
  outcome: string | { value: "won" | "lost" | "disqualified" | "open" } | OutcomeInLeads;
  /** When the outcome was decided (date column). */
  closed_at?: ColumnRef;
  /** Deal amount (number column, in `currency`); negative amounts are rejected. */
  amount?: ColumnRef;
  /** Why the lead was lost or disqualified (text column). */
  reason?: ColumnRef;
  /** Also record a stage event with this stage at closed_at (e.g. `won`). */
  stage?: string;
  /** Attributes that live in this file (e.g. Olist's business_segment): added to the lead. */
  attributes?: AttributeSpec[];
}

/** Long stage history in its own file: one row per (lead, stage, date). */
export interface StagesLongSpec extends FileSpec {
  /** The lead id column of this file; every id must exist among the leads. */
  lead_id: string;
  /** The stage column; each value must be one of `order` or `exits` (after normalisation). */
  stage: string;
  /** The date the lead entered the stage. */
  entered_at: ColumnRef;
}

/** The funnel: stage order and exits. */
export interface StagesSpec {
  /** Funnel stages in order. Default [lead, mql, sql, opportunity, won]. */
  order?: string[];
  /** Exit stages. Default [lost, disqualified]. */
  exits?: string[];
  /** Wide stage history on the leads file: stage → column holding the date the lead entered it (HubSpot/Salesforce style). */
  wide?: Record<string, ColumnRef>;
  /** Long stage history in its own file: one row per (lead, stage, date). */
  long?: StagesLongSpec;
  /** Record a `lead` stage event at created_at for every lead. Default true. */
  lead_stage_at_created?: boolean;
}

/** Behavioural events (visits, opens, downloads) in a file of their own. */
export interface ActivitiesSpec extends FileSpec {
  /** The lead id column of this file; every id must exist among the leads. */
  lead_id: string;
  /** When the activity happened (date column). */
  occurred_at: ColumnRef;
  /** The activity's type column (e.g. `Email Opened`). */
  activity_type: string;
  /** The channel column of the activity, if any. */
  channel?: string;
}

/** Channel cost per period, in a file of its own. */
export interface SpendSpec extends FileSpec {
  /** The channel column; normalised like the leads' channel so the two join. */
  channel: ColumnRef;
  /** First day of the period (date column). */
  period_start: ColumnRef;
  /** Last day of the period, inclusive (date column). */
  period_end: ColumnRef;
  /** The amount spent (number column); negative amounts are rejected. */
  amount: ColumnRef;
  /** Currency of this file's amounts; default the source's `currency`. */
  currency?: string;
}

/** The leads file: one row per lead. */
export interface LeadsSpec extends FileSpec {
  /** The lead id column (required). */
  id: string;
  /** When the lead was created (date column). */
  created_at?: ColumnRef;
  /** The acquisition channel column. */
  channel?: ColumnRef;
  /** The campaign column. */
  campaign?: ColumnRef;
}

/** Row checks that can either reject the row or load it with a data-quality flag. */
export interface ChecksSpec {
  /** An outcome or stage dated before the lead's created_at. `reject` keeps the row out (in `rejects`); `flag` loads it and records a `quality_flags` row. Default `reject`. */
  outcome_before_created?: "reject" | "flag";
}

/** A whole source config. */
export interface SourceConfig {
  /** The source's name, recorded in `ingest_runs` (e.g. `hubspot-2024`). */
  source: string;
  /** A human name for the data set, shown in the report (stored in `meta` as `dataset`). Default: `source`. */
  title?: string;
  /** The leads file. */
  leads: LeadsSpec;
  /** Tokens that mean missing in every column (default [""]). Matching is exact after trimming. */
  missing?: string[];
  /** Default clean-up for text values. */
  normalize?: Normalize;
  /** Default date format(s) (strftime). */
  date_format?: string | string[];
  /** Lead attributes read from the leads file. */
  attributes?: AttributeSpec[];
  /** Outcome from a column of the leads file, or from a file of its own. */
  outcome?: OutcomeInLeads | OutcomeFile;
  /** The funnel: stage order, exits, and stage history (wide columns or a long file). */
  stages?: StagesSpec;
  /** Behavioural events in a file of their own. */
  activities?: ActivitiesSpec;
  /** Channel spend in a file of its own. */
  spend?: SpendSpec;
  /** The data's end (ISO date); leads still open are censored here. Default: the latest date in the data. */
  as_of?: string;
  /** Currency of amounts and spend (ISO 4217). Default USD. */
  currency?: string;
  /** Row checks that can either reject the row or load it with a data-quality flag. */
  checks?: ChecksSpec;
}
