// A small synthetic store in the canonical schema, for report tests that must not depend on the
// ingest and demo-generator parts being finished. Deterministic (seeded hash), ~1,500 leads.
import { openStore, exec } from "../../../lib/store/index.ts";

/** Lead ids look like this; the privacy test searches dist/ for every one of them. */
export const LEAD_ID_PREFIX = "LDX-";

/** The personal column (e-mail) and a value pattern the privacy test searches for. */
export const PERSONAL_COLUMN = "contact_email";

/** Sales agents of the privacy fixture: a personal model input (role fit.demographic, personal). */
export const SALES_AGENTS = ["Quillon Marsh-Okafor", "Bettany Vrolijk", "Ezekiel Tamarind"];

/** The privacy fixture's small channel: 3 leads, one won deal of this amount, with spend. */
export const SMALL_CHANNEL = { name: "partner_x", leads: 3, amount: 1995, spend: 600 };

/**
 * Writes the fixture store to `path` (a new file). Leads: created over 2024, channels with spend
 * (except "referral"), a funnel lead → mql → sql → won with dates, a personal e-mail column, a
 * post-outcome column, one ingest run with a few rejects and a quality flag.
 *
 * With `privacy`, also the cases issue 12 found: a personal model input (`sales_agent`, one of
 * {@link SALES_AGENTS} per lead, each hundreds of leads: large cells, still never published) and a
 * channel with spend and 3 leads, one of them won at 1,995 ({@link SMALL_CHANNEL}), whose figures
 * the published totals must not give away by subtraction. The ingest run names absolute paths.
 */
export async function writeFixtureStore(
  path: string,
  leads = 1500,
  options: { privacy?: boolean } = {},
): Promise<void> {
  const store = await openStore(path);
  const c = store.conn;
  const h = (expr: string, salt: number) => `(hash(i * 7919 + ${salt}) % 1000000) / 1000000.0`.replace("i", expr);
  await exec(c, `ALTER TABLE leads ADD COLUMN industry VARCHAR`);
  await exec(c, `ALTER TABLE leads ADD COLUMN company_size VARCHAR`);
  await exec(c, `ALTER TABLE leads ADD COLUMN visits DOUBLE`);
  await exec(c, `ALTER TABLE leads ADD COLUMN contact_email VARCHAR`);
  await exec(c, `ALTER TABLE leads ADD COLUMN lead_quality VARCHAR`);
  await exec(
    c,
    `INSERT INTO attributes VALUES
    ('industry','Industry','fit.firmographic','categorical',false,'fixture',null),
    ('company_size','Company size','fit.firmographic','categorical',false,'fixture',null),
    ('visits','Visits','intent.behavioral','numeric',false,'fixture',null),
    ('contact_email','E-mail','id','categorical',true,'fixture',null),
    ('lead_quality','Lead quality','post_outcome','categorical',false,'fixture',null)`,
  );
  await exec(
    c,
    `INSERT INTO stages VALUES ('lead',1,'funnel','fixture'),('mql',2,'funnel','fixture'),('sql',3,'funnel','fixture'),('won',4,'funnel','fixture'),('lost',5,'exit','fixture')`,
  );
  await exec(
    c,
    `CREATE TEMP TABLE g AS
    SELECT i,
      ${h("i", 1)} AS u1, ${h("i", 2)} AS u2, ${h("i", 3)} AS u3, ${h("i", 4)} AS u4, ${h("i", 5)} AS u5, ${h("i", 6)} AS u6
    FROM range(${leads}) t(i)`,
  );
  await exec(
    c,
    `INSERT INTO leads
    SELECT '${LEAD_ID_PREFIX}' || lpad(i::VARCHAR, 6, '0'),
      TIMESTAMP '2024-01-01' + to_days(CAST(floor(u1 * 360) AS INTEGER)),
      CASE WHEN u2 < 0.35 THEN 'paid_search' WHEN u2 < 0.6 THEN 'organic' WHEN u2 < 0.8 THEN 'email' WHEN u2 < 0.995 THEN 'referral' ELSE 'tiny_channel' END,
      NULL, 'fixture', 'run-1',
      CASE WHEN u3 < 0.4 THEN 'software' WHEN u3 < 0.7 THEN 'retail' WHEN u3 < 0.995 THEN 'finance' ELSE 'mining' END,
      CASE WHEN u4 < 0.5 THEN '1-50' WHEN u4 < 0.8 THEN '51-500' ELSE '500+' END,
      CASE WHEN u5 < 0.05 THEN NULL ELSE floor(u5 * 30) END,
      'person' || i || '@example.org',
      CASE WHEN u6 < 0.5 THEN 'high' ELSE 'low' END
    FROM g`,
  );
  // Funnel: probability of moving on depends on industry and visits; times in days.
  await exec(
    c,
    `CREATE TEMP TABLE f AS
    SELECT g.i, l.lead_id, l.created_at,
      (u6 < 0.55 + 0.01 * coalesce(l.visits, 0)) AS to_mql,
      (${h("g.i", 7)} < CASE l.industry WHEN 'software' THEN 0.6 ELSE 0.35 END) AS to_sql,
      (${h("g.i", 8)} < 0.45) AS to_won,
      1 + floor(${h("g.i", 9)} * 20) AS d1, 3 + floor(${h("g.i", 10)} * 40) AS d2, 5 + floor(${h("g.i", 11)} * 60) AS d3
    FROM g JOIN leads l ON l.lead_id = '${LEAD_ID_PREFIX}' || lpad(g.i::VARCHAR, 6, '0')`,
  );
  await exec(c, `INSERT INTO stage_records SELECT lead_id, 'lead', created_at FROM f`);
  await exec(
    c,
    `INSERT INTO stage_records SELECT lead_id, 'mql', created_at + to_days(CAST(d1 AS INTEGER)) FROM f WHERE to_mql`,
  );
  await exec(
    c,
    `INSERT INTO stage_records SELECT lead_id, 'sql', created_at + to_days(CAST(d1 + d2 AS INTEGER)) FROM f WHERE to_mql AND to_sql`,
  );
  await exec(
    c,
    `INSERT INTO stage_records SELECT lead_id, 'won', created_at + to_days(CAST(d1 + d2 + d3 AS INTEGER)) FROM f WHERE to_mql AND to_sql AND to_won`,
  );
  await exec(
    c,
    `INSERT INTO outcomes SELECT lead_id,
      CASE WHEN to_mql AND to_sql AND to_won THEN 'won' WHEN created_at < TIMESTAMP '2024-10-01' THEN 'lost' ELSE 'open' END,
      CASE WHEN to_mql AND to_sql AND to_won THEN created_at + to_days(CAST(d1 + d2 + d3 AS INTEGER)) END,
      CASE WHEN to_mql AND to_sql AND to_won THEN 1000 + floor(${h("i", 12)} * 4000) END,
      NULL FROM f`,
  );
  await exec(
    c,
    `INSERT INTO spend (channel, period_start, period_end, amount, currency, source, run_id) SELECT channel, DATE '2024-01-01' + INTERVAL (m) MONTH, DATE '2024-01-01' + INTERVAL (m + 1) MONTH - INTERVAL 1 DAY,
      CASE channel WHEN 'paid_search' THEN 9000 WHEN 'email' THEN 1500 ELSE 2500 END, 'EUR', 'fixture', 'run-1'
    FROM (VALUES ('paid_search'), ('organic'), ('email')) c(channel), range(12) r(m)`,
  );
  await exec(
    c,
    `INSERT INTO ingest_runs VALUES ('run-1','fixture','leads.csv','abc123',${leads + 3},${leads},3,TIMESTAMP '2025-01-15',TIMESTAMP '2025-01-20 10:00:00',TIMESTAMP '2025-01-20 10:00:05','loaded',NULL)`,
  );
  await exec(
    c,
    `INSERT INTO rejects VALUES ('run-1','leads.csv',17,'created_at','next week','not a date'),('run-1','leads.csv',230,'created_at','31/02/2024','not a date'),('run-1','leads.csv',999,'lead_id','','missing lead id')`,
  );
  await exec(
    c,
    `INSERT INTO quality_flags VALUES ('run-1','${LEAD_ID_PREFIX}000042','leads.csv',43,'won_at',NULL,'won before first contact')`,
  );
  await exec(c, `INSERT INTO meta VALUES ('dataset','fixture'),('currency','EUR')`);
  if (options.privacy) await addPrivacyCases(c, path);
  await store.close();
}

