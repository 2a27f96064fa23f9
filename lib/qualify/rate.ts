import { wilson } from "../stats/wilson.ts";

/** A conversion rate with its n and 95% Wilson interval. */
export interface Rate {
  leads: number;
  converted: number;
  rate: number;
  low: number;
  high: number;
}

/**
 * Conversions out of leads with a 95% Wilson interval (NaN rate and bounds when there are no leads).
 *
 * @example
 * rate(3, 7) // → { leads: 7, converted: 3, rate: 0.4286, low: 0.1582, high: 0.7495 }
 */
export function rate(converted: number, leads: number): Rate {
  const w = wilson(converted, leads);
  return { leads, converted, rate: w.rate, low: w.low, high: w.high };
}
