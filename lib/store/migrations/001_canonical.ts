/**
 * Migration 1: the canonical tables every part of leadlens reads.
 *
 * No PRIMARY KEY constraints: DuckDB's ART indexes cost memory at 10M leads and block some ALTERs;
 * uniqueness of lead_id is enforced by the ingest step (staging, conflict detection, upsert) and
 * checked by tests. Attribute columns are added to `leads` per source config (ALTER TABLE ADD
 * COLUMN) and described in `attributes`.
 */
export const version = 1;
export const name = "canonical tables";

export const sql = `
CREATE TABLE leads (
  lead_id     VARCHAR NOT NULL,
  created_at  TIMESTAMP,
  channel     VARCHAR,
  campaign    VARCHAR,
  source      VARCHAR NOT NULL,
  run_id      VARCHAR NOT NULL
);

-- One row per attribute column on leads: its role decides whether it is a model input.
CREATE TABLE attributes (
  name        VARCHAR NOT NULL,   -- column name on leads (snake_case)
  label       VARCHAR,            -- the column header in the source file
  role        VARCHAR NOT NULL,   -- fit.demographic | fit.firmographic | fit.geographic | fit.psychographic | intent.behavioral | post_outcome | id
  type        VARCHAR NOT NULL,   -- categorical | numeric | boolean | date
  personal    BOOLEAN NOT NULL DEFAULT false, -- never published on the site
  source      VARCHAR NOT NULL,
  description VARCHAR
);

-- The configured funnel: stage order and exits.
CREATE TABLE stages (
  stage       VARCHAR NOT NULL,
  position    INTEGER NOT NULL,   -- order in the funnel; exits come after the funnel stages
  kind        VARCHAR NOT NULL,   -- funnel | exit
  source      VARCHAR NOT NULL
);

CREATE TABLE stage_events (
  lead_id     VARCHAR NOT NULL,
  stage       VARCHAR NOT NULL,
  entered_at  TIMESTAMP NOT NULL,
  source      VARCHAR NOT NULL,
  run_id      VARCHAR NOT NULL
);

-- What happened to each lead. Leads with no decided outcome are 'open'.
CREATE TABLE outcomes (
  lead_id     VARCHAR NOT NULL,
  outcome     VARCHAR NOT NULL,   -- won | lost | disqualified | open
  closed_at   TIMESTAMP,
  amount      DOUBLE,
  reason      VARCHAR,            -- why lost or disqualified
  source      VARCHAR NOT NULL,
  run_id      VARCHAR NOT NULL
);

CREATE TABLE activities (
  lead_id       VARCHAR NOT NULL,
  occurred_at   TIMESTAMP NOT NULL,
  activity_type VARCHAR NOT NULL,
  channel       VARCHAR,
  source        VARCHAR NOT NULL,
  run_id        VARCHAR NOT NULL
);

CREATE TABLE spend (
  channel       VARCHAR NOT NULL,
  period_start  DATE NOT NULL,
  period_end    DATE NOT NULL,      -- inclusive
  amount        DOUBLE NOT NULL,
  currency      VARCHAR,
  source        VARCHAR NOT NULL,
  run_id        VARCHAR NOT NULL
);

CREATE TABLE ingest_runs (
  run_id        VARCHAR NOT NULL,
  source        VARCHAR NOT NULL,
  source_file   VARCHAR,
  content_hash  VARCHAR,
  rows_read     BIGINT NOT NULL,
  rows_loaded   BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  as_of         TIMESTAMP,          -- the data's end: open leads are censored here
  started_at    TIMESTAMP NOT NULL,
  finished_at   TIMESTAMP,
  status        VARCHAR NOT NULL,   -- loaded | unchanged
  config        VARCHAR             -- the source config as JSON
);

-- Rows that could not load, with the reason: nothing is lost silently.
CREATE TABLE rejects (
  run_id      VARCHAR NOT NULL,
  source_file VARCHAR,
  source_row  BIGINT,               -- 1-based data row number in the file (header excluded)
  "column"    VARCHAR,
  value       VARCHAR,
  reason      VARCHAR NOT NULL
);

-- Rows that loaded but carry a data-quality problem worth showing (e.g. won before first contact).
CREATE TABLE quality_flags (
  run_id      VARCHAR NOT NULL,
  lead_id     VARCHAR,
  source_file VARCHAR,
  source_row  BIGINT,
  "column"    VARCHAR,
  value       VARCHAR,
  note        VARCHAR NOT NULL
);

CREATE TABLE models (
  model_id    VARCHAR NOT NULL,
  created_at  TIMESTAMP NOT NULL,
  artifact    VARCHAR NOT NULL       -- the versioned model JSON
);

CREATE TABLE scores (
  lead_id       VARCHAR NOT NULL,
  model_id      VARCHAR NOT NULL,
  probability   DOUBLE NOT NULL,
  points        INTEGER NOT NULL,
  fit_points    INTEGER,
  intent_points INTEGER,
  grade         VARCHAR,
  reasons       VARCHAR,             -- top positive and negative contributions, as JSON
  scored_at     TIMESTAMP NOT NULL
);

-- Small facts about the store (dataset name, currency, …).
CREATE TABLE meta (
  key    VARCHAR NOT NULL,
  value  VARCHAR
);
`;
