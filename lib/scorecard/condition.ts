import { UserError } from "../errors/UserError.ts";

/**
 * Which leads an attribute level covers. The one language shared by the fitted scorecard, the
 * hand-made rubric, explain, disqualification rules and the scoring SQL.
 *
 * - `equals`: the value is one of `values`. Comparison ignores case and leading/trailing spaces
 *   (see {@link normalizeLevel}), so `= Email` covers "email" and " EMAIL ".
 * - `range`: a number between `min` and `max` (either may be absent = unbounded); each end
 *   inclusive or not. Missing values are never in a range.
 * - `missing`: null, undefined, NaN (also the texts "NaN"/"nan") or a blank string.
 * - `other`: the catch-all level: pooled rare levels and anything unseen in training. It covers
 *   every value that none of its sibling levels cover (see `otherOf`).
 */
export type Condition =
  | { kind: "equals"; values: string[] }
  | { kind: "range"; min?: number; max?: number; minInclusive: boolean; maxInclusive: boolean }
  | { kind: "missing" }
  | { kind: "other" };

/** Options for {@link matches} and {@link conditionToSql}. */
export interface OtherOptions {
  /**
   * The sibling conditions of the same attribute. An `other` condition covers the values none of
   * them cover. Without it, `other` covers everything (so check it last).
   */
  otherOf?: Condition[];
}

/**
 * The form in which categorical values are compared: spaces trimmed at both ends (spaces only,
 * as SQL `trim` does) and lower case. Returns null for a missing value.
 * Feature encoding uses the same function so a level and its condition agree.
 *
 * @example
 * normalizeLevel("  Google Ads ") // → "google ads"
 * normalizeLevel("")              // → null
 * normalizeLevel(12)              // → "12"
 */
export function normalizeLevel(value: unknown): string | null {
  if (isMissing(value)) return null;
  return String(value)
    .replace(/^ +| +$/g, "")
    .toLowerCase();
}

/** True for null, undefined, NaN, "NaN"/"nan" and blank strings: what the `missing` condition covers. */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "number") return Number.isNaN(value);
  // "NaN"/"nan" is how a NaN double reads once cast to text in DuckDB/PostgreSQL: treat it as
  // missing here too so JS and SQL agree.
  if (typeof value === "string") return value === "NaN" || value === "nan" || value.replace(/^ +| +$/g, "") === "";
  return false;
}

/**
 * True when `value` is covered by condition `c`.
 *
 * @example
 * matches("Referral", { kind: "equals", values: ["email", "referral"] })              // → true
 * matches(20, { kind: "range", min: 10, max: 20, minInclusive: true, maxInclusive: false }) // → false
 * matches(null, { kind: "other" }, { otherOf: [{ kind: "missing" }] })                // → false
 */
export function matches(value: unknown, c: Condition, options: OtherOptions = {}): boolean {
  switch (c.kind) {
    case "missing":
      return isMissing(value);
    case "equals": {
      const v = normalizeLevel(value);
      return v !== null && c.values.some((x) => normalizeLevel(x) === v);
    }
    case "range": {
      const x = toNumber(value);
      if (x === null) return false;
      if (c.min !== undefined && (c.minInclusive ? x < c.min : x <= c.min)) return false;
      if (c.max !== undefined && (c.maxInclusive ? x > c.max : x >= c.max)) return false;
      return true;
    }
    case "other":
      return !(options.otherOf ?? []).some((s) => s.kind !== "other" && matches(value, s));
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && !isMissing(value)) {
    const x = Number(value.trim());
    return Number.isFinite(x) ? x : null;
  }
  return null;
}

/**
 * The index of the first condition in `levels` that covers `value`, checking `other` last
 * (as the catch-all of its siblings); -1 when none does.
 *
 * @example
 * levelIndex("sms", [{ kind: "equals", values: ["email"] }, { kind: "other" }]) // → 1
 */
export function levelIndex(value: unknown, levels: Condition[]): number {
  const i = levels.findIndex((c) => c.kind !== "other" && matches(value, c));
  if (i >= 0) return i;
  return levels.findIndex((c) => c.kind === "other");
}

