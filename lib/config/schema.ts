/**
 * The shared machinery of leadlens's config files (source, scoring, rubric, rules, frameworks):
 * each file kind is one zod schema, and its TypeScript types, its validation messages, its
 * defaults, its docs tables (./docs.ts) and its published JSON Schema (schema/*.schema.json) all
 * come from it. This module turns zod's issues into one-paragraph UserErrors that name the key
 * path and what was expected, in the wording each file kind's messages have always used.
 */
import { z } from "zod";
import { UserError } from "../errors/UserError.ts";

/** How a value the user wrote is shown after "got". */
export function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return `a list (${JSON.stringify(v).slice(0, 60)})`;
  if (typeof v === "object") return "a mapping";
  return JSON.stringify(v);
}

const REQUIRED = "expected a value (this key is required), got nothing";

type Issue = z.core.$ZodRawIssue;

/**
 * The error option of a schema whose mistakes read `expected <text>, got <value>`; a missing value
 * reads `missing` when given, else `expected a value (this key is required), got nothing`.
 *
 * @example
 * z.string({ error: expected("a snake_case name") }) // → "expected a snake_case name, got 3"
 */
export function expected(text: string, missing?: string): { error: (iss: Issue) => string | undefined } {
  return {
    // An unknown key is not a wrong value: the style's wording says it (see defaultText).
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? undefined
        : iss.input === undefined
          ? (missing ?? REQUIRED)
          : `expected ${text}, got ${describe(iss.input)}`,
  };
}

/** A non-empty (not blank) text; the value is kept as written (not trimmed). */
export function text(what = "a non-empty text", missing?: string) {
  return z
    .string(expected(what, missing))
    .min(1, expected(what, missing))
    .refine((s) => s.trim() !== "", expected(what, missing));
}

/** Keys no mapping accepts: they name JavaScript's object machinery, never a setting. */
export const RESERVED_KEYS = ["__proto__", "constructor", "prototype"];

/** A mapping from user-chosen keys (e.g. stage → column); {@link checkConfig} refuses {@link RESERVED_KEYS} in it. */
export function record<V extends z.ZodType>(value: V) {
  return z.record(z.string(), value, expected("a mapping"));
}

const TYPE_WORDS: Record<string, string> = {
  string: "a text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/** The wording of zod's issues that a schema did not word itself. */
function defaultText(iss: Issue, style: Style): string {
  if (iss.input === undefined && (iss.code === "invalid_type" || iss.code === "invalid_union")) return REQUIRED;
  const got = `got ${describe(iss.input)}`;
  switch (iss.code) {
    case "invalid_type":
      return `expected ${TYPE_WORDS[iss.expected] ?? iss.expected}, ${got}`;
    case "invalid_value":
      return `expected one of ${iss.values.join(", ")}, ${got}`;
    case "too_small":
      if (iss.origin === "array") return `expected a non-empty list, ${got}`;
      if (iss.origin === "string") return `expected a non-empty text, ${got}`;
      return `expected a number ${iss.inclusive ? "≥" : ">"} ${iss.minimum}, ${got}`;
    case "too_big":
      return `expected a number ${iss.inclusive ? "≤" : "<"} ${iss.maximum}, ${got}`;
    case "unrecognized_keys": {
      const shape =
        (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape ?? {};
      return style.unknown(iss.keys, Object.keys(shape));
    }
    default:
      return `expected another value, ${got}`;
  }
}

/** How one file kind writes where a problem is and what an unknown key is. */
export interface Style {
  /** Between the file's name and the place, e.g. ": " (`source.yml: leads.id: …`) or ", ". */
  sep: string;
  /** The place of a key path, e.g. `attributes[3].role`; "" for the whole file. */
  where(path: readonly PropertyKey[], doc: unknown): string;
  /** The text for unknown `keys` of a mapping whose keys are `known`. */
  unknown(keys: string[], known: string[]): string;
  /** True when an unknown key is named in the place (`leads.idd: expected a known key …`). */
  unknownAtKey: boolean;
}

/** The closest of `known` to `key` (a typo: at most a third of its letters differ, and not all), if any. */
export function closest(key: string, known: readonly string[]): string | undefined {
  // Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) =>
      Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  };
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = dist(key.toLowerCase(), k.toLowerCase());
    if (d < bestD && d < key.length) [best, bestD] = [k, d];
  }
  return best;
}

const didYouMean = (key: string, known: string[]) => {
  const hit = RESERVED_KEYS.includes(key) ? undefined : closest(key, known);
  return hit ? ` (did you mean "${hit}"?)` : "";
};

