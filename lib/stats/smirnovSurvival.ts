import { gammaln } from "simple-statistics";

/**
 * Exact one-sided one-sample Kolmogorov–Smirnov tail P(D⁺_n ≥ d) by the Birnbaum & Tingey (1951)
 * sum d·Σ_{j=0}^{⌊n(1−d)⌋} C(n,j)(1−d−j/n)^{n−j}(d+j/n)^{j−1}. All terms are positive, so it is
 * summed in log space and keeps full relative precision down to 1e-300 (scipy `smirnov`).
 *
 * @example
 * smirnovSurvival(10, 0.3) // → 0.13546355559999995 (scipy.special.smirnov(10, 0.3) = 0.1354635556)
 */
export function smirnovSurvival(n: number, d: number): number {
  if (!(n >= 1) || Number.isNaN(d)) return NaN;
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  const last = Math.floor(n * (1 - d) + 1e-12 * n);
  const logs: number[] = [];
  const lgn = gammaln(n + 1);
  for (let j = 0; j <= last; j++) {
    const base = 1 - d - j / n;
    if (base <= 0) continue; // (1 − d − j/n)^{n−j} = 0 with n − j > 0
    logs.push(lgn - gammaln(j + 1) - gammaln(n - j + 1) + (n - j) * Math.log(base) + (j - 1) * Math.log(d + j / n));
  }
  const top = logs.reduce((a, b) => Math.max(a, b), -Infinity);
  const sum = logs.reduce((s, l) => s + Math.exp(l - top), 0);
  return Math.min(1, d * sum * Math.exp(top));
}
