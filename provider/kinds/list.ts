// Reading a CCKM list: every read pages with `skip`/`limit` and believes `total`, never the server's order (the
// default order is undocumented: `sort` exists only on the DSM and Google job lists), and is bounded, because a CM
// keeps years of job history. Job lists come back newest first by `createdAt`, sorted here.
import { Deadline } from "../core/deadline";
import { ApiReader } from "../core/kind";
import { Query, RawJob } from "../core/models";

/** Items asked for per page (a CM may answer fewer: the page's length is what counts). */
export const PAGE_LIMIT = 100;
/** Pages read at most per list (so at most 1000 items: the newest jobs, whatever the server's order). */
export const MAX_PAGES = 10;

interface Page {
  resources?: unknown;
  total?: unknown;
}

export interface Listing {
  items: RawJob[];
  /** `total` as CCKM said it (the items' count when it did not). */
  total: number;
  /** False when the bound left items unread. */
  complete: boolean;
}

const objects = (v: unknown): RawJob[] =>
  (Array.isArray(v) ? v : []).filter((x): x is RawJob => !!x && typeof x === "object" && !Array.isArray(x));

/**
 * Reads a list, page by page. With `sort` asked for (`sorted`), the first pages are the wanted ones; without it the
 * newest items may be at either end, so after the first page the last pages are read, backwards from the end.
 */
export async function readList(
  reader: ApiReader,
  path: string,
  filters: Query,
  deadline: Deadline,
  sorted = false,
): Promise<Listing> {
  const get = async (skip: number) => reader.get<Page>(path, { ...filters, skip, limit: PAGE_LIMIT }, deadline);
  const first = await get(0);
  const items = objects(first?.resources);
  const step = items.length;
  const total = typeof first?.total === "number" && first.total >= step ? first.total : step;
  if (step === 0 || total <= step) return { items, total, complete: true };
  const skips: number[] = [];
  if (sorted) for (let s = step; s < total && skips.length < MAX_PAGES - 1; s += step) skips.push(s);
  else for (let s = total - step; s > 0 && skips.length < MAX_PAGES - 1; s -= step) skips.push(Math.max(s, step));
  const seen = new Set(items.map((i) => String(i.id)));
  for (const skip of skips) {
    for (const item of objects((await get(skip))?.resources)) {
      // a job created between two reads shifts the pages: an item may come twice
      if (item.id !== undefined && seen.has(String(item.id))) continue;
      seen.add(String(item.id));
      items.push(item);
    }
  }
  return { items, total, complete: items.length >= total };
}

const createdMs = (job: RawJob) => {
  const t = typeof job.createdAt === "string" ? Date.parse(job.createdAt) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
};

/** Jobs newest first by `createdAt` (those without a readable one last), whatever order CCKM answered in. */
export function newestFirst(jobs: RawJob[]): RawJob[] {
  return [...jobs].sort((a, b) => createdMs(b) - createdMs(a));
}

/** A family's jobs, newest first: `sort=-createdAt` is sent only where CCKM documents it (`sortable`). */
export async function listJobs(
  reader: ApiReader,
  path: string,
  filters: Query,
  deadline: Deadline,
  sortable: boolean,
): Promise<RawJob[]> {
  const query = sortable ? { ...filters, sort: "-createdAt" } : filters;
  return newestFirst((await readList(reader, path, query, deadline, sortable)).items);
}
