/**
 * Drawing one demo lead from the ground truth: its channel and attributes, whether it is won
 * (the logistic model), how it leaves the funnel otherwise (disqualified with a reason, or lost
 * from a stage), and when it enters each stage. Nothing here knows about as_of: this is the
 * latent, uncensored lead; censoring happens when it is written.
 */
import { cumulative, type Random } from "./random.ts";
import {
  ATTRIBUTES,
  DEAL_AMOUNT,
  DISQUALIFICATION,
  EXIT_TIMING,
  INTERCEPT,
  LOST_REASONS,
  STAGES,
  type AttributeTruth,
  type ChannelTruth,
  type Lognormal,
} from "./truth.ts";

/** A latent lead: everything about it, followed forever. Times are epoch seconds. */
export interface DemoLead {
  channel: number;
  /** Level index per attribute (ATTRIBUTES order); the last level of each is missing. */
  level: number[];
  /** The CSV field per attribute ("" when missing). */
  value: string[];
  /** The true conversion probability of the logistic model. */
  p: number;
  exit: "won" | "lost" | "disqualified";
  /** Index in STAGES of the last funnel stage the lead enters (4 = won). */
  reached: number;
  /** entered_at of STAGES[0..reached]. */
  at: number[];
  /** When the outcome is decided (won, lost or disqualified). */
  closed: number;
  amount: number;
  reason: string;
}

/** The tables a run draws from, prepared once for the channels in use. */
export interface LeadTables {
  channels: ChannelTruth[];
  channelMix: Float64Array;
  /** Per attribute: one cumulative table per channel, or per company_size level for annual_revenue. */
  attributeMix: Float64Array[][];
  lostFrom: Float64Array[];
}

/** Share of each channel, renormalised over the channels in use. */
export function channelShares(channels: ChannelTruth[]): number[] {
  const total = channels.reduce((s, c) => s + c.weight, 0);
  return channels.map((c) => c.weight / total);
}

function attributeTables(a: AttributeTruth, channels: ChannelTruth[]): Float64Array[] {
  if (a.mix_by_company_size) {
    const size = ATTRIBUTES.find((x) => x.name === "company_size")!;
    return size.levels.map((l) => cumulative(a.mix_by_company_size![l.label]));
  }
  // A channel's own mix where it states one (job_role, company_size; email_opens for email), else the shared mix.
  return channels.map((c) => cumulative(c.mixes[a.name as keyof ChannelTruth["mixes"]] ?? a.mix));
}

/** Prepares the cumulative tables for the given channels. */
export function leadTables(channels: ChannelTruth[]): LeadTables {
  return {
    channels,
    channelMix: cumulative(channelShares(channels)),
    attributeMix: ATTRIBUTES.map((a) => attributeTables(a, channels)),
    lostFrom: channels.map((c) => cumulative(c.lost_from)),
  };
}

const SIZE = ATTRIBUTES.findIndex((a) => a.name === "company_size");
const ROLE = ATTRIBUTES.findIndex((a) => a.name === "job_role");
const REGION = ATTRIBUTES.findIndex((a) => a.name === "region");
const levelIndex = (attr: number, label: string) => ATTRIBUTES[attr].levels.findIndex((l) => l.label === label);
const STUDENT = levelIndex(ROLE, "student");
const OUTSIDE = [levelIndex(REGION, "middle_east"), levelIndex(REGION, "africa")];
const SIZE_1_10 = levelIndex(SIZE, "1-10");
const EARLY = cumulative(LOST_REASONS.early.shares);
const LATE = cumulative(LOST_REASONS.late.shares);
const DAY = 86_400;

