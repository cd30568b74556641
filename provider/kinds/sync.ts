// The sync/refresh families (DSM, Google, Azure, AWS, Luna, Salesforce, ...: families.ts) share one job object: a
// descriptor is a few lines of SyncFamily, and `syncKind` builds the JobKind. Finding a job to adopt (list
// filters, scope matching, the inventory for `synchronizeAll`) is here too: it is knowledge of the family.
import { Deadline } from "../core/deadline";
import { checkBoolean, CheckFailure } from "../core/inputs";
import { JobKind, PropertySpec, str, strList } from "../core/kind";
import { JobSnapshot, Props, Query, RawJob, statusOutput } from "../core/models";
import { itemFailures, itemProgress, itemUnknowns, syncPhase } from "../core/status";
import { listJobs } from "./list";
import { checkScopeInputs, matchedByFilter, sameItems, scopeMatchesInventory } from "./scope";
import { syncScopeOps } from "./scopeOps";

/** A list or flag input, the API field it is sent as, and what it is (one sentence for people). */
export interface ApiList {
  input: string;
  /** The request field. */
  api: string;
  /**
   * Where the job echoes the list and its list endpoint filters on it, when that is not `api` (Salesforce: the
   * request's `organization_ids` comes back as `organizations`). `pulumi import` reads it from there too.
   */
  echo?: string;
  /** What it names or does; the kind (and SyncSchedule) add what changing it does. */
  what: string;
}

/** A family that CM's scheduler can run too: a `cloud` of SyncSchedule. */
export interface ScheduleCloud {
  /** SyncSchedule's `cloud` value, e.g. `google`. */
  cloud: string;
  /** The cloud's name in docs, e.g. `Google`. */
  label: string;
  /** CM's `cloud_name` in `cckm_synchronization_params` (TF examples: aws, gcp, AzureCloud, oci; sap inferred). */
  cloudName: string;
  /** Other spellings of cloud_name CM may answer with (read case-insensitively). */
  aliases?: string[];
  /** The scheduler's name of the scope list, when it differs from the job's. */
  listApi?: string;
}

/** A sync/refresh family: the registry entry's data. */
export interface SyncFamily {
  /** Class name. */
  name: string;
  /** What the resource does, for people (the behaviour every sync job shares is added). */
  description: string;
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
  /** When CM's scheduler can run this family: its SyncSchedule cloud. */
  schedule?: ScheduleCloud;
  /**
   * Whether resources may share one job of this family (jobs/coalesce/): each takes its own items from the job's
   * `detailed_status`, so the family must key it by scope item. @default true
   */
  shareable?: boolean;
}

/** A sync/refresh kind, with the family data it was built from (SyncSchedule reads the clouds from it). */
export interface SyncKind extends JobKind {
  readonly family: SyncFamily;
}

const SYNC_BEHAVIOUR =
  "`pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a " +
  "failed job fails the update and is replaced by a new job on the next `up`. `pulumi destroy` cancels a job that " +
  "still runs.";

/** Outputs of every sync/refresh job, read from the job object. */
const SYNC_OUTPUTS: readonly PropertySpec[] = [
  {
    name: "overallStatus",
    type: "string",
    api: "overall_status",
    description:
      "`overall_status` as CCKM reported it (e.g. `completed`, `in_progress`; some families write `in progress`).",
  },
  { name: "aborted", type: "boolean", api: "abort", description: "True when a cancel was asked for (CCKM's `abort`)." },
  {
    name: "detailedStatus",
    type: "map<string>",
    api: "detailed_status",
    description: "Per scope item, CCKM's status text (`detailed_status`); may be empty.",
  },
  { name: "createdAt", type: "string", api: "createdAt", description: "When CCKM created the job (RFC 3339)." },
  { name: "updatedAt", type: "string", api: "updatedAt", description: "When CCKM last updated the job (RFC 3339)." },
];

const NEW_JOB = "Changing this starts a new job.";

function inputSpecs(f: SyncFamily): PropertySpec[] {
  const list = (l: ApiList, rules: string): PropertySpec => ({
    name: l.input,
    type: "string[]",
    // what `pulumi import` reads back from the job
    api: l.echo ?? l.api,
    description: `${l.what} ${rules} ${NEW_JOB}`,
    replaces: true,
  });
  return [
    list(f.list, "Sorted and de-duplicated, so their order does not matter. Exclusive with `synchronizeAll`."),
    {
      name: "synchronizeAll",
      type: "boolean",
      api: "synchronize_all",
      description:
        "Take everything CCKM manages in this family instead of a list. Exactly one of the list and " +
        `\`synchronizeAll: true\` must be given. ${NEW_JOB}`,
      default: false,
      replaces: true,
    },
    ...(f.extraList
      ? [
          list(
            f.extraList,
            `Sorted and de-duplicated. Only with \`${f.list.input}\`, not with \`synchronizeAll\`. Like every list ` +
              "here it must not be empty: leave it out instead.",
          ),
        ]
      : []),
    ...(f.flags ?? []).map((x): PropertySpec => ({
      name: x.input,
      type: "boolean",
      api: x.api,
      description: `${x.what} ${NEW_JOB}`,
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

export function syncKind(f: SyncFamily): SyncKind {
  const flags = f.flags ?? [];
  /** The job's field holding the scope list (also the list filter's name). */
  const echoed = f.list.echo ?? f.list.api;
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
    const stored = strList(job, echoed);
    const filteredMatch = matchedByFilter(filtered && f.filterByScope === true, scope.items, stored);
    if (!filteredMatch && !sameItems(scope.items, stored)) return false;
    if (f.extraList) {
      const have = strList(job, f.extraList.api);
      if (!(scope.extra.length === 0 && have.length === 0) && !sameItems(scope.extra, have)) return false;
    }
    return flags.every((flag) => (job[flag.api] === true) === scope.flags[flag.input]);
  }

  const kind: SyncKind = {
    name: f.name,
    description: `${f.description}\n\n${SYNC_BEHAVIOUR}`,
    family: f,
    inputs: inputSpecs(f),
    outputs: SYNC_OUTPUTS,
    jobsPath: f.path,
    cancellable: true,
    scopes: f.shareable === false ? undefined : syncScopeOps(f),

    normalize(news: Props, failures: CheckFailure[]): Props {
      return {
        ...checkScopeInputs(news, { list: f.list.input, extra: f.extraList?.input }, failures),
        ...Object.fromEntries(flags.map((flag) => [flag.input, checkBoolean(flag.input, news[flag.input], failures)])),
      };
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
      if (f.filterByScope && !scope.all) filters[echoed] = scope.items;
      const list = await listJobs(reader, f.path, filters, deadline, f.sortable === true);
      const same = list.filter((job) => sameScope(scope, job, true));
      if (!scope.all || same.length === list.length) return same;
      // CCKM does not echo synchronize_all: a job whose scope is the whole inventory is a job over everything
      const matches = await scopeMatchesInventory(reader, f.inventoryPath, deadline);
      if (!matches) return same;
      return list.filter((job) => same.includes(job) || matches(strList(job, echoed)));
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
