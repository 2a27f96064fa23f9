import { openStore, exec, type Store } from "../../../lib/store/index.ts";

/**
 * A tiny canonical store for unit tests: four funnel stages, a handful of leads, one ingest run.
 * L1 lead→mql→sql→won; L2 lead→mql, still open; L3 lead→sql (skips mql), lost;
 * L4 lead only, disqualified; L5 won before it was created (flagged); L6 lead, no channel.
 */
export async function tinyStore(): Promise<Store> {
  const s = await openStore(":memory:");
  const c = s.conn;
  await exec(
    c,
    `INSERT INTO stages VALUES ('lead',1,'funnel','t'),('mql',2,'funnel','t'),('sql',3,'funnel','t'),('won',4,'funnel','t'),('lost',5,'exit','t')`,
  );
  await exec(
    c,
    `INSERT INTO leads (lead_id, created_at, channel, campaign, source, run_id) VALUES
    ('L1','2024-01-01','email',NULL,'t','r'),('L2','2024-01-10','email',NULL,'t','r'),
    ('L3','2024-02-01','search',NULL,'t','r'),('L4','2024-02-15','search',NULL,'t','r'),
    ('L5','2024-03-01','search',NULL,'t','r'),('L6','2024-03-05',NULL,NULL,'t','r')`,
  );
  await exec(
    c,
    `INSERT INTO stage_records VALUES
    ('L1','lead','2024-01-01'),('L1','mql','2024-01-11'),('L1','sql','2024-01-21'),
    ('L2','lead','2024-01-10'),('L2','mql','2024-01-20'),
    ('L3','lead','2024-02-01'),('L3','sql','2024-02-05'),
    ('L4','lead','2024-02-15'),('L5','lead','2024-03-01'),('L6','lead','2024-03-05')`,
  );
  await exec(
    c,
    `INSERT INTO outcomes VALUES
    ('L1','won','2024-02-10',1000,NULL),('L2','open',NULL,NULL,NULL),
    ('L3','lost','2024-02-20',NULL,'no budget'),('L4','disqualified','2024-02-16',NULL,'student'),
    ('L5','won','2024-02-27',500,NULL),('L6','open',NULL,NULL,NULL)`,
  );
  await exec(
    c,
    `INSERT INTO quality_flags VALUES ('r','L5','deals.csv',5,'won_date','2024-02-27','won before first contact')`,
  );
  await exec(
    c,
    `INSERT INTO ingest_runs (run_id, source, rows_read, rows_loaded, rows_rejected, as_of, started_at, status)
    VALUES ('r','t',6,6,0,'2024-03-31', now(), 'loaded')`,
  );
  return s;
}
