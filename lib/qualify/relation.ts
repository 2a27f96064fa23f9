import { ident } from "../store/query.ts";
import type { ColumnsSql } from "../scorecard/score.ts";

/**
 * Where qualification reads leads from, in SQL. Defaults: every lead of `leads` with its outcome,
 * and "converted" = outcome won. Open leads count as not (yet) converted: conversion is measured
 * as of the data's end, as the funnel's own conversion rate is (e.g. Olist 842 / 8,000).
 */
export interface LeadSource {
  /** A relation with lead_id, created_at and the attribute columns (table name or `(SELECT …) alias`). */
  relation?: string;
  /** The 0/1 conversion expression over the relation. */
  convertedSql?: string;
  /** Only these leads (a SQL condition), e.g. a model's held-out window. */
  where?: string;
  /** Where each attribute's value is read (default: the quoted column name). */
  columns?: ColumnsSql;
}

/** The default relation: leads joined to their outcome, with `converted` 0/1 (portable SQL). */
export const LEADS_WITH_OUTCOME = `(SELECT l.*, CASE WHEN o.outcome = 'won' THEN 1 ELSE 0 END AS converted
  FROM leads l LEFT JOIN (SELECT lead_id, MAX(outcome) AS outcome FROM outcomes GROUP BY lead_id) o ON o.lead_id = l.lead_id) q`;

/** Resolved parts of a {@link LeadSource}. */
export function resolveSource(source: LeadSource = {}): {
  relation: string;
  converted: string;
  where: string;
  column: (name: string) => string;
} {
  const columns = source.columns;
  return {
    relation: source.relation ?? LEADS_WITH_OUTCOME,
    converted: source.convertedSql ?? "converted",
    where: source.where ? `(${source.where})` : "TRUE",
    column: (name) => (typeof columns === "function" ? columns(name) : (columns?.[name] ?? ident(name))),
  };
}
