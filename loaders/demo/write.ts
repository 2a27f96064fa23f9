/**
 * writeDemo: draws the demo leads and streams them to CSV files, chunk by chunk with backpressure,
 * so memory stays flat at 10M leads; then writes spend.csv, the source config and truth.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../lib/errors/UserError.ts";
import { timestampFormatter, windowMonths, isoDay, type Month } from "./calendar.ts";
import { demoConfigYaml, FILES } from "./config.ts";
import { drawLead, leadTables, type DemoLead } from "./lead.ts";
import { random } from "./random.ts";
import { CsvSink } from "./sink.ts";
import { count, newTally, type Tally } from "./tally.ts";
import { spendRows, truthJson } from "./truth-json.ts";
import { ATTRIBUTES, CHANNELS, EXTRA_CHANNELS, LEAD_GROWTH, STAGES, WINDOW_START, type ChannelTruth } from "./truth.ts";

/** Options of {@link writeDemo}. */
export interface DemoOptions {
  /** Number of leads. Default 50,000. */
  leads?: number;
  /** Seed of the random generator: the same seed gives byte-identical files. Default 1. */
  seed?: number;
  /** Calendar months in the window, starting 2024-01-01. Default 24. */
  months?: number;
  /** Number of channels, 1–12 (the first 6 are the stated demo channels). Default 6. */
  channels?: number;
  /** Folder to write into (created if missing; files in it are overwritten). */
  dir: string;
  /** Called after each chunk of leads with (leads written, total leads). */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link writeDemo} wrote: absolute paths. */
export interface DemoFiles {
  configPath: string;
  truthPath: string;
  files: string[];
}

/** Leads between two progress calls. */
const PROGRESS_EVERY = 5000;

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError(
      `demo option ${name}: expected a whole number from ${min} to ${max.toLocaleString("en-US")}, got ${value}.`,
    );
  }
  return value;
}

/** Leads per month ∝ (1 + LEAD_GROWTH)^month, by largest remainder so they sum to `leads`. */
export function leadsPerMonth(leads: number, months: number): number[] {
  const w = Array.from({ length: months }, (_, m) => (1 + LEAD_GROWTH) ** m);
  const total = w.reduce((a, b) => a + b, 0);
  const exact = w.map((x) => (leads * x) / total);
  const counts = exact.map(Math.floor);
  let left = leads - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j++, left--) counts[order[j][1]]++;
  return counts;
}

interface Sinks {
  leads: CsvSink;
  events: CsvSink;
  outcomes: CsvSink;
}

/** Writes one lead's CSV lines, with censoring at as_of applied. */
function writeLead(
  out: Sinks,
  id: string,
  lead: DemoLead,
  campaign: string,
  channel: string,
  asOf: number,
  ts: (s: number) => string,
): void {
  out.leads.add(`${id},${ts(lead.at[0])},${channel},${campaign},${lead.value.join(",")}\n`);
  for (let k = 1; k <= lead.reached; k++)
    if (lead.at[k] < asOf) out.events.add(`${id},${STAGES[k]},${ts(lead.at[k])}\n`);
  const decided = lead.closed < asOf;
  if (decided && lead.exit !== "won") out.events.add(`${id},${lead.exit},${ts(lead.closed)}\n`);
  out.outcomes.add(
    decided
      ? `${id},${lead.exit},${ts(lead.closed)},${lead.exit === "won" ? lead.amount : ""},${lead.reason}\n`
      : `${id},open,,,\n`,
  );
}

/** Sorted creation times (epoch seconds) of `n` leads uniform within a month. */
function createdTimes(n: number, month: Month, r: ReturnType<typeof random>): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = month.start + Math.floor(r.uniform() * (month.end - month.start));
  return t.sort();
}

/** What streaming the leads needs to know. */
interface LeadRun {
  dir: string;
  leads: number;
  seed: number;
  channels: ChannelTruth[];
  months: Month[];
  asOf: number;
  onProgress?: (done: number, total: number) => void;
}

