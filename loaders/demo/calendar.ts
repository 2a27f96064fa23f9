/**
 * The demo's calendar: the window's months, and fast ISO formatting of timestamps kept as whole
 * seconds since the Unix epoch (Date.toISOString would cost seconds at 10M leads × 5 dates).
 */

/** Calendar months of the window, each as [start, end) in epoch seconds, with its ISO first and last day. */
export interface Month {
  index: number;
  start: number;
  end: number;
  first_day: string;
  last_day: string;
}

const DAY = 86_400;

/** The `months` calendar months from `start` (an ISO date, first of a month). */
export function windowMonths(start: string, months: number): Month[] {
  const [y, m] = start.split("-").map(Number);
  return Array.from({ length: months }, (_, i) => {
    const s = Date.UTC(y, m - 1 + i, 1) / 1000;
    const e = Date.UTC(y, m + i, 1) / 1000;
    return { index: i, start: s, end: e, first_day: isoDay(s), last_day: isoDay(e - DAY) };
  });
}

/** ISO date (YYYY-MM-DD) of an epoch second. */
export function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * A formatter for epoch seconds as `YYYY-MM-DDTHH:MM:SS` (UTC), caching the day part.
 *
 * @example
 * timestampFormatter()(1704067200 + 3661); // "2024-01-01T01:01:01"
 */
export function timestampFormatter(): (seconds: number) => string {
  const days = new Map<number, string>();
  return (seconds) => {
    const day = Math.floor(seconds / DAY);
    let d = days.get(day);
    if (d === undefined) {
      d = `${isoDay(day * DAY)}T`;
      days.set(day, d);
    }
    const s = seconds - day * DAY;
    return `${d + two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  };
}