/** A numeric attribute's value within its bin (see `within_bin` in truth.ts). */
function numericValue(a: AttributeTruth, bin: number, r: Random): string {
  const { lower = 0, upper = null } = a.levels[bin];
  switch (a.name) {
    case "annual_revenue": {
      const v =
        upper === null
          ? lower * Math.exp(r.exponential(1))
          : Math.exp(Math.log(Math.max(lower, 50_000)) + r.uniform() * Math.log(upper / Math.max(lower, 50_000)));
      return String(Math.floor(v / 1000) * 1000);
    }
    case "webinar_minutes": {
      if (upper === 1) return "0";
      const v = lower + r.uniform() * ((upper ?? 90) - lower);
      return (Math.floor(v * 10) / 10).toFixed(1);
    }
    default: {
      const topMean = a.name === "pages_viewed" ? 6 : 5;
      if (upper === null) return String(lower + Math.floor(r.exponential(topMean)));
      return String(lower + Math.floor(r.uniform() * (upper - lower)));
    }
  }
}

function drawAttributes(t: LeadTables, channel: number, r: Random, lead: DemoLead): number {
  let eta = INTERCEPT;
  ATTRIBUTES.forEach((a, i) => {
    const table = a.mix_by_company_size ? t.attributeMix[i][lead.level[SIZE]] : t.attributeMix[i][channel];
    const k = r.pick(table);
    const l = a.levels[k];
    lead.level[i] = k;
    lead.value[i] = l.missing ? "" : a.type === "numeric" ? numericValue(a, k, r) : l.label;
    eta += l.coef;
  });
  return eta;
}

/** How a lead that is not won leaves: disqualified (checked in DISQUALIFICATION's order) or lost. */
function drawExit(t: LeadTables, channel: number, r: Random, lead: DemoLead): void {
  const d = DISQUALIFICATION;
  const disqualify = (reason: string, stage: number) => {
    lead.exit = "disqualified";
    lead.reason = reason;
    lead.reached = stage;
  };
  if (lead.level[ROLE] === STUDENT && r.uniform() < d.student.probability) {
    disqualify(d.student.reason, 0);
    return;
  }
  if (OUTSIDE.includes(lead.level[REGION]) && r.uniform() < d.outside.probability) {
    disqualify(d.outside.reason, 0);
    return;
  }
  if (r.uniform() < d.competitor.probability) {
    disqualify(d.competitor.reason, 0);
    return;
  }
  const noBudget = lead.level[SIZE] === SIZE_1_10 ? d.no_budget.probability : d.no_budget.probability_else;
  if (r.uniform() < noBudget) {
    disqualify(d.no_budget.reason, 1);
    return;
  }
  lead.exit = "lost";
  lead.reached = r.pick(t.lostFrom[channel]);
  const reasons = lead.reached <= 1 ? LOST_REASONS.early : LOST_REASONS.late;
  lead.reason = reasons.levels[r.pick(lead.reached <= 1 ? EARLY : LATE)];
}

const seconds = (r: Random, t: Lognormal) => Math.max(1, Math.round(r.lognormal(t.median_days, t.sigma) * DAY));

/** Draws one latent lead created at `created` (epoch seconds). */
export function drawLead(t: LeadTables, r: Random, created: number): DemoLead {
  const channel = r.pick(t.channelMix);
  const lead: DemoLead = {
    channel,
    level: new Array(ATTRIBUTES.length),
    value: new Array(ATTRIBUTES.length),
    p: 0,
    exit: "won",
    reached: STAGES.length - 1,
    at: [created],
    closed: 0,
    amount: 0,
    reason: "",
  };
  lead.p = 1 / (1 + Math.exp(-drawAttributes(t, channel, r, lead)));
  if (r.uniform() >= lead.p) drawExit(t, channel, r, lead);
  const timing = t.channels[channel].timing;
  for (let k = 0; k < lead.reached; k++) lead.at.push(lead.at[k] + seconds(r, timing[k]));
  const last = lead.at[lead.reached];
  if (lead.exit === "won") {
    lead.closed = last;
    const size = ATTRIBUTES[SIZE].levels[lead.level[SIZE]].label;
    lead.amount = Math.round(r.lognormal(DEAL_AMOUNT.median_by_company_size[size], DEAL_AMOUNT.sigma));
  } else if (lead.exit === "disqualified") {
    lead.closed = last + seconds(r, EXIT_TIMING.disqualified);
  } else {
    lead.closed = last + seconds(r, EXIT_TIMING.lost[STAGES[lead.reached] as "lead"]);
  }
  return lead;
}
