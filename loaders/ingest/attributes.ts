import type { DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "../../lib/errors/UserError.ts";
import { all, ident, literal } from "../../lib/store/index.ts";
import type { AttributeSpec, SourceConfig } from "../config/types.ts";
import { field, type Field, type FieldKind } from "./fields.ts";

const KIND: Record<string, FieldKind> = { categorical: "text", numeric: "number", boolean: "boolean" };
const SQL_TYPE: Record<string, string> = { categorical: "VARCHAR", numeric: "DOUBLE", boolean: "BOOLEAN" };

/** The typed-table key of an attribute. */
export const attrKey = (a: AttributeSpec) => `a_${a.name}`;

/** The fields that read a list of attributes (`origin` is their config key, e.g. `attributes`). */
export function attributeFields(config: SourceConfig, attrs: AttributeSpec[], origin: string): Field[] {
  return attrs.map((a, i) =>
    field(config, attrKey(a), { column: a.column ?? a.name, normalize: a.normalize }, KIND[a.type ?? "categorical"], `${origin}[${i}].column`, {
      missing: a.missing,
      trueValues: a.true_values,
      falseValues: a.false_values,
    }),
  );
}

/**
 * Adds each attribute as a typed column of `leads` (ALTER TABLE … ADD COLUMN) and describes it in
 * `attributes`. An attribute that exists with another type is refused: changing it would silently
 * rewrite earlier loads.
 */
export async function declareAttributes(conn: DuckDBConnection, attrs: Array<{ spec: AttributeSpec; label: string }>, source: string): Promise<void> {
  const existing = new Map(
    (await all<{ name: string; type: string }>(conn, "SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = 'leads'")).map((r) => [r.name, r.type]),
  );
  for (const { spec } of attrs) {
    const want = SQL_TYPE[spec.type ?? "categorical"];
    const have = existing.get(spec.name);
    if (have && have !== want) {
      throw new UserError(
        `The attribute ${spec.name} is already stored in leads as ${have}, and this config reads it as ${spec.type ?? "categorical"} (${want}). Rename it, or ingest into a fresh --db.`,
      );
    }
    if (!have) await conn.run(`ALTER TABLE leads ADD COLUMN ${ident(spec.name)} ${want}`);
  }
  if (!attrs.length) return;
  await conn.run(`DELETE FROM attributes WHERE name IN (${attrs.map((a) => literal(a.spec.name)).join(", ")})`);
  for (const { spec, label } of attrs) {
    await conn.run("INSERT INTO attributes VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      spec.name,
      label,
      spec.role,
      spec.type ?? "categorical",
      spec.personal ?? false,
      source,
      spec.description ?? null,
    ]);
  }
}