/** Draws every lead in order of creation and streams leads.csv, stage_events.csv and outcomes.csv. */
async function streamLeads(run: LeadRun): Promise<Tally> {
  const { dir, leads, channels, months, asOf } = run;
  const tables = leadTables(channels);
  const r = random(run.seed);
  const ts = timestampFormatter();
  const tally = newTally(channels.length, months.length);
  const width = Math.max(7, String(leads).length);
  const out: Sinks = {
    leads: new CsvSink(
      path.join(dir, FILES.leads),
      ["lead_id", "created_at", "channel", "campaign", ...ATTRIBUTES.map((a) => a.name)].join(","),
    ),
    events: new CsvSink(path.join(dir, FILES.stageEvents), "lead_id,stage,entered_at"),
    outcomes: new CsvSink(path.join(dir, FILES.outcomes), "lead_id,outcome,closed_at,amount,reason"),
  };
  const sinks = [out.leads, out.events, out.outcomes];
  try {
    let done = 0;
    const perMonth = leadsPerMonth(leads, months.length);
    for (const month of months) {
      const quarter = `${month.first_day.slice(0, 4)}q${Math.floor((Number(month.first_day.slice(5, 7)) - 1) / 3) + 1}`;
      for (const created of createdTimes(perMonth[month.index], month, r)) {
        const lead = drawLead(tables, r, created);
        const channel = channels[lead.channel].channel;
        const id = `L${String(++done).padStart(width, "0")}`;
        writeLead(out, id, lead, `${channel}_${quarter}`, channel, asOf, ts);
        count(tally, lead, month.index, asOf);
        if (sinks.some((s) => s.pending)) await Promise.all(sinks.map((s) => s.drain()));
        if (done % PROGRESS_EVERY === 0) run.onProgress?.(done, leads);
      }
    }
    await Promise.all(sinks.map((s) => s.close()));
    run.onProgress?.(done, leads);
    return tally;
  } catch (e) {
    for (const s of sinks) s.destroy();
    throw e;
  }
}

/**
 * Writes a synthetic demo source drawn from a stated ground truth into `dir`: leads.csv,
 * stage_events.csv (long form), outcomes.csv, spend.csv, demo.yml (the source config) and
 * truth.json (every number of the truth plus the realised totals), truth.json last. See docs/demo.md.
 *
 * @example
 * const { configPath, truthPath } = await writeDemo({ dir: "/tmp/demo", leads: 20_000, seed: 7 });
 * // configPath = "/tmp/demo/demo.yml", truthPath = "/tmp/demo/truth.json"
 */
export async function writeDemo(options: DemoOptions): Promise<DemoFiles> {
  const leads = checkInteger("leads", options.leads ?? 50_000, 1, 100_000_000);
  const seed = checkInteger("seed", options.seed ?? 1, 0, 2 ** 32 - 1);
  const monthCount = checkInteger("months", options.months ?? 24, 1, 120);
  const channelCount = checkInteger("channels", options.channels ?? 6, 1, CHANNELS.length + EXTRA_CHANNELS.length);
  const dir = path.resolve(options.dir);
  await mkdir(dir, { recursive: true });

  const channels = [...CHANNELS, ...EXTRA_CHANNELS].slice(0, channelCount);
  const months = windowMonths(WINDOW_START, monthCount);
  const asOf = months[months.length - 1].end;
  const tally = await streamLeads({ dir, leads, seed, channels, months, asOf, onProgress: options.onProgress });

  const spend = spendRows(channels, months, leads);
  const spendCsv =
    "channel,period_start,period_end,amount\n" +
    spend.map((s) => `${s.channel},${s.period_start},${s.period_end},${(s.cents / 100).toFixed(2)}\n`).join("");
  await writeFile(path.join(dir, FILES.spend), spendCsv);
  const asOfDay = isoDay(asOf);
  await writeFile(path.join(dir, FILES.config), demoConfigYaml(asOfDay, seed, leads));
  const truth = truthJson({
    options: { leads, seed, months: monthCount, channels: channelCount },
    channels,
    months,
    asOf: asOfDay,
    tally,
    spend,
  });
  await writeFile(path.join(dir, FILES.truth), `${JSON.stringify(truth, null, 2)}\n`);

  const files = [FILES.leads, FILES.stageEvents, FILES.outcomes, FILES.spend, FILES.config, FILES.truth].map((f) =>
    path.join(dir, f),
  );
  return { configPath: path.join(dir, FILES.config), truthPath: path.join(dir, FILES.truth), files };
}