/** Key paths as `attributes[3].role`; unknown keys as `<path>.<key>: expected a known key (one of …)`. */
export const dotted: Style = {
  sep: ": ",
  where: (path) =>
    path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), "") ||
    "(top level)",
  unknown: ([key], known) =>
    `expected a known key (one of ${known.join(", ")}), got ${describe(key)}${didYouMean(key, known)}`,
  unknownAtKey: true,
};

/** Key paths as `criteria[0], key match`; unknown keys as `<path>: unknown key x; known: …`. */
export const keyed: Style = {
  sep: ", ",
  where: (path) => {
    const parts: string[] = [];
    path.forEach((k, i) => {
      if (typeof k === "number") parts[parts.length - 1] = `${parts.at(-1) ?? ""}[${k}]`;
      else parts.push(typeof path[i + 1] === "number" ? String(k) : `key ${String(k)}`);
    });
    return parts.join(", ");
  },
  unknown: (keys, known) => `unknown key ${keys.join(", ")}; known: ${known.join(", ")}${didYouMean(keys[0], known)}`,
  unknownAtKey: false,
};

interface Found {
  path: PropertyKey[];
  message: string;
  code: string;
  keys?: string[];
}

/** The issue to report: the first, with a union's failure replaced by its best-matching branch's. */
function pick(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): Found {
  const first = [...issues].sort((a, b) => a.path.length - b.path.length)[0];
  const path = [...prefix, ...first.path];
  if (first.code === "invalid_union") {
    // A branch refused at its root for its type is not the form the user meant; among the others,
    // the one with the fewest problems is (the old validator chose by shape the same way).
    const near = first.errors.filter((e) => !e.every((i) => i.code === "invalid_type" && i.path.length === 0));
    if (near.length > 0)
      return pick(
        near.reduce((a, b) => (b.length < a.length ? b : a)),
        path,
      );
  }
  return {
    path,
    message: first.message,
    code: first.code,
    keys: first.code === "unrecognized_keys" ? first.keys : undefined,
  };
}

/**
 * Validates a parsed config document against `schema`, after dropping keys whose value is null
 * (an empty `key:` in YAML means "not given").
 *
 * @returns the parsed value, with the schema's defaults filled in.
 * @throws UserError `<file><sep><place>: expected …, got ….` naming the first problem.
 * @example
 * checkConfig(sourceConfig, doc, "source.yml") // throws: source.yml: attributes[3].role: expected one of id, …, got "fit.demo".
 */
export function checkConfig<S extends z.ZodType>(
  schema: S,
  doc: unknown,
  file: string,
  style: Style = dotted,
): z.output<S> {
  const value = dropNulls(doc);
  const reserved = reservedKey(value, []);
  const r = reserved ? undefined : schema.safeParse(value, { error: (iss) => defaultText(iss, style) });
  if (r?.success) return r.data;
  const f: Found = reserved
    ? {
        path: reserved,
        code: "custom",
        message: `expected a key other than ${RESERVED_KEYS.join(", ")} (they are reserved), got ${describe(reserved.at(-1))}`,
      }
    : pick(r!.error!.issues);
  const at = style.where(
    f.code === "unrecognized_keys" && style.unknownAtKey ? [...f.path, f.keys![0]] : f.path,
    value,
  );
  throw new UserError(`${file}${at ? `${style.sep}${at}` : ""}: ${f.message}.`);
}

/**
 * The path of the first mapping key named like {@link RESERVED_KEYS}, if any. Checked before the
 * schema: zod's records drop a `__proto__` key silently, and a key the config never defines must
 * not pass unnoticed.
 */
function reservedKey(doc: unknown, path: PropertyKey[]): PropertyKey[] | undefined {
  if (typeof doc !== "object" || doc === null) return undefined;
  for (const [k, v] of Object.entries(doc)) {
    if (!Array.isArray(doc) && RESERVED_KEYS.includes(k)) return [...path, k];
    const hit = reservedKey(v, [...path, Array.isArray(doc) ? Number(k) : k]);
    if (hit) return hit;
  }
  return undefined;
}

/** A copy of `doc` without mapping keys whose value is null (lists keep their items). */
function dropNulls(doc: unknown): unknown {
  if (Array.isArray(doc)) return doc.map(dropNulls);
  if (typeof doc !== "object" || doc === null || doc instanceof Date) return doc;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    // defineProperty: a key named __proto__ stays an own key (and is then refused), never a prototype.
    if (v !== null)
      Object.defineProperty(out, k, { value: dropNulls(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
