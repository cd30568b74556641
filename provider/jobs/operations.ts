// The generic job engine behind every resource kind: create, read, update, delete (check and diff are in
// plan.ts). Errors after a job exists carry its id, so the engine keeps tracking it.
import { CckmClient } from "../client/client";
import { isApiError } from "../client/errors";
import { isRetryable } from "../client/retry";
import { JobKind } from "../kinds/types";
import { JobCancelledError, JobError, JobFailedError, JobTimeoutError, JobWaitError } from "./errors";
import { DEFAULT_TIMEOUT_SECONDS, isTerminal, phaseOfStatus, Props, RawJob } from "./models";
import { clean, COMMON_INPUTS, Context } from "./plan";
import { waitForJob } from "./poller";
import { Progress } from "./progress";
import { startOrAdopt } from "./start";

function label(kind: JobKind, props: Props): string {
  return `${kind.name} "${typeof props.__cckmName === "string" ? props.__cckmName : "?"}"`;
}

/** Prefixes errors that do not name the resource yet (CCKM and network errors) with its label. */
async function labelled<T>(lbl: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error && !(err instanceof JobError) && !err.message.startsWith(lbl)) {
      err.message = `${lbl}: ${err.message}`;
    }
    throw err;
  }
}

function timeoutOf(props: Props): number {
  const t = props.timeoutSeconds;
  return typeof t === "number" && t > 0 ? t : DEFAULT_TIMEOUT_SECONDS;
}

/** The checked inputs echoed into the outputs (without the engine's private keys). */
function echo(kind: JobKind, props: Props): Props {
  // __cckmName: the resource name, so that delete and refresh (which only see outputs) can name the resource
  const names = [...kind.inputNames, ...COMMON_INPUTS, "__cckmName"];
  return Object.fromEntries(names.filter((n) => props[n] !== undefined).map((n) => [n, props[n]]));
}

/** Waits for a job and turns the outcome into outputs or an error that keeps the job tracked. */
async function finish(
  kind: JobKind,
  ctx: Context,
  client: CckmClient,
  inputs: Props,
  first: RawJob,
  deadline: number,
  progress: Progress,
  resourceId?: string,
): Promise<Props> {
  const jobId = String(first.id);
  let lastRaw = first;
  const seconds = timeoutOf(inputs);
  const outputsOf = (raw: RawJob) => clean({ ...echo(kind, inputs), ...kind.outputs(raw) });
  let error: JobError;
  progress.update(kind.snapshot(first));
  progress.start(jobId);
  try {
    const outcome = await waitForJob({
      poll: async () =>
        kind.snapshot((lastRaw = await client.get<RawJob>(`${kind.jobsPath}/${jobId}`, undefined, deadline))),
      deadline,
      clock: ctx.clock,
      schedule: ctx.schedule,
      first: kind.snapshot(first),
      onPoll: (s, err) => progress.update(s, err ? `last read failed: ${(err as Error).message}` : undefined),
    });
    const last = outcome.last ?? kind.snapshot(lastRaw);
    if (outcome.done && last.phase === "succeeded") {
      progress.say(`CCKM job ${jobId} completed after ${progress.elapsed()}`);
      return outputsOf(lastRaw);
    }
    if (!outcome.done) error = new JobTimeoutError(progress.label, jobId, seconds, last);
    else if (last.phase === "canceled") error = new JobCancelledError(progress.label, jobId, last);
    else error = new JobFailedError(progress.label, jobId, last, last.failures);
  } catch (err) {
    error = new JobWaitError(progress.label, jobId, err as Error);
  } finally {
    progress.stop();
  }
  throw error.asInitError(resourceId ?? jobId, { ...outputsOf(lastRaw), __provider: inputs.__provider });
}

export async function create(kind: JobKind, ctx: Context, inputs: Props): Promise<{ id: string; outs: Props }> {
  return labelled(label(kind, inputs), async () => {
    const deadline = ctx.clock.now() + timeoutOf(inputs) * 1000;
    const client = ctx.client();
    const progress = new Progress(label(kind, inputs), ctx.clock, ctx.log);
    const { job } = await startOrAdopt(kind, client, inputs, deadline, timeoutOf(inputs), progress);
    const outs = await finish(kind, ctx, client, inputs, job, deadline, progress);
    return { id: String(job.id), outs };
  });
}

