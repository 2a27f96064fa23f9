import type { DuckDBConnection } from "@duckdb/node-api";
import { all, one } from "../store/query.ts";
import { UserError } from "../errors/UserError.ts";
import type { AttributeSource } from "./types.ts";
import { z } from "zod";
import { expected, text } from "../config/schema.ts";

const entryShape = {
  name: text().meta({
    description:
      "A column described in the `attributes` table, or a built-in: `channel` (the lead's channel), `created_month` (calendar month 1–12 of created_at), `activity` (decayed activity count).",
  }),
  role: text().optional().meta({
    description:
      "Override the role (`fit.*` or `intent.*`); decides the fit or intent axis of the grade. Built-in defaults: channel and activity `intent.behavioral`, created_month `fit.demographic`.",
  }),
  type: z
    .enum(["categorical", "numeric"])
    .optional()
    .meta({ description: "`categorical` or `numeric`: read a numeric column as levels, or the other way round." }),
  bins: z
    .number(expected("a whole number from 2 to 100"))
    .int(expected("a whole number from 2 to 100"))
    .min(2, expected("a whole number from 2 to 100"))
    .max(100, expected("a whole number from 2 to 100"))
    .optional()
    .meta({ description: "Quantile bins for this numeric attribute (instead of `bins`)." }),
  edges: z
    .array(z.number(expected("a number")), expected("a list of numbers, e.g. [2, 5, 10]"))
    .optional()
    .meta({ description: "Fixed bin edges for a numeric attribute, e.g. `[2, 5, 10]`: no quantiles, no merging." }),
  closed: z
    .enum(["left", "right"])
    .optional()
    .meta({ description: "Which end of each fixed bin is closed: `right` (default, `(2, 5]`) or `left` (`[2, 5)`)." }),
};

/** One model input as the analyst wrote it in scoring.yml (`attributes:` list): a name, or an entry with options. */
export const inputSetting = z.union(
  [text(), z.strictObject(entryShape, expected("a mapping")).meta({ id: "InputEntry" })],
  expected("a name or an entry with name: (and optionally role, type, bins, edges, closed)"),
);
/** The fields of an entry, for docs/scoring.md. */
export const INPUT_ENTRY_FIELDS = entryShape;
/** One model input as the analyst wrote it in scoring.yml (see {@link inputSetting}). */
export type InputSetting = z.output<typeof inputSetting>;

/** A resolved model input: what to encode and how. */
export interface InputSpec {
  name: string;
  role: string;
  kind: "categorical" | "numeric";
  source: AttributeSource;
  bins?: number;
  edges?: number[];
  closed?: "left" | "right";
}

/** Built-in pseudo-attributes and their defaults. */
export const BUILT_INS: Record<string, { source: AttributeSource; role: string; kind: "categorical" | "numeric" }> = {
  channel: { source: "channel", role: "intent.behavioral", kind: "categorical" },
  created_month: { source: "created_month", role: "fit.demographic", kind: "categorical" },
  activity: { source: "activity", role: "intent.behavioral", kind: "numeric" },
};

/** True for roles that may be model inputs. */
export function isInputRole(role: string): boolean {
  return role.startsWith("fit.") || role.startsWith("intent.");
}

/**
 * Resolves the model inputs from the `attributes` table and the scoring config's `attributes` list.
 * Default (no list): every fit.* and intent.* attribute, plus `channel` when leads have one and
 * `activity` when the `activities` table has rows. A post_outcome attribute is refused unless
 * `allowPostOutcome`, and then named in a warning.
 */
export async function resolveInputs(
  conn: DuckDBConnection,
  settings: InputSetting[] | undefined,
  options: { allowPostOutcome?: boolean; add?: InputSetting[]; drop?: string[] } = {},
): Promise<{ inputs: InputSpec[]; warnings: string[] }> {
  const attrs = await all<{ name: string; role: string; type: string }>(
    conn,
    "SELECT name, role, type FROM attributes ORDER BY rowid",
  );
  const warnings: string[] = [];
  const list: InputSetting[] = settings ?? addDrop(await defaults(conn, attrs), options);
  return { inputs: inputsFromList(attrs, list, options, warnings), warnings };
}

