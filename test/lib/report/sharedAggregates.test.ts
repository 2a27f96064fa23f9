// The report's speed-ups must not change a single published figure. Each faster formulation is
// compared here with the straightforward one it replaced (kept in this file as the reference), on the
// demo data (fitted and scored) and on Olist (real data: skipped stages, a deal won before its first
// contact), and the files `leadlens report build` precomputes in one pass with shared aggregates are
// compared with the files each data loader computes alone.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { runInProcess } from "../../cli/inProcess.ts";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore, exec, all, ident, literal, type Store } from "../../../lib/store/index.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  leadStagesSql,
  readAsOf,
  readStages,
  storeLeadStages,
  transitionsOf,
  velocityCounts,
  DATE_FLAGS_SQL,
  UNFLAGGED_DATE_NOTE,
} from "../../../lib/funnel/index.ts";
import {
  attributionSql,
  channelCounts,
  dealStats,
  periodKeySql,
  roiCounts,
  type Attribution,
  type PeriodUnit,
} from "../../../lib/roi/index.ts";
import {
  categoricalSql,
  binCaseSql,
  binsFromCuts,
  convertedLeadsSql,
  segmentCountsBatch,
  segmentCountsWithTotal,
} from "../../../lib/segments/index.ts";
import { periodCounts, quartersFromMonths, stageCounts } from "../../../lib/report/data/counts.ts";
import { precomputePages } from "../../../lib/report/data/precompute.ts";
import { computeFile } from "../../../lib/report/data/compute.ts";
import { PAGE_DATA, EXPLORE_TABLES } from "../../../lib/report/data/pages.ts";

const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const OLIST = resolve(ROOT, "../shared/data/olist-marketing-funnel");

/** A `leadlens` command run in this process (main() of cli/program.ts). */
async function leadlens(args: string[]): Promise<void> {
  const r = await runInProcess(...args);
  if (r.status !== 0) throw new Error(`leadlens ${args.join(" ")}: ${r.stderr}`);
}

const dir = mkdtempSync(join(tmpdir(), "leadlens-shared-"));
const DEMO = join(dir, "demo.duckdb");
const OLIST_DB = join(dir, "olist.duckdb");
let demo: Store;
let olist: Store;

beforeAll(async () => {
  await leadlens(["ingest", "demo", "--leads", "20000", "--seed", "3", "--db", DEMO]);
  await leadlens(["fit", "--db", DEMO]);
  await leadlens(["score", "--db", DEMO]);
  await leadlens(["ingest", "olist", "--dir", OLIST, "--db", OLIST_DB]);
  demo = await openStore(DEMO, { readOnly: true });
  olist = await openStore(OLIST_DB, { readOnly: true });
}, 300_000);
afterAll(async () => {
  await demo?.close();
  await olist?.close();
});

/** Floats rounded to 12 significant digits: DuckDB's parallel double sums (and var_samp) vary in the last bits with row order. */
const round12 = (v: number) => (Number.isInteger(v) ? v : Number(v.toPrecision(12)));
function roundedJson(v: unknown): unknown {
  if (typeof v === "number") return round12(v);
  if (Array.isArray(v)) return v.map(roundedJson);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundedJson(x)]));
  return v;
}

/** Rows as sorted JSON lines, so two results compare regardless of row order. */
const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();

// ---- Funnel velocity: the former one-step counting, per lead × transition. -------------------------

