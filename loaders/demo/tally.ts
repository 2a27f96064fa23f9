/**
 * Counting while generating: the realised totals as of as_of (what the CSVs hold, censoring
 * applied) and the latent counts (every lead followed forever) that the true Kaplan–Meier
 * medians and the recovery window are computed from. Memory stays flat: counts only.
 */
import type { DemoLead } from "./lead.ts";
import { ATTRIBUTES, STAGES } from "./truth.ts";

/** Realised (as of as_of) counts of one channel. */
export interface ChannelCounts {
  leads: number;
  /** Leads with a stage event dated before as_of, per STAGES index (0 = lead … 4 = won). */
  reached: number[];
  lost: number;
  disqualified: number;
  open: number;
  /** Revenue of won deals closed before as_of, whole dollars. */
  revenue: number;
  /** Latent: leads that ever enter STAGES[k], and of those, leads that ever enter STAGES[k + 1]. */
  entered: number[];
  moved: number[];
  /** Latent: leads eventually won, and the sum of their true probabilities. */
  won_eventually: number;
  expected_won: number;
}

/** One created-month cohort: how much of it is decided by as_of. */
export interface MonthCounts {
  leads: number;
  decided: number;
  won_by_as_of: number;
  won_eventually: number;
  expected_won: number;
}

/** Per attribute level: leads, latent wins and the sum of true probabilities. */
export interface LevelCounts {
  leads: number;
  won_eventually: number;
  expected_won: number;
}

export interface Tally {
  channels: ChannelCounts[];
  months: MonthCounts[];
  levels: LevelCounts[][];
}

const zeros = (n: number) => new Array<number>(n).fill(0);

/** An empty tally for `channels` channels and `months` months. */
export function newTally(channels: number, months: number): Tally {
  return {
    channels: Array.from({ length: channels }, () => ({
      leads: 0,
      reached: zeros(STAGES.length),
      lost: 0,
      disqualified: 0,
      open: 0,
      revenue: 0,
      entered: zeros(STAGES.length - 1),
      moved: zeros(STAGES.length - 1),
      won_eventually: 0,
      expected_won: 0,
    })),
    months: Array.from({ length: months }, () => ({
      leads: 0,
      decided: 0,
      won_by_as_of: 0,
      won_eventually: 0,
      expected_won: 0,
    })),
    levels: ATTRIBUTES.map((a) => a.levels.map(() => ({ leads: 0, won_eventually: 0, expected_won: 0 }))),
  };
}

/** Adds one lead created in month `month`, with as_of in epoch seconds. */
export function count(t: Tally, lead: DemoLead, month: number, asOf: number): void {
  const c = t.channels[lead.channel];
  const m = t.months[month];
  const won = lead.exit === "won";
  c.leads++;
  m.leads++;
  for (let k = 0; k <= lead.reached; k++) if (lead.at[k] < asOf) c.reached[k]++;
  for (let k = 0; k < STAGES.length - 1 && k <= lead.reached; k++) {
    c.entered[k]++;
    if (lead.reached > k) c.moved[k]++;
  }
  if (lead.closed < asOf) {
    m.decided++;
    if (won) {
      c.revenue += lead.amount;
      m.won_by_as_of++;
    } else c[lead.exit as "lost" | "disqualified"]++;
  } else c.open++;
  if (won) {
    c.won_eventually++;
    m.won_eventually++;
  }
  c.expected_won += lead.p;
  m.expected_won += lead.p;
  lead.level.forEach((k, i) => {
    const l = t.levels[i][k];
    l.leads++;
    l.expected_won += lead.p;
    if (won) l.won_eventually++;
  });
}
