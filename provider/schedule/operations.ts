// create, read, update and delete of SyncSchedule over CM's job configs, front-end neutral: plain props in and
// out, a context for the client and the log. Errors name the resource, the endpoint, the status and what to do.
import { CckmClient } from "../client/client";
import { CckmApiError, isApiError } from "../client/errors";
import { LagTolerance, tolerateLag, writtenAtOf } from "../client/replication";
import { Clock, realClock } from "../core/clock";
import { Deadline } from "../core/deadline";
import { Props } from "../core/models";
import { ResourceError } from "../jobs/errors";
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
  return { id, outs: propsFromCm(stored, nowOf(ctx)) };
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
      const raw = await fetchConfig(ctx.client(), id, deadlineOf(ctx), props);
      return { id, props: propsFromCm(raw, nowOf(ctx)) };
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
  await step(lbl, news, `updating job config ${id}`, id, () =>
    tolerateLag(
      () => client.request("PATCH", path, { body: patchBody(olds, news), retry: "idempotent", deadline }),
      lagTolerance(client, id, deadline, olds),
    ),
  );
  client.writes.note(id, deadline.clock.now());
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
  return { outs };
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
