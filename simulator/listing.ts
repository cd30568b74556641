/** Lists the CCKM way: filters, `sort` (comma-separated, `-` for descending), `skip`/`limit` (default 10), `total`. */
import { invalidParam } from "./errors";

export interface Page<T> {
  skip: number;
  limit: number;
  total: number;
  resources: T[];
}

function intParam(q: URLSearchParams, name: string, fallback: number): number {
  const raw = q.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw invalidParam(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Sorts by `sort` if given (fields must be in `sortable`); otherwise keeps the given order (newest first). */
export function sortResources<T extends Record<string, unknown>>(
  list: T[],
  sort: string | null,
  sortable: string[],
): T[] {
  if (!sort) return list;
  const keys = sort
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => ({ desc: f.startsWith("-"), field: f.replace(/^[-+]/, "") }));
  for (const k of keys) {
    if (!sortable.includes(k.field))
      throw invalidParam(`cannot sort by ${JSON.stringify(k.field)} (one of ${sortable.join(", ")})`);
  }
  return [...list].sort((a, b) => {
    for (const k of keys) {
      const c = compare(a[k.field], b[k.field]);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
}

/** Keeps resources whose `field` (a value or an array) equals any of the repeated query values of `param`. */
export function filterBy<T>(list: T[], q: URLSearchParams, param: string, values: (item: T) => unknown[]): T[] {
  const wanted = q
    .getAll(param)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (wanted.length === 0) return list;
  return list.filter((item) => values(item).some((v) => v !== undefined && v !== null && wanted.includes(String(v))));
}

export function paginate<T extends Record<string, unknown>>(
  list: T[],
  q: URLSearchParams,
  sortable: string[],
): Page<T> {
  const skip = intParam(q, "skip", 0);
  const limit = intParam(q, "limit", 10);
  const sorted = sortResources(list, q.get("sort"), sortable);
  return { skip, limit, total: sorted.length, resources: sorted.slice(skip, skip + limit) };
}
