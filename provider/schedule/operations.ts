// create, read, update and delete of SyncSchedule over CM's job configs, front-end neutral: plain props in and
// out, a context for the client and the log. Errors name the resource, the endpoint, the status and what to do.
import { CckmClient } from "../client/client";
import { CckmApiError, isApiError } from "../client/errors";
import { LagTolerance, tolerateLag, writtenAtOf } from "../client/replication";
import { Clock, realClock } from "../core/clock";
import { Deadline } from "../core/deadline";
import { JobKind } from "../core/kind";
import { isTerminal, Props, RawJob, statusOutput } from "../core/models";
import { JobCancelledError, JobError, JobFailedError, JobTimeoutError, ResourceError } from "../jobs/errors";
import { Logger } from "../jobs/progress";
import { changedInputs, runNowChanged } from "./diff";
import { familyOf, lastRunFrom, lastRunWarning, readLastRun, RUNS_PATH, runStatus } from "./runs";
import { createBody, JOB_CONFIGS_PATH, patchBody, propsFromCm } from "./wire";

/** What the schedule's operations need of the engine's Context: a client, a name for messages, a clock. */
export interface ScheduleContext {
  /** The client of the configured connection. */
  client(): CckmClient;
  /** The resource's name for messages; default its scheduleName. */
  name?: string;
  /** For nextRunAt and the deadline. @default the real clock */
  clock?: Clock;
  /** Aborts when the engine cancels the operation (Ctrl-C). */
  signal?: AbortSignal;
  /** The engine's timeout of the operation in seconds (`customTimeouts`), when smaller than the default. */
  requestTimeout?: number;
  /** Progress lines and warnings (the engine Context's log). @default none */
  log?: Logger;
  /**
   * Waits for a sync job the scheduler started, with progress lines (the job engine's waiter, jobs/operations.ts):
   * its last object, and the error when it did not complete. Needed only when runNowTriggers asks for a run.
   */
  waitJob?: (kind: JobKind, jobId: string, label: string) => Promise<{ raw: RawJob; error?: JobError }>;
}

/** One deadline per operation (a schedule has no timeoutSeconds input): no request or retry starts after it. */
export const SCHEDULE_DEADLINE_SECONDS = 300;

type Raw = Record<string, unknown>;

function label(ctx: ScheduleContext, props: Props): string {
  return `SyncSchedule "${ctx.name ?? String(props.scheduleName ?? "?")}"`;
}

function hint(err: CckmApiError, props: Props, id?: string): string {
  if (err.status === 409)
    return `a job config named "${String(props.scheduleName)}" may already exist in CM: set another scheduleName, or delete that config in CM`;
  if (err.status === 400 || err.status === 422)
    return "CM refused the job config: fix the input its message names, then run `pulumi up` again";
  if (err.status === 401 || err.status === 403)
    return "check the connection settings (cckm:username, cckm:password, cckm:domain) and that the user may manage the scheduler";
  if (err.status === 404 && id)
    return `job config ${id} is gone from CM: run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to create it again`;
  return "run the command again; if it keeps failing, check CM's health";
}

/**
 * Runs fn; a failure becomes a ResourceError that names the resource, what was done and what to do, with the
 * original as its `cause` (never changed: the token cache rethrows one refused-login error to every caller).
 */
async function step<T>(
  lbl: string,
  props: Props,
  what: string,
  id: string | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ResourceError) throw err;
    const whatToDo = err instanceof CckmApiError ? hint(err, props, id) : undefined;
    throw new ResourceError(lbl, err, { doing: what, whatToDo });
  }
}

const clockOf = (ctx: ScheduleContext) => ctx.clock ?? realClock;
const nowOf = (ctx: ScheduleContext) => clockOf(ctx).now();
const deadlineOf = (ctx: ScheduleContext) =>
  Deadline.forOperation(SCHEDULE_DEADLINE_SECONDS, {
    requestTimeout: ctx.requestTimeout,
    cancel: ctx.signal,
    clock: clockOf(ctx),
  });

/** GET of a job config; a 404 within the lag bound of its last write is read again (client/replication.ts). */
async function fetchConfig(client: CckmClient, id: string, deadline: Deadline, props: Props = {}): Promise<Raw> {
  return tolerateLag(
    () => client.get<Raw>(`${JOB_CONFIGS_PATH}/${encodeURIComponent(id)}`, undefined, deadline),
    lagTolerance(client, id, deadline, props),
  );
}

