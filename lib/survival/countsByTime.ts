/**
 * Sums count rows by time (aggregated input may repeat a time), checks every time and count, drops
 * times with nothing counted, and sorts ascending: the input every estimator here starts from.
 *
 * @example
 * countsByTime([{ time: 2, events: 1, censored: 0 }, { time: 1, events: 0, censored: 2 }, { time: 2, events: 1, censored: 1 }], ["events", "censored"])
 * // → [{ time: 1, events: 0, censored: 2 }, { time: 2, events: 2, censored: 1 }]
 */
export function countsByTime<K extends string>(
  rows: readonly ({ time: number | bigint } & Record<K, number | bigint>)[],
  keys: readonly K[],
): ({ time: number } & Record<K, number>)[] {
  const byTime = new Map<number, { time: number } & Record<K, number>>();
  for (const row of rows) {
    const time = Number(row.time);
    if (!Number.isFinite(time) || time < 0)
      throw new RangeError(`survival times must be finite and ≥ 0, got ${String(row.time)}`);
    let slot = byTime.get(time);
    if (!slot) {
      slot = { time, ...Object.fromEntries(keys.map((k) => [k, 0])) } as { time: number } & Record<K, number>;
      byTime.set(time, slot);
    }
    for (const k of keys) {
      const x = Number(row[k]);
      if (!Number.isFinite(x) || x < 0)
        throw new RangeError(`survival counts must be finite and ≥ 0: ${k} = ${String(row[k])} at time ${time}`);
      (slot as Record<K, number>)[k] += x;
    }
  }
  return [...byTime.values()].filter((r) => keys.some((k) => r[k] > 0)).sort((a, b) => a.time - b.time);
}
