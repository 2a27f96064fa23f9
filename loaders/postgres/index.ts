/**
 * PostgreSQL as a source: a CRM table or query streamed into ingest (format `postgres`), and the
 * pushdown that runs the pattern aggregation inside PostgreSQL. Importing this module registers the
 * `postgres` reader with the ingest engine.
 */
import { registerReader } from "../ingest/readers.ts";
import { readPostgres } from "./read.ts";

registerReader("postgres", readPostgres);

export { readPostgres, type PostgresReadContext } from "./read.ts";
export { connectPostgres, scrub } from "./connect.ts";
export { postgresSource, quoteTable, DEFAULT_BATCH_SIZE, type PostgresSource } from "./source.ts";
export { fitModelPushdown, leadsQuery, type PushdownFitOptions } from "./fit.ts";
