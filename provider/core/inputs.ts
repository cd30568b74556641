// Input checks shared by the kinds: each normalizes one value and reports failures naming the property.
// Values not known yet (preview) pass through untouched: they cannot be checked and force a replacement in diff.
import { containsUnknown, DEFAULT_TIMEOUT_SECONDS, UNKNOWN } from "./models";

export interface CheckFailure {
  property: string;
  reason: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longest wait accepted: a week. */
export const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** One list item as CCKM compares it: trimmed; UUIDs lower-cased (CCKM ids are case-insensitive). */
export function normalizeItem(s: string): string {
  const t = s.trim();
  return UUID.test(t) ? t.toLowerCase() : t;
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the string "${value.length > 60 ? value.slice(0, 60) + "..." : value}"`;
  return `${typeof value === "object" ? "an object" : `the ${typeof value} ${String(value)}`}`;
}

/**
 * A list of IDs or names: strings, not empty, trimmed, sorted and de-duplicated (reordering is not a change).
 * Two entries that differ only in letter case are refused: CCKM may or may not tell them apart.
 */
export function checkStringList(property: string, value: unknown, failures: CheckFailure[]): unknown {
  if (containsUnknown(value)) return value;
  if (!Array.isArray(value)) {
    failures.push({ property, reason: `must be a list of strings, not ${describe(value)}` });
    return value;
  }
  if (value.length === 0) {
    failures.push({ property, reason: "must not be empty (to take everything, set synchronizeAll: true instead)" });
    return value;
  }
  const seen = new Map<string, string>();
  let ok = true;
  value.forEach((item, i) => {
    if (typeof item !== "string") {
      failures.push({ property: `${property}[${i}]`, reason: `must be a string, not ${describe(item)}` });
      ok = false;
      return;
    }
    const n = normalizeItem(item);
    if (n === "") {
      failures.push({ property: `${property}[${i}]`, reason: "must not be empty" });
      ok = false;
      return;
    }
    const folded = n.toLowerCase();
    const prior = seen.get(folded);
    if (prior !== undefined && prior !== n) {
      failures.push({
        property: `${property}[${i}]`,
        reason: `"${n}" and "${prior}" differ only in letter case: name the item once, spelled as CCKM has it`,
      });
      ok = false;
    }
    if (prior === undefined) seen.set(folded, n);
  });
  if (!ok) return value;
  return [...new Set(value.map((v) => normalizeItem(v as string)))].sort();
}

/** A boolean (absent means `dflt`). */
export function checkBoolean(property: string, value: unknown, failures: CheckFailure[], dflt = false): unknown {
  if (value === undefined || value === null) return dflt;
  if (value === UNKNOWN || typeof value === "boolean") return value;
  failures.push({ property, reason: `must be true or false, not ${describe(value)}` });
  return value;
}

/** A non-empty string, trimmed (UUIDs lower-cased). */
export function checkString(property: string, value: unknown, failures: CheckFailure[], required = true): unknown {
  if (value === UNKNOWN) return value;
  if (value === undefined || value === null) {
    if (required) failures.push({ property, reason: "is required" });
    return value;
  }
  if (typeof value !== "string" || value.trim() === "") {
    failures.push({ property, reason: `must be a non-empty string, not ${describe(value)}` });
    return value;
  }
  return normalizeItem(value);
}

/** One of a few strings, compared case-insensitively, stored lower-case. */
export function checkEnum(
  property: string,
  value: unknown,
  values: readonly string[],
  failures: CheckFailure[],
): unknown {
  if (value === UNKNOWN) return value;
  const v = typeof value === "string" ? value.trim().toLowerCase() : undefined;
  if (v === undefined || !values.includes(v)) {
    const got = value === undefined ? "it is missing" : `not ${describe(value)}`;
    failures.push({ property, reason: `must be one of ${values.map((x) => `"${x}"`).join(", ")}; ${got}` });
    return value;
  }
  return v;
}

/** The wait deadline in seconds: a positive number up to a week; default 1800. */
export function checkTimeout(value: unknown, failures: CheckFailure[]): unknown {
  if (value === undefined || value === null) return DEFAULT_TIMEOUT_SECONDS;
  if (value === UNKNOWN) return value;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_SECONDS) {
    failures.push({
      property: "timeoutSeconds",
      reason: `must be a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS}, not ${describe(value)}`,
    });
    return value;
  }
  return value;
}

/** Optional freshness bound of a job kind: a positive whole number of seconds. */
export function checkMaxAge(value: unknown, failures: CheckFailure[]): unknown {
  if (value === undefined || value === null || value === UNKNOWN) return value ?? undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    failures.push({
      property: "maxAgeSeconds",
      reason: `must be a whole number of seconds greater than 0, not ${describe(value)}`,
    });
  }
  return value;
}

/** Any list; a change of it starts a new job. Default []. */
export function checkTriggers(value: unknown, failures: CheckFailure[]): unknown {
  if (value === undefined || value === null) return [];
  if (value === UNKNOWN || Array.isArray(value)) return value;
  failures.push({ property: "triggers", reason: `must be a list, not ${describe(value)}` });
  return value;
}

/** Fails inputs the kind does not know (typos would otherwise be ignored silently). */
export function checkKnownNames(news: Record<string, unknown>, known: readonly string[], failures: CheckFailure[]) {
  for (const name of Object.keys(news)) {
    if (name.startsWith("__") || known.includes(name)) continue;
    failures.push({ property: name, reason: `is not an input of this resource (inputs: ${known.join(", ")})` });
  }
}
