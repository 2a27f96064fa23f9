import type { Design } from "../logistic/design.ts";
import type { LogisticFit } from "../logistic/fit.ts";
import type { Patterns } from "./patterns.ts";
import { choosePenalty, fitRows, type PenaltyChoice } from "./cv.ts";
import { chooseCalibration, type CalibrationChoice, type CalibrationSetting } from "./calibrate.ts";

/** A model trained on some rows: penalty by CV, coefficients, calibration from cross-fitted predictions. */
export interface Trained {
  penalty: PenaltyChoice;
  fit: LogisticFit;
  calibration: CalibrationChoice;
}

/**
 * Trains on the rows `train` selects: C by k-fold CV (held-out log loss), the fit at that C, and the
 * calibration fitted on the same cross-fitted (out-of-fold) log-odds, so no lead calibrates its own
 * prediction.
 */
export function trainOn(
  design: Design,
  p: Patterns,
  train: (r: number) => boolean,
  o: { grid: number[]; folds: number; calibration: CalibrationSetting },
): Trained {
  const penalty = choosePenalty(design, p, train, o.grid, o.folds);
  const fit = fitRows(design, p, train, penalty.C);
  const calibration = chooseCalibration(o.calibration, p, penalty.cvEta, train, o.folds);
  return { penalty, fit, calibration };
}