function referenceVelocitySql(order: string[], asOfValue: string | null, cohort: "month" | "quarter"): string {
  const steps = transitionsOf(order);
  const asOf = asOfValue ? `${literal(asOfValue)}::TIMESTAMP` : "NULL::TIMESTAMP";
  const cohortExpr =
    cohort === "quarter"
      ? `CAST(year(from_at) AS VARCHAR) || '-Q' || CAST(quarter(from_at) AS VARCHAR)`
      : `strftime(from_at, '%Y-%m')`;
  const tr = steps
    .map((s, t) => {
      const to =
        s.toIndex < 0
          ? { at: "converted_at", moved: "converted" }
          : { at: `at${s.toIndex}`, moved: `reached${s.toIndex}` };
      return `SELECT ${t} AS t, *, at${s.fromIndex} AS from_at, ${to.at} AS to_at, ${to.moved} AS moved FROM ls WHERE reached${s.fromIndex}`;
    })
    .join("\nUNION ALL\n");
  return `WITH ls AS (${leadStagesSql({ order, columns: ["channel"] })}), tr AS (${tr}), flagged AS (${DATE_FLAGS_SQL}),
d AS (SELECT t, moved, coalesce(CAST(channel AS VARCHAR), '(missing)') AS g0, coalesce(${cohortExpr}, '(no date)') AS g1,
    CAST(floor((epoch(CASE WHEN moved THEN to_at ELSE ${asOf} END) - epoch(from_at)) / 86400) AS INTEGER) AS duration,
    CASE WHEN f.lead_id IS NOT NULL THEN f.note WHEN bad_dates THEN ${literal(UNFLAGGED_DATE_NOTE)} END AS flag
  FROM tr LEFT JOIN flagged f USING (lead_id)),
e AS (SELECT *, coalesce(flag, CASE WHEN duration < 0 THEN ${literal(UNFLAGGED_DATE_NOTE)} END) AS reason FROM d)
SELECT t, CASE WHEN grouping(g0) = 0 THEN 'channel' WHEN grouping(g1) = 0 THEN 'cohort' ELSE 'all' END AS dim,
  CASE WHEN grouping(g0) = 0 THEN g0 WHEN grouping(g1) = 0 THEN g1 ELSE 'all' END AS value, duration,
  reason IS NOT NULL AS excluded, reason, count(*) FILTER (WHERE moved) AS events, count(*) FILTER (WHERE NOT moved) AS censored
FROM e GROUP BY GROUPING SETS ((t, duration, reason), (t, g0, duration, reason), (t, g1, duration, reason))`;
}

describe("funnel velocity counts", () => {
  it.each([
    ["demo", "quarter"],
    ["demo", "month"],
    ["olist", "quarter"],
    ["olist", "month"],
  ] as const)(
    "on %s by %s: counted per value first, from a stored lead-stages table or not, equal the per-lead counting",
    async (which, cohort) => {
      const conn = (which === "demo" ? demo : olist).conn;
      const { order } = await readStages(conn);
      const asOf = await readAsOf(conn);
      const reference = await all(conn, referenceVelocitySql(order, asOf, cohort));
      expect(reference.length).toBeGreaterThan(50);
      const opts = { order, skips: "credit" as const, asOf, by: ["channel"], cohort };
      expect(sorted(await velocityCounts(conn, opts))).toEqual(sorted(reference));
      const stored = await storeLeadStages(conn, { order });
      expect(sorted(await velocityCounts(conn, { ...opts, stored }))).toEqual(sorted(reference));
      if (which === "olist") expect(reference.some((r) => r.excluded)).toBe(true);
    },
  );

  it("reads a stored table only when it was made for the same leads and stages", async () => {
    const { order } = await readStages(demo.conn);
    const stored = await storeLeadStages(demo.conn, { order });
    expect(leadStagesSql({ order, stored })).toContain(ident(stored.table));
    // Another date range or other carried columns: computed from the tables, not from the stored rows.
    expect(leadStagesSql({ order, from: "2024-01-01", stored })).not.toContain(ident(stored.table));
    expect(leadStagesSql({ order, columns: ["industry"], stored })).not.toContain(ident(stored.table));
    expect(leadStagesSql({ order: order.slice(0, 2), stored })).not.toContain(ident(stored.table));
  });
});

// ---- ROI: the former two passes (deal statistics; counts with every lead's latest score). ----------