/**
 * A condition fitted to the attribute's type. On a boolean attribute, yes/no/1/0 read as
 * true/false (what a BOOLEAN reads as in SQL). On a numeric attribute, `= 5` becomes the range
 * `[5, 5]`: SQL compares text forms in `equals` and a DOUBLE 5 reads "5.0" there, so a numeric
 * equality must be a range to select the same leads in JS and SQL. Several values, text values on
 * a numeric attribute, and ranges on a non-numeric one are UserErrors naming `where`.
 *
 * @example
 * forType({ kind: "equals", values: ["0"] }, "numeric") // → { kind: "range", min: 0, max: 0, minInclusive: true, maxInclusive: true }
 */
export function forType(
  c: Condition,
  type: string | undefined,
  where = "condition",
  name = "the attribute",
): Condition {
  if (type === undefined) return c;
  if (c.kind === "range" && type !== "numeric") {
    throw new UserError(
      `${where}: ${name} is ${type}, so a number range does not apply; use "= value" or "in (a, b)".`,
    );
  }
  if (c.kind === "equals" && type === "boolean")
    return { kind: "equals", values: c.values.map((v) => booleanText(v, where, name)) };
  if (c.kind !== "equals" || type !== "numeric") return c;
  const xs = c.values.map((v) => (v.trim() === "" ? NaN : Number(v)));
  if (xs.some((x) => !Number.isFinite(x))) {
    throw new UserError(
      `${where}: ${name} is numeric, so ${formatCondition(c)} never matches; use a number or a range such as "[10, 20)" or "≥ 5".`,
    );
  }
  if (xs.length > 1) {
    throw new UserError(
      `${where}: ${name} is numeric; write one number per row (or rule), or a range such as "[1, 3]", instead of ${formatCondition(c)}.`,
    );
  }
  return { kind: "range", min: xs[0], max: xs[0], minInclusive: true, maxInclusive: true };
}

/** Yes/no spellings of a boolean attribute → the text a BOOLEAN reads as in SQL ("true"/"false"). */
function booleanText(v: string, where: string, name: string): string {
  const t = v.trim().toLowerCase();
  if (["true", "yes", "y", "1"].includes(t)) return "true";
  if (["false", "no", "n", "0"].includes(t)) return "false";
  throw new UserError(
    `${where}: ${name} is yes/no, so ${JSON.stringify(v)} never matches; use "= true" or "= false" (yes/no also accepted).`,
  );
}

// ---------------------------------------------------------------------------------------------
// Text form

