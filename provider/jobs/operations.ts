// The generic job engine behind every job kind: create, read, update, delete (check and diff are in plan.ts).
// Each operation computes its one deadline at the top and passes it down. Errors after a job exists carry its id,
// so the engine keeps tracking it; other errors are wrapped to name the resource.
import { CckmClient } from "../client/client";
import { isApiError } from "../client/errors";
import { isRetryable } from "../client/retry";
import { inputNames, JobKind, jobOutputNames } from "../core/kind";
import type { Deadline } from "../core/deadline";
import { DEFAULT_TIMEOUT_SECONDS, isTerminal, JobSnapshot, phaseOfStatus, Props, RawJob } from "../core/models";
import { clientOf, clockOf, Context, deadlineOf } from "./context";
import { JobCancelledError, JobError, JobFailedError, JobTimeoutError, JobWaitError, ResourceError } from "./errors";
import {
  expectationFor,
  hold,
  keepRunning,
  lookUpExpectation,
  ownView,
  readerFor,
  scheduleWith,
  startJob,
} from "./coalesce";
import { clean } from "./plan";
import { PollSchedule, waitForJob } from "./poller";
import { Progress } from "./progress";
import { cancelJob, readJob } from "./replication";

/** One operation on one resource: its label, deadline, client and progress reporter. */
interface Operation {
  label: string;
  deadline: Deadline;
  client: CckmClient;
  progress: Progress;
}

function label(kind: JobKind, ctx: Context): string {
  return `${kind.name} "${ctx.name ?? "?"}"`;
}

/** Runs an operation with its deadline (`timeoutSeconds`, customTimeouts, Cancel); errors that do not name the resource are wrapped. */
async function operation<T>(kind: JobKind, ctx: Context, props: Props, fn: (op: Operation) => Promise<T>): Promise<T> {
  const lbl = label(kind, ctx);
  try {
    const t = props.timeoutSeconds;
    const deadline = deadlineOf(ctx, typeof t === "number" && t > 0 ? t : DEFAULT_TIMEOUT_SECONDS);
    const progress = new Progress(lbl, clockOf(ctx), ctx.log);
    // a cluster node given up on is said in this resource's lines
    const client = clientOf(ctx).withLog((line) => progress.say(line));
    return await fn({ label: lbl, deadline, client, progress });
  } catch (err) {
    if (err instanceof JobError || err instanceof ResourceError) throw err;
    throw new ResourceError(lbl, err);
  }
}

/** The checked inputs echoed into the outputs. */
function echo(kind: JobKind, props: Props): Props {
  return Object.fromEntries(
    inputNames(kind)
      .filter((n) => props[n] !== undefined)
      .map((n) => [n, props[n]]),
  );
}

/** The deadline passed or the engine cancelled the operation while the job ran: the job stays tracked. */
function timeoutError(deadline: Deadline, seen: { label: string; jobId: string; last?: JobSnapshot }): JobTimeoutError {
  const { seconds, limit } = deadline;
  return new JobTimeoutError({ ...seen, seconds, limit, cancelled: deadline.cancelled() });
}

const jobIdOf = (props: Props, id: string) => (typeof props.jobId === "string" && props.jobId ? props.jobId : id);

/** How a wait reads: its schedule (with the expected end, if known) and, for a shared job, one read for all. */
interface WaitPlan {
  schedule: PollSchedule;
  read?: (path: string, deadline: Deadline) => Promise<RawJob>;
}

/** Waits for a job and turns the outcome into outputs or an error that keeps the job tracked. */
async function finish(
  kind: JobKind,
  ctx: Context,
  op: Operation,
  inputs: Props,
  first: RawJob,
  plan: WaitPlan,
  resourceId?: string,
) {
  const outputsOf = (raw: RawJob) => clean({ ...echo(kind, inputs), ...kind.outputValues(raw) });
  const { raw, error } = await watch(kind, op, first, plan, inputs);
  if (!error) return outputsOf(raw);
  // recorded as a failed initialization: the resource stays in state with these outputs, its job tracked
  throw error.asInitError(resourceId ?? String(first.id), outputsOf(raw));
}

/**
 * Waits for a job until it ends, with progress lines: its last object, and when it did not complete, the error that
 * says how (failed with its failing items, cancelled, deadline, lost). The caller decides what to record.
 */
