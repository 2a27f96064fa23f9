import type { Condition } from "../scorecard/condition.ts";

/** Where an encoded attribute's value comes from. */
export type AttributeSource =
  /** A column of `leads` described in `attributes`. */
  | "column"
  /** Built in: the lead's `channel`. */
  | "channel"
  /** Built in: the calendar month (1–12) of `created_at`. */
  | "created_month"
  /** Built in: activities before the lead's reference time, exponentially decayed (needs `activities` rows). */
  | "activity";

/** One level of an encoded attribute: the leads it covers and what they did in the training window. */
export interface EncodedLevel {
  /** Readable label: the value, `missing`, `other`, or the bin in condition text. */
  level: string;
  /** Which leads the level covers: the same language as the points table and the scoring SQL. */
  condition: Condition;
  /** Training leads at this level. */
  leads: number;
  /** Training conversions at this level. */
  conversions: number;
}

/** One model input after encoding. */
export interface EncodedAttribute {
  /** The attribute's name (column name, or `channel`, `created_month`, `activity`). */
  name: string;
  /** Its role (fit.* or intent.*; post_outcome only when explicitly allowed). */
  role: string;
  /** `categorical` (levels by value) or `numeric` (bins). */
  kind: "categorical" | "numeric";
  source: AttributeSource;
  /** Levels in code order: the SQL encoding returns the index in this list. */
  levels: EncodedLevel[];
  /** Index of the reference level (the most common): its coefficient is 0 by construction. */
  reference: number;
  /** Information value of the attribute's levels on the training window. */
  informationValue: number;
}

/** Options that shaped an encoding (kept in the model artifact so scoring is reproducible). */
export interface EncodingOptions {
  /** Levels with fewer training leads than this are pooled into `other`. Default 30. */
  minLevelCount: number;
  /** Levels with a smaller share of training leads than this are pooled into `other`. Default 0.005. */
  minLevelShare: number;
  /** Quantile bins per numeric attribute before monotone merging. Default 10. */
  bins: number;
  /** Half-life in days of the activity decay. Default 30. */
  activityHalfLifeDays: number;
}

/** The encoding of every model input. */
export interface Encoding {
  attributes: EncodedAttribute[];
  options: EncodingOptions;
}
