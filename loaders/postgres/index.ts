/**
 * PostgreSQL as a source: a CRM table or query streamed into ingest (format `postgres`), and the
 * pushdown that runs the pattern aggregation inside PostgreSQL. The `postgres` reader is registered
 * with the ingest engine's other readers, in loaders/ingest/readers.ts.
 */

export { readPostgres, type PostgresReadContext } from "./read.ts";
export { connectPostgres, scrub } from "./connect.ts";
export { postgresSource, quoteTable, DEFAULT_BATCH_SIZE, type PostgresSource } from "./source.ts";
export { fitModelPushdown, leadsQuery, type PushdownFitOptions } from "./fit.ts";
