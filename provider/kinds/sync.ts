// The sync/refresh families (DSM, external CM, Google, Azure, AWS, OCI, SAP groups) share one job object: a
// descriptor is a few lines of SyncFamily, and `syncKind` builds the JobKind. Finding a job to adopt (list
// filters, scope matching, the inventory for `synchronizeAll`) is here too: it is knowledge of the family.
import { Deadline } from "../core/deadline";
import { checkBoolean, CheckFailure, checkStringList } from "../core/inputs";
import { JobKind, PropertySpec, str, strList } from "../core/kind";
import { containsUnknown, JobSnapshot, Props, Query, RawJob, statusOutput, UNKNOWN } from "../core/models";
import { itemFailures, itemProgress, itemUnknowns, syncPhase } from "../core/status";
import { listJobs } from "./list";
import { sameItems, scopeMatchesInventory } from "./scope";
import { syncScopeOps } from "./scopeOps";

/** A list input and the API field it is sent as. */
export interface ApiList {
  input: string;
  api: string;
  /** The input's description (schema and docs). */
  description: string;
}

export interface SyncFamily {
  /** Class name. */
  name: string;
  /** Jobs path under `/api`. */
  path: string;
  /** The scope list. */
  list: ApiList;
  /** Whether the list endpoint filters by the scope field (`?key_rings=a&key_rings=b`). */
  filterByScope: boolean;
  /** The family's inventory list under `/api` (what `synchronizeAll` covers). */
  inventoryPath: string;
  /** Whether the list endpoint takes `sort`. */
  sortable?: boolean;
  /** An optional second list sent along with the scope list (AWS `regions`; absent means all). */
  extraList?: ApiList;
  /** Optional booleans sent when true (Azure `take_cloud_key_backup`). */
  flags?: ApiList[];
  /**
   * Whether resources may share one job of this family (jobs/coalesce/): each takes its own items from the job's
   * `detailed_status`, so the family must key it by scope item. @default true
   */
  shareable?: boolean;
}

/** Outputs of every sync/refresh job, read from the job object. */
const SYNC_OUTPUTS: readonly PropertySpec[] = [
  {
    name: "overallStatus",
    type: "string",
    description:
      "`overall_status` as CCKM reported it (e.g. `completed`, `in_progress`; some families write `in progress`).",
  },
  { name: "aborted", type: "boolean", description: "True when a cancel was asked for (CCKM's `abort`)." },
  {
    name: "detailedStatus",
    type: "map<string>",
    description: "Per scope item, CCKM's status text (`detailed_status`); may be empty.",
  },
  { name: "createdAt", type: "string", description: "When CCKM created the job (RFC 3339)." },
  { name: "updatedAt", type: "string", description: "When CCKM last updated the job (RFC 3339)." },
];

function inputSpecs(f: SyncFamily): PropertySpec[] {
  const list = (l: ApiList): PropertySpec => ({
    name: l.input,
    type: "string[]",
    description: l.description,
    replaces: true,
  });
  return [
    list(f.list),
    {
      name: "synchronizeAll",
      type: "boolean",
      description:
        "Take everything CCKM manages in this family instead of a list. Exactly one of the list and " +
        "`synchronizeAll: true` must be given. Changing this starts a new job.",
      default: false,
      replaces: true,
    },
    ...(f.extraList ? [list(f.extraList)] : []),
    ...(f.flags ?? []).map((x): PropertySpec => ({
      name: x.input,
      type: "boolean",
      description: x.description,
      default: false,
      replaces: true,
    })),
  ];
}

/** The checked scope inputs of a sync job, typed. */
interface SyncScope {
  all: boolean;
  items: string[];
  extra: string[];
  flags: Record<string, boolean>;
}

