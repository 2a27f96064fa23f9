import { UserError } from "../errors/UserError.ts";

/**
 * What a conversion rate is over. `decided`: won out of leads with a recorded outcome (open leads
 * left out); `matured`: won out of leads created at least `days` before as_of (open ones among them
 * count as not won); `within`: P(won within `days` of creation), open leads censored at their age
 * and lost/disqualified as competing exits (Aalen–Johansen); `all`: won out of every lead, open ones
 * counted as not won (only honest when every lead is decided).
 */
export type RateBasis =
  | { kind: "decided" }
  | { kind: "matured"; days: number }
  | { kind: "within"; days: number | "auto" }
  | { kind: "all" };

/** The default maturity window, the same as the scoring model's (`maturity_days`). */
export const DEFAULT_MATURITY_DAYS = 180;

/**
 * Reads a `--rate` value: `decided`, `matured[:<days>]`, `within[:<days>]` or `all`.
 *
 * @example
 * parseRateBasis("within:90") // → { kind: "within", days: 90 }
 * parseRateBasis("decided")   // → { kind: "decided" }
 */
export function parseRateBasis(text: string): RateBasis {
  const [kind, arg, extra] = text.trim().toLowerCase().split(":");
  const days = (): number => {
    const d = Number(arg);
    if (!/^\d+$/.test(arg ?? "") || !Number.isSafeInteger(d) || d < 1) {
      throw new UserError(`--rate ${text}: expected a whole number of days ≥ 1 after "${kind}:", e.g. ${kind}:90.`);
    }
    return d;
  };
  if (extra === undefined) {
    if (kind === "decided" && arg === undefined) return { kind };
    if (kind === "all" && arg === undefined) return { kind };
    if (kind === "matured") return { kind, days: arg === undefined ? DEFAULT_MATURITY_DAYS : days() };
    if (kind === "within") return { kind, days: arg === undefined ? "auto" : days() };
  }
  throw new UserError(
    `--rate ${text}: expected decided, matured[:<days>], within[:<days>] or all (e.g. --rate within:90).`,
  );
}

/**
 * One line saying what a rate is over, for captions and the CLI.
 *
 * @example
 * describeRateBasis({ kind: "within", days: 90 }) // → "won within 90 days of creation (open leads censored, lost/disqualified as competing exits)"
 */
export function describeRateBasis(basis: RateBasis): string {
  switch (basis.kind) {
    case "decided":
      return "won out of decided leads (won, lost or disqualified; open leads left out)";
    case "matured":
      return `won out of leads created at least ${basis.days} days before as_of (open ones among them count as not won)`;
    case "within":
      return `won within ${basis.days === "auto" ? "H" : basis.days} days of creation (open leads censored, lost/disqualified as competing exits)`;
    case "all":
      return "won out of all leads (open leads count as not won)";
  }
}
