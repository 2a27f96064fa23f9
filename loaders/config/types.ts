/**
 * The source config's types, derived from its schema (schema.ts, the one definition of the
 * contract: each key's meaning is its description there, printed in docs/sources.md).
 */
import type { z } from "zod";
import type { attributeRole, attributeType, parts, sourceConfig } from "./schema.ts";

type P = typeof parts;

/** What an attribute is evidence of; `post_outcome` and `id` attributes are never model inputs. */
export type AttributeRole = z.output<typeof attributeRole>;
/** How an attribute's values are read: text levels (VARCHAR), numbers (DOUBLE) or yes/no (BOOLEAN). */
export type AttributeType = z.output<typeof attributeType>;
/** Value clean-up applied before storing a text value. */
export type Normalize = z.output<P["normalize"]>;
/** Read from PostgreSQL instead of a file: a table or a query, streamed in batches. */
export type PostgresSpec = z.output<P["postgres"]>;
/** A file (or a PostgreSQL table/query) to read: the keys every file-like part has. */
export type FileSpec = z.output<P["file"]>;
/** A column with its own parsing options (the object form of {@link ColumnRef}). */
export type ColumnSpec = z.output<P["columnSpec"]>;
/** A column reference, either just the source column's name or with its own parsing options. */
export type ColumnRef = string | ColumnSpec;
/** One lead attribute: becomes a column of `leads` and a row of `attributes`. */
export type AttributeSpec = z.output<P["attribute"]>;
/** How the outcome is read from a column: which values mean won, lost, disqualified or open. */
export type OutcomeInLeads = z.output<P["outcomeInLeads"]>;
/** Outcomes in a file of their own, joined to leads by lead id. Leads absent from it are open. */
export type OutcomeFile = z.output<P["outcomeFile"]>;
/** Long stage history in its own file: one row per (lead, stage, date). */
export type StagesLongSpec = z.output<P["stagesLong"]>;
/** The funnel: stage order and exits. */
export type StagesSpec = z.output<P["stages"]>;
/** Behavioural events (visits, opens, downloads) in a file of their own. */
export type ActivitiesSpec = z.output<P["activities"]>;
/** Channel cost per period, in a file of its own. */
export type SpendSpec = z.output<P["spend"]>;
/** How the lead id is read: a column, a hash of columns, or the row number (leads.id omitted). */
export type LeadIdSpec = NonNullable<LeadsSpec["id"]>;
/** The leads file: one row per lead. */
export type LeadsSpec = z.output<P["leads"]>;
/** Row checks that can either reject the row or load it with a data-quality flag. */
export type ChecksSpec = z.output<P["checks"]>;
/** A whole source config. */
export type SourceConfig = z.output<typeof sourceConfig>;
