import type { Command } from "commander";
import { UserError } from "../../../lib/errors/UserError.ts";
import type { Store } from "../../../lib/store/index.ts";
import { dbOption, jsonOption } from "../../options.ts";

/** Flags common to `analyze funnel|segments|roi`. */
export interface AnalyzeFlags {
  db: string;
  json?: boolean;
  by?: string;
  from?: string;
  to?: string;
  minN?: string;
}

/** Adds the options every analyze subcommand shares. */
export function commonOptions(cmd: Command, byHelp: string, { minN = true } = {}): Command {
  cmd
    .option("--by <attr[,attr]>", byHelp)
    .option("--from <date>", "only leads created on or after this date (YYYY-MM-DD)")
    .option("--to <date>", "only leads created on or before this date (YYYY-MM-DD, inclusive)");
  if (minN) cmd.option("--min-n <n>", "flag groups with fewer leads than this as small", "30");
  return cmd.option(...dbOption).option(...jsonOption);
}

/** Checks a --from/--to date. */
export function parseDate(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  // Round-trip through Date so 2025-02-30 is refused here, not by DuckDB.
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new UserError(`${option}: expected a date like 2024-03-01, got "${value}".`);
  }
  return value;
}

/** Checks a positive whole number option. */
export function parsePositiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`${option}: expected a whole number of at least 1, got "${value}".`);
  return n;
}

/** Checks a value against a list of choices. */
export function parseChoice<T extends string>(
  value: string | undefined,
  option: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(value as T))
    throw new UserError(`${option}: expected one of ${choices.join(", ")}, got "${value}".`);
  return value as T;
}

/** Splits --by a,b into names. */
export function parseBy(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new UserError(`--by: expected one or more attribute names separated by commas, got "${value}".`);
  return names;
}

/** Opens the store read-only and checks it holds leads. */
export async function openForAnalysis(db: string): Promise<Store> {
  const { openStore, requireLeads } = await import("../../../lib/store/index.ts");
  const store = await openStore(db, { readOnly: true });
  await requireLeads(store, db);
  return store;
}

/** Formats a number for tables: thousands separators, `—` for null. */
export function fmt(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Formats a rate as a percentage with one decimal. */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "—" : `${(100 * x).toFixed(1)}%`;
}

/** A rate with its interval: "10.5% (9.9–11.2%)". */
export function rateCi(rate: number | null, lo: number | null, hi: number | null): string {
  return rate === null ? "—" : `${pct(rate)} (${pct(lo).replace("%", "")}–${pct(hi)})`;
}

/** Plain aligned text table; numeric-looking cells are right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = (s: string) => /^[-−]?[\d,.]+%?( \(.*\))?$|^—$/.test(s);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(c) && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return `${[line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n")}\n`;
}
