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

type Timed<T> = { value: T; s: number; cpu_s: number };

/** The figures every fit step reports: pattern compression and the read / design / solve times. */
export function fitFigures(
  patternRows: number,
  leads: number,
  read: Timed<unknown>,
  design: Timed<unknown>,
  fit: Timed<{ iterations: number; converged: boolean; coef: ArrayLike<number> }>,
) {
  return {
    rows: patternRows,
    leads,
    compression: patternRows / leads,
    read_s: read.s,
    design_s: design.s,
    solve_s: fit.s,
    solve_cpu_s: fit.cpu_s,
    total_s: read.s + design.s + fit.s,
    total_cpu_s: read.cpu_s + design.cpu_s + fit.cpu_s,
    iterations: fit.value.iterations,
    converged: fit.value.converged,
    coef: fit.value.coef,
  };
}