/** How a 404 for job config `id` is read: lag when this process wrote it, or state dates it, within the bound. */
function lagTolerance(client: CckmClient, id: string, deadline: Deadline, props: Props): LagTolerance {
  return {
    writtenAt: writtenAtOf(client.writes, id, props, deadline.clock.now()),
    lagMs: client.lagMs,
    deadline,
    what: `job config ${id}`,
    say: client.log,
  };
}

export async function createSchedule(ctx: ScheduleContext, inputs: Props): Promise<{ id: string; outs: Props }> {
  const client = ctx.client();
  const lbl = label(ctx, inputs);
  const deadline = deadlineOf(ctx);
  const created = await step(lbl, inputs, "creating the job config", undefined, async () => {
    const res = await client.request("POST", JOB_CONFIGS_PATH, { body: createBody(inputs), deadline });
    return res.data as Raw;
  });
  const id = String(created?.id ?? "");
  if (!id) throw new ResourceError(lbl, new Error(`CM answered POST /api${JOB_CONFIGS_PATH} without a job config id`));
  client.writes.note(id, deadline.clock.now());
  const stored = await step(lbl, inputs, `reading job config ${id} back`, id, () => fetchConfig(client, id, deadline));
  const outs = propsFromCm(stored, nowOf(ctx));
  // the config exists from here on: a failure keeps it in state (a failed initialization), never leaks it
  const run = nonEmpty(inputs.runNowTriggers);
  await recording(id, outs, undefined, () => afterWrite(ctx, lbl, id, outs, inputs, run ? {} : undefined));
  return { id, outs: withTriggers(outs, inputs.runNowTriggers) };
}

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

function withTriggers(outs: Props, triggers: unknown): Props {
  const o = { ...outs };
  if (triggers !== undefined) o.runNowTriggers = triggers;
  else delete o.runNowTriggers;
  return o;
}

/**
 * Runs fn; a failure is recorded as a failed initialization of config `id` with `outs` (lastRun as far as known)
 * and the runNowTriggers of before the run, so the next `up` runs the config again.
 */
async function recording(id: string, outs: Props, triggersBefore: unknown, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const e = (err instanceof Error ? err : new Error(String(err))) as Error & {
      id?: string;
      properties?: Props;
      reasons?: string[];
    };
    e.id = id;
    e.properties = withTriggers(outs, triggersBefore);
    e.reasons = [e.message];
    throw e;
  }
}

/**
 * After a create or update wrote the config: runs it now when `run` is given (`run.resume`: the recorded lastRun, a
 * manual run still in progress is waited for instead of starting another), and sets `outs.lastRun` from CM's runs.
 */
async function afterWrite(
  ctx: ScheduleContext,
  lbl: string,
  id: string,
  outs: Props,
  inputs: Props,
  run: { resume?: unknown } | undefined,
): Promise<void> {
  const client = ctx.client();
  if (run) {
    const ran = await runNow(ctx, client, lbl, id, inputs, run.resume);
    if (ran.lastRun) outs.lastRun = ran.lastRun;
    if (ran.error) throw ran.error;
    return;
  }
  const deadline = deadlineOf(ctx);
  const read = await step(lbl, inputs, `reading the runs of job config ${id} (GET /api${RUNS_PATH})`, id, () =>
    readLastRun(client, id, deadline, outs.lastRun),
  );
  if (read.unavailable) ctx.log?.(`cckm: ${lbl}: ${read.unavailable}: lastRun not read`);
  if (read.lastRun) outs.lastRun = read.lastRun;
  else delete outs.lastRun;
}

/** A run-now whose sync job did not complete: names the resource, the config, the run, the job and the endpoints. */
export class ScheduleRunError extends JobError {
  override readonly name = "ScheduleRunError";
}

/**
 * `POST /v1/scheduler/job-configs/{id}/run-now`, then the wait for the sync job it started (the job engine's
 * waiter: progress lines, failing items), then the run as CM records it. A run that did not complete is `error`.
 */
