/**
 * The demo's ground truth: every number the generator draws from, in one place.
 * docs/demo.md states the same numbers; truth.json (written beside the data) stores them with the
 * realised totals, so tests can check that fitting and the funnel and ROI analyses recover them.
 */
import type { AttributeRole } from "../config/types.ts";

/** Bump when the truth or the files change, so caches of older demo files can be told apart. */
export const DEMO_VERSION = 1;

/** Funnel stages in order; a lead that is won has passed every one of them. */
export const STAGES = ["lead", "mql", "sql", "opportunity", "won"] as const;
/** Exit stages. */
export const EXITS = ["lost", "disqualified"] as const;

/** A lognormal time in days: `median_days` = e^μ, `sigma` = σ of ln(days). */
export interface Lognormal {
  median_days: number;
  sigma: number;
}

const ln = (median_days: number, sigma: number): Lognormal => ({ median_days, sigma });

/** One channel's stated behaviour. */
export interface ChannelTruth {
  channel: string;
  /** Relative share of leads (renormalised over the channels in use). */
  weight: number;
  /** Planned cost per lead, USD: the channel's spend in a month is this × the leads planned for it that month. */
  cost_per_lead: number;
  /** Time from entering each stage to entering the next, for leads that move on (lead→mql, mql→sql, sql→opportunity, opportunity→won). */
  timing: [Lognormal, Lognormal, Lognormal, Lognormal];
  /** For leads neither won nor disqualified: the stage they are lost from (lead, mql, sql, opportunity). */
  lost_from: [number, number, number, number];
  /** Channel-specific attribute mixes (shares per level, in the attribute's level order). */
  mixes: Partial<Record<"company_size" | "job_role" | "email_opens", number[]>>;
}

/** The six demo channels; `channels` beyond 6 adds the generic ones of EXTRA_CHANNELS. */
export const CHANNELS: ChannelTruth[] = [
  {
    channel: "organic_search",
    weight: 0.28,
    cost_per_lead: 120,
    timing: [ln(3, 1.0), ln(10, 0.9), ln(14, 0.8), ln(35, 0.7)],
    lost_from: [0.34, 0.2, 0.14, 0.32],
    mixes: {
      company_size: [0.16, 0.23, 0.25, 0.17, 0.09, 0.05, 0.05],
      job_role: [0.36, 0.24, 0.14, 0.07, 0.05, 0.04, 0.1],
    },
  },
  {
    channel: "paid_search",
    weight: 0.22,
    cost_per_lead: 250,
    timing: [ln(2, 1.0), ln(8, 0.9), ln(12, 0.8), ln(30, 0.7)],
    lost_from: [0.34, 0.2, 0.14, 0.32],
    mixes: {
      company_size: [0.22, 0.25, 0.23, 0.14, 0.07, 0.04, 0.05],
      job_role: [0.38, 0.24, 0.13, 0.06, 0.04, 0.05, 0.1],
    },
  },
  {
    channel: "social",
    weight: 0.16,
    cost_per_lead: 350,
    timing: [ln(6, 1.1), ln(14, 1.0), ln(18, 0.8), ln(45, 0.8)],
    lost_from: [0.3, 0.18, 0.16, 0.36],
    mixes: {
      company_size: [0.24, 0.24, 0.21, 0.14, 0.07, 0.04, 0.06],
      job_role: [0.38, 0.2, 0.1, 0.05, 0.04, 0.11, 0.12],
    },
  },
  {
    channel: "email",
    weight: 0.14,
    cost_per_lead: 90,
    timing: [ln(4, 1.0), ln(12, 0.9), ln(15, 0.8), ln(38, 0.7)],
    lost_from: [0.34, 0.2, 0.14, 0.32],
    mixes: {
      company_size: [0.14, 0.22, 0.25, 0.18, 0.11, 0.06, 0.04],
      job_role: [0.35, 0.26, 0.15, 0.07, 0.05, 0.03, 0.09],
      email_opens: [0.2, 0.3, 0.28, 0.16, 0.06],
    },
  },
  {
    channel: "referral",
    weight: 0.08,
    cost_per_lead: 150,
    timing: [ln(2, 0.9), ln(6, 0.8), ln(10, 0.7), ln(25, 0.6)],
    lost_from: [0.34, 0.2, 0.14, 0.32],
    mixes: {
      company_size: [0.1, 0.18, 0.26, 0.21, 0.14, 0.08, 0.03],
      job_role: [0.3, 0.25, 0.18, 0.1, 0.08, 0.02, 0.07],
    },
  },
  {
    channel: "events",
    weight: 0.12,
    cost_per_lead: 450,
    timing: [ln(1, 0.8), ln(7, 0.9), ln(12, 0.8), ln(30, 0.7)],
    lost_from: [0.34, 0.2, 0.14, 0.32],
    mixes: {
      company_size: [0.06, 0.14, 0.24, 0.24, 0.17, 0.11, 0.04],
      job_role: [0.28, 0.26, 0.2, 0.11, 0.08, 0.01, 0.06],
    },
  },
];