async function addPrivacyCases(c: Parameters<typeof exec>[0], path: string): Promise<void> {
  const agents = SALES_AGENTS.map((a) => `'${a}'`).join(", ");
  await exec(c, `ALTER TABLE leads ADD COLUMN sales_agent VARCHAR`);
  await exec(
    c,
    `INSERT INTO attributes VALUES ('sales_agent','Sales agent','fit.demographic','categorical',true,'fixture',null)`,
  );
  await exec(
    c,
    `UPDATE leads SET sales_agent = ([${agents}])[1 + CAST(hash(lead_id) % ${SALES_AGENTS.length} AS INTEGER)]`,
  );
  const { name, amount, spend } = SMALL_CHANNEL;
  await exec(
    c,
    `INSERT INTO leads SELECT 'PX-' || i, TIMESTAMP '2024-03-05' + to_days(CAST(i * 20 AS INTEGER)), '${name}', NULL, 'fixture', 'run-1',
      'software', '1-50', 4, 'px' || i || '@example.org', 'high', ([${agents}])[1 + i] FROM range(${SMALL_CHANNEL.leads}) t(i)`,
  );
  await exec(c, `INSERT INTO stage_records SELECT lead_id, 'lead', created_at FROM leads WHERE channel = '${name}'`);
  await exec(
    c,
    `INSERT INTO stage_records SELECT lead_id, s.stage, created_at + to_days(s.d) FROM leads, (VALUES ('mql', 3), ('sql', 9), ('won', 30)) s(stage, d) WHERE lead_id = 'PX-0'`,
  );
  await exec(
    c,
    `INSERT INTO outcomes VALUES ('PX-0', 'won', TIMESTAMP '2024-04-04', ${amount}, NULL), ('PX-1', 'lost', TIMESTAMP '2024-06-01', NULL, NULL)`,
  );
  await exec(
    c,
    `INSERT INTO spend (channel, period_start, period_end, amount, currency, source, run_id) VALUES ('${name}', DATE '2024-03-01', DATE '2024-05-31', ${spend}, 'EUR', 'fixture', 'run-1')`,
  );
  // What ingest records: the absolute path of the file it read (the Data quality page must show its name only).
  await exec(c, `UPDATE ingest_runs SET source_file = '${path.replace(/[^/]*$/, "")}exports/leads.csv'`);
}
