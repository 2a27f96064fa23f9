/** Wall and CPU seconds of `work` (CPU = user + system of this process, all threads: DuckDB's included). */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; s: number; cpu_s: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const s = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, s, cpu_s: (c.user + c.system) / 1e6 };
}

/** Largest absolute difference between two coefficient vectors. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`coefficient vectors differ in length: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
