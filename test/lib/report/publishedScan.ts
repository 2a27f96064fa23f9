// Issue 12's check of a published folder (a built dist/, or the data files precompute writes) against
// its store: no value of a personal column, no server path, and no suppressed cell recoverable as a
// published total minus the published cells. Returns what it found, one sentence per problem.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { openStore, all, ident } from "../../../lib/store/index.ts";
import { PROJECT_DIR } from "../../../lib/report/paths.ts";
import { roiReport } from "../../../lib/roi/index.ts";
import { segmentsReport } from "../../../lib/segments/index.ts";
import { funnelReport } from "../../../lib/funnel/index.ts";
import { loadModel } from "../../../lib/model/index.ts";
import { periodCounts } from "../../../lib/report/data/counts.ts";

/** Every file under `dir`, as paths relative to it. */
function files(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((e) =>
    statSync(join(dir, e)).isDirectory() ? files(join(dir, e), join(prefix, e)) : [join(prefix, e)],
  );
}

/** The ways a value can be written in a published file: as is, JSON-escaped, HTML-escaped. */
function spellings(v: string): string[] {
  const html = v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return [...new Set([v, JSON.stringify(v).slice(1, -1), html])];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Scans every file under `dir` (vendored libraries and the wasm engine included) built from the store
 * `db` with minimum cell `k`. Personal values are matched case-insensitively as whole tokens (the model
 * lowercases levels); values under 4 characters are skipped (they would match ordinary words). Files
 * byte-identical to DuckDB-wasm's own (its engines) are skipped: they cannot hold this store's data.
 */
export async function scanPublished(dir: string, db: string, k: number, sourcePaths: string[] = []): Promise<string[]> {
  const store = await openStore(db, { readOnly: true });
  const conn = store.conn;
  const problems: string[] = [];
  try {
    const personal = (await all<{ name: string }>(conn, "SELECT DISTINCT name FROM attributes WHERE personal")).map(
      (r) => r.name,
    );
    const values = new Set<string>();
    for (const name of personal) {
      for (const r of await all<{ v: string }>(
        conn,
        `SELECT DISTINCT CAST(${ident(name)} AS VARCHAR) AS v FROM leads WHERE ${ident(name)} IS NOT NULL`,
      ))
        values.add(r.v);
    }
    const recorded = (await all<{ f: string | null }>(conn, "SELECT DISTINCT source_file AS f FROM ingest_runs"))
      .map((r) => r.f ?? "")
      .filter((f) => /^([A-Za-z]:)?[\\/]/.test(f));
    // This build's own paths, in every file; the bare temp folder only as the prefix of a path.
    const paths = [
      ...new Set([
        resolve(db),
        dirname(resolve(db)),
        PROJECT_DIR,
        ...recorded,
        ...recorded.map((f) => dirname(f)),
        ...sourcePaths,
      ]),
    ].filter((p) => p.length > 1 && p !== tmpdir());
    const needles = [
      ...new Set(
        [...values]
          .filter((v) => v.length >= 4)
          .flatMap(spellings)
          .map((v) => v.toLowerCase()),
      ),
    ];
    const serverDirs = new RegExp(`(^|[^\\w.~-])(${escapeRe(tmpdir())}|/tmp|/work|/root|/home)/[\\w.-]`);
    const upstream = npmFiles();
    for (const file of files(dir)) {
      const bytes = readFileSync(join(dir, file));
      // A file byte-identical to one npm ships (DuckDB's 36 MB wasm engines) holds nothing of this store.
      if (upstream.has(createHash("sha256").update(bytes).digest("hex"))) continue;
      const text = bytes.toString("latin1");
      const utf8 = bytes.toString("utf8");
      const lower = utf8.toLowerCase();
      for (const v of needles) if (holdsToken(lower, v)) problems.push(`${file} holds a personal value (${v})`);
      for (const name of personal)
        if (utf8.includes(`"${name}"`)) problems.push(`${file} names the personal column ${name}`);
      for (const p of paths)
        for (const s of spellings(p)) if (text.includes(s)) problems.push(`${file} holds the server path ${p}`);
      // The vendored libraries are npm's files as published (DuckDB-wasm's emscripten file system
      // names /tmp and /home/web_user, its wasm its own CI's folders): only this build's paths count there.
      const m = /^_(npm|observablehq)\//.test(file) ? null : serverDirs.exec(text);
      if (m) problems.push(`${file} holds a server path: …${text.slice(m.index, m.index + 60)}…`);
    }
    problems.push(...(await recoverable(dir, conn, k)));
  } finally {
    await store.close();
  }
  return problems;
}

/** True when `text` holds `value` as a whole token (not inside a longer word or number). */
function holdsToken(text: string, value: string): boolean {
  const word = /[\p{L}\p{N}_]/u;
  for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
    const before = text[i - 1];
    const after = text[i + value.length];
    if ((before === undefined || !word.test(before)) && (after === undefined || !word.test(after))) return true;
  }
  return false;
}

