import { readFileSync, existsSync, readdirSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { UserError } from "../errors/UserError.ts";
import { checkConfig, expected, keyed, text } from "../config/schema.ts";
import type { DocTable } from "../config/docs.ts";
import { parseYaml } from "../config/yaml.ts";
import { conditionToSql } from "../scorecard/condition.ts";
import { all, ident } from "../store/query.ts";
import { readConfigText } from "../config/read.ts";

const patterns = (what: string) => z.array(text(), expected(what));
const criterionShape = {
  key: text().meta({ description: "A short identifier of the criterion (e.g. `budget`), used in the JSON output." }),
  name: text().meta({ description: "The criterion's name as reported (e.g. `Budget`)." }),
  question: z
    .string(expected("a text"))
    .default("")
    .meta({ description: "The question the criterion asks of a lead. Default empty." }),
  match: patterns('a list of name patterns like "*revenue*"').default([]).meta({
    description:
      "Name patterns (`*` = any text; case, spaces, `_` and `-` alike) tried on attribute names and their source column headers. Default none.",
  }),
  roles: patterns('a list of role patterns like "fit.*"')
    .optional()
    .meta({ description: "Role patterns (e.g. `fit.*`): every attribute with a matching role counts." }),
};
const criterion = z.strictObject(criterionShape, expected("a mapping with key and name")).meta({ id: "Criterion" });
const frameworkShape = {
  name: text().meta({ description: "The framework's short name (e.g. `BANT`)." }),
  title: text().optional().meta({ description: "Its full title. Default: `name`." }),
  description: z.string(expected("a text")).optional().meta({ description: "A sentence on what it checks." }),
  criteria: z
    .array(criterion, expected("a list of criteria"))
    .min(1, expected("a non-empty list of criteria"))
    .meta({ description: "The checklist: `{ key, name, question, match, roles }` entries (below)." }),
};

/** A framework file's schema: the one definition of its keys, checks, docs and JSON Schema. */
export const frameworkFile = z.strictObject(frameworkShape, expected("a mapping with name, title and criteria")).meta({
  title: "leadlens qualification framework",
  description: "A checklist for `leadlens analyze qualify --framework` (docs/qualify.md).",
});

/** The reference tables of docs/qualify.md, by marker name. */
export const FRAMEWORK_TABLES: Record<string, DocTable> = {
  "framework.file": { shape: frameworkShape },
  "framework.criterion": { shape: criterionShape },
};

/** One checklist item of a qualification framework (question and match filled in). */
export type Criterion = z.output<typeof criterion>;

/** A qualification framework as a checklist (see lib/qualify/frameworks/*.yml); `title` defaults to `name`. */
export type Framework = Omit<z.output<typeof frameworkFile>, "title"> & { title: string };

const DIR = new URL("./frameworks/", import.meta.url);

/** The built-in frameworks' keys (file names without .yml): bant, champ, firm, meddic. */
export function builtInFrameworks(): string[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".yml"))
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * Loads a framework: a built-in key (`bant`, `firm`, `champ`, `meddic`) or the path of a YAML
 * file in the same format (name, title, criteria: [{ key, name, question, match, roles? }]),
 * e.g. a copy of a built-in with the patterns changed to the business's own attribute names.
 */
export function loadFramework(keyOrPath: string): Framework {
  const builtIn = new URL(`${keyOrPath.toLowerCase()}.yml`, DIR);
  const isBuiltIn = /^[a-z]+$/i.test(keyOrPath) && existsSync(builtIn);
  if (!isBuiltIn && !existsSync(keyOrPath)) {
    throw new UserError(
      `--framework ${keyOrPath}: not a built-in framework (${builtInFrameworks().join(", ")}) and no such file.`,
    );
  }
  const file = isBuiltIn ? `framework ${keyOrPath}` : keyOrPath;
  const d = checkConfig(
    frameworkFile,
    parseYaml(isBuiltIn ? readFileSync(builtIn, "utf8") : readConfigText(keyOrPath, "framework"), file),
    file,
    keyed,
  );
  return { name: d.name, title: d.title ?? d.name, description: d.description, criteria: d.criteria };
}

