import { gammaln } from "simple-statistics";
import { smirnovSurvival } from "./smirnovSurvival.ts";

// Largest Marsaglia–Tsang–Wang matrix handled exactly (m³ log n work); beyond, the limiting
// Kolmogorov distribution is used.
const MAX_MATRIX = 401;

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j] += aik * b[k * m + j];
    }
  }
  return c;
}

function maxAbs(a: Float64Array): number {
  let top = 0;
  for (let i = 0; i < a.length; i++) top = Math.max(top, Math.abs(a[i]));
  return top;
}

// P(D_n < d) by Marsaglia, Tsang & Wang (2003): exact, with a separate power-of-ten exponent
// to avoid overflow in H^n.
function mtwCdf(n: number, d: number): number {
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const h = k - n * d;
  let H: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 >= 0 ? 1 : 0;
  for (let i = 0; i < m; i++) {
    H[i * m] -= h ** (i + 1);
    H[(m - 1) * m + i] -= h ** (m - i);
  }
  H[(m - 1) * m] += 2 * h - 1 > 0 ? (2 * h - 1) ** m : 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const f = i - j + 1;
      if (f > 0) H[i * m + j] /= Math.exp(gammaln(f + 1));
    }
  }
  // Q = H^n by squaring, tracking a log10 scale.
  let Q: Float64Array | null = null;
  let qScale = 0;
  let hScale = 0;
  for (let e = n; e > 0; e >>= 1) {
    if (e & 1) {
      Q = Q ? multiply(Q, H, m) : H.slice();
      qScale += hScale;
      if (maxAbs(Q) > 1e140) {
        for (let i = 0; i < Q.length; i++) Q[i] *= 1e-140;
        qScale += 140;
      }
    }
    if (e > 1) {
      H = multiply(H, H, m);
      hScale *= 2;
      if (maxAbs(H) > 1e140) {
        for (let i = 0; i < H.length; i++) H[i] *= 1e-140;
        hScale += 140;
      }
    }
  }
  let s = Q![(k - 1) * m + (k - 1)];
  let scale = qScale;
  for (let i = 1; i <= n; i++) {
    s *= i / n;
    if (s < 1e-140) {
      s *= 1e140;
      scale -= 140;
    }
  }
  return s * 10 ** scale;
}

// Limiting Kolmogorov tail P(K > x) = 2 Σ (−1)^{k−1} e^{−2k²x²}.
function limitingSurvival(x: number): number {
  if (x < 0.2) return 1;
  let s = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    s += (k % 2 ? 2 : -2) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, s));
}

/**
 * Two-sided one-sample Kolmogorov–Smirnov tail P(D_n ≥ d) (scipy `kstwo.sf(d, n)`), used for
 * the asymptotic two-sample KS p-value. Like scipy: 0 when n·d² ≥ 370; 2·smirnov(n, d) when
 * n·d² ≥ 2.2 (exact there to ~1e-16 relative); otherwise 1 − the exact Marsaglia–Tsang–Wang
 * CDF (scipy uses the same method or, for n·d^1.5 > 1.4, the Pelz–Good approximation, so the
 * two may differ slightly in that middle range); the limiting distribution for very large n.
 *
 * @example
 * kolmogorovSurvival(0.43827394835386774, 1100) // → 8.2649e-193 (scipy: 8.264928178436858e-193)
 */
export function kolmogorovSurvival(d: number, n: number): number {
  if (!(n >= 1) || Number.isNaN(d)) return NaN;
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  const nd2 = n * d * d;
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2 || d >= 0.5) return Math.min(1, 2 * smirnovSurvival(n, d));
  if (n * d <= 0.5) return 1; // D_n ≥ 1/(2n) always
  const k = Math.floor(n * d) + 1;
  if (2 * k - 1 > MAX_MATRIX) return limitingSurvival(Math.sqrt(n) * d);
  return Math.min(1, Math.max(0, 1 - mtwCdf(n, d)));
}