/** SHA-256 of every file DuckDB-wasm's npm package ships (dist/ copies its engines unchanged). */
function npmFiles(): Set<string> {
  const root = join(PROJECT_DIR, "node_modules", "@duckdb", "duckdb-wasm", "dist");
  return new Set(
    files(root).map((f) =>
      createHash("sha256")
        .update(readFileSync(join(root, f)))
        .digest("hex"),
    ),
  );
}

/** The published JSON data file named `name` (dist/ names it `name.<hash>.json`), or undefined. */
function dataFile(dir: string, name: string): any {
  const file = files(dir).find((f) => new RegExp(`(^|/)${name}(\\.[0-9a-f]{8,})?\\.json$`).test(f));
  return file ? JSON.parse(readFileSync(join(dir, file), "utf8")) : undefined;
}

type Cells = Record<string, Record<string, number | null>>;

/**
 * One partition: `total` (published) minus the published cells gives the hidden cells' sum, per
 * measure. A hidden cell under k must not be that sum on any measure it carries, and the hidden
 * leads together must be none or at least k.
 */
function checkPartition(
  where: string,
  k: number,
  count: string,
  total: Record<string, number | null>,
  published: string[],
  truth: Cells,
  problems: string[],
): void {
  const hidden = Object.keys(truth).filter((c) => !published.includes(c));
  for (const m of Object.keys(total)) {
    if (total[m] == null) continue;
    const derived = total[m]! - published.reduce((s, c) => s + (truth[c]?.[m] ?? 0), 0);
    if (m === count && Math.round(derived) > 0 && derived < k)
      problems.push(`${where}: total minus the published cells gives ${derived} leads (fewer than ${k})`);
    for (const c of hidden) {
      const v = truth[c][m] ?? 0;
      if ((truth[c][count] ?? 0) < k && v !== 0 && Math.abs(derived - v) < 1e-6 * Math.max(1, Math.abs(v)))
        problems.push(`${where}: total minus the published cells gives ${c}'s ${m} (${v})`);
    }
  }
}