async function watch(
  kind: JobKind,
  op: Operation,
  first: RawJob,
  plan: WaitPlan,
  props: Props,
): Promise<{ raw: RawJob; error?: JobError }> {
  const { client, deadline, progress } = op;
  const jobId = String(first.id);
  let lastRaw = first;
  let error: JobError;
  progress.update(kind.snapshot(first));
  progress.start(jobId);
  try {
    const outcome = await waitForJob({
      poll: async () =>
        kind.snapshot(
          (lastRaw = await (plan.read
            ? plan.read(`${kind.jobsPath}/${jobId}`, deadline)
            : readJob(client, kind, jobId, props, deadline))),
        ),
      deadline,
      isTransient: isRetryable,
      schedule: plan.schedule,
      first: kind.snapshot(first),
      onPoll: (s, err) => progress.update(s, err ? `last read failed: ${(err as Error).message}` : undefined),
    });
    const last = outcome.last ?? kind.snapshot(lastRaw);
    if (outcome.done && last.phase === "succeeded") {
      for (const w of last.warnings ?? []) {
        progress.say(
          `warning: CCKM job ${jobId}: item ${w.item} ended with a text pulumi-cckm does not know ("${w.message}"); ` +
            "the job completed and the text says no error, so it counts as done (kept in detailedStatus)",
        );
      }
      progress.say(`CCKM job ${jobId} completed after ${progress.elapsed()}`);
      return { raw: lastRaw };
    }
    const seen = { label: op.label, jobId, last };
    if (!outcome.done) error = timeoutError(deadline, seen);
    else if (last.phase === "canceled") error = new JobCancelledError(seen);
    else error = new JobFailedError(seen);
  } catch (err) {
    const last = kind.snapshot(lastRaw);
    // a read aborted by Cancel is the cancellation, not a lost job
    error = deadline.cancelled()
      ? timeoutError(deadline, { label: op.label, jobId, last })
      : new JobWaitError({ label: op.label, jobId, cause: err, last });
  } finally {
    progress.stop();
  }
  return { raw: lastRaw, error };
}

/**
 * Waits for a job that something else started (a SyncSchedule's run-now): progress lines under `label`, adaptive
 * polling, one deadline of `timeoutSeconds` (and the engine's timeout and Cancel). Returns the job's last object
 * and, when it did not complete, the JobError saying how; throws only when the job cannot be read at all.
 */