function referenceCountsSql(
  order: string[],
  mqlIndex: number,
  sqlIndex: number,
  period: PeriodUnit,
  attribution: Attribution,
  asOf: string | null,
): string {
  const reached = (i: number) => (i >= 0 ? `reached${i}` : "NULL");
  return `WITH ls AS (${leadStagesSql({ order })}), att AS (${attributionSql(attribution, asOf)}),
sc AS (SELECT lead_id, arg_max(probability, scored_at) AS p FROM scores GROUP BY lead_id),
x AS (SELECT att.a_channel, att.w, ls.channel AS own_channel, ${periodKeySql(period, "ls.created_at")} AS period,
    ${reached(mqlIndex)} AS is_mql, ${reached(sqlIndex)} AS is_sql, ls.converted AS is_won, ls.amount,
    ls.outcome = 'open' AND NOT ls.converted AND ${mqlIndex >= 0 ? `reached${mqlIndex}` : "true"} AS open_q, sc.p
  FROM ls JOIN att USING (lead_id) LEFT JOIN sc USING (lead_id))
SELECT a_channel AS channel, period, own_channel, sum(w) AS leads,
  ${mqlIndex >= 0 ? "coalesce(sum(w) FILTER (WHERE is_mql), 0)" : "NULL"} AS mqls,
  ${sqlIndex >= 0 ? "coalesce(sum(w) FILTER (WHERE is_sql), 0)" : "NULL"} AS sqls,
  coalesce(sum(w) FILTER (WHERE is_won), 0) AS won, sum(w * amount) FILTER (WHERE is_won) AS revenue,
  coalesce(sum(w) FILTER (WHERE open_q), 0) AS open_qualified, coalesce(sum(w) FILTER (WHERE open_q AND p IS NOT NULL), 0) AS scored,
  coalesce(sum(w * p) FILTER (WHERE open_q), 0) AS sum_wp, coalesce(sum(w * w * p) FILTER (WHERE open_q), 0) AS sum_w2p,
  coalesce(sum(w * w * p * p) FILTER (WHERE open_q), 0) AS sum_w2p2
FROM x GROUP BY ALL`;
}

/** Count rows with their floats rounded, in any order. */
const rounded = (rows: readonly object[]) => sorted(rows.map((r) => roundedJson(r) as object));

describe("ROI counts", () => {
  it.each([
    ["first", "all"],
    ["first", "month"],
    ["linear", "quarter"],
  ] as const)(
    "attribution %s by %s: one pass with scores looked up for open qualified leads equals the former counts and deal statistics",
    async (attribution, period) => {
      const conn = demo.conn;
      const { order } = await readStages(conn);
      const asOf = await readAsOf(conn);
      const o = { order, mqlIndex: order.indexOf("mql"), sqlIndex: order.indexOf("sql"), period, attribution, asOf };
      const reference = await all(conn, referenceCountsSql(order, o.mqlIndex, o.sqlIndex, period, attribution, asOf));
      expect(reference.some((r) => Number(r.scored) > 0)).toBe(true);
      const deals = await dealStats(conn, o);
      const stored = await storeLeadStages(conn, { order });
      for (const got of [await roiCounts(conn, o), await roiCounts(conn, { ...o, stored })]) {
        expect(rounded(got.counts)).toEqual(rounded(reference));
        expect(roundedJson(got.deals)).toEqual(roundedJson(deals));
      }
      expect(rounded(await channelCounts(conn, o))).toEqual(rounded(reference));
      // Deal statistics come ordered by channel (they were in hash-table order, which varied run to run).
      const names = deals.byChannel.map((d) => String(d.channel));
      expect(names).toEqual([...names].sort());
      expect(deals.overall.n).toBe(deals.byChannel.reduce((s, d) => s + d.n, 0));
    },
  );
});

// ---- Segments: labels per distinct value instead of per lead. --------------------------------------