async function runNow(
  ctx: ScheduleContext,
  client: CckmClient,
  lbl: string,
  id: string,
  inputs: Props,
  resume: unknown,
): Promise<{ lastRun?: Props; error?: JobError }> {
  const path = `${JOB_CONFIGS_PATH}/${encodeURIComponent(id)}/run-now`;
  const endpoint = `POST /api${path}`;
  const kind = familyOf(inputs.cloud);
  if (!kind) throw new ResourceError(lbl, new Error(`no sync family runs cloud "${String(inputs.cloud)}"`));
  const log = (line: string) => ctx.log?.(`cckm: ${lbl}: ${line}`);
  let run: Raw | undefined;
  const r = resume as Props | undefined;
  if (r && r.runType === "manual" && r.status === "in_progress" && typeof r.runId === "string") {
    // the last `up` stopped waiting for its run (deadline, Ctrl-C): wait for that one rather than start another
    const again = await step(lbl, inputs, `reading scheduler run ${r.runId}`, id, () =>
      client.get<Raw>(`${RUNS_PATH}/${encodeURIComponent(r.runId as string)}`, undefined, deadlineOf(ctx)),
    ).catch(() => undefined);
    if (again && runStatus(again.job_status) === "in_progress") {
      run = again;
      log(`resuming the wait on scheduler run ${r.runId} of job config ${id}, started by an earlier \`up\``);
    }
  }
  if (!run) {
    run = await step(lbl, inputs, `running job config ${id} now (${endpoint})`, id, async () => {
      const deadline = deadlineOf(ctx);
      // a config just written may not be on the node that takes the POST yet: a 404 then is lag (nothing ran)
      const res = await tolerateLag(
        () => client.request("POST", path, { deadline }),
        lagTolerance(client, id, deadline, inputs),
      );
      return res.data as Raw;
    });
  }
  const answered = lastRunFrom(run ?? {});
  const runId = String(answered.runId ?? "");
  const jobId = typeof answered.jobId === "string" ? answered.jobId : undefined;
  const what = `the run-now of job config ${id} (${endpoint}, scheduler run ${runId || "?"})`;
  const again =
    "What to do: fix the cause in CM, then run `pulumi up` again: runNowTriggers is recorded only after a " +
    `completed run, so the next \`up\` runs job config ${id} again. The job config itself is kept (not replaced).`;
  if (!jobId) {
    const why =
      typeof answered.error === "string" ? answered.error : `CM's answer names no sync job: ${JSON.stringify(run)}`;
    return {
      lastRun: runId ? answered : undefined,
      error: new ScheduleRunError(
        `${lbl}: ${what} did not start a sync job: ${why}. A refusal like this usually means another ` +
          `${kind.name} job is running in CM. ${again}`,
      ),
    };
  }
  log(`${what} started CCKM job ${jobId}`);
  if (!ctx.waitJob) throw new ResourceError(lbl, new Error("no job waiter in this context"));
  const waited = await ctx.waitJob(kind, jobId, lbl);
  const snap = kind.snapshot(waited.raw);
  // the run as CM records it now; if it cannot be read, as the job says
  const fallback: Props = {
    ...answered,
    status: isTerminal(snap.phase) ? statusOutput(snap.phase) : "in_progress",
    ...(typeof waited.raw.completed_at === "string" ? { endedAt: waited.raw.completed_at } : {}),
    failingItems: Object.fromEntries(snap.failures.map((f) => [f.item, f.message])),
  };
  const lastRun = runId
    ? await client
        .get<Raw>(`${RUNS_PATH}/${encodeURIComponent(runId)}`, undefined, deadlineOf(ctx))
        .then(lastRunFrom, () => fallback)
    : fallback;
  const e = waited.error;
  if (!e) return { lastRun };
  const job = `CCKM job ${jobId} (GET /api${kind.jobsPath}/${jobId})`;
  let how: string;
  if (e instanceof JobFailedError) {
    const items = e.failures.map((f) => `${f.item}: ${f.message}`);
    const msg = snap.message && !items.some((i) => i.includes(snap.message!)) ? [snap.message] : [];
    const n = e.failures.length;
    const parts = [...msg, ...items];
    how =
      `${job} ended ${snap.statusText}` +
      (parts.length ? ` with ${n || "no"} failing item${n === 1 ? "" : "s"}: ${parts.join("; ")}` : "");
  } else if (e instanceof JobCancelledError) how = `${job} was cancelled (abort: true) before it completed`;
  else if (e instanceof JobTimeoutError) {
    how =
      `${job} was still running when the wait ended (${/update was cancelled/.test(e.message) ? "the update was cancelled" : "its deadline passed"}). It keeps running in CM; the next ` +
      "`pulumi up` waits for it instead of starting another run";
  } else how = `${job} could not be followed: ${e.message.replace(`${lbl}: `, "")}`;
  return {
    lastRun,
    error: new ScheduleRunError(`${lbl}: ${what} started ${how}. ${again}`, jobId, e.last, { cause: e }),
  };
}

