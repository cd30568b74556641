/**
 * Job lifecycle as data, applied lazily: a job holds its plan (duration or poll count, failures, spellings) and its
 * state is worked out when something reads it. No timers run.
 */
import { familyKnob, type Family, type Knobs } from "./knobs";
import type { Job, JobPatch, JobPlan, SapKeyJob, SyncJob } from "./models";
import type { Inventory } from "./state";

export interface FamilyDefaults {
  inProgressStatus: string;
  failedStatus: string;
  detailedStatus: JobPlan["detailedStatus"];
  cloud: string;
}

/** Snapshots the knobs that apply to a new job of `family`. */
export function makePlan(knobs: Knobs, family: Family, defaults: FamilyDefaults): JobPlan {
  return {
    jobSeconds: familyKnob(knobs, family, "jobSeconds"),
    jobPolls: familyKnob(knobs, family, "jobPolls"),
    cancelSeconds: familyKnob(knobs, family, "cancelSeconds"),
    failItems: { ...knobs.failItems },
    failureMode: familyKnob(knobs, family, "failureMode"),
    inProgressStatus: familyKnob(knobs, family, "inProgressStatus") ?? defaults.inProgressStatus,
    failedStatus: familyKnob(knobs, family, "failedStatus") ?? defaults.failedStatus,
    detailedStatus: familyKnob(knobs, family, "detailedStatus") ?? defaults.detailedStatus,
    cloud: knobs.families[family]?.cloud ?? defaults.cloud,
    sapState: knobs.sapState,
    sapBackupFails: knobs.sapBackupFails,
  };
}

/** Applies a per-job patch to a stored job's plan; `end: true` makes it end at once. Throws naming a bad field. */
export function patchPlan(job: Job, patch: JobPatch): void {
  const p = job.plan;
  const num = (k: keyof JobPatch, min: number): number | undefined => {
    const v = patch[k];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min) throw new Error(`${k}: expected a number >= ${min}`);
    return v;
  };
  const known = [
    "jobSeconds",
    "jobPolls",
    "cancelSeconds",
    "failItems",
    "failureMode",
    "inProgressStatus",
    "failedStatus",
    "sapState",
    "sapBackupFails",
    "end",
  ];
  for (const k of Object.keys(patch))
    if (!known.includes(k)) throw new Error(`${k}: not a per-job knob (${known.join(", ")})`);
  const js = num("jobSeconds", 0);
  if (js !== undefined) p.jobSeconds = js;
  if (patch.jobPolls === null) p.jobPolls = null;
  else {
    const jp = num("jobPolls", 1);
    if (jp !== undefined) p.jobPolls = Math.floor(jp);
  }
  const cs = num("cancelSeconds", 0);
  if (cs !== undefined) p.cancelSeconds = cs;
  if (patch.failItems !== undefined) {
    if (!patch.failItems || typeof patch.failItems !== "object") throw new Error("failItems: expected an object");
    p.failItems = { ...patch.failItems };
  }
  if (patch.failureMode !== undefined) {
    if (!["partial", "completed", "failed"].includes(patch.failureMode))
      throw new Error("failureMode: partial, completed or failed");
    p.failureMode = patch.failureMode;
  }
  if (patch.inProgressStatus !== undefined) p.inProgressStatus = String(patch.inProgressStatus);
  if (patch.failedStatus !== undefined) p.failedStatus = String(patch.failedStatus);
  if (patch.sapState !== undefined) p.sapState = patch.sapState === null ? null : String(patch.sapState);
  if (patch.sapBackupFails !== undefined) p.sapBackupFails = patch.sapBackupFails === true;
  if (patch.end === true) {
    p.jobSeconds = 0;
    p.jobPolls = null;
    // Ends at the next read, dated now rather than at creation.
    (job as { endNow?: boolean }).endNow = true;
  }
}

/** The failure text for an item, if the plan fails it (by any alias or `*`). */
export function failureFor(plan: JobPlan, aliases: string[]): string | undefined {
  for (const a of aliases) if (plan.failItems[a] !== undefined) return plan.failItems[a];
  return plan.failItems["*"];
}

/** When a running job is due to end, or undefined if not yet. `poll` says whether this read is a GET of the job. */
function dueAt(job: Job, now: number): number | undefined {
  const p = job.plan;
  if ((job as { endNow?: boolean }).endNow) return now;
  const natural =
    p.jobPolls !== null ? (job.polls >= p.jobPolls ? now : undefined) : job.createdMs + p.jobSeconds * 1000;
  let due = natural;
  if (job.kind === "sync" && job.abort && job.cancelMs !== undefined) {
    const settle = job.cancelMs + p.cancelSeconds * 1000;
    const settledByPoll = p.jobPolls !== null && job.cancelPolls !== undefined && job.polls > job.cancelPolls;
    const cancelDue = settledByPoll ? now : settle;
    due = due === undefined ? cancelDue : Math.min(due, cancelDue);
  }
  return due !== undefined && due <= now ? due : undefined;
}

