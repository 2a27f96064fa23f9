import { pointsToLogOdds, sigmoid } from "./scale.ts";
import type { Scorecard } from "./types.ts";

/** One row of the points → probability table. */
export interface PointsRow {
  points: number;
  logOdds: number;
  /** The model's probability at these points (before calibration). */
  probability: number;
  /** The calibrated probability, when a calibration mapper was given. */
  calibrated?: number;
}

/** The lowest and highest total a lead can reach on a scorecard. */
export function pointsRange(card: Pick<Scorecard, "base" | "attributes">): { min: number; max: number } {
  let min = card.base;
  let max = card.base;
  for (const a of card.attributes) {
    if (a.levels.length === 0) continue;
    const pts = a.levels.map((l) => l.points);
    min += Math.min(...pts);
    max += Math.max(...pts);
  }
  return { min, max };
}

/** Options for {@link pointsTable}. */
export interface PointsTableOptions {
  /** Points between rows (default 1: every reachable total). Rows start at the lowest total. */
  step?: number;
}

/**
 * Points → log-odds → probability for every total from the lowest to the highest reachable,
 * read back through the scorecard's scaling: log-odds = (points − offset) / factor.
 *
 * @example
 * pointsTable(card, { step: 20 })
 * // → [{ points: 540, logOdds: -5.30, probability: 0.0050 }, { points: 560, logOdds: -4.61, probability: 0.0099 }, …]
 */
export function pointsTable(card: Scorecard, options: PointsTableOptions = {}): PointsRow[] {
  const step = options.step ?? 1;
  if (!(step > 0)) throw new RangeError(`pointsTable: step must be positive, got ${step}`);
  const { min, max } = pointsRange(card);
  const rows: PointsRow[] = [];
  for (let points = min; points <= max + 1e-9; points += step) {
    const logOdds = pointsToLogOdds(points, card.scaling);
    rows.push({ points, logOdds, probability: sigmoid(logOdds) });
  }
  return rows;
}

/**
 * The same table with a calibrated probability beside the model's: `calibrate` maps the model's
 * probability to a calibrated one (e.g. the Platt or isotonic mapper from lib/calibration).
 *
 * @example
 * calibratedPointsTable(card, (p) => Math.min(1, p * 0.9), { step: 20 })
 * // → [{ points: 540, logOdds: -5.30, probability: 0.0050, calibrated: 0.0045 }, …]
 */
export function calibratedPointsTable(
  card: Scorecard,
  calibrate: (p: number) => number,
  options: PointsTableOptions = {},
): PointsRow[] {
  return pointsTable(card, options).map((r) => ({ ...r, calibrated: calibrate(r.probability) }));
}