export function syncKind(f: SyncFamily): JobKind {
  const flags = f.flags ?? [];
  const scopeOf = (inputs: Props): SyncScope => ({
    all: inputs.synchronizeAll === true,
    items: strList(inputs, f.list.input),
    extra: f.extraList ? strList(inputs, f.extraList.input) : [],
    flags: Object.fromEntries(flags.map((x) => [x.input, inputs[x.input] === true])),
  });

  /** `filtered`: the job came from a list filtered by the scope field (not read by its id). */
  function sameScope(scope: SyncScope, job: RawJob, filtered: boolean): boolean {
    if (scope.all) return job.synchronize_all === true;
    if (job.synchronize_all === true) return false;
    const stored = strList(job, f.list.api);
    // One item each, from a list filtered by that item: CCKM matched it (e.g. a KMS named by name, stored by id).
    const filteredMatch = filtered && f.filterByScope && scope.items.length === 1 && stored.length === 1;
    if (!filteredMatch && !sameItems(scope.items, stored)) return false;
    if (f.extraList) {
      const have = strList(job, f.extraList.api);
      if (!(scope.extra.length === 0 && have.length === 0) && !sameItems(scope.extra, have)) return false;
    }
    return flags.every((flag) => (job[flag.api] === true) === scope.flags[flag.input]);
  }

  const kind: JobKind = {
    name: f.name,
    inputs: inputSpecs(f),
    outputs: SYNC_OUTPUTS,
    jobsPath: f.path,
    cancellable: true,
    scopes: f.shareable === false ? undefined : syncScopeOps(f),

    normalize(news: Props, failures: CheckFailure[]): Props {
      const out: Props = {};
      const all = checkBoolean("synchronizeAll", news.synchronizeAll, failures);
      const list = news[f.list.input];
      const hasList = list !== undefined && list !== null;
      if (all === true && hasList && !containsUnknown(list)) {
        failures.push({
          property: f.list.input,
          reason: `give either ${f.list.input} or synchronizeAll: true, not both`,
        });
      } else if (all !== true && all !== UNKNOWN && !hasList) {
        failures.push({
          property: f.list.input,
          reason: `is required unless synchronizeAll is true (give a list of ${f.list.input}, or synchronizeAll: true)`,
        });
      }
      out.synchronizeAll = all;
      out[f.list.input] = hasList ? checkStringList(f.list.input, list, failures) : [];
      if (f.extraList) {
        const extra = news[f.extraList.input];
        const given = extra !== undefined && extra !== null;
        if (given && all === true) {
          failures.push({
            property: f.extraList.input,
            reason: `applies to a ${f.list.input} list, not to synchronizeAll`,
          });
        }
        out[f.extraList.input] = given ? checkStringList(f.extraList.input, extra, failures) : [];
      }
      for (const flag of flags) out[flag.input] = checkBoolean(flag.input, news[flag.input], failures);
      return out;
    },

    startBody(inputs: Props): Record<string, unknown> {
      const scope = scopeOf(inputs);
      const body: Record<string, unknown> = {};
      if (scope.all) body.synchronize_all = true;
      else body[f.list.api] = scope.items;
      if (f.extraList && scope.extra.length) body[f.extraList.api] = scope.extra;
      for (const flag of flags) if (scope.flags[flag.input]) body[flag.api] = true;
      return body;
    },

    async findAdoptable(reader, inputs: Props, deadline: Deadline): Promise<RawJob[]> {
      const scope = scopeOf(inputs);
      const filters: Query = {};
      if (f.filterByScope && !scope.all) filters[f.list.api] = scope.items;
      const list = await listJobs(reader, f.path, filters, deadline, f.sortable === true);
      const same = list.filter((job) => sameScope(scope, job, true));
      if (!scope.all || same.length === list.length) return same;
      // CCKM does not echo synchronize_all: a job whose scope is the whole inventory is a job over everything
      const matches = await scopeMatchesInventory(reader, f.inventoryPath, deadline);
      if (!matches) return same;
      return list.filter((job) => same.includes(job) || matches(strList(job, f.list.api)));
    },

    sameScope: (inputs: Props, job: RawJob) => sameScope(scopeOf(inputs), job, false),

    snapshot(job: RawJob): JobSnapshot {
      const errors = itemFailures(job.detailed_status);
      const unknowns = itemUnknowns(job.detailed_status);
      const { phase, known } = syncPhase(job.overall_status, job.abort, errors);
      const statusText = str(job, "overall_status");
      // a job that CCKM says failed, without an item saying why: its items of unknown meaning are the best clue
      const failures = phase === "failed" && !errors.length ? unknowns : errors;
      return {
        id: str(job, "id"),
        phase,
        statusText,
        note: known ? undefined : `status "${statusText}" not known, treated as running until the deadline`,
        failures,
        warnings: unknowns.length && failures !== unknowns ? unknowns : undefined,
        message: str(job, "message") || str(job, "error") || undefined,
        detail: itemProgress(job.detailed_status),
      };
    },

    outputValues(job: RawJob): Props {
      const snap = kind.snapshot(job);
      const detailed = job.detailed_status;
      return {
        jobId: snap.id,
        status: statusOutput(snap.phase),
        overallStatus: snap.statusText,
        aborted: job.abort === true,
        detailedStatus: detailed && typeof detailed === "object" && !Array.isArray(detailed) ? detailed : {},
        createdAt: str(job, "createdAt"),
        updatedAt: str(job, "updatedAt"),
      };
    },
  };
  return kind;
}