/** Brings a job up to `now`; `poll` counts this read as a GET of the job. Returns true if it is (now) ended. */
export function advance(job: Job, now: number, poll: boolean, inventory: Inventory, successText?: string): boolean {
  if (job.completedMs !== undefined) return true;
  if (poll) job.polls++;
  const at = dueAt(job, now);
  if (at === undefined) return false;
  if (job.kind === "sync") endSync(job, at, successText ?? "Success");
  else endSapKey(job, at, inventory);
  return true;
}

/** Every `detailed_status` entry of a job with its final text: the success text or the item's failure text. */
export function detailEntries(job: SyncJob, successText: string): { key: string; text: string; failed: boolean }[] {
  return job.items.flatMap((item) => {
    const err = failureFor(job.plan, item.aliases.concat(item.stored, item.detailKeys));
    return item.detailKeys.map((key) => ({ key, text: err ?? successText, failed: err !== undefined }));
  });
}

/** Items finish one after another: has the k-th of n entries finished by `at` (in poll mode: by this poll)? */
export function entryFinished(job: SyncJob, k: number, n: number, at: number): boolean {
  const p = job.plan;
  if ((job as { endNow?: boolean }).endNow) return true;
  if (p.jobPolls !== null) return job.polls >= Math.ceil((p.jobPolls * (k + 1)) / n);
  return at >= job.createdMs + (p.jobSeconds * 1000 * (k + 1)) / n;
}

function endSync(job: SyncJob, at: number, successText: string): void {
  const p = job.plan;
  const naturallyDone =
    (job as { endNow?: boolean }).endNow === true ||
    (p.jobPolls !== null ? job.polls >= p.jobPolls : at >= job.createdMs + p.jobSeconds * 1000);
  const cancelled = job.abort && job.cancelMs !== undefined && !naturallyDone;
  const entries = detailEntries(job, successText);
  const detailed: Record<string, string> = {};
  let failed = 0;
  entries.forEach((e, k) => {
    // A cancelled job keeps what its finished items said; the rest were aborted.
    const finished = !cancelled || entryFinished(job, k, entries.length, at);
    detailed[e.key] = finished ? e.text : "synchronization aborted";
    if (finished && e.failed) failed++;
  });
  let overall = "completed";
  if (!cancelled && failed > 0) {
    if (p.failureMode === "failed" || (p.failureMode === "partial" && failed === entries.length))
      overall = p.failedStatus;
  }
  job.overallStatus = overall;
  job.detailedStatus = detailed;
  job.completedMs = at;
  job.updatedMs = at;
}

function endSapKey(job: SapKeyJob, at: number, inventory: Inventory): void {
  const key = inventory.get("sapKeys", job.keyId);
  const fail = (message: string) => {
    job.state = "FAILED";
    job.message = message;
  };
  const p = job.plan;
  const failText = key ? failureFor(p, [key.id, key.name, job.sapKeyId]) : undefined;
  if (!key) fail("key no longer exists in CCKM");
  else if (failText !== undefined) fail(failText);
  else if (job.operation === "delete") {
    if (key.gone === true) fail("key is already deleted from SAP");
    else if (p.sapBackupFails && !job.deleteIfBackupFails) fail("key backup failed; the key was not deleted");
    else {
      key.gone = true;
      if (!p.sapBackupFails) key.backup = true;
      job.state = "COMPLETED";
    }
  } else if (key.gone !== true) fail("key is not deleted from SAP; nothing to restore");
  else if (key.backup !== true) fail("no backup of the key in CCKM");
  else {
    key.gone = false;
    job.state = "COMPLETED";
  }
  if (key) key._updatedMs = at;
  job.completedMs = at;
  job.updatedMs = at;
}

/** The state a SAP key job shows: `PENDING` for the first fifth (or until its first GET), then running, then final. */
export function sapState(job: SapKeyJob, now: number): string {
  if (job.state) return job.state;
  const p = job.plan;
  const pending = p.jobPolls !== null ? job.polls === 0 : now < job.createdMs + p.jobSeconds * 200;
  if (pending) return "PENDING";
  return p.sapState ?? "IN_PROGRESS";
}