/** Recomputes, from the store, every published partition whose total is published, and checks it. */
async function recoverable(dir: string, conn: Parameters<typeof roiReport>[0], k: number): Promise<string[]> {
  const problems: string[] = [];
  const overview = dataFile(dir, "overview");
  const roi = dataFile(dir, "roi");
  const byName = <T>(rows: T[], key: (r: T) => string, pick: (r: T) => Record<string, number | null>): Cells =>
    Object.fromEntries(rows.map((r) => [key(r), pick(r)]));
  if (roi?.report?.available) {
    const truth = await roiReport(conn);
    const cells = byName(
      truth.channels as any[],
      (c) => c.channel,
      (c) => ({ leads: c.leads, won: c.won, revenue: c.revenue, spend: c.spend }),
    );
    const shown = roi.report.data.channels.map((c: any) => c.channel);
    const t = roi.report.data.total;
    if (t)
      checkPartition(
        "roi.json total vs channels",
        k,
        "leads",
        { leads: t.leads, won: t.won, revenue: t.revenue, spend: t.spend },
        shown,
        cells,
        problems,
      );
    if (overview)
      checkPartition(
        "overview.json leads and won vs roi.json channels",
        k,
        "leads",
        { leads: overview.leads, won: overview.won },
        shown,
        cells,
        problems,
      );
    const withSpend = Object.fromEntries(Object.entries(cells).filter(([, c]) => (c.spend ?? 0) > 0));
    // Across files: the channels Segments shows (n, converted) and those Channel ROI shows, together.
    const seg = dataFile(dir, "segments")?.report?.data?.attributes?.find((a: any) => a.attribute === "channel");
    const bySegments = (seg?.segments ?? []).map((g: any) =>
      g.segment === "(missing)" ? "(no channel)" : String(g.segment),
    );
    if (overview && seg)
      checkPartition(
        "overview.json leads and won vs channels on roi.json and segments.json together",
        k,
        "leads",
        { leads: overview.leads, won: overview.won },
        [...new Set([...shown, ...bySegments])],
        cells,
        problems,
      );
    if (overview?.roi?.available)
      checkPartition(
        "overview.json ROI totals vs roi.json channels with spend",
        k,
        "leads",
        { spend: overview.roi.data.spend, revenue: overview.roi.data.revenue },
        shown.filter((c: string) => c in withSpend),
        withSpend,
        problems,
      );
  }
  const segments = dataFile(dir, "segments");
  if (segments?.report?.available && segments.report.data.overall) {
    const truth = await segmentsReport(conn, {});
    const o = segments.report.data.overall;
    for (const a of segments.report.data.attributes) {
      const t = truth.attributes.find((x: any) => x.attribute === a.attribute) as any;
      const cells = byName(
        t.segments as any[],
        (g) => String(g.segment),
        (g) => ({ n: g.n, converted: g.converted }),
      );
      checkPartition(
        `segments.json ${a.attribute}`,
        k,
        "n",
        { n: o.n, converted: o.converted },
        a.segments.map((g: any) => String(g.segment)),
        cells,
        problems,
      );
    }
  }
  if (overview?.monthly && overview.leads != null) {
    const months = await periodCounts(conn, "month");
    const cells = byName(
      months,
      (m) => m.period,
      (m) => ({ n: m.n, won: m.won }),
    );
    const dated = months.reduce((s, m) => [s[0] + m.n, s[1] + m.won], [0, 0]);
    if (overview.leads > dated[0])
      cells["(no creation date)"] = { n: overview.leads - dated[0], won: overview.won - dated[1] };
    checkPartition(
      "overview.json leads vs monthly",
      k,
      "n",
      { n: overview.leads, won: overview.won },
      overview.monthly.rows.map((m: any) => m.period),
      cells,
      problems,
    );
  }
  const funnel = dataFile(dir, "funnel");
  if (funnel?.report?.available) {
    const truth = await funnelReport(conn, { by: ["channel"], cohort: "quarter" });
    const all = [...truth.transitions, ...(truth.time_to_convert ? [truth.time_to_convert] : [])] as any[];
    for (const t of [
      ...funnel.report.data.transitions,
      ...(funnel.report.data.time_to_convert ? [funnel.report.data.time_to_convert] : []),
    ]) {
      const tt = all.find((x) => x.from === t.from && x.to === t.to);
      for (const dim of new Set<string>(tt.by.map((g: any) => g.dimension))) {
        const cells = byName(
          tt.by.filter((g: any) => g.dimension === dim),
          (g: any) => String(g.value),
          (g: any) => ({ entered: g.entered, moved_on: g.moved_on }),
        );
        checkPartition(
          `funnel.json ${t.from} → ${t.to} by ${dim}`,
          k,
          "entered",
          { entered: t.entered, moved_on: t.moved_on },
          t.by.filter((g: any) => g.dimension === dim).map((g: any) => String(g.value)),
          cells,
          problems,
        );
      }
    }
  }
  const model = dataFile(dir, "model");
  if (model?.model?.available) {
    const m: any = await loadModel(conn);
    for (const a of m.attributes) {
      const shown = model.points
        .filter((p: any) => p.attribute === a.name && p.n != null)
        .map((p: any) => String(p.level));
      if (!model.points.some((p: any) => p.attribute === a.name)) continue;
      const cells = byName(
        a.levels as any[],
        (l) => String(l.level),
        (l) => ({ leads: l.leads, conversions: l.conversions }),
      );
      checkPartition(
        `model.json points of ${a.name}`,
        k,
        "leads",
        { leads: model.model.data.n_train },
        shown,
        cells,
        problems,
      );
    }
  }
  const tune = dataFile(dir, "tune");
  if (tune?.tune?.available) {
    const d = tune.tune.data;
    const rest = d.held_out_leads - d.patterns.reduce((s: number, p: any) => s + p.leads, 0);
    if (rest > 0 && rest < k)
      problems.push(`tune.json: held-out leads minus the published patterns gives ${rest} leads (fewer than ${k})`);
  }
  return problems;
}