/** Channels 7 to 12 (only with `channels` > 6): organic_search's mixes and funnel, their own weight and spend. */
export const EXTRA_CHANNELS = ["display", "affiliate", "partner", "direct", "podcast", "review_sites"].map(
  (channel): ChannelTruth => ({ ...CHANNELS[0], channel, weight: 0.06, cost_per_lead: 100 }),
);

/** Monthly growth of lead volume (month m gets a share ∝ (1 + LEAD_GROWTH)^m). */
export const LEAD_GROWTH = 0.03;
/** The window starts here; it runs `months` calendar months, and as_of is its (exclusive) end. */
export const WINDOW_START = "2024-01-01";

/** One level of an attribute (for numeric attributes: a bin [lower, upper)). */
export interface Level {
  label: string;
  coef: number;
  lower?: number;
  /** null: no upper bound. */
  upper?: number | null;
  missing?: boolean;
}

/** One attribute: its levels (missing last), coefficients relative to `reference`, and mix. */
export interface AttributeTruth {
  name: string;
  role: AttributeRole;
  type: "categorical" | "numeric";
  description: string;
  reference: string;
  levels: Level[];
  /** Share of leads per level (same order as levels), unless the channel or company_size sets it. */
  mix: number[];
  /** The mix comes from each channel's `mixes` (this `mix` is then organic_search's, for reference). */
  mix_by_channel?: boolean;
  /** annual_revenue: the mix depends on the lead's company_size level. */
  mix_by_company_size?: Record<string, number[]>;
  /** How a numeric value is drawn once its bin is chosen. */
  within_bin?: string;
}

const bin = (lower: number, upper: number | null, coef: number): Level => ({
  label: `[${lower},${upper === null ? "inf" : upper})`,
  lower,
  upper,
  coef,
});
const MISSING = "(missing)";
const missing = (coef: number): Level => ({ label: MISSING, coef, missing: true });
const level = (label: string, coef: number): Level => ({ label, coef });

/** Intercept of the logistic conversion model: log-odds of won for a lead at every reference level. */
export const INTERCEPT = -2.7;

const SMALL_REVENUE = [0.45, 0.3, 0.07, 0.03, 0.15];
const LARGE_REVENUE = [0.1, 0.35, 0.28, 0.12, 0.15];

