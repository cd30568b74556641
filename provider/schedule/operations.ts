// create, read, update and delete of SyncSchedule over CM's job configs, front-end neutral: plain props in and
// out, a context for the client and the log. Errors name the resource, the endpoint, the status and what to do.
import { CckmClient } from "../client/client";
import { CckmApiError, isApiError } from "../client/errors";
import { Props } from "../jobs/models";
import { createBody, JOB_CONFIGS_PATH, patchBody, propsFromCm } from "./wire";

export interface ScheduleContext {
  /** The client of the configured connection. */
  client(): CckmClient;
  /** ms since the epoch (for nextRunAt); default Date.now. */
  now?(): number;
}

type Raw = Record<string, unknown>;

function label(props: Props): string {
  const name = typeof props.__cckmName === "string" ? props.__cckmName : String(props.scheduleName ?? "?");
  return `SyncSchedule "${name}"`;
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

/** Runs fn, turning a failure into an error that names the resource, what was done and what to do. */
async function step<T>(props: Props, what: string, id: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const lbl = label(props);
    if (err instanceof CckmApiError) {
      err.message = `${lbl}: ${what} failed: ${err.message}. What to do: ${hint(err, props, id)}`;
    } else if (err instanceof Error && !err.message.startsWith(lbl)) {
      err.message = `${lbl}: ${what} failed: ${err.message}`;
    }
    throw err;
  }
}

const nowOf = (ctx: ScheduleContext) => (ctx.now ? ctx.now() : Date.now());

async function fetchConfig(client: CckmClient, id: string): Promise<Raw> {
  return client.get<Raw>(`${JOB_CONFIGS_PATH}/${encodeURIComponent(id)}`);
}

export async function createSchedule(ctx: ScheduleContext, inputs: Props): Promise<{ id: string; outs: Props }> {
  const client = ctx.client();
  const created = await step(inputs, "creating the job config", undefined, async () => {
    const res = await client.request("POST", JOB_CONFIGS_PATH, { body: createBody(inputs) });
    return res.data as Raw;
  });
  const id = String(created?.id ?? "");
  if (!id) throw new Error(`${label(inputs)}: CM answered POST /api${JOB_CONFIGS_PATH} without a job config id`);
  const stored = await step(inputs, `reading job config ${id} back`, id, () => fetchConfig(client, id));
  return { id, outs: propsFromCm(stored, inputs, nowOf(ctx)) };
}

/** What CM stores now; a config CM no longer has is gone from state (id ""). */
export async function readSchedule(
  ctx: ScheduleContext,
  id: string,
  props: Props,
): Promise<{ id: string; props: Props }> {
  return step(props, `reading job config ${id}`, undefined, async () => {
    try {
      return { id, props: propsFromCm(await fetchConfig(ctx.client(), id), props, nowOf(ctx)) };
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
  await step(news, `updating job config ${id}`, id, () =>
    client.request("PATCH", path, { body: patchBody(olds, news), retry: "idempotent" }),
  );
  const stored = await step(news, `reading job config ${id} back`, id, () => fetchConfig(client, id));
  const outs = propsFromCm(stored, news, nowOf(ctx));
  for (const d of ["startDate", "endDate"]) {
    if (news[d] === undefined && outs[d] !== undefined) {
      throw new Error(
        `${label(news)}: CM kept ${d} ${String(outs[d])} of job config ${id} after PATCH /api${path} asked to clear it. ` +
          `What to do: clear it in CM's console (or set ${d} in the program); \`pulumi refresh\` then shows CM's value.`,
      );
    }
  }
  return { outs };
}

/** Deletes the config; one CM no longer has is not an error. */
export async function deleteSchedule(ctx: ScheduleContext, id: string, props: Props): Promise<void> {
  if (!id) return;
  await step(props, `deleting job config ${id}`, undefined, async () => {
    try {
      await ctx.client().request("DELETE", `${JOB_CONFIGS_PATH}/${encodeURIComponent(id)}`, { retry: "idempotent" });
    } catch (err) {
      if (!isApiError(err, 404)) throw err;
    }
  });
}