/** The default inputs with scoring.yml's `drop_attributes` removed and `add_attributes` added. */
export function addDrop(defaults: InputSetting[], options: { add?: InputSetting[]; drop?: string[] }): InputSetting[] {
  const nameOf = (s: InputSetting) => (typeof s === "string" ? s : s.name);
  for (const d of options.drop ?? []) {
    if (!defaults.some((s) => nameOf(s) === d))
      throw new UserError(
        `scoring config, drop_attributes: "${d}" is not among the default inputs (${defaults.map(nameOf).join(", ")}).`,
      );
  }
  const list = defaults.filter((s) => !(options.drop ?? []).includes(nameOf(s)));
  for (const a of options.add ?? []) if (!list.some((s) => nameOf(s) === nameOf(a))) list.push(a);
  return list;
}

/**
 * The pure part of {@link resolveInputs}: checks a list of input settings against the known
 * attributes (name, role, type) and resolves each into an {@link InputSpec}; warnings are pushed to
 * `warnings`. Used as is by the PostgreSQL pushdown, whose attributes come from the source config.
 */
export function inputsFromList(
  attrs: Array<{ name: string; role: string; type: string }>,
  list: InputSetting[],
  options: { allowPostOutcome?: boolean },
  warnings: string[],
): InputSpec[] {
  const byName = new Map(attrs.map((a) => [a.name, a]));
  const inputs: InputSpec[] = [];
  for (const s of list) {
    const o = typeof s === "string" ? { name: s } : s;
    if (inputs.some((i) => i.name === o.name))
      throw new UserError(`scoring config, attributes: ${o.name} is listed twice.`);
    const a = byName.get(o.name);
    const builtIn = BUILT_INS[o.name];
    if (!a && !builtIn) {
      throw new UserError(
        `scoring config, attributes: no attribute named "${o.name}". Known: ${[...byName.keys(), ...Object.keys(BUILT_INS)].join(", ")}.`,
      );
    }
    const role = o.role ?? a?.role ?? builtIn.role;
    if (role === "post_outcome") {
      if (!options.allowPostOutcome) {
        throw new UserError(
          `scoring config, attributes: "${o.name}" has role post_outcome (recorded after the outcome is known), so it would leak the answer into the score. Remove it, or set allow_post_outcome: true if you really mean to.`,
        );
      }
      warnings.push(
        `${o.name} is a post_outcome attribute used as an input (allow_post_outcome: true): its points reflect what sales recorded after contact, not what predicts conversion.`,
      );
    } else if (!isInputRole(role)) {
      throw new UserError(
        `scoring config, attributes: "${o.name}" has role ${role}, which is never a model input (expected fit.* or intent.*).`,
      );
    }
    const kind = o.type ?? (a ? (a.type === "numeric" ? "numeric" : "categorical") : builtIn.kind);
    inputs.push({
      name: o.name,
      role,
      kind,
      source: a ? "column" : builtIn.source,
      ...(o.bins ? { bins: o.bins } : {}),
      ...(o.edges ? { edges: [...o.edges].sort((x, y) => x - y) } : {}),
      ...(o.closed ? { closed: o.closed } : {}),
    });
  }
  if (inputs.length === 0)
    throw new UserError(
      "scoring config: no model inputs. List attributes with a fit.* or intent.* role under `attributes:`.",
    );
  return inputs;
}

async function defaults(conn: DuckDBConnection, attrs: Array<{ name: string; role: string }>): Promise<InputSetting[]> {
  const list: InputSetting[] = attrs.filter((a) => isInputRole(a.role)).map((a) => a.name);
  const ch = await one<{ n: number }>(conn, "SELECT count(channel) AS n FROM leads");
  if ((ch?.n ?? 0) > 0 && !list.includes("channel")) list.push("channel");
  const act = await one<{ n: number }>(conn, "SELECT count(*) AS n FROM activities");
  if ((act?.n ?? 0) > 0) list.push("activity");
  return list;
}
