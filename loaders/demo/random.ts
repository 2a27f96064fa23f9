/**
 * A small seeded random generator for the demo data: same seed, same numbers, on every machine
 * running the same Node version. simple-statistics has no seeded generator, and Math.random
 * cannot be seeded, so this is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * PractRand-clean, period ≥ 2^32) seeded through splitmix32.
 */
export interface Random {
  /** A uniform number in [0, 1) with 32 bits of randomness. */
  uniform(): number;
  /** A standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number;
  /** A lognormal draw with the given median (= e^μ) and σ of the log. */
  lognormal(median: number, sigma: number): number;
  /** An exponential draw with the given mean. */
  exponential(mean: number): number;
  /** An index drawn from `cumulative` (a cumulative probability table ending at 1). */
  pick(cumulative: Float64Array): number;
}

/** Mixes a 32-bit seed into a well-spread state word (splitmix32). */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seeded generator.
 *
 * @example
 * const r = random(1);
 * r.uniform(); // same value for seed 1 on every run
 */
export function random(seed: number): Random {
  const mix = splitmix32(seed);
  let a = mix(),
    b = mix(),
    c = mix(),
    d = mix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  // Discard the first outputs: sfc32's designers recommend warming up a freshly seeded state.
  for (let i = 0; i < 12; i++) next();
  let spare = NaN;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const u1 = 1 - next(); // (0, 1]: log(0) would be -Infinity
    const u2 = next();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
  return {
    uniform: next,
    normal,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    exponential: (mean) => -mean * Math.log(1 - next()),
    pick(cumulative) {
      const u = next();
      const last = cumulative.length - 1;
      for (let i = 0; i < last; i++) if (u < cumulative[i]) return i;
      return last;
    },
  };
}

/** Turns probabilities (summing to 1 within rounding) into a cumulative table for {@link Random.pick}. */
export function cumulative(probabilities: readonly number[]): Float64Array {
  const out = new Float64Array(probabilities.length);
  let sum = 0;
  probabilities.forEach((p, i) => {
    sum += p;
    out[i] = sum;
  });
  out[out.length - 1] = 1; // rounding must never leave a gap above the last level
  return out;
}
