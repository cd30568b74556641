/**
 * Value types of the simulator's settings, built on zod: each gives the schema that checks a JSON value (options, the
 * control API) and the decoder of the same value written as text (a flag or an environment variable), so a setting's
 * type is declared once. Messages name the value the way people wrote it.
 */
import { z } from "zod";

export interface ValueType<T> {
  schema: z.ZodType<T>;
  /** A flag or environment string -> the value to check (left as the string when it cannot be read). */
  fromText(raw: string): unknown;
  /** `boolean` flags take no value (`--http`); the others take one. */
  flag: "string" | "boolean";
}

const shown = (v: unknown): string => JSON.stringify(v) ?? String(v);

export function num(min?: number, max?: number): ValueType<number> {
  let schema = z.number({ error: (iss) => `expected a number, got ${shown(iss.input)}` });
  if (min !== undefined) schema = schema.min(min, { error: (iss) => `must be at least ${min}, got ${iss.input}` });
  if (max !== undefined) schema = schema.max(max, { error: (iss) => `must be at most ${max}, got ${iss.input}` });
  return { schema, fromText: numberText, flag: "string" };
}

export function int(min?: number, max?: number): ValueType<number> {
  const base = num(min, max);
  const schema = base.schema.refine(Number.isInteger, { error: (iss) => `expected an integer, got ${iss.input}` });
  return { ...base, schema };
}

function numberText(raw: string): unknown {
  if (raw.trim() === "") return raw;
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

export function bool(): ValueType<boolean> {
  return {
    schema: z.boolean({ error: (iss) => `expected true or false, got ${shown(iss.input)}` }),
    fromText: (raw) => (["true", "1", ""].includes(raw) ? true : ["false", "0"].includes(raw) ? false : raw),
    flag: "boolean",
  };
}

export function oneOf<const V extends readonly [string, ...string[]]>(values: V): ValueType<V[number]> {
  return {
    schema: z.enum(values, { error: (iss) => `expected one of ${values.join(", ")}, got ${shown(iss.input)}` }),
    fromText: (raw) => raw,
    flag: "string",
  };
}

export function text(): ValueType<string> {
  return {
    schema: z.string({ error: (iss) => `expected a string, got ${shown(iss.input)}` }),
    fromText: (raw) => raw,
    flag: "string",
  };
}

/** A list of texts; as text, comma-separated or repeated. */
export function textList(): ValueType<string[]> {
  return {
    schema: z.array(z.string({ error: "expected a string" }), {
      error: (iss) => `expected a list of strings, got ${shown(iss.input)}`,
    }),
    fromText: (raw) => raw.split(",").map((s) => s.trim()),
    flag: "string",
  };
}

/** `key -> text` (as text: `key=text`, repeatable). */
export function textMap(what: string): ValueType<Record<string, string>> {
  return {
    schema: z.record(z.string(), z.string({ error: "expected a message string" }), {
      error: `expected an object of ${what}`,
    }),
    fromText: (raw) => {
      const eq = raw.indexOf("=");
      if (eq <= 0) throw new Error(`expected ${what.replace(" -> ", "=")}, got ${shown(raw)}`);
      return { [raw.slice(0, eq)]: raw.slice(eq + 1) };
    },
    flag: "string",
  };
}

/** The value or `null` (as text: `null`, e.g. `--max-limit null`). */
export function nullable<T>(t: ValueType<T>): ValueType<T | null> {
  return { ...t, schema: t.schema.nullable(), fromText: (raw) => (raw === "null" ? null : t.fromText(raw)) };
}

/**
 * `true` when A and B are the same type (identical, not only assignable both ways, which would miss an optional field
 * more or less): `const agree: Same<Plain, Derived> = true` keeps a spelled-out type equal to one derived from here.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** The first issue of a failed parse as `<where>.<path>: <message>`. */
export function issueText(where: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = [where, ...issue.path.map(String)].filter(Boolean).join(".");
  if (issue.code === "unrecognized_keys") {
    return `${[path, issue.keys[0]].filter(Boolean).join(".")}: unknown field`;
  }
  return `${path}: ${issue.message}`;
}

/** Parses with `schema` or throws an Error whose message is `issueText`. */
export function check<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(issueText(where, r.error));
  return r.data;
}
