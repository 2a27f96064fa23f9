/**
 * A tiny schema checker for YAML configs: each check either accepts a value or says, with the key
 * path, what was expected. Kept hand-written (no JSON-schema package is installed) and small.
 */

/** A problem found in a config: the key path and what was expected. */
export class ConfigProblem extends Error {
  constructor(readonly path: string, readonly expected: string, readonly got: unknown) {
    super(`${path}: expected ${expected}, got ${describe(got)}`);
  }
}

/** Validates `value` at key `path`; throws {@link ConfigProblem}. */
export type Check = (value: unknown, path: string) => void;

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return `a list (${JSON.stringify(v).slice(0, 60)})`;
  if (typeof v === "object") return "a mapping";
  return JSON.stringify(v);
}

const join = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** A non-empty string. */
export const str: Check = (v, p) => {
  if (typeof v !== "string" || v.trim() === "") throw new ConfigProblem(p, "a non-empty text", v);
};

/** A value token: any text (empty allowed: a missing token may be ""), or a bare number/true/false, read as its text. */
export const anyStr: Check = (v, p) => {
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") throw new ConfigProblem(p, "a text value", v);
};

/** true or false. */
export const bool: Check = (v, p) => {
  if (typeof v !== "boolean") throw new ConfigProblem(p, "true or false", v);
};

/** A positive integer. */
export const positiveInt: Check = (v, p) => {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) throw new ConfigProblem(p, "a positive whole number", v);
};

/** One of the listed strings. */
export function oneOf(values: readonly string[]): Check {
  return (v, p) => {
    if (typeof v !== "string" || !values.includes(v)) throw new ConfigProblem(p, `one of ${values.join(", ")}`, v);
  };
}

/** A list whose items pass `item`. */
export function listOf(item: Check, nonEmpty = false): Check {
  return (v, p) => {
    if (!Array.isArray(v)) throw new ConfigProblem(p, "a list", v);
    if (nonEmpty && v.length === 0) throw new ConfigProblem(p, "a non-empty list", v);
    v.forEach((x, i) => item(x, join(p, i)));
  };
}

/** A string or a list of strings. */
export function strOrList(item: Check = str): Check {
  return (v, p) => (Array.isArray(v) ? listOf(item, true)(v, p) : item(v, p));
}

/** Tries each alternative; fails with the message of the alternative whose shape matches best. */
export function either(pick: (v: unknown) => Check): Check {
  return (v, p) => pick(v)(v, p);
}

/** A mapping from any key to values passing `item`. */
export function mapOf(item: Check): Check {
  return (v, p) => {
    if (!isMapping(v)) throw new ConfigProblem(p, "a mapping", v);
    for (const [k, x] of Object.entries(v)) item(x, join(p, k));
  };
}

/** True for a plain YAML mapping. */
export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Field definitions of an object: `key: check` (optional) or `key!: check` in `required`. */
export interface Shape {
  fields: Record<string, Check>;
  required?: string[];
  /** Extra cross-field rule, run after the fields pass. */
  rule?: (v: Record<string, unknown>, path: string) => void;
}

/** A mapping with known keys: unknown keys are refused (they are usually typos). */
export function obj(shape: Shape | (() => Shape)): Check {
  return (v, p) => {
    const s = typeof shape === "function" ? shape() : shape;
    if (!isMapping(v)) throw new ConfigProblem(p || "(top level)", "a mapping", v);
    for (const key of Object.keys(v)) {
      if (!(key in s.fields)) {
        throw new ConfigProblem(join(p, key), `a known key (one of ${Object.keys(s.fields).join(", ")})`, key);
      }
    }
    for (const key of s.required ?? []) {
      if (v[key] === undefined || v[key] === null) throw new ConfigProblem(join(p, key), "a value (this key is required)", undefined);
    }
    for (const [key, check] of Object.entries(s.fields)) {
      if (v[key] !== undefined && v[key] !== null) check(v[key], join(p, key));
    }
    s.rule?.(v, p);
  };
}