/**
 * True when `text` matches the glob `pattern` (`*` = any text; case, spaces, `_` and `-` are
 * treated alike so `*time_spent*` matches "Total Time Spent on Website").
 *
 * @example
 * globMatch("*revenue*", "declared_monthly_revenue") // → true
 */
export function globMatch(pattern: string, text: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, "_");
  const re = new RegExp(
    `^${norm(pattern)
      .split("*")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(norm(text));
}

/** An attribute of the store, as the `attributes` table describes it. */
export interface StoreAttribute {
  name: string;
  label?: string | null;
  role: string;
  type?: string;
}

/** How one criterion fares against the data. */
export interface CriterionReport {
  key: string;
  name: string;
  question: string;
  /** seen: usable attributes exist; after_outcome: only post_outcome ones (recorded after the sale); not_seen: none. */
  status: "seen" | "after_outcome" | "not_seen";
  /** coverage: share of leads where it is filled; in_model: whether the given model uses it. */
  attributes: Array<{ name: string; role: string; coverage?: number; in_model?: boolean }>;
  post_outcome: string[];
}

/**
 * Which criteria of a framework the data can see: each criterion's patterns against the store's
 * attributes. Attributes with role `post_outcome` (recorded after the outcome) or `id` cannot
 * qualify a lead, so they are listed apart and do not make a criterion "seen".
 *
 * @example
 * frameworkCoverage(loadFramework("bant"), [{ name: "company_size", role: "fit.firmographic" }])
 * // → [{ key: "budget", status: "seen", attributes: [{ name: "company_size", … }] }, { key: "authority", status: "not_seen", … }, …]
 */
export function frameworkCoverage(framework: Framework, attributes: StoreAttribute[]): CriterionReport[] {
  return framework.criteria.map((c) => {
    const hit = attributes.filter(
      (a) =>
        c.match.some((p) => globMatch(p, a.name) || (a.label ? globMatch(p, a.label) : false)) ||
        (c.roles ?? []).some((p) => globMatch(p, a.role)),
    );
    const usable = hit.filter((a) => a.role !== "post_outcome" && a.role !== "id");
    const after = hit.filter((a) => a.role === "post_outcome").map((a) => a.name);
    return {
      key: c.key,
      name: c.name,
      question: c.question,
      status: usable.length > 0 ? "seen" : after.length > 0 ? "after_outcome" : "not_seen",
      attributes: usable.map((a) => ({ name: a.name, role: a.role })),
      post_outcome: after,
    };
  });
}

/**
 * {@link frameworkCoverage} on the store: reads `attributes` (plus the built-in `channel`) and
 * adds each seen attribute's coverage, the share of leads where it is not missing.
 */
export async function frameworkReport(
  conn: DuckDBConnection,
  framework: Framework,
): Promise<{ framework: string; title: string; criteria: CriterionReport[] }> {
  const attrs = await all<{ name: string; label: string | null; role: string; type: string }>(
    conn,
    "SELECT DISTINCT name, label, role, type FROM attributes ORDER BY name",
  );
  const criteria = frameworkCoverage(framework, [
    ...attrs,
    { name: "channel", label: "channel", role: "intent.behavioral" },
  ]);
  const names = [...new Set(criteria.flatMap((c) => c.attributes.map((a) => a.name)))];
  if (names.length > 0) {
    const parts = names.map(
      (n, i) => `AVG(CASE WHEN ${conditionToSql(ident(n), { kind: "missing" })} THEN 0.0 ELSE 1.0 END) AS c${i}`,
    );
    const row = (await all(conn, `SELECT ${parts.join(", ")} FROM leads`))[0] ?? {};
    const coverage = new Map(names.map((n, i) => [n, row[`c${i}`] == null ? NaN : Number(row[`c${i}`])]));
    for (const c of criteria) for (const a of c.attributes) a.coverage = coverage.get(a.name);
  }
  return { framework: framework.name, title: framework.title, criteria };
}
