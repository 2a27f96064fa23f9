import { ConfigProblem, anyStr, bool, either, isMapping, listOf, mapOf, obj, oneOf, positiveInt, str, strOrList, type Check } from "./schema.ts";
import type { SourceConfig } from "./types.ts";

/** Every attribute role, in the order the docs list them. */
export const ROLES = ["id", "fit.demographic", "fit.firmographic", "fit.geographic", "fit.psychographic", "intent.behavioral", "post_outcome"] as const;
/** Every attribute type. */
export const TYPES = ["categorical", "numeric", "boolean"] as const;
/** Column names of `leads` that attributes may not take. */
export const RESERVED = ["lead_id", "created_at", "channel", "campaign", "source", "run_id"];

const normalize = obj({ fields: { trim: bool, case: oneOf(["none", "lower", "upper"]) } });
const tokens = listOf(anyStr);

const columnSpec = obj({
  fields: { column: str, format: strOrList(), missing: tokens, normalize },
  required: ["column"],
});
const columnRef: Check = either((v) => (isMapping(v) ? columnSpec : str));

const fileFields: Record<string, Check> = {
  file: str,
  postgres: obj({
    fields: { table: str, query: str, batch_size: positiveInt },
    rule: (v, p) => {
      if (!v.table === !v.query) throw new ConfigProblem(p, "exactly one of `table` or `query`", v.table ?? v.query);
    },
  }),
  format: oneOf(["csv", "parquet", "jsonl", "postgres"]),
  delimiter: either(() => (v, p) => {
    if (typeof v !== "string" || v.length < 1 || v.length > 4) throw new ConfigProblem(p, "one delimiter character such as \",\" \";\" \"\\t\" \"|\"", v);
  }),
  quote: either(() => (v, p) => {
    if (typeof v !== "string" || v.length !== 1) throw new ConfigProblem(p, "one quote character such as '\"'", v);
  }),
  header: bool,
};
const fileRule = (v: Record<string, unknown>, p: string) => {
  if (!v.file && !v.postgres) throw new ConfigProblem(p ? `${p}.file` : "file", "a file path (or a `postgres` table or query)", undefined);
};

const snake: Check = (v, p) => {
  str(v, p);
  if (!/^[a-z][a-z0-9_]*$/.test(v as string)) throw new ConfigProblem(p, "a snake_case name (lower-case letters, digits, _)", v);
  if (RESERVED.includes(v as string)) throw new ConfigProblem(p, `a name other than the built-in columns ${RESERVED.join(", ")}`, v);
};

const attribute = obj({
  fields: {
    name: snake,
    column: str,
    role: oneOf(ROLES),
    type: oneOf(TYPES),
    personal: bool,
    missing: tokens,
    normalize,
    true_values: listOf(anyStr, true),
    false_values: listOf(anyStr, true),
    description: anyStr,
  },
  required: ["name", "role"],
});
const attributes: Check = (v, p) => {
  listOf(attribute)(v, p);
  const seen = new Set<string>();
  (v as Array<{ name: string }>).forEach((a, i) => {
    if (seen.has(a.name)) throw new ConfigProblem(`${p}[${i}].name`, "a name not used by another attribute", a.name);
    seen.add(a.name);
  });
};

const valueMapFields: Record<string, Check> = {
  column: str,
  won: listOf(anyStr, true),
  lost: tokens,
  disqualified: tokens,
  open: tokens,
  closed_at: columnRef,
  amount: columnRef,
  reason: columnRef,
};
const outcomeInLeads = obj({ fields: valueMapFields, required: ["column", "won"] });
const outcomeFile = obj({
  fields: {
    ...fileFields,
    lead_id: str,
    outcome: either((v) =>
      isMapping(v) && "value" in v ? obj({ fields: { value: oneOf(["won", "lost", "disqualified", "open"]) }, required: ["value"] }) : isMapping(v) ? outcomeInLeads : str,
    ),
    closed_at: columnRef,
    amount: columnRef,
    reason: columnRef,
    stage: str,
    attributes,
  },
  required: ["lead_id", "outcome"],
  rule: fileRule,
});

const stages = obj({
  fields: {
    order: listOf(str, true),
    exits: listOf(str),
    wide: mapOf(columnRef),
    long: obj({ fields: { ...fileFields, lead_id: str, stage: str, entered_at: columnRef }, required: ["lead_id", "stage", "entered_at"], rule: fileRule }),
    lead_stage_at_created: bool,
  },
});

const isoDate: Check = (v, p) => {
  if (typeof v === "object" && v instanceof Date) return;
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}([ T][\d:.]+)?$/.test(v)) throw new ConfigProblem(p, "an ISO date like 2024-12-31", v);
};

/** The whole config's shape (see types.ts for the meaning of every key). */
export const sourceConfig: Check = obj({
  fields: {
    source: str,
    title: str,
    leads: obj({ fields: { ...fileFields, id: str, created_at: columnRef, channel: columnRef, campaign: columnRef }, required: ["id"], rule: fileRule }),
    missing: tokens,
    normalize,
    date_format: strOrList(),
    attributes,
    outcome: either((v) => (isMapping(v) && ("lead_id" in v || "file" in v || "postgres" in v) ? outcomeFile : outcomeInLeads)),
    stages,
    activities: obj({
      fields: { ...fileFields, lead_id: str, occurred_at: columnRef, activity_type: str, channel: str },
      required: ["lead_id", "occurred_at", "activity_type"],
      rule: fileRule,
    }),
    spend: obj({
      fields: { ...fileFields, channel: columnRef, period_start: columnRef, period_end: columnRef, amount: columnRef, currency: str },
      required: ["channel", "period_start", "period_end", "amount"],
      rule: fileRule,
    }),
    as_of: isoDate,
    currency: either(() => (v, p) => {
      if (typeof v !== "string" || !/^[A-Z]{3}$/.test(v)) throw new ConfigProblem(p, "a three-letter ISO 4217 code such as USD or BRL", v);
    }),
    checks: obj({ fields: { outcome_before_created: oneOf(["reject", "flag"]) } }),
  },
  required: ["source", "leads"],
  rule: (v, p) => {
    const st = v.stages as SourceConfig["stages"];
    if (!st) return;
    const known = new Set([...(st.order ?? []), ...(st.exits ?? [])]);
    if (st.order || st.exits) {
      for (const s of Object.keys(st.wide ?? {})) {
        if (!known.has(s)) throw new ConfigProblem(`${p ? p + "." : ""}stages.wide.${s}`, `a stage listed in stages.order or stages.exits (${[...known].join(", ")})`, s);
      }
    }
  },
});

/**
 * Checks a parsed YAML document against the source-config contract.
 *
 * @returns the same object, typed.
 * @throws ConfigProblem naming the key path and what was expected.
 * @example
 * validateConfig({ source: "x", leads: { file: "a.csv", id: "id" }, attributes: [{ name: "t", role: "fit.demo" }] })
 * // throws: attributes[0].role: expected one of id, fit.demographic, …, got "fit.demo"
 */
export function validateConfig(doc: unknown): SourceConfig {
  sourceConfig(doc, "");
  return doc as SourceConfig;
}
