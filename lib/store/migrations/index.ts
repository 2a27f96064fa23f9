import * as m001 from "./001_canonical.ts";
import * as m002 from "./002_child_rows.ts";
import * as m003 from "./003_spend_grain.ts";

/** A numbered schema change. Never edit one that has shipped: add the next number. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, in order. */
export const migrations: Migration[] = [m001, m002, m003];
