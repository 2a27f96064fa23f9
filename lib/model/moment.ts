import { UserError } from "../errors/UserError.ts";

/** Where a model's inputs are read: at a number of days after creation, or (older models) at the close. */
export type DecisionMoment = { kind: "created"; days: number } | { kind: "close" };

/** The default decision moment: two weeks after a lead is created. */
export const DEFAULT_SCORE_AT = "created + 14d";

/**
 * Reads `score_at` from scoring.yml: `created + <N>d` (inputs as known N days after creation; a
 * lead decided sooner is not trained on) or `close` (behaviour counted up to the close: leaks the
 * sales process into the model, kept to reproduce models fitted before the option existed).
 *
 * @example
 * parseScoreAt("created + 14d") // → { kind: "created", days: 14 }
 * parseScoreAt("created")       // → { kind: "created", days: 0 }
 */
export function parseScoreAt(text: string): DecisionMoment {
  const t = text.trim().toLowerCase();
  if (t === "close") return { kind: "close" };
  const m = /^created(?:\s*\+\s*(\d+(?:\.\d+)?)\s*d(?:ays?)?)?$/.exec(t);
  if (!m)
    throw new UserError(
      `scoring config, score_at: expected "created + <days>d" (e.g. "created + 14d") or "close", got "${text}".`,
    );
  return { kind: "created", days: m[1] === undefined ? 0 : Number(m[1]) };
}

/** True when `text` is a valid `score_at` (see {@link parseScoreAt}). */
export function isScoreAt(text: string): boolean {
  try {
    parseScoreAt(text);
    return true;
  } catch {
    return false;
  }
}

/** The moment in days after creation, or null for `close`. */
export function momentDays(m: DecisionMoment): number | null {
  return m.kind === "created" ? m.days : null;
}
