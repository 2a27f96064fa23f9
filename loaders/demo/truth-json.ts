/**
 * Assembles truth.json: the stated ground truth (truth.ts) for the channels in use, the true
 * Kaplan–Meier medians from the latent counts, and the realised totals as of as_of.
 */
import type { Month } from "./calendar.ts";
import { channelShares } from "./lead.ts";
import { improperMedian, pooledImproperMedian } from "./medians.ts";
import type { Tally } from "./tally.ts";
import {
  ATTRIBUTES,
  DEAL_AMOUNT,
  DEMO_VERSION,
  DISQUALIFICATION,
  EXITS,
  EXIT_TIMING,
  INTERCEPT,
  LEAD_GROWTH,
  LOST_REASONS,
  MISSING_LABEL,
  STAGES,
  type AttributeTruth,
  type ChannelTruth,
} from "./truth.ts";

/** One row of spend.csv. */
export interface SpendRow {
  channel: string;
  period_start: string;
  period_end: string;
  /** Whole cents, so totals add up exactly. */
  cents: number;
}

/**
 * Spend per channel and calendar month: the channel's planned cost per lead × the leads planned for
 * it that month (total leads × channel share × month share, with month shares ∝ (1 + LEAD_GROWTH)^month),
 * rounded to cents. Spend so scales with `leads`, and ROI means the same at every size.
 */
export function spendRows(channels: ChannelTruth[], months: Month[], leads: number): SpendRow[] {
  const shares = channelShares(channels);
  const monthWeights = months.map((m) => (1 + LEAD_GROWTH) ** m.index);
  const totalWeight = monthWeights.reduce((a, b) => a + b, 0);
  return channels.flatMap((c, i) =>
    months.map((m) => ({
      channel: c.channel,
      period_start: m.first_day,
      period_end: m.last_day,
      cents: Math.round(c.cost_per_lead * leads * shares[i] * (monthWeights[m.index] / totalWeight) * 100),
    })),
  );
}

/** The share of all leads expected at each level of an attribute (analytic, from the stated mixes). */
function expectedShares(a: AttributeTruth, channels: ChannelTruth[]): number[] {
  const shares = channelShares(channels);
  const byChannel = channels.map((c) => c.mixes[a.name as keyof ChannelTruth["mixes"]] ?? a.mix);
  const mixed = (tables: number[][], w: number[]) =>
    a.levels.map((_, k) => tables.reduce((s, t, i) => s + w[i] * t[k], 0));
  if (!a.mix_by_company_size) return mixed(byChannel, shares);
  const size = ATTRIBUTES.find((x) => x.name === "company_size")!;
  const sizeShares = expectedShares(size, channels);
  return mixed(
    size.levels.map((l) => a.mix_by_company_size![l.label]),
    sizeShares,
  );
}

function attributesTruth(channels: ChannelTruth[], tally: Tally) {
  return ATTRIBUTES.map((a, i) => {
    const shares = expectedShares(a, channels);
    return {
      name: a.name,
      role: a.role,
      type: a.type,
      description: a.description,
      reference: a.reference,
      within_bin: a.within_bin ?? null,
      mix_by_company_size: a.mix_by_company_size ?? null,
      levels: a.levels.map((l, k) => ({
        level: l.label,
        missing: !!l.missing,
        lower: l.lower ?? null,
        upper: l.upper === undefined ? null : l.upper,
        coef: l.coef,
        expected_share: shares[k],
        mix_by_channel: Object.fromEntries(
          channels.map((c) => [c.channel, (c.mixes[a.name as keyof ChannelTruth["mixes"]] ?? a.mix)[k]]),
        ),
        ...tally.levels[i][k],
      })),
    };
  });
}

function logisticTruth(channels: ChannelTruth[]) {
  return {
    intercept: INTERCEPT,
    missing_level: MISSING_LABEL,
    reference_levels: Object.fromEntries(ATTRIBUTES.map((a) => [a.name, a.reference])),
    coefficients: ATTRIBUTES.flatMap((a) =>
      a.levels
        .filter((l) => l.label !== a.reference)
        .map((l) => ({
          attribute: a.name,
          level: l.label,
          missing: !!l.missing,
          ...(a.type === "numeric" && !l.missing ? { lower: l.lower, upper: l.upper } : {}),
          coef: l.coef,
        })),
    ),
    channel_effect:
      "none: channel does not enter the model (its coefficient is 0 for every channel); channels convert differently only through their attribute mixes",
    channel_coefficients: Object.fromEntries(channels.map((c) => [c.channel, 0])),
  };
}