describe("segment counts", () => {
  async function exprs(conn: DuckDBConnection) {
    const cols = await all<{ name: string; type: string }>(
      conn,
      `SELECT name, type FROM attributes WHERE role LIKE 'fit.%' OR role LIKE 'intent.%'`,
    );
    return [{ name: "channel", type: "categorical" }, ...cols].map((c) => {
      const col = ident(c.name);
      return c.type === "numeric"
        ? { sql: binCaseSql(`${col}::DOUBLE`, binsFromCuts([0, 1, 2.5, 10, 1000])), columns: [col] }
        : { sql: categoricalSql(col), columns: [col] };
    });
  }

  it("per distinct value equal per lead on the demo data, with a pair and the total from the same pass", async () => {
    const e = await exprs(demo.conn);
    expect(e.length).toBeGreaterThan(5);
    e.push({ sql: `(${e[0]!.sql}) || ' × ' || (${e[1]!.sql})`, columns: [...e[0]!.columns, ...e[1]!.columns] });
    const perLead = await segmentCountsBatch(
      demo.conn,
      e.map((x) => x.sql),
    );
    expect(await segmentCountsBatch(demo.conn, e)).toEqual(perLead);
    const withTotal = await segmentCountsWithTotal(demo.conn, e);
    expect(withTotal.counts).toEqual(perLead);
    const [t] = await all<{ n: number; converted: number }>(
      demo.conn,
      `SELECT count(*) AS n, count(*) FILTER (WHERE won) AS converted FROM (${convertedLeadsSql()})`,
    );
    expect(withTotal.total).toEqual(t);
  });

  it("per distinct value equal per lead on odd values: padding, empty, NaN, NULL, -0.0, and attribute names like the helper columns", async () => {
    const s = await openStore(":memory:");
    try {
      await exec(
        s.conn,
        `ALTER TABLE leads ADD COLUMN tier VARCHAR; ALTER TABLE leads ADD COLUMN x DOUBLE; ALTER TABLE leads ADD COLUMN n VARCHAR; ALTER TABLE leads ADD COLUMN __seg_n VARCHAR`,
      );
      const tiers = ["'a'", "' a'", "'a '", "''", "'NaN'", "'nan'", "NULL", "'b'"];
      const xs = ["0.0", "-0.0", "'NaN'::DOUBLE", "NULL", "1", "2.5", "3", "1e6", "-4"];
      await exec(
        s.conn,
        `INSERT INTO leads (lead_id, created_at, channel, tier, x, n, __seg_n, source, run_id)
        SELECT 'L' || i, DATE '2024-01-01', CASE WHEN i % 3 = 0 THEN 'web' ELSE NULL END, [${tiers.join(", ")}][i % ${tiers.length} + 1],
          [${xs.join(", ")}][i % ${xs.length} + 1], CAST(i % 4 AS VARCHAR), CAST(i % 2 AS VARCHAR), 't', 'r' FROM range(500) r(i)`,
      );
      await exec(
        s.conn,
        `INSERT INTO outcomes SELECT lead_id, CASE WHEN hash(lead_id) % 3 = 0 THEN 'won' ELSE 'lost' END, NULL, NULL, NULL FROM leads`,
      );
      const e = ["channel", "tier", "n", "__seg_n"].map((c) => ({
        sql: categoricalSql(ident(c)),
        columns: [ident(c)],
      }));
      e.push({ sql: binCaseSql(`${ident("x")}::DOUBLE`, binsFromCuts([0, 1, 3])), columns: [ident("x")] });
      e.push({ sql: `(${e[1]!.sql}) || ' × ' || (${e[4]!.sql})`, columns: [ident("tier"), ident("x")] });
      const perLead = await segmentCountsBatch(
        s.conn,
        e.map((x) => x.sql),
      );
      expect(perLead[1]!.map((r) => r.segment)).toContain("(missing)");
      expect(await segmentCountsBatch(s.conn, e)).toEqual(perLead);
      expect((await segmentCountsWithTotal(s.conn, e)).total).toEqual({
        n: 500,
        converted: perLead[0]!.reduce((a, r) => a + r.converted, 0),
      });
    } finally {
      await s.close();
    }
  });
});

