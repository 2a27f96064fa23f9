/**
 * The reference tables of docs/*.md, generated from the config schemas: each key's description
 * (and default) is its schema's metadata, so the docs say what the validator checks. A table sits
 * between `<!-- schema: <name> -->` and `<!-- /schema -->`; `npm run schema` rewrites it and a
 * test fails when a committed table is stale.
 */
import { z } from "zod";

/** One reference table: the keys in order, each carrying `.meta({ description })`. */
export interface DocTable {
  shape: Record<string, z.ZodType>;
  /** The first column's heading. Default `key`. */
  heading?: string;
  /** Adds a `default` column between key and meaning (docs/scoring.md). */
  defaults?: boolean;
}

/** Display text of a key's default where its value alone would say too little (e.g. "every fit.* attribute…"). */
export const shownDefault = z.registry<{ text: string }>();

function unwrap(s: z.ZodType): z.ZodType[] {
  const out = [s];
  let cur = s as z.ZodType & { _zod: { def: { innerType?: z.ZodType } } };
  while (cur._zod.def.innerType) {
    cur = cur._zod.def.innerType as typeof cur;
    out.push(cur);
  }
  return out;
}

/** A key's description: its schema's (or a wrapped schema's) metadata. */
export function descriptionOf(s: z.ZodType): string | undefined {
  for (const x of unwrap(s)) {
    const d = z.globalRegistry.get(x)?.description;
    if (d) return d;
  }
  return undefined;
}

function defaultOf(s: z.ZodType): string {
  for (const x of unwrap(s)) {
    const t = shownDefault.get(x)?.text;
    if (t) return t;
    const def = (x as z.ZodType & { _zod: { def: { defaultValue?: unknown } } })._zod.def.defaultValue;
    if (def !== undefined)
      return typeof def === "string" ? `\`${def}\`` : `\`${JSON.stringify(def).replaceAll(",", ", ")}\``;
  }
  return "none";
}

const cell = (s: string) => s.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ");

/**
 * The markdown table of `t`.
 *
 * @example
 * renderTable({ shape: { trim: z.boolean().optional().meta({ description: "Strip spaces. Default true." }) } })
 * // → "| key | meaning |\n|---|---|\n| `trim` | Strip spaces. Default true. |"
 */
export function renderTable(t: DocTable): string {
  const head = t.defaults
    ? [`| ${t.heading ?? "key"} | default | meaning |`, "|---|---|---|"]
    : [`| ${t.heading ?? "key"} | meaning |`, "|---|---|"];
  const rows = Object.entries(t.shape).map(([k, s]) => {
    const d = descriptionOf(s);
    if (!d)
      throw new Error(`config schema: the key ${k} has no description (every key needs one: it is the docs' text).`);
    return t.defaults ? `| \`${k}\` | ${defaultOf(s)} | ${cell(d)} |` : `| \`${k}\` | ${cell(d)} |`;
  });
  return [...head, ...rows].join("\n");
}

const MARKER = /(<!-- schema: ([\w.-]+) -->\n)[\s\S]*?(<!-- \/schema -->)/g;

/**
 * `md` with every marked table replaced by the table of that name.
 *
 * @throws Error for a marker naming no table (a typo in the docs).
 */
export function fillTables(md: string, tables: Record<string, DocTable>): string {
  return md.replace(MARKER, (_, open: string, name: string, close: string) => {
    const t = tables[name];
    if (!t)
      throw new Error(`docs: <!-- schema: ${name} --> names no table (known: ${Object.keys(tables).join(", ")}).`);
    return `${open}${renderTable(t)}\n${close}`;
  });
}

/** The names of the tables marked in `md`. */
export function markedTables(md: string): string[] {
  return [...md.matchAll(MARKER)].map((m) => m[2]);
}