export async function waitForStartedJob(
  kind: JobKind,
  ctx: Context,
  jobId: string,
  opts: { label: string; timeoutSeconds?: number },
): Promise<{ raw: RawJob; error?: JobError }> {
  const deadline = deadlineOf(ctx, opts.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
  const progress = new Progress(opts.label, clockOf(ctx), ctx.log);
  const client = clientOf(ctx).withLog((line) => progress.say(line));
  // CM started it a moment ago, perhaps on another node: a 404 within the lag bound is lag (replication.ts)
  client.writes.note(jobId, deadline.clock.now());
  const first = await readJob(client, kind, jobId, {}, deadline);
  return watch(
    kind,
    { label: opts.label, deadline, client, progress },
    first,
    { schedule: scheduleWith(ctx, undefined) },
    {},
  );
}

export async function create(kind: JobKind, ctx: Context, inputs: Props): Promise<{ id: string; outs: Props }> {
  return operation(kind, ctx, inputs, async (op) => {
    const started = await startJob(kind, ctx, op.client, inputs, op.deadline, op.progress);
    const { job } = started;
    op.client.writes.note(String(job.id), op.deadline.clock.now()); // read-your-writes (replication.ts)
    const expected = expectationFor(kind, job, started.seen, started.adopted, op.deadline.clock.now());
    const plan = { schedule: scheduleWith(ctx, expected), read: readerFor(op.client, started) };
    const release = hold(String(job.id));
    try {
      // a shared job is seen through this resource's own items (its results, its failures)
      const outs = await finish(ownView(kind, inputs), ctx, op, inputs, job, plan);
      return { id: String(job.id), outs };
    } finally {
      release();
    }
  });
}

/**
 * Resumes the wait on a job that was still running when the last deadline passed; otherwise (e.g. only
 * `timeoutSeconds` changed) changes nothing remote. A failed or cancelled job never gets here: diff replaces it.
 */
export async function update(
  kind: JobKind,
  ctx: Context,
  id: string,
  olds: Props,
  news: Props,
): Promise<{ outs: Props }> {
  return operation(kind, ctx, news, async (op) => {
    const carried = Object.fromEntries(
      jobOutputNames(kind)
        .filter((n) => olds[n] !== undefined)
        .map((n) => [n, olds[n]]),
    );
    const phase = phaseOfStatus(olds.status);
    if (phase !== "running" && phase !== undefined) return { outs: clean({ ...echo(kind, news), ...carried }) };
    const jobId = jobIdOf(olds, id);
    let raw: RawJob | undefined;
    try {
      raw = await readJob(op.client, kind, jobId, olds, op.deadline);
    } catch (err) {
      if (!isApiError(err, 404)) throw err;
    }
    const own = ownView(kind, news);
    const snap = raw && own.snapshot(raw);
    if (raw && snap && !isTerminal(snap.phase)) {
      op.progress.say(`resuming the wait on CCKM job ${jobId} (${snap.statusText})`);
      const expected = await lookUpExpectation(kind, op.client, news, raw, op.deadline);
      return { outs: await finish(own, ctx, op, news, raw, { schedule: scheduleWith(ctx, expected) }, id) };
    }
    if (raw && snap?.phase === "succeeded") {
      op.progress.say(`CCKM job ${jobId} completed meanwhile`);
      return { outs: clean({ ...echo(kind, news), ...own.outputValues(raw) }) };
    }
    if (!raw) {
      throw new ResourceError(
        op.label,
        new Error(
          `CCKM no longer knows job ${jobId}: \`pulumi refresh\` drops it from state, then \`pulumi up\` starts a new job`,
        ),
      );
    }
    // it ended failed or cancelled meanwhile: record that; the next diff replaces the resource with a new job
    op.progress.say(`CCKM job ${jobId} ended ${snap!.statusText}: the next \`pulumi up\` replaces the resource`);
    return { outs: clean({ ...echo(kind, news), ...own.outputValues(raw) }) };
  });
}

export async function read(
  kind: JobKind,
  ctx: Context,
  id: string,
  props: Props,
): Promise<{ id: string; props: Props }> {
  return operation(kind, ctx, props, async (op) => {
    let raw: RawJob;
    try {
      raw = await readJob(op.client, kind, jobIdOf(props, id), props, op.deadline);
    } catch (err) {
      if (isApiError(err, 404)) return { id: "", props: {} };
      throw err;
    }
    return { id, props: clean({ ...echo(kind, props), ...ownView(kind, props).outputValues(raw) }) };
  });
}

export async function remove(kind: JobKind, ctx: Context, id: string, props: Props): Promise<void> {
  const jobId = jobIdOf(props, id);
  if (!jobId) return;
  return operation(kind, ctx, props, async ({ client, deadline, progress, label: lbl }) => {
    const path = `${kind.jobsPath}/${jobId}`;
    let raw: RawJob;
    try {
      raw = await readJob(client, kind, jobId, props, deadline);
    } catch (err) {
      if (isApiError(err, 404)) return; // CCKM no longer knows the job: nothing to do
      throw err;
    }
    if (isTerminal(kind.snapshot(raw).phase)) return;
    // a job shared with other resources is theirs too: never cancelled while they may need it
    if (keepRunning(kind, jobId, props, raw, progress)) return;
    // it was just read on some node: a 404 from another within the lag bound is lag, not "gone" (replication.ts)
    const seenAt = deadline.clock.now();
    if (kind.cancellable) {
      try {
        raw = (await cancelJob(client, path, jobId, seenAt, deadline)).data as RawJob;
        progress.say(`cancelling CCKM job ${jobId}`);
      } catch (err) {
        // 400 (not in progress), 404 (gone), 409: nothing left to cancel; the reads below tell the truth
        if (!(isApiError(err, 400) || isApiError(err, 404) || isApiError(err, 409)) && !isRetryable(err)) throw err;
        if (isApiError(err, 404)) return;
      }
    } else {
      progress.say(`CCKM has no cancel for ${kind.name} jobs: waiting for job ${jobId} to end`);
    }
    progress.start(jobId, kind.cancellable ? "cancelling" : "waiting for");
    try {
      const outcome = await waitForJob({
        poll: async () => {
          try {
            return kind.snapshot(await readJob(client, kind, jobId, props, deadline, seenAt));
          } catch (err) {
            if (isApiError(err, 404)) return { id: jobId, phase: "canceled", statusText: "gone", failures: [] };
            throw err;
          }
        },
        deadline,
        isTransient: isRetryable,
        schedule: ctx.schedule,
        onPoll: (s) => progress.update(s),
      });
      if (!outcome.done)
        throw new JobTimeoutError({
          label: lbl,
          jobId,
          seconds: deadline.seconds,
          limit: deadline.limit,
          cancelled: deadline.cancelled(),
          last: outcome.last,
          waitingFor: "the cancelled job to settle",
          next: "The resource stays in state; run `pulumi destroy` again to keep waiting",
        });
      progress.say(`CCKM job ${jobId} settled (${outcome.last.statusText}) after ${progress.elapsed()}`);
    } finally {
      progress.stop();
    }
  });
}