export async function update(
  kind: JobKind,
  ctx: Context,
  id: string,
  olds: Props,
  news: Props,
): Promise<{ outs: Props }> {
  return labelled(label(kind, news), async () => {
    const phase = phaseOfStatus(olds.status);
    const carried = Object.fromEntries(
      kind.jobOutputNames.filter((n) => olds[n] !== undefined).map((n) => [n, olds[n]]),
    );
    if (phase === "succeeded") return { outs: clean({ ...echo(kind, news), ...carried }) };
    const deadline = ctx.clock.now() + timeoutOf(news) * 1000;
    const client = ctx.client();
    const progress = new Progress(label(kind, news), ctx.clock, ctx.log);
    const oldJobId = typeof olds.jobId === "string" && olds.jobId ? olds.jobId : id;
    if (phase === "running" || phase === undefined) {
      let raw: RawJob | undefined;
      try {
        raw = await client.get<RawJob>(`${kind.jobsPath}/${oldJobId}`, undefined, deadline);
      } catch (err) {
        if (!isApiError(err, 404)) throw err;
      }
      const snap = raw && kind.snapshot(raw);
      if (raw && snap && !isTerminal(snap.phase)) {
        progress.say(`resuming the wait on CCKM job ${oldJobId} (${snap.statusText})`);
        return { outs: await finish(kind, ctx, client, news, raw, deadline, progress, id) };
      }
      if (raw && snap?.phase === "succeeded") {
        progress.say(`CCKM job ${oldJobId} completed meanwhile`);
        return { outs: clean({ ...echo(kind, news), ...kind.outputs(raw) }) };
      }
      progress.say(
        `CCKM job ${oldJobId} ${raw ? `ended ${snap!.statusText}${snap!.phase === "canceled" ? " (cancelled)" : ""}` : "is gone"}: starting a new job`,
      );
    } else {
      progress.say(`the previous CCKM job ${oldJobId} ended ${String(olds.status)}: starting a new job`);
    }
    const { job } = await startOrAdopt(kind, client, news, deadline, timeoutOf(news), progress);
    return { outs: await finish(kind, ctx, client, news, job, deadline, progress, id) };
  });
}

export async function read(
  kind: JobKind,
  ctx: Context,
  id: string,
  props: Props,
): Promise<{ id: string; props: Props }> {
  return labelled(label(kind, props), async () => {
    const jobId = typeof props.jobId === "string" && props.jobId ? props.jobId : id;
    let raw: RawJob;
    try {
      raw = await ctx.client().get<RawJob>(`${kind.jobsPath}/${jobId}`);
    } catch (err) {
      if (isApiError(err, 404)) return { id: "", props: {} };
      throw err;
    }
    return { id, props: clean({ ...echo(kind, props), ...kind.outputs(raw) }) };
  });
}

export async function remove(kind: JobKind, ctx: Context, id: string, props: Props): Promise<void> {
  return labelled(label(kind, props), async () => {
    const jobId = typeof props.jobId === "string" && props.jobId ? props.jobId : id;
    if (!jobId) return;
    const seconds = timeoutOf(props);
    const deadline = ctx.clock.now() + seconds * 1000;
    const client = ctx.client();
    const path = `${kind.jobsPath}/${jobId}`;
    const progress = new Progress(label(kind, props), ctx.clock, ctx.log);
    let raw: RawJob;
    try {
      raw = await client.get<RawJob>(path, undefined, deadline);
    } catch (err) {
      if (isApiError(err, 404)) return; // CCKM no longer knows the job: nothing to do
      throw err;
    }
    if (isTerminal(kind.snapshot(raw).phase)) return;
    if (kind.cancellable) {
      try {
        raw = (await client.request("POST", `${path}/cancel`, { retry: "idempotent", deadline })).data as RawJob;
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
            return kind.snapshot(await client.get<RawJob>(path, undefined, deadline));
          } catch (err) {
            if (isApiError(err, 404)) return { id: jobId, phase: "canceled", statusText: "gone", failures: [] };
            throw err;
          }
        },
        deadline,
        clock: ctx.clock,
        schedule: ctx.schedule,
        onPoll: (s) => progress.update(s),
      });
      if (!outcome.done)
        throw new JobTimeoutError(
          progress.label,
          jobId,
          seconds,
          outcome.last,
          "the cancelled job to settle",
          "The resource stays in state; run `pulumi destroy` again to keep waiting",
        );
      progress.say(`CCKM job ${jobId} settled (${outcome.last.statusText}) after ${progress.elapsed()}`);
    } finally {
      progress.stop();
    }
  });
}

export { check, clean, diff, stable } from "./plan";
export type { Context } from "./plan";
