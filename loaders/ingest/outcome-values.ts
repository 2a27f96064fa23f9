import { ident, literal } from "../../lib/store/index.ts";
import type { OutcomeInLeads } from "../config/types.ts";

const lowered = (values: unknown[] | undefined) =>
  (values ?? []).map((v) => literal(String(v).trim().toLowerCase())).join(", ") || "NULL";

/**
 * SQL mapping a cleaned outcome column to won/lost/disqualified/open (NULL = not recognised).
 * Values are compared case-insensitively; a missing value is open. When `lost` is not listed, any other
 * value is lost; when it is, a value in none of the lists is not recognised.
 *
 * @example
 * outcomeSql({ column: "Converted", won: ["1"], lost: ["0"] }, "v")
 * // → CASE WHEN "v" IS NULL THEN 'open' WHEN lower("v") IN ('1') THEN 'won' … ELSE NULL END
 */
export function outcomeSql(o: OutcomeInLeads, key: string): string {
  const v = `lower(${ident(key)})`;
  return `CASE WHEN ${ident(key)} IS NULL THEN 'open'
    WHEN ${v} IN (${lowered(o.won)}) THEN 'won'
    WHEN ${v} IN (${lowered(o.disqualified)}) THEN 'disqualified'
    WHEN ${v} IN (${lowered(o.open)}) THEN 'open'
    WHEN ${v} IN (${lowered(o.lost)}) THEN 'lost'
    ELSE ${o.lost ? "NULL" : "'lost'"} END`;
}

/** The default vocabulary of an outcome column in an outcome file. */
export const VOCABULARY: OutcomeInLeads = {
  column: "",
  won: ["won"],
  lost: ["lost"],
  disqualified: ["disqualified"],
  open: ["open"],
};
