// SyncSchedule as a registry entry: a regular resource over CM's scheduler job configs (not a job: no triggers,
// no jobId), on the same engine Context as the job kinds; a run-now (runNowTriggers) waits with the job engine.
import { clientOf, Context, settingsProblem } from "../jobs/context";
import { waitForStartedJob } from "../jobs/operations";
import type { KindEntry } from "../registry/entry";
import { checkSchedule } from "./check";
import { diffSchedule } from "./diff";
import { createSchedule, deleteSchedule, readSchedule, ScheduleContext, updateSchedule } from "./operations";
import { defaultScheduleName, inputsOf, SCHEDULE_INPUTS, SCHEDULE_KIND, SCHEDULE_OUTPUTS } from "./spec";

const sched = (ctx: Context): ScheduleContext => ({
  client: () => clientOf(ctx),
  name: ctx.name,
  clock: ctx.clock,
  signal: ctx.signal,
  requestTimeout: ctx.requestTimeout,
  log: ctx.log,
  waitJob: (kind, jobId, label) => waitForStartedJob(kind, ctx, jobId, { label }),
});

export const syncSchedule: KindEntry = {
  name: SCHEDULE_KIND,
  description:
    "A CCKM synchronization that CipherTrust Manager runs on a cron schedule (`/v1/scheduler/job-configs`, " +
    "operation `cckm_synchronization`): a regular resource, not a job. `pulumi up` creates the job config; " +
    "changing `cloud` or `scheduleName` replaces it, any other change updates it in place. `pulumi refresh` reads " +
    "what CM stores, so a change made in CM's console shows as drift and the next `up` undoes it; " +
    "`pulumi destroy` deletes it. The resource id is CM's job config id; the outputs are the inputs as CM stores " +
    "them, and `lastRun`, the config's newest run in CM's scheduler. Changing `runNowTriggers` runs the config " +
    "now and waits for the sync job it starts, as a job resource does, without replacing the config.",
  importId:
    "CipherTrust Manager's scheduler job config id (the `id` of the config under `/v1/scheduler/job-configs`, " +
    "shown in CM's console under the schedule); its settings as CM stores them become the resource's inputs",
  inputs: SCHEDULE_INPUTS,
  outputs: SCHEDULE_OUTPUTS,
  // optional inputs CM may not store (scope lists, dates) are absent from the outputs when not set
  requiredOutputs: [
    ...SCHEDULE_OUTPUTS.filter((p) => p.name !== "lastRun").map((p) => p.name),
    ...SCHEDULE_INPUTS.filter((p) => p.required || p.default !== undefined || p.name === "scheduleName").map(
      (p) => p.name,
    ),
  ],
  defaultName: defaultScheduleName,

  check(ctx, news) {
    const out = checkSchedule(news, ctx.defaultName ?? ctx.name ?? "sync-schedule");
    const settings = settingsProblem(ctx);
    if (settings) out.failures.push(settings);
    return out;
  },
  diff: diffSchedule,
  create: (ctx, inputs) => createSchedule(sched(ctx), inputs),
  read: (ctx, id, props) => readSchedule(sched(ctx), id, props),
  update: (ctx, id, olds, news) => updateSchedule(sched(ctx), id, olds, news),
  remove: (ctx, id, props) => deleteSchedule(sched(ctx), id, props),
  async importInputs(ctx, id) {
    // CM's object as read by refresh (propsFromCm maps its fields), less the computed outputs
    const res = await readSchedule(sched(ctx), id, {});
    return res.id ? inputsOf(res.props) : undefined;
  },
};