/** The attributes, in the order they are drawn and written. */
export const ATTRIBUTES: AttributeTruth[] = [
  {
    name: "industry",
    role: "fit.firmographic",
    type: "categorical",
    reference: "software",
    description: "Industry of the lead's company.",
    levels: [
      level("software", 0),
      level("finance", 0.3),
      level("healthcare", 0.15),
      level("manufacturing", -0.2),
      level("retail", -0.45),
      level("education", -0.7),
      level("government", -0.35),
      level("nonprofit", -0.9),
      level("mining", 0.4),
      level("agriculture", 0.4),
      missing(-0.25),
    ],
    mix: [0.3, 0.15, 0.12, 0.12, 0.1, 0.07, 0.05, 0.023, 0.003, 0.004, 0.06],
  },
  {
    name: "company_size",
    role: "fit.firmographic",
    type: "categorical",
    reference: "51-200",
    description: "Employee band of the lead's company.",
    levels: [
      level("1-10", -0.9),
      level("11-50", -0.35),
      level("51-200", 0),
      level("201-1000", 0.3),
      level("1001-5000", 0.55),
      level("5000+", 0.6),
      missing(-0.4),
    ],
    mix: CHANNELS[0].mixes.company_size!,
    mix_by_channel: true,
  },
  {
    name: "job_role",
    role: "fit.demographic",
    type: "categorical",
    reference: "individual_contributor",
    description: "The contact's seniority.",
    levels: [
      level("individual_contributor", 0),
      level("manager", 0.35),
      level("director", 0.75),
      level("vp", 1.0),
      level("c_level", 0.85),
      level("student", -1.5),
      missing(-0.3),
    ],
    mix: CHANNELS[0].mixes.job_role!,
    mix_by_channel: true,
  },
  {
    name: "region",
    role: "fit.geographic",
    type: "categorical",
    reference: "north_america",
    description: "Where the lead is; middle_east and africa are outside the served regions.",
    levels: [
      level("north_america", 0),
      level("europe", -0.1),
      level("apac", -0.25),
      level("latam", -0.5),
      level("middle_east", -0.8),
      level("africa", -0.8),
      missing(-0.2),
    ],
    mix: [0.44, 0.28, 0.13, 0.06, 0.03, 0.004, 0.056],
  },
  {
    name: "profile",
    role: "fit.psychographic",
    type: "categorical",
    reference: "steady",
    description: "DISC-style behaviour profile, from a quiz or a sales-call note.",
    levels: [
      level("dominant", 0.4),
      level("influential", 0.15),
      level("steady", 0),
      level("conscientious", -0.15),
      missing(-0.1),
    ],
    mix: [0.2, 0.22, 0.26, 0.2, 0.12],
  },
  {
    name: "annual_revenue",
    role: "fit.firmographic",
    type: "numeric",
    reference: "[1000000,10000000)",
    description: "Annual revenue of the lead's company, USD.",
    levels: [bin(0, 1e6, -0.3), bin(1e6, 1e7, 0), bin(1e7, 1e8, 0.25), bin(1e8, null, 0.35), missing(-0.1)],
    mix: LARGE_REVENUE,
    mix_by_company_size: {
      "1-10": SMALL_REVENUE,
      "11-50": SMALL_REVENUE,
      [MISSING]: SMALL_REVENUE,
      "51-200": LARGE_REVENUE,
      "201-1000": LARGE_REVENUE,
      "1001-5000": LARGE_REVENUE,
      "5000+": LARGE_REVENUE,
    },
    within_bin:
      "log-uniform within the bin ([0,1e6) drawn in [50000,1e6)); top bin 1e8·e^X, X exponential with mean 1; rounded down to a multiple of 1000",
  },
  {
    name: "pages_viewed",
    role: "intent.behavioral",
    type: "numeric",
    reference: "[2,5)",
    description: "Website pages viewed before conversion to lead.",
    levels: [bin(0, 2, -0.6), bin(2, 5, 0), bin(5, 10, 0.45), bin(10, null, 0.9), missing(-0.2)],
    mix: [0.3, 0.34, 0.2, 0.1, 0.06],
    within_bin: "uniform integer within the bin; top bin 10 + floor(X), X exponential with mean 6",
  },
  {
    name: "email_opens",
    role: "intent.behavioral",
    type: "numeric",
    reference: "[0,1)",
    description: "Marketing emails opened in the last 90 days.",
    levels: [bin(0, 1, 0), bin(1, 3, 0.2), bin(3, 8, 0.45), bin(8, null, 0.7), missing(-0.15)],
    mix: [0.38, 0.26, 0.18, 0.08, 0.1],
    within_bin: "uniform integer within the bin; top bin 8 + floor(X), X exponential with mean 5",
  },
  {
    name: "webinar_minutes",
    role: "intent.behavioral",
    type: "numeric",
    reference: "[0,1)",
    description: "Minutes of webinar watched.",
    levels: [bin(0, 1, 0), bin(1, 15, 0.1), bin(15, 45, 0.5), bin(45, null, 1.1), missing(-0.05)],
    mix: [0.62, 0.14, 0.14, 0.06, 0.04],
    within_bin: "0 in [0,1); otherwise uniform within the bin (top bin [45,90)), rounded down to 0.1",
  },
];

/** Disqualification of leads that will not be won, checked in this order (the first that fires wins). */
export const DISQUALIFICATION = {
  student: { reason: "student", when: "job_role = student", probability: 0.85, from_stage: "lead" },
  outside: {
    reason: "outside served region",
    when: "region in (middle_east, africa)",
    probability: 0.6,
    from_stage: "lead",
  },
  competitor: { reason: "competitor", when: "any lead", probability: 0.02, from_stage: "lead" },
  no_budget: {
    reason: "no budget",
    when: "company_size = 1-10 (else 0.04)",
    probability: 0.3,
    probability_else: 0.04,
    from_stage: "mql",
  },
} as const;

/** Time from entering the stage a lead exits from to the exit event. */
export const EXIT_TIMING = {
  lost: { lead: ln(30, 0.8), mql: ln(25, 0.8), sql: ln(30, 0.8), opportunity: ln(40, 0.7) },
  disqualified: ln(3, 0.8),
};

/** Reasons recorded on lost leads, by the stage they are lost from (shares). */
export const LOST_REASONS = {
  early: { levels: ["no response", "timing"], shares: [0.6, 0.4], stages: ["lead", "mql"] },
  late: {
    levels: ["chose competitor", "price", "timing", "no decision"],
    shares: [0.3, 0.3, 0.2, 0.2],
    stages: ["sql", "opportunity"],
  },
};

/** Deal amount of a won lead: lognormal by company_size (median USD, σ of the log), rounded to whole dollars. */
export const DEAL_AMOUNT: { sigma: number; median_by_company_size: Record<string, number> } = {
  sigma: 0.5,
  median_by_company_size: {
    "1-10": 1500,
    "11-50": 3000,
    "51-200": 6000,
    "201-1000": 12000,
    "1001-5000": 24000,
    "5000+": 40000,
    [MISSING]: 5000,
  },
};

/** The label the truth uses for a missing value (the CSVs hold an empty field). */
export const MISSING_LABEL = MISSING;