// ---- Overview counts. -------------------------------------------------------------------------------

describe("overview counts", () => {
  it.each(["demo", "olist"] as const)(
    "on %s: quarters summed from months equal the quarterly count; stages reached equal the per-lead range join",
    async (which) => {
      const conn = (which === "demo" ? demo : olist).conn;
      expect(quartersFromMonths(await periodCounts(conn, "month"))).toEqual(await periodCounts(conn, "quarter"));
      const reference = await all(
        conn,
        `WITH funnel AS (SELECT stage, min(position) AS position FROM stages WHERE kind = 'funnel' GROUP BY stage),
      furthest AS (SELECT e.lead_id, max(f.position) AS position FROM stage_events e JOIN funnel f USING (stage) GROUP BY e.lead_id)
      SELECT f.stage, f.position, count(r.lead_id)::BIGINT AS n FROM funnel f LEFT JOIN furthest r ON r.position >= f.position
      GROUP BY f.stage, f.position ORDER BY f.position`,
      );
      expect(await stageCounts(conn)).toEqual(reference);
    },
  );

  it("sums months of any year width into their quarters, in order", () => {
    expect(
      quartersFromMonths([
        { period: "2024-12", n: 2, won: 1 },
        { period: "2024-02", n: 5, won: 1 },
        { period: "2024-03", n: 1, won: 0 },
        { period: "2024-04", n: 3, won: 0 },
      ]),
    ).toEqual([
      { period: "2024-01", n: 6, won: 1 },
      { period: "2024-04", n: 3, won: 0 },
      { period: "2024-10", n: 2, won: 1 },
    ]);
  });
});

// ---- The whole build: shared aggregates vs each loader alone. --------------------------------------

const roundedCsv = (t: string) => t.replace(/-?\d+\.\d+(e[-+]?\d+)?/g, (m) => String(round12(Number(m))));

describe("precomputed site data", () => {
  it("equals, file by file, what each data loader computes alone (no shared results)", async () => {
    const out = join(dir, "pages");
    const files = await precomputePages(DEMO, 10, out);
    expect(files).toHaveLength(Object.keys(PAGE_DATA).length + EXPLORE_TABLES.length);
    const before = { db: process.env.LEADLENS_DB, k: process.env.LEADLENS_MIN_CELL };
    process.env.LEADLENS_DB = DEMO;
    process.env.LEADLENS_MIN_CELL = "10";
    try {
      for (const file of files) {
        const alone = await computeFile(file);
        const shared = readFileSync(join(out, file), "utf8");
        if (file.endsWith(".json")) {
          // Float sums may differ in their last bits between runs (DuckDB sums doubles in parallel).
          expect(roundedJson(JSON.parse(shared)), file).toEqual(roundedJson(JSON.parse(alone)));
        } else {
          expect(file === "explore/roi.csv" ? roundedCsv(shared) : shared, file).toEqual(
            file === "explore/roi.csv" ? roundedCsv(alone) : alone,
          );
        }
      }
    } finally {
      if (before.db === undefined) delete process.env.LEADLENS_DB;
      else process.env.LEADLENS_DB = before.db;
      if (before.k === undefined) delete process.env.LEADLENS_MIN_CELL;
      else process.env.LEADLENS_MIN_CELL = before.k;
    }
    const tune = JSON.parse(readFileSync(join(out, "tune.json"), "utf8")).tune;
    expect(tune.available).toBe(true);
    // Coverage summed in DuckDB: the published patterns hold exactly the covered leads.
    expect(tune.data.patterns.reduce((s: number, p: { leads: number }) => s + p.leads, 0)).toBe(
      tune.data.covered_leads,
    );
    expect(tune.data.patterns.every((p: { leads: number }) => p.leads >= 10)).toBe(true);
    expect(tune.data.covered_leads / tune.data.held_out_leads).toBeGreaterThanOrEqual(0.8);
  }, 120_000);
});