function funnelTruth(channels: ChannelTruth[], tally: Tally) {
  const transitions = STAGES.slice(0, -1).map((from, k) => {
    const entered = tally.channels.reduce((s, c) => s + c.entered[k], 0);
    const byChannel = channels.map((ch, i) => {
      const c = tally.channels[i];
      const p = c.entered[k] ? c.moved[k] / c.entered[k] : 0;
      return {
        channel: ch.channel,
        entered: c.entered[k],
        moved: c.moved[k],
        p_move: p,
        timing: { distribution: "lognormal", ...ch.timing[k] },
        km_median_days: improperMedian(p, ch.timing[k]),
      };
    });
    const moved = tally.channels.reduce((s, c) => s + c.moved[k], 0);
    const all = pooledImproperMedian(
      byChannel.map((b) => ({ share: entered ? b.entered / entered : 0, p_move: b.p_move, timing: b.timing })),
    );
    return {
      from,
      to: STAGES[k + 1],
      all: { entered, moved, p_move: entered ? moved / entered : 0, km_median_days: all },
      by_channel: byChannel,
    };
  });
  return {
    stages: STAGES,
    exits: EXITS,
    transitions,
    p_move_source: "latent: the generator's own uncensored leads (every lead followed forever, before as_of censoring)",
    exit_timing: EXIT_TIMING,
    disqualification: DISQUALIFICATION,
    lost_reasons: LOST_REASONS,
  };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function realisedTruth(channels: ChannelTruth[], tally: Tally, spend: SpendRow[]) {
  const rows = channels.map((ch, i) => {
    const c = tally.channels[i];
    const cents = spend.filter((s) => s.channel === ch.channel).reduce((s, r) => s + r.cents, 0);
    const [leads, mqls, sqls, opportunities, won] = c.reached;
    return {
      channel: ch.channel,
      spend: cents / 100,
      leads,
      mqls,
      sqls,
      opportunities,
      won,
      revenue: c.revenue,
      lost: c.lost,
      disqualified: c.disqualified,
      open: c.open,
    };
  });
  const sum = (k: keyof (typeof rows)[number]) => rows.reduce((s, r) => s + (r[k] as number), 0);
  const total = {
    channel: "all",
    spend: spend.reduce((s, r) => s + r.cents, 0) / 100,
    leads: sum("leads"),
    mqls: sum("mqls"),
    sqls: sum("sqls"),
    opportunities: sum("opportunities"),
    won: sum("won"),
    revenue: sum("revenue"),
    lost: sum("lost"),
    disqualified: sum("disqualified"),
    open: sum("open"),
  };
  const costs = (r: typeof total) => ({
    ...r,
    cost_per_lead: ratio(r.spend, r.leads),
    cost_per_mql: ratio(r.spend, r.mqls),
    cost_per_sql: ratio(r.spend, r.sqls),
    cost_per_opportunity: ratio(r.spend, r.opportunities),
    cost_per_won: ratio(r.spend, r.won),
    roi: ratio(r.revenue - r.spend, r.spend),
  });
  return { by_channel: rows.map(costs), total: costs(total) };
}

function recoveryTruth(months: Month[], tally: Tally) {
  const byMonth = months.map((m, i) => ({ month: m.first_day, ...tally.months[i] }));
  const firstUnripe = byMonth.findIndex((m) => m.leads > 0 && m.decided / m.leads < 0.99);
  return {
    note: "leads created before mature_created_before are ≥ 99% decided by as_of (per created month): fit on them, or treat open leads as censored, to recover the coefficients without bias from undecided recent leads",
    mature_created_before: firstUnripe < 0 ? null : byMonth[firstUnripe].month,
    by_created_month: byMonth,
  };
}

/** The whole truth.json object. */
export function truthJson(args: {
  options: { leads: number; seed: number; months: number; channels: number };
  channels: ChannelTruth[];
  months: Month[];
  asOf: string;
  tally: Tally;
  spend: SpendRow[];
}) {
  const { channels, months, tally, spend } = args;
  const shares = channelShares(channels);
  const leads = tally.channels.reduce((s, c) => s + c.leads, 0);
  const wonEventually = tally.channels.reduce((s, c) => s + c.won_eventually, 0);
  return {
    generator: "leadlens demo",
    version: DEMO_VERSION,
    options: args.options,
    window: {
      start: months[0].first_day,
      as_of: args.asOf,
      months: months.length,
      lead_growth_per_month: LEAD_GROWTH,
      note: "leads are created in [start, as_of); events dated at or after as_of are not in the data (right-censored)",
    },
    channels: channels.map((c, i) => ({
      channel: c.channel,
      share: shares[i],
      cost_per_lead: c.cost_per_lead,
      lost_from: Object.fromEntries(STAGES.slice(0, 4).map((s, k) => [s, c.lost_from[k]])),
      won_eventually: tally.channels[i].won_eventually,
      expected_won: tally.channels[i].expected_won,
    })),
    attributes: attributesTruth(channels, tally),
    logistic: logisticTruth(channels),
    conversion: {
      leads,
      won_eventually: wonEventually,
      rate_eventually: wonEventually / leads,
      expected_rate: tally.channels.reduce((s, c) => s + c.expected_won, 0) / leads,
    },
    funnel: funnelTruth(channels, tally),
    deal_amount: { distribution: "lognormal, rounded to whole dollars", ...DEAL_AMOUNT },
    spend: {
      rule: "cost_per_lead of the channel × leads × channel share × month share, month share ∝ (1 + lead_growth_per_month)^month; rounded to cents",
      by_month: spend.map((s) => ({
        channel: s.channel,
        period_start: s.period_start,
        period_end: s.period_end,
        amount: s.cents / 100,
      })),
    },
    realised: {
      as_of: args.asOf,
      note: "counts only stage events and outcomes dated before as_of",
      ...realisedTruth(channels, tally, spend),
    },
    recovery: recoveryTruth(months, tally),
  };
}
