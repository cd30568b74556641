// The engine's entry to shared jobs and history-informed polling: how `create` gets its job (alone or shared), how
// it waits on it (the schedule from past durations, one read serving every resource of a shared job), and whether
// `delete` may cancel a job other resources still need.
import { CckmClient } from "../../client/client";
import { Deadline } from "../../core/deadline";
import { JobKind } from "../../core/kind";
import { Props, RawJob } from "../../core/models";
import { itemMatches, sameItems } from "../../kinds/scope";
import { Context } from "../context";
import { ageOf, Expectation, expectationOf, pastDurations } from "../history";
import { pollSchedule, PollSchedule } from "../poller";
import { Progress } from "../progress";
import { startOrAdopt } from "../start";
import { join } from "./groups";
import { sharedRead } from "./reads";
import { hold, holders, release } from "./refs";
import { coalescing, gatherWindowMs } from "./settings";

export { ownView } from "./view";

export interface StartedJob {
  job: RawJob;
  adopted: boolean;
  /** Jobs listed before starting, newest first. */
  seen: RawJob[];
  /** Labels of the resources waiting on the job (this one included). */
  sharedBy: string[];
}

/** Starts or adopts the job of a create: shared with the family's other creates unless sharing is off. */
export async function startJob(
  kind: JobKind,
  ctx: Context,
  client: CckmClient,
  inputs: Props,
  deadline: Deadline,
  progress: Progress,
): Promise<StartedJob> {
  const ops = kind.scopes;
  if (ops && coalescing(ctx) && !ops.of(inputs).all) {
    const joined = await join(kind, client, inputs, deadline, progress, gatherWindowMs(ctx.env ?? process.env));
    if (joined !== "alone") return joined;
  }
  return { ...(await startOrAdopt(kind, client, inputs, deadline, progress)), sharedBy: [progress.label] };
}

/** The ended jobs over exactly the job's scope (as CCKM stored it), from a list newest first. */
function sameScopeJobs(kind: JobKind, job: RawJob, jobs: RawJob[]): RawJob[] {
  const ops = kind.scopes;
  if (!ops) return jobs;
  const mine = ops.storedItems(job);
  return jobs.filter(
    (j) => (j.synchronize_all === true) === (job.synchronize_all === true) && sameItems(ops.storedItems(j), mine),
  );
}

/** When the job will probably end, from the listed jobs over its scope; undefined without such history. */
export function expectationFor(kind: JobKind, job: RawJob, seen: RawJob[], adopted: boolean, now: number) {
  const durations = pastDurations(sameScopeJobs(kind, job, seen), String(job.id));
  return expectationOf(durations, adopted ? ageOf(job, now) : 0);
}

/**
 * History for a wait resumed by `update` (no list at hand): one request, one page of the family's jobs newest first.
 * Undefined when the kind has no list of its own or CCKM refuses it: the schedule then goes by age.
 */
export async function lookUpExpectation(
  kind: JobKind,
  client: CckmClient,
  inputs: Props,
  job: RawJob,
  deadline: Deadline,
): Promise<Expectation | undefined> {
  const ops = kind.scopes;
  if (!ops) return undefined;
  const page = await ops.onePage(client, ops.of(inputs), deadline).catch(() => undefined);
  return page && expectationFor(kind, job, page, true, deadline.clock.now());
}

/** The schedule of a wait: the context's (or the default) with the expected end, if known. */
export function scheduleWith(ctx: Context, expected: Expectation | undefined): PollSchedule {
  const base = ctx.schedule ?? pollSchedule(ctx.env ?? process.env);
  return expected ? { ...base, expected } : base;
}

/** How the waiters of a job read it: one request for every resource that shares it. */
export function readerFor(client: CckmClient, started: StartedJob) {
  if (started.sharedBy.length < 2) return undefined;
  return (path: string, deadline: Deadline) => sharedRead<RawJob>(client, path, deadline);
}

/** Marks the job as needed by a waiting create of this process; returns the release. */
export { hold };

/**
 * Whether `delete` must leave a running job alone: other creates of this process wait on it, or it runs over items
 * of other resources that no delete of this process has released (across runs the provider cannot know whether they
 * still need it). Says why in a progress line.
 */
export function keepRunning(kind: JobKind, jobId: string, props: Props, raw: RawJob, progress: Progress): boolean {
  const ops = kind.scopes;
  const waiting = holders(jobId);
  if (ops && !ops.of(props).all) {
    const stored = ops.storedItems(raw);
    // The resource's own items as CCKM stores them: its recorded detailedStatus is keyed so (its own view of a
    // shared job), which matters when the program names an item by name and CCKM stores its id.
    const recorded = props.detailedStatus;
    const ownKeys = recorded && typeof recorded === "object" ? Object.keys(recorded as object) : [];
    const mine = [...ops.of(props).items, ...ownKeys.filter((k) => stored.includes(k))];
    const own = raw.synchronize_all !== true && stored.every((s) => mine.some((m) => itemMatches(m, s)));
    const left = own ? [] : release(jobId, mine, stored);
    if (!own && (left.length > 0 || raw.synchronize_all === true)) {
      progress.say(
        `CCKM job ${jobId} is shared: it also runs over ${raw.synchronize_all === true ? "everything else" : `${left.length} item(s)`} ` +
          "of other resources, so it is left running (not cancelled); only this resource is deleted",
      );
      return true;
    }
  }
  if (waiting > 0) {
    progress.say(
      `CCKM job ${jobId} is shared with ${waiting} resource(s) still waiting on it: left running (not cancelled)`,
    );
    return true;
  }
  return false;
}
