// A sync family's scope as data (ScopeOps), for jobs that several resources share (jobs/coalesce/): merging
// resources' lists into one job's body, and finding a running job whose scope covers a resource's own.
import { Deadline } from "../core/deadline";
import { ApiReader, JobScope, ScopeOps, strList } from "../core/kind";
import { Props, Query, RawJob } from "../core/models";
import { listJobs, newestFirst, PAGE_LIMIT } from "./list";
import { coversItems, itemMatches, matchedByFilter, sameItems } from "./scope";
import type { SyncFamily } from "./sync";

export function syncScopeOps(f: SyncFamily): ScopeOps {
  const flags = f.flags ?? [];
  // where a job shows its list and the list endpoint filters on it (Salesforce echoes `organizations`, not the
  // `organization_ids` it was sent)
  const echoed = f.list.echo ?? f.list.api;
  const filters = (scope: JobScope): Query =>
    f.filterByScope && !scope.all && scope.items.length === 1 ? { [echoed]: scope.items } : {};
  const ops: ScopeOps = {
    of: (inputs: Props): JobScope => ({
      all: inputs.synchronizeAll === true,
      items: strList(inputs, f.list.input),
      extra: f.extraList ? strList(inputs, f.extraList.input) : [],
      flags: Object.fromEntries(flags.map((x) => [x.input, inputs[x.input] === true])),
    }),

    inputsOf: (scope: JobScope): Props => ({
      synchronizeAll: scope.all,
      [f.list.input]: scope.all ? [] : [...scope.items],
      ...(f.extraList ? { [f.extraList.input]: [...scope.extra] } : {}),
      ...scope.flags,
    }),

    storedItems: (job: RawJob) => strList(job, echoed),

    covers(job: RawJob, scope: JobScope, filteredBy?: JobScope): boolean {
      if (!flags.every((x) => (job[x.api] === true) === scope.flags[x.input])) return false;
      if (job.synchronize_all === true) return true;
      if (scope.all) return false;
      const stored = strList(job, echoed);
      // the list was filtered by this very item (its filter applied, and asked for the same scope)
      const byThisItem =
        !!filteredBy && Object.keys(filters(filteredBy)).length > 0 && sameItems(scope.items, filteredBy.items);
      if (!matchedByFilter(byThisItem, scope.items, stored) && !coversItems(scope.items, stored)) return false;
      if (!f.extraList) return true;
      const have = strList(job, f.extraList.api);
      // a job without the second list runs over all of it (AWS: every region)
      return (
        have.length === 0 || (scope.extra.length > 0 && scope.extra.every((r) => have.some((h) => itemMatches(r, h))))
      );
    },

    listFor: (reader: ApiReader, scope: JobScope, deadline: Deadline) =>
      listJobs(reader, f.path, filters(scope), deadline, f.sortable === true),

    async onePage(reader: ApiReader, scope: JobScope, deadline: Deadline): Promise<RawJob[]> {
      const query: Query = { ...filters(scope), skip: 0, limit: PAGE_LIMIT };
      if (f.sortable) query.sort = "-createdAt";
      const page = await reader.get<{ resources?: unknown }>(f.path, query, deadline);
      const items = Array.isArray(page?.resources) ? page.resources : [];
      return newestFirst(items.filter((x): x is RawJob => !!x && typeof x === "object" && !Array.isArray(x)));
    },
  };
  return ops;
}
