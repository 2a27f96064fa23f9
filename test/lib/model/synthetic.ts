import { openStore, exec, type Store } from "../../../lib/store/index.ts";

/** True coefficients of the synthetic leads (reference levels: industry=retail, channel=email, visits ≤ 2). */
export const TRUTH = {
  intercept: -1.6,
  industry: { retail: 0, software: 0.9, finance: 0.4, health: -0.6 },
  channel: { email: 0, search: 0.7, social: -0.5 },
  visitsHigh: 1.1,
};

/**
 * An in-memory store with `n` synthetic leads in the canonical schema: a categorical firmographic
 * attribute (with missing values and a rare level), a numeric behavioural one, a channel, a
 * post_outcome column that leaks the outcome, created_at over two years and decided outcomes
 * (plus a few open leads). Deterministic (hash-based uniforms, no RNG state).
 */
export async function syntheticStore(n = 20000): Promise<Store> {
  const store = await openStore(":memory:");
  const u = (k: number) => `((hash(i * 31 + ${k}) % 1000003) / 1000003.0)`;
  await exec(store.conn, `ALTER TABLE leads ADD COLUMN industry VARCHAR`);
  await exec(store.conn, `ALTER TABLE leads ADD COLUMN visits DOUBLE`);
  await exec(store.conn, `ALTER TABLE leads ADD COLUMN sales_tag VARCHAR`);
  await exec(
    store.conn,
    `CREATE TEMP TABLE gen AS
    SELECT i,
      CASE WHEN ${u(1)} < 0.4 THEN 'Retail' WHEN ${u(1)} < 0.65 THEN 'software' WHEN ${u(1)} < 0.8 THEN 'Finance '
           WHEN ${u(1)} < 0.92 THEN 'health' WHEN ${u(1)} < 0.925 THEN 'mining' ELSE NULL END AS industry,
      CASE WHEN ${u(2)} < 0.5 THEN 'email' WHEN ${u(2)} < 0.8 THEN 'search' ELSE 'social' END AS channel,
      CASE WHEN ${u(3)} < 0.05 THEN NULL ELSE floor(-4 * ln(1 - ${u(4)})) END AS visits,
      TIMESTAMP '2023-01-01' + to_days(CAST(floor(730 * ${u(5)}) AS INTEGER)) AS created_at,
      ${u(6)} AS uy
    FROM range(${n}) t(i)`,
  );
  const eta = `${TRUTH.intercept}
    + CASE lower(trim(industry)) WHEN 'software' THEN ${TRUTH.industry.software} WHEN 'finance' THEN ${TRUTH.industry.finance}
        WHEN 'health' THEN ${TRUTH.industry.health} ELSE 0 END
    + CASE channel WHEN 'search' THEN ${TRUTH.channel.search} WHEN 'social' THEN ${TRUTH.channel.social} ELSE 0 END
    + CASE WHEN visits > 2 THEN ${TRUTH.visitsHigh} ELSE 0 END`;
  await exec(
    store.conn,
    `CREATE TEMP TABLE gen2 AS SELECT *, CASE WHEN uy < 1 / (1 + exp(-(${eta}))) THEN 1 ELSE 0 END AS won FROM gen`,
  );
  await exec(
    store.conn,
    `INSERT INTO leads (lead_id, created_at, channel, campaign, source, run_id, industry, visits, sales_tag)
    SELECT 'L' || i, created_at, channel, NULL, 'synthetic', 'r1', industry, visits,
      CASE WHEN won = 1 THEN 'will buy' ELSE 'not interested' END FROM gen2`,
  );
  // The newest 1% are still open: excluded from training (younger than the maturity window).
  await exec(
    store.conn,
    `INSERT INTO outcomes (lead_id, outcome, closed_at, amount, reason)
    SELECT 'L' || i, CASE WHEN created_at > TIMESTAMP '2024-12-25' THEN 'open' WHEN won = 1 THEN 'won' ELSE 'lost' END,
      CASE WHEN created_at > TIMESTAMP '2024-12-25' THEN NULL ELSE created_at + INTERVAL 20 DAY END, NULL, NULL FROM gen2`,
  );
  await exec(
    store.conn,
    `INSERT INTO attributes (name, label, role, type, personal, source, description) VALUES
    ('industry', 'Industry', 'fit.firmographic', 'categorical', false, 'synthetic', NULL),
    ('visits', 'Visits', 'intent.behavioral', 'numeric', false, 'synthetic', NULL),
    ('sales_tag', 'Sales tag', 'post_outcome', 'categorical', false, 'synthetic', NULL)`,
  );
  await exec(
    store.conn,
    `INSERT INTO ingest_runs (run_id, source, rows_read, rows_loaded, rows_rejected, as_of, started_at, status)
    VALUES ('r1', 'synthetic', ${n}, ${n}, 0, TIMESTAMP '2025-01-01', current_timestamp, 'loaded')`,
  );
  await exec(store.conn, "DROP TABLE gen; DROP TABLE gen2");
  return store;
}
