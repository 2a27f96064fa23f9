// gcd of two positive integers.
function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

// Equal sample sizes: P(D ≥ h/n) = 2·(A0 − A0A1 + …) in Horner form (no cancellation), as scipy.
function outsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

// Unequal sizes: lattice paths leaving the band |x/m − y/n| < h/lcm, with the recursion that
// yields 1 − P(inside) directly (Hodges 1958; Viehmann 2021), so tiny p-values keep precision.
function outsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const A = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}

/**
 * Exact two-sided p-value of the two-sample Kolmogorov–Smirnov statistic D for sample sizes
 * n1, n2 (scipy `ks_2samp(method="exact")`): D is first rounded to the lattice h/lcm(n1, n2).
 * Like scipy's, it assumes no ties between the samples (with ties it is conservative).
 * Work is O(n1·n2·D); NaN when lcm(n1, n2) is too large for an exact answer.
 *
 * @example
 * ksTwoSampleExactSurvival(0.5, 10, 10) // → 0.16782134274394334
 */
export function ksTwoSampleExactSurvival(d: number, n1: number, n2: number): number {
  if (!(n1 >= 1 && n2 >= 1) || Number.isNaN(d)) return NaN;
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  if (n1 / g >= 2147483647 / (n2 / g)) return NaN;
  const h = Math.round(d * lcm);
  if (h === 0) return 1;
  const p = n1 === n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, g, h);
  return p >= 0 && p <= 1 ? p : NaN;
}