/** What CM stores now; a config CM no longer has is gone from state (id ""). */
export async function readSchedule(
  ctx: ScheduleContext,
  id: string,
  props: Props,
): Promise<{ id: string; props: Props }> {
  const lbl = label(ctx, props);
  return step(lbl, props, `reading job config ${id}`, undefined, async () => {
    try {
      const client = ctx.client();
      const deadline = deadlineOf(ctx);
      const raw = await fetchConfig(client, id, deadline, props);
      // runNowTriggers is not CM's: state keeps it, or the next diff would see a change and run the config
      const out = withTriggers(propsFromCm(raw, nowOf(ctx)), props.runNowTriggers);
      const read = await readLastRun(client, id, deadline, props.lastRun);
      if (read.unavailable) ctx.log?.(`cckm: ${lbl}: ${read.unavailable}: lastRun not read`);
      if (read.lastRun) out.lastRun = read.lastRun;
      const warning = lastRunWarning(lbl, id, read.lastRun);
      if (warning) ctx.log?.(warning, "warning");
      return { id, props: out };
    } catch (err) {
      if (isApiError(err, 404)) return { id: "", props: {} };
      throw err;
    }
  });
}

/** PATCHes every in-place field to the wanted value, then reads back what CM stored. */
export async function updateSchedule(
  ctx: ScheduleContext,
  id: string,
  olds: Props,
  news: Props,
): Promise<{ outs: Props }> {
  const client = ctx.client();
  const path = `${JOB_CONFIGS_PATH}/${encodeURIComponent(id)}`;
  const lbl = label(ctx, news);
  const deadline = deadlineOf(ctx);
  // a change of runNowTriggers alone runs the config and changes nothing of it
  if (changedInputs(olds, news).some((k) => k !== "runNowTriggers")) {
    await step(lbl, news, `updating job config ${id}`, id, () =>
      tolerateLag(
        () => client.request("PATCH", path, { body: patchBody(olds, news), retry: "idempotent", deadline }),
        lagTolerance(client, id, deadline, olds),
      ),
    );
    client.writes.note(id, deadline.clock.now());
  }
  const stored = await step(lbl, news, `reading job config ${id} back`, id, () => fetchConfig(client, id, deadline));
  const outs = propsFromCm(stored, nowOf(ctx));
  for (const d of ["startDate", "endDate"]) {
    if (news[d] === undefined && outs[d] !== undefined) {
      throw new ResourceError(
        lbl,
        new Error(
          `CM kept ${d} ${String(outs[d])} of job config ${id} after PATCH /api${path} asked to clear it. ` +
            `What to do: clear it in CM's console (or set ${d} in the program); \`pulumi refresh\` then shows CM's value.`,
        ),
      );
    }
  }
  const run = runNowChanged(olds, news) ? { resume: olds.lastRun } : undefined;
  if (olds.lastRun !== undefined) outs.lastRun = olds.lastRun;
  await recording(id, outs, olds.runNowTriggers, () => afterWrite(ctx, lbl, id, outs, news, run));
  return { outs: withTriggers(outs, news.runNowTriggers) };
}

/** Deletes the config; one CM no longer has is not an error. */
export async function deleteSchedule(ctx: ScheduleContext, id: string, props: Props): Promise<void> {
  if (!id) return;
  const lbl = label(ctx, props);
  await step(lbl, props, `deleting job config ${id}`, undefined, async () => {
    const client = ctx.client();
    const deadline = deadlineOf(ctx);
    try {
      await tolerateLag(
        () =>
          client.request("DELETE", `${JOB_CONFIGS_PATH}/${encodeURIComponent(id)}`, { retry: "idempotent", deadline }),
        lagTolerance(client, id, deadline, props),
      );
    } catch (err) {
      if (!isApiError(err, 404)) throw err;
    }
    client.writes.forget(id); // a 404 for it from now on is believed
  });
}
