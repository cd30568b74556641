/** Lists the CCKM way: filters, `sort` (comma-separated, `-` for descending), `skip`/`limit` (default 10), `total`. */
import { badRequest, invalidParam } from "./errors";
import type { Knobs } from "./knobs";

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

/**
 * `limit=-1` asks for every match: Thales' Terraform provider documents it ("give a filter of 'limit=-1' to list
 * all") and its scheduler list sends it. Any other negative limit is still a 400.
 */
export const ALL = -1;

function limitParam(q: URLSearchParams, fallback: number): number {
  if (q.get("limit") === String(ALL)) return ALL;
  try {
    return intParam(q, "limit", fallback);
  } catch {
    throw invalidParam(`limit must be a non-negative integer or -1 (all), got ${JSON.stringify(q.get("limit"))}`);
  }
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Sorts by `sort` if given (fields must be in `sortable`); otherwise keeps the given order. */
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

export interface PageRules {
  /** Fields `sort` may name; undefined = this list takes no `sort` (a 400 if one is given). */
  sortable?: string[];
  /** The page size without `limit`, and the largest `limit` (null = no cap). */
  pageLimit: number;
  maxLimit: number | null;
}

/**
 * Sorts (if asked) and cuts one page: at most `limit` resources (capped to `maxLimit`), `total` = all that match;
 * `limit=-1`: every match from `skip` on (the answer's `limit` says -1).
 */
export function paginate<T extends Record<string, unknown>>(list: T[], q: URLSearchParams, rules: PageRules): Page<T> {
  const skip = intParam(q, "skip", 0);
  const asked = limitParam(q, rules.pageLimit);
  const limit = asked === ALL || rules.maxLimit === null ? asked : Math.min(asked, rules.maxLimit);
  const sort = q.get("sort");
  if (sort !== null && rules.sortable === undefined) {
    throw badRequest(`unknown query parameter: sort (this list cannot be sorted)`);
  }
  const sorted = sortResources(list, sort, rules.sortable ?? []);
  const end = limit === ALL ? sorted.length : skip + limit;
  return { skip, limit, total: sorted.length, resources: sorted.slice(skip, end) };
}

/**
 * The page rules of a job list: `sort` where it is documented (or anywhere, with `sortParam: anywhere`), the list
 * in creation order (`listOrder: oldest`) or newest first. `list` comes oldest first.
 */
export function jobPage<T extends Record<string, unknown>>(
  knobs: Knobs,
  list: T[],
  q: URLSearchParams,
  sortable: string[],
  sortDocumented: boolean,
): Page<T> {
  const ordered = knobs.listOrder === "newest" ? [...list].reverse() : list;
  const sortOk = sortDocumented || knobs.sortParam === "anywhere";
  return paginate(ordered, q, {
    sortable: sortOk ? sortable : undefined,
    pageLimit: knobs.pageLimit,
    maxLimit: knobs.maxLimit,
  });
}