const NEEDS_QUOTES = /[,()"]|^ | $|^$/;

function quoteValue(v: string): string {
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

function formatNumber(x: number): string {
  // String() is the shortest text that parses back to the same double: round trips are exact.
  return String(x);
}

/**
 * The condition as text a CRM admin can read and type: `= email`, `in (email, referral)`,
 * `[10, 20)`, `≥ 20`, `< 10`, `missing`, `other`. Values containing a comma, a parenthesis, a
 * double quote or leading/trailing spaces are double-quoted (CSV style: `"` doubled inside).
 * {@link parseCondition} reads it back.
 *
 * @example
 * formatCondition({ kind: "equals", values: ["email", "referral"] })                          // → "in (email, referral)"
 * formatCondition({ kind: "range", min: 10, max: 20, minInclusive: true, maxInclusive: false }) // → "[10, 20)"
 * formatCondition({ kind: "range", min: 20, minInclusive: true, maxInclusive: false })          // → "≥ 20"
 */
export function formatCondition(c: Condition): string {
  switch (c.kind) {
    case "missing":
      return "missing";
    case "other":
      return "other";
    case "equals":
      if (c.values.length === 1) {
        const v = c.values[0];
        // A lone value is taken verbatim after "= ", so it needs quotes only when spaces or a
        // leading quote would be lost.
        return `= ${/^ | $|^$|^"/.test(v) ? `"${v.replaceAll('"', '""')}"` : v}`;
      }
      return formatValueList(c.values);
    case "range": {
      const { min, max, minInclusive, maxInclusive } = c;
      if (min !== undefined && max !== undefined) {
        return `${minInclusive ? "[" : "("}${formatNumber(min)}, ${formatNumber(max)}${maxInclusive ? "]" : ")"}`;
      }
      if (min !== undefined) return `${minInclusive ? "≥" : ">"} ${formatNumber(min)}`;
      if (max !== undefined) return `${maxInclusive ? "≤" : "<"} ${formatNumber(max)}`;
      return "(-∞, ∞)";
    }
  }
}

/**
 * Values as an `in (…)` list, quoted where needed; the form of an `equals` condition with several
 * values, and of one value where a leading `=` must be avoided (a CSV cell).
 *
 * @example
 * formatValueList(["email"])        // → "in (email)"
 * formatValueList(["a, b", "c"])    // → "in (\"a, b\", c)"
 */
export function formatValueList(values: string[]): string {
  return `in (${values.map(quoteValue).join(", ")})`;
}

const EXPECTED =
  'expected one of: "= value", "in (a, b, …)", an interval like "[10, 20)" or "(-∞, 5]", "≥ 20", "> 20", "< 10", "≤ 10" (also >= and <=), "missing" or "other"';

/**
 * Reads the text form written by {@link formatCondition} (keywords in any case; `>=`/`<=` accepted
 * for `≥`/`≤`; `inf`, `-inf`, `∞`, `-∞` as open interval ends). Throws a UserError naming `where`
 * (e.g. `rubric.csv, row 4, column condition`) and what was expected.
 *
 * @example
 * parseCondition("in (email, \"a, b\")") // → { kind: "equals", values: ["email", "a, b"] }
 * parseCondition(">= 5")                 // → { kind: "range", min: 5, minInclusive: true, maxInclusive: false }
 */
export function parseCondition(text: string, where = "condition"): Condition {
  const t = text.trim();
  const fail = (why: string): never => {
    throw new UserError(`${where}: cannot read the condition ${JSON.stringify(text)} (${why}); ${EXPECTED}.`);
  };
  if (t === "") fail("it is empty");
  const lower = t.toLowerCase();
  if (lower === "missing") return { kind: "missing" };
  if (lower === "other") return { kind: "other" };
  if (t.startsWith("=")) return { kind: "equals", values: [parseLoneValue(t.slice(1), fail)] };
  if (/^in\s*\(/i.test(t)) {
    if (!t.endsWith(")")) fail('an "in (" list must end with ")"');
    const values = splitList(t.slice(t.indexOf("(") + 1, -1), fail);
    if (values.length === 0) fail('the "in ( )" list is empty');
    return { kind: "equals", values };
  }
  const cmp = /^(≥|>=|>|≤|<=|<)\s*(.+)$/.exec(t);
  if (cmp) {
    const x = parseBound(cmp[2], fail);
    if (!Number.isFinite(x)) fail("a comparison needs a finite number");
    const op = cmp[1];
    if (op.startsWith(">") || op === "≥")
      return { kind: "range", min: x, minInclusive: op !== ">", maxInclusive: false };
    return { kind: "range", max: x, minInclusive: false, maxInclusive: op !== "<" };
  }
  const iv = /^([[(])\s*([^,]+?)\s*,\s*([^,]+?)\s*([\])])$/.exec(t);
  if (iv) return parseInterval(iv, fail);
  return fail("it does not start with =, in, a comparison or an interval bracket");
}

function parseInterval(m: RegExpExecArray, fail: (why: string) => never): Condition {
  const lo = parseBound(m[2], fail);
  const hi = parseBound(m[3], fail);
  if (lo === Infinity || hi === -Infinity) fail("the interval is empty");
  if (lo > hi || (lo === hi && (m[1] === "(" || m[4] === ")")))
    fail(`the lower end ${m[2]} is not below the upper end ${m[3]}`);
  const c: Condition = {
    kind: "range",
    minInclusive: m[1] === "[" && lo !== -Infinity,
    maxInclusive: m[4] === "]" && hi !== Infinity,
  };
  if (lo !== -Infinity) c.min = lo;
  if (hi !== Infinity) c.max = hi;
  return c;
}

function parseBound(s: string, fail: (why: string) => never): number {
  const t = s.trim().toLowerCase();
  if (t === "∞" || t === "inf" || t === "+inf" || t === "+∞") return Infinity;
  if (t === "-∞" || t === "-inf") return -Infinity;
  const x = t === "" ? NaN : Number(t);
  if (Number.isNaN(x)) fail(`${JSON.stringify(s.trim())} is not a number`);
  return x;
}

function parseLoneValue(rest: string, fail: (why: string) => never): string {
  const v = rest.replace(/^ /, "");
  if (v.trimStart().startsWith('"')) {
    const parsed = splitList(v.trim(), fail);
    if (parsed.length !== 1) fail('after "=" put one value; use "in (a, b)" for several');
    return parsed[0];
  }
  if (v.trim() === "") fail('"=" needs a value after it');
  return v.trim();
}

/** Splits `a, "b, c", d` into values; `""` inside quotes is one quote. */
function splitList(body: string, fail: (why: string) => never): string[] {
  const out: string[] = [];
  let i = 0;
  const n = body.length;
  const skipSpace = () => {
    while (i < n && /\s/.test(body[i])) i++;
  };
  skipSpace();
  if (i === n) return out;
  for (;;) {
    skipSpace();
    let value = "";
    if (body[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) fail("a quoted value is not closed");
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += body[i++];
      }
      skipSpace();
    } else {
      const start = i;
      while (i < n && body[i] !== ",") {
        if ('()"'.includes(body[i])) fail(`put the value containing ${JSON.stringify(body[i])} in double quotes`);
        i++;
      }
      value = body.slice(start, i).trim();
      if (value === "") fail('a list has an empty value; write "" for an empty text');
    }
    out.push(value);
    if (i >= n) return out;
    if (body[i] !== ",") fail(`expected a comma after ${JSON.stringify(value)}`);
    i++;
  }
}

// ---------------------------------------------------------------------------------------------
// SQL form

function sqlString(v: string): string {
  return `'${v.replaceAll("'", "''")}'`;
}

function sqlNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`conditionToSql: a range bound must be finite, got ${x}`);
  return String(x);
}

