import { kaplanMeierFromCounts, type KaplanMeier, type SurvivalCountRow } from "./kaplanMeierFromCounts.ts";

/** Options of {@link kaplanMeier}. */
export interface KaplanMeierOptions {
  /** Frequency weight per lead (default 1 each). */
  weights?: ArrayLike<number>;
}

/**
 * Kaplan–Meier estimate from one duration and one event flag per lead (1/true = moved on,
 * 0/false = still in the stage when the data ends). A thin wrapper over
 * {@link kaplanMeierFromCounts}.
 *
 * @example
 * kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]).survival // → [0.75, 0.5, 0]
 */
export function kaplanMeier(
  durations: ArrayLike<number>,
  events: ArrayLike<number | boolean>,
  { weights }: KaplanMeierOptions = {},
): KaplanMeier {
  if (events.length !== durations.length || (weights && weights.length !== durations.length)) {
    throw new RangeError(
      `kaplanMeier needs one event flag${weights ? " and one weight" : ""} per duration (${durations.length} durations, ${events.length} events${weights ? `, ${weights.length} weights` : ""})`,
    );
  }
  const rows: SurvivalCountRow[] = Array.from({ length: durations.length }, (_, i) => {
    const time = durations[i];
    const w = weights ? weights[i] : 1;
    const event = events[i] === true || events[i] === 1;
    if (!event && events[i] !== false && events[i] !== 0)
      throw new RangeError(`event flags must be 0/1 or true/false, got ${String(events[i])} at position ${i}`);
    return { time, events: event ? w : 0, censored: event ? 0 : w };
  });
  return kaplanMeierFromCounts(rows);
}
