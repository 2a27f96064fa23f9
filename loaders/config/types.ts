/**
 * The source config: how one CRM export maps into leadlens's canonical tables.
 * Written by analysts in YAML (see docs/sources.md); `leadlens init <file>` writes a starter.
 * Relative paths are resolved against the config file's folder.
 *
 * This file is the single source of truth for the config's shape: the validator
 * (loaders/config/validate.ts) and docs/sources.md follow it.
 */

/** What an attribute is evidence of. `post_outcome` attributes are recorded after the outcome is known and are never model inputs. */
export type AttributeRole =
  | "fit.demographic"
  | "fit.firmographic"
  | "fit.geographic"
  | "fit.psychographic"
  | "intent.behavioral"
  | "post_outcome";

/** How an attribute's values are read. */
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
  /** CSV only: the delimiter; default sniffed. */
  delimiter?: string;
  /** CSV only: the quote character; default `"`. */
  quote?: string;
  /** CSV only: whether the first line holds the column names. Default true. */
  header?: boolean;
}

/** A column reference, either just the source column's name or with its own parsing options. */
export type ColumnRef =
  | string
  | {
      column: string;
      /** Date format(s) in strftime syntax (e.g. `%d/%m/%Y`); the first that parses wins. Default ISO 8601. */
      format?: string | string[];
      /** Tokens that mean missing for this column (added to the source-wide list). */
      missing?: string[];
      normalize?: Normalize;
    };

/** One lead attribute: becomes a column of `leads` and a row of `attributes`. */
export interface AttributeSpec {
  /** The attribute's name in leadlens (snake_case, becomes the column name). */
  name: string;
  /** The source column; default: `name`. */
  column?: string;
  role: AttributeRole;
  /** Default `categorical`. */
  type?: AttributeType;
  /** Personal data (name, email, phone, exact address): stored, never published on the site. Default false. */
  personal?: boolean;
  /** Extra missing-value tokens for this attribute. */
  missing?: string[];
  normalize?: Normalize;
  /** boolean only: which values mean true / false (default yes/no, true/false, 1/0, y/n). */
  true_values?: string[];
  false_values?: string[];
  description?: string;
}

/** How the outcome is read from the leads file itself. */
export interface OutcomeInLeads {
  /** Column holding the outcome or a converted flag. */
  column: string;
  /** Values meaning won (e.g. ["1"], ["Closed Won"]). */
  won: string[];
  /** Values meaning lost; any other non-missing value is also lost unless listed in `open`. */
  lost?: string[];
  /** Values meaning disqualified. */
  disqualified?: string[];
  /** Values meaning still open. */
  open?: string[];
  closed_at?: ColumnRef;
  amount?: ColumnRef;
  reason?: ColumnRef;
}

/** Outcomes in a file of their own, joined to leads by lead id. Leads absent from it are open. */
export interface OutcomeFile extends FileSpec {
  lead_id: string;
  /** Column with the outcome, or a constant: `{ value: "won" }` when every row of the file is a win. */
  outcome: string | { value: "won" | "lost" | "disqualified" | "open" } | OutcomeInLeads;
  closed_at?: ColumnRef;
  amount?: ColumnRef;
  reason?: ColumnRef;
  /** Also record a stage event with this stage at closed_at (e.g. `won`). */
  stage?: string;
  /** Attributes that live in this file (e.g. Olist's business_segment): added to the lead. */
  attributes?: AttributeSpec[];
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
  long?: FileSpec & { lead_id: string; stage: string; entered_at: ColumnRef };
  /** Record a `lead` stage event at created_at for every lead. Default true. */
  lead_stage_at_created?: boolean;
}

export interface ActivitiesSpec extends FileSpec {
  lead_id: string;
  occurred_at: ColumnRef;
  activity_type: string;
  channel?: string;
}

export interface SpendSpec extends FileSpec {
  channel: ColumnRef;
  period_start: ColumnRef;
  period_end: ColumnRef;
  amount: ColumnRef;
  currency?: string;
}

/** A whole source config. */
export interface SourceConfig {
  /** The source's name, recorded in `ingest_runs` (e.g. `hubspot-2024`). */
  source: string;
  /** The leads file. */
  leads: FileSpec & {
    /** The lead id column (required). */
    id: string;
    created_at?: ColumnRef;
    channel?: ColumnRef;
    campaign?: ColumnRef;
  };
  /** Tokens that mean missing in every column (default [""]). Matching is exact after trimming. */
  missing?: string[];
  /** Default clean-up for text values. */
  normalize?: Normalize;
  /** Default date format(s) (strftime). */
  date_format?: string | string[];
  attributes?: AttributeSpec[];
  /** Outcome from a column of the leads file, or from a file of its own. */
  outcome?: OutcomeInLeads | OutcomeFile;
  stages?: StagesSpec;
  activities?: ActivitiesSpec;
  spend?: SpendSpec;
  /** The data's end (ISO date); leads still open are censored here. Default: the latest date in the data. */
  as_of?: string;
  /** Currency of amounts and spend (ISO 4217). Default USD. */
  currency?: string;
  /** Row checks that can either reject the row or load it with a data-quality flag. */
  checks?: {
    /** An outcome or stage dated before the lead's created_at. Default `reject`. */
    outcome_before_created?: "reject" | "flag";
  };
}