/**
 * The condition as a boolean SQL expression over `columnSql` (an already-quoted column or any
 * expression), in portable standard SQL that runs in DuckDB and PostgreSQL. It never yields NULL:
 * a lead is either covered or not, so `NOT (…)` and `CASE WHEN …` behave.
 *
 * @example
 * conditionToSql('"channel"', { kind: "equals", values: ["Email"] })
 * // → "COALESCE(LOWER(TRIM(CAST(\"channel\" AS VARCHAR))) IN ('email'), FALSE)"
 * conditionToSql('"visits"', { kind: "range", min: 10, minInclusive: true, maxInclusive: false })
 * // → "COALESCE(\"visits\" >= 10, FALSE)"
 */
export function conditionToSql(columnSql: string, c: Condition, options: OtherOptions = {}): string {
  switch (c.kind) {
    case "missing":
      return `(${columnSql} IS NULL OR TRIM(CAST(${columnSql} AS VARCHAR)) = '' OR CAST(${columnSql} AS VARCHAR) IN ('NaN', 'nan'))`;
    case "equals": {
      const vs = [...new Set(c.values.map(normalizeLevel).filter((v) => v !== null))].map(sqlString);
      if (vs.length === 0) return "FALSE";
      return `COALESCE(LOWER(TRIM(CAST(${columnSql} AS VARCHAR))) IN (${vs.join(", ")}), FALSE)`;
    }
    case "range": {
      const parts: string[] = [];
      if (c.min !== undefined) parts.push(`${columnSql} ${c.minInclusive ? ">=" : ">"} ${sqlNumber(c.min)}`);
      if (c.max !== undefined) parts.push(`${columnSql} ${c.maxInclusive ? "<=" : "<"} ${sqlNumber(c.max)}`);
      if (parts.length === 0) parts.push(`${columnSql} IS NOT NULL`);
      // NaN compares greater than every number in DuckDB and PostgreSQL; JS treats it as missing.
      parts.push(`CAST(${columnSql} AS VARCHAR) NOT IN ('NaN', 'nan')`);
      return `COALESCE(${parts.join(" AND ")}, FALSE)`;
    }
    case "other": {
      const siblings = (options.otherOf ?? []).filter((s) => s.kind !== "other");
      if (siblings.length === 0) return "TRUE";
      return `NOT (${siblings.map((s) => conditionToSql(columnSql, s)).join(" OR ")})`;
    }
  }
}
