import type { DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "../../lib/errors/UserError.ts";
import { all, ident, literal } from "../../lib/store/index.ts";
import type { AttributeSpec, SourceConfig } from "../config/types.ts";
import { field, type Field, type FieldKind } from "./fields.ts";
import { categoricalType, isEnumType, type NewValues } from "./dictionary.ts";

const KIND: Record<string, FieldKind> = { categorical: "text", numeric: "number", boolean: "boolean" };
const SQL_TYPE: Record<string, string> = { categorical: "VARCHAR", numeric: "DOUBLE", boolean: "BOOLEAN" };

/** The typed-table key of an attribute. */
export const attrKey = (a: AttributeSpec) => `a_${a.name}`;

/** The fields that read a list of attributes (`origin` is their config key, e.g. `attributes`). */
export function attributeFields(config: SourceConfig, attrs: AttributeSpec[], origin: string): Field[] {
  return attrs.map((a, i) => ({
    ...field(
      config,
      attrKey(a),
      { column: a.column ?? a.name, normalize: a.normalize },
      KIND[a.type ?? "categorical"],
      `${origin}[${i}].column`,
      {
        missing: a.missing,
        trueValues: a.true_values,
        falseValues: a.false_values,
        map: a.map,
      },
    ),
    ...(a.sentinel ? { sentinels: a.sentinel } : {}),
  }));
}

/** An attribute to declare, and where this run's values of it are (for a categorical one's dictionary). */
export interface DeclaredAttribute {
  spec: AttributeSpec;
  /** The column header in the source file. */
  label: string;
  /** This run's accepted values of the attribute. */
  values?: NewValues;
}

/**
 * Adds each attribute as a typed column of `leads` (ALTER TABLE … ADD COLUMN) and describes it in
 * `attributes`. A categorical attribute is an ENUM of its distinct values (`categoricalType` in
 * dictionary.ts), widened when this run brings new ones. An attribute that exists with another
 * kind of type is refused: changing it would silently rewrite earlier loads.
 */
export async function declareAttributes(
  conn: DuckDBConnection,
  attrs: DeclaredAttribute[],
  source: string,
): Promise<void> {
  const existing = new Map(
    (
      await all<{ name: string; type: string }>(
        conn,
        "SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = 'leads'",
      )
    ).map((r) => [r.name, r.type]),
  );
  for (const { spec, values } of attrs) {
    const want = SQL_TYPE[spec.type ?? "categorical"];
    const have = existing.get(spec.name);
    if (want === "VARCHAR" && (have === undefined || have === "VARCHAR" || isEnumType(have))) {
      const type = await categoricalType(conn, spec.name, have, values ? [values] : []);
      if (type && have === undefined) await conn.run(`ALTER TABLE leads ADD COLUMN ${ident(spec.name)} ${type}`);
      else if (type) await conn.run(`ALTER TABLE leads ALTER COLUMN ${ident(spec.name)} TYPE ${type}`);
      continue;
    }
    if (have && have !== want) {
      throw new UserError(
        `The attribute ${spec.name} is already stored in leads as ${isEnumType(have) ? "categorical (ENUM)" : have}, and this config reads it as ${spec.type ?? "categorical"} (${want}). Rename it, or ingest into a fresh --db.`,
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
