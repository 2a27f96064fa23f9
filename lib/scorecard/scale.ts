/**
 * Points-to-double-odds scaling: score = offset + factor · log-odds, with
 * factor = pdo / ln 2 and offset = baseScore − factor · ln(baseOdds).
 */

/** How log-odds become points. */
export interface ScalingOptions {
  /** The score at which the odds of conversion equal `baseOdds`. Default 600. */
  baseScore?: number;
  /**
   * Odds of conversion at `baseScore`, as converting : not converting (p / (1 − p)).
   * Default 1/50, i.e. 1:50 (p ≈ 2%), so a typical lead sits near the base score.
   * Text such as "1:50" is accepted by {@link parseOdds}.
   */
  baseOdds?: number;
  /** Points to double the odds: +pdo points = twice the odds of conversion. Default 20. */
  pdo?: number;
}

/** The resolved scaling, stored with the scorecard so points can be read back as log-odds. */
export interface Scaling {
  baseScore: number;
  baseOdds: number;
  pdo: number;
  /** pdo / ln 2: points per unit of log-odds. */
  factor: number;
  /** baseScore − factor · ln(baseOdds): the score at log-odds 0 (even odds). */
  offset: number;
}

/**
 * Resolves scaling options, checking they make sense.
 *
 * @example
 * scaling({ baseScore: 600, baseOdds: 1 / 50, pdo: 20 })
 * // → { baseScore: 600, baseOdds: 0.02, pdo: 20, factor: 28.8539…, offset: 712.877… }
 */
export function scaling(options: ScalingOptions = {}): Scaling {
  const baseScore = options.baseScore ?? 600;
  const baseOdds = options.baseOdds ?? 1 / 50;
  const pdo = options.pdo ?? 20;
  if (!Number.isFinite(baseScore)) throw new RangeError(`base score must be a number, got ${baseScore}`);
  if (!(baseOdds > 0) || !Number.isFinite(baseOdds))
    throw new RangeError(`base odds must be a positive number (converting : not converting), got ${baseOdds}`);
  if (!(pdo > 0) || !Number.isFinite(pdo))
    throw new RangeError(`points to double the odds (pdo) must be positive, got ${pdo}`);
  const factor = pdo / Math.LN2;
  return { baseScore, baseOdds, pdo, factor, offset: baseScore - factor * Math.log(baseOdds) };
}

/**
 * Reads odds written as "1:50" (converting : not converting) or a plain number (p / (1 − p)).
 * Returns NaN when the text is neither.
 *
 * @example
 * parseOdds("1:50") // → 0.02
 * parseOdds("0.25") // → 0.25
 */
export function parseOdds(text: string): number {
  const m = /^\s*([0-9.eE+-]+)\s*:\s*([0-9.eE+-]+)\s*$/.exec(text);
  if (m) return Number(m[1]) / Number(m[2]);
  const t = text.trim();
  return t === "" ? NaN : Number(t);
}

/**
 * Log-odds of conversion at a points total.
 *
 * @example
 * pointsToLogOdds(600, scaling()) // → -3.912 (= ln(1/50))
 */
export function pointsToLogOdds(points: number, s: Scaling): number {
  return (points - s.offset) / s.factor;
}

/**
 * Points for a log-odds of conversion (unrounded).
 *
 * @example
 * logOddsToPoints(Math.log(2 / 50), scaling()) // → 620
 */
export function logOddsToPoints(logOdds: number, s: Scaling): number {
  return s.offset + s.factor * logOdds;
}

/** The logistic function, stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
