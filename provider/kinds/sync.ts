// The sync/refresh families (DSM, external CM, Google, Azure, AWS, OCI, SAP groups) share one job object: a
// descriptor is a few lines of SyncFamily, and `syncKind` builds the JobKind.
import { Query } from "../client/transport";
import { checkBoolean, CheckFailure, checkStringList, normalizeItem } from "../jobs/inputs";
import { containsUnknown, JobSnapshot, Props, RawJob, statusOutput, UNKNOWN } from "../jobs/models";
import { itemFailures, itemProgress, syncPhase } from "../jobs/status";
import { JobKind, str, strList } from "./types";

export interface SyncFamily {
  /** Class name. */
  name: string;
  /** Jobs path under `/api`. */
  path: string;
  /** The scope list: input name and API field. */
  list: { input: string; api: string };
  /** Whether the list endpoint filters by the scope field (`?key_rings=a&key_rings=b`). */
  filterByScope: boolean;
  /** The family's inventory list under `/api` (what `synchronizeAll` covers). */
  inventoryPath: string;
  /** Whether the list endpoint takes `sort`. */
  sortable?: boolean;
  /** An optional second list sent along with the scope list (AWS `regions`; absent means all). */
  extraList?: { input: string; api: string };
  /** Optional booleans sent when true (Azure `take_cloud_key_backup`). */
  flags?: { input: string; api: string }[];
}

/**
 * Whether a scope item as requested names the item as CCKM stored it: equal, or the last segment of a full
 * resource name (Google keeps `projects/.../keyRings/<ring>`), or either half of Azure's `<name>::<uuid>`.
 */
export function itemMatches(requested: string, stored: string): boolean {
  const r = normalizeItem(requested);
  const s = normalizeItem(stored);
  if (r === s) return true;
  if (s.endsWith(`/${r}`)) return true;
  if (s.includes("::")) return s.split("::").some((part) => normalizeItem(part) === r);
  return false;
}

function sameItems(requested: string[], stored: string[]): boolean {
  if (requested.length !== stored.length) return false;
  return (
    requested.every((r) => stored.some((s) => itemMatches(r, s))) &&
    stored.every((s) => requested.some((r) => itemMatches(r, s)))
  );
}

export function syncKind(f: SyncFamily): JobKind {
  const flags = f.flags ?? [];
  const inputNames = [
    f.list.input,
    "synchronizeAll",
    ...(f.extraList ? [f.extraList.input] : []),
    ...flags.map((x) => x.input),
  ];
  return {
    name: f.name,
    inputNames,
    replaceOnChange: inputNames,
    jobOutputNames: ["jobId", "status", "overallStatus", "aborted", "detailedStatus", "createdAt", "updatedAt"],
    jobsPath: f.path,
    cancellable: true,
    inventory: { path: f.inventoryPath, scopeField: f.list.api },

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
      const body: Record<string, unknown> = {};
      if (inputs.synchronizeAll === true) body.synchronize_all = true;
      else body[f.list.api] = inputs[f.list.input];
      const extra = f.extraList ? (inputs[f.extraList.input] as string[] | undefined) : undefined;
      if (f.extraList && extra && extra.length) body[f.extraList.api] = extra;
      for (const flag of flags) if (inputs[flag.input] === true) body[flag.api] = true;
      return body;
    },

    findQuery(inputs: Props): Query {
      const q: Query = { skip: 0, limit: 100 };
      if (f.sortable) q.sort = "-createdAt";
      if (f.filterByScope && inputs.synchronizeAll !== true) q[f.list.api] = inputs[f.list.input] as string[];
      return q;
    },

    sameScope(inputs: Props, job: RawJob): boolean {
      if (inputs.synchronizeAll === true) return job.synchronize_all === true;
      if (job.synchronize_all === true) return false;
      const requested = inputs[f.list.input] as string[];
      const stored = strList(job, f.list.api);
      // One item each, from a list filtered by that item: CCKM matched it (e.g. a KMS named by name, stored by id).
      const filteredMatch = f.filterByScope && requested.length === 1 && stored.length === 1;
      if (!filteredMatch && !sameItems(requested, stored)) return false;
      if (f.extraList) {
        const want = (inputs[f.extraList.input] as string[]) ?? [];
        const have = strList(job, f.extraList.api);
        if (!(want.length === 0 && have.length === 0) && !sameItems(want, have)) return false;
      }
      return flags.every((flag) => (job[flag.api] === true) === (inputs[flag.input] === true));
    },

    snapshot(job: RawJob): JobSnapshot {
      const failures = itemFailures(job.detailed_status);
      const { phase, known } = syncPhase(job.overall_status, job.abort, failures);
      const statusText = str(job, "overall_status");
      return {
        id: str(job, "id"),
        phase,
        statusText,
        note: known ? undefined : `status "${statusText}" not known, treated as running until the deadline`,
        failures,
        message: str(job, "message") || str(job, "error") || undefined,
        detail: itemProgress(job.detailed_status),
      };
    },

    outputs(job: RawJob): Props {
      const snap = this.snapshot(job);
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
}
