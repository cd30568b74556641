/**
 * Job lifecycle as data, applied lazily: a job holds its plan (duration or poll count, failures, spellings) and its
 * state is worked out when something reads it. No timers run.
 */
import { z } from "zod";
import { familyKnob, type Family, type Knobs } from "./knobs";
import type { Job, JobPatch, JobPlan, SapKeyJob, SyncJob } from "./models";
import { seededRandom } from "./faults";
import { bool, issueText, type Same } from "./schema";
import { DOCUMENTED_TEXT, KNOB_SETTINGS, knobsWhere, type KnobName, type KnobSettings } from "./settings";
import type { Inventory } from "./state";

export interface FamilyDefaults {
  /** The documented success text, which `$documented` in `successTexts` stands for. */
  successText: string;
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
    successTexts: familyKnob(knobs, family, "successTexts").map((t) =>
      t === DOCUMENTED_TEXT ? defaults.successText : t,
    ),
    textSeed: knobs.textSeed,
  };
}

/** The success text of the k-th `detailed_status` entry: drawn from the plan's set, the same for the same seed and job. */
function successText(job: SyncJob, k: number): string {
  const texts = job.plan.successTexts;
  if (texts.length <= 1) return texts[0] ?? "Success";
  const draw = seededRandom((Math.imul(job.plan.textSeed, 0x9e3779b1) ^ Math.imul(job.seq, 0x85ebca6b) ^ k) >>> 0);
  return texts[Math.floor(draw() * texts.length)];
}

type PerJobName = { [K in KnobName]: KnobSettings[K] extends { perJob: true } ? K : never }[KnobName];
const PER_JOB = knobsWhere((m) => m.perJob === true);
/** Plan fields that may be null (the others take a value or are left alone). */
const NULLABLE_IN_PLAN: readonly string[] = ["jobPolls", "sapState"];

/** Per-job overrides (`control.updateJob`, `PATCH /sim/jobs/{id}`): the per-job knobs, and `end`. */
const jobPatch = z.strictObject({
  ...Object.fromEntries(PER_JOB.map((n) => [n, KNOB_SETTINGS[n].type.schema.optional()])),
  /** End the job now (as if its time were up), dated now rather than at creation. */
  end: bool().schema.optional(),
});

// models.ts spells JobPatch out (the public typings reach no settings, hence no zod): it must name the per-job knobs.
const jobPatchAgrees: Same<JobPatch, { [K in PerJobName]?: JobPlan[K] } & { end?: boolean }> = true;
void jobPatchAgrees;

/** Applies a per-job patch to a stored job's plan; `end: true` makes it end at once. Throws naming a bad field. */
export function patchPlan(job: Job, patch: JobPatch): void {
  const parsed = jobPatch.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === "unrecognized_keys")
      throw new Error(`${issue.keys[0]}: not a per-job knob (${[...PER_JOB, "end"].join(", ")})`);
    throw new Error(issueText("", parsed.error));
  }
  const plan = job.plan as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(parsed.data)) {
    if (v === undefined || k === "end") continue;
    if (v === null && !NULLABLE_IN_PLAN.includes(k)) throw new Error(`${k}: cannot be null for one job`);
    plan[k] = typeof v === "object" && v !== null ? { ...(v as object) } : v;
  }
  if (parsed.data.end === true) {
    job.plan.jobSeconds = 0;
    job.plan.jobPolls = null;
    job.endNow = true;
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
  if (job.endNow) return now;
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
export function advance(job: Job, now: number, poll: boolean, inventory: Inventory): boolean {
  if (job.completedMs !== undefined) return true;
  if (poll) job.polls++;
  const at = dueAt(job, now);
  if (at === undefined) return false;
  if (job.kind === "sync") endSync(job, at);
  else endSapKey(job, at, inventory);
  return true;
}

/** Every `detailed_status` entry of a job with its final text: a success text or the item's failure text. */
export function detailEntries(job: SyncJob): { key: string; text: string; failed: boolean }[] {
  const keys = job.items.flatMap((item) => {
    const err = failureFor(job.plan, item.aliases.concat(item.stored, item.detailKeys));
    return item.detailKeys.map((key) => ({ key, err }));
  });
  return keys.map(({ key, err }, k) => ({ key, text: err ?? successText(job, k), failed: err !== undefined }));
}

/** Items finish one after another: has the k-th of n entries finished by `at` (in poll mode: by this poll)? */
export function entryFinished(job: SyncJob, k: number, n: number, at: number): boolean {
  const p = job.plan;
  if (job.endNow) return true;
  if (p.jobPolls !== null) return job.polls >= Math.ceil((p.jobPolls * (k + 1)) / n);
  return at >= job.createdMs + (p.jobSeconds * 1000 * (k + 1)) / n;
}

function endSync(job: SyncJob, at: number): void {
  const p = job.plan;
  const naturallyDone =
    job.endNow === true || (p.jobPolls !== null ? job.polls >= p.jobPolls : at >= job.createdMs + p.jobSeconds * 1000);
  const cancelled = job.abort && job.cancelMs !== undefined && !naturallyDone;
  const entries = detailEntries(job);
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
