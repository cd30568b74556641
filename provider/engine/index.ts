// The engine's operations API, neutral to the front end: each call takes a kind name (the class name, e.g.
// `GoogleKeySync`), plain props and a Context (settings source and progress logger). The dynamic provider's
// runtime (`pulumi-cckm/runtime`) and the native provider plugin are two thin adapters over these functions.
import { CheckFailure } from "../core/inputs";
import { Props } from "../core/models";
import { clientOf, Context, settingsProblem } from "../jobs/context";
import * as ops from "../jobs/operations";
import { check as checkInputs, diff as diffProps, DiffResult } from "../jobs/plan";
import { kindOf, kinds } from "../kinds";
import * as schedule from "../schedule";

// SyncSchedule is a regular resource, not a job kind: its own front-end-neutral functions (../schedule) serve it.
const SCHEDULE = schedule.SCHEDULE_KIND;
const sched = (ctx: Context): schedule.ScheduleContext => ({
  client: () => clientOf(ctx),
  name: ctx.name,
  clock: ctx.clock,
  signal: ctx.signal,
  requestTimeout: ctx.requestTimeout,
});

/** Validates and normalizes inputs (no API call). Failures name the property. */
export function check(kind: string, ctx: Context, news: Props): { inputs: Props; failures: CheckFailure[] } {
  if (kind === SCHEDULE) return schedule.checkWithSettings(news, () => settingsProblem(ctx));
  return checkInputs(kindOf(kind), ctx, news);
}

/** What a change of inputs means: an update, a replacement (a new job), or nothing (no API call). */
export function diff(kind: string, olds: Props, news: Props): DiffResult {
  if (kind === SCHEDULE) return schedule.diffSchedule(olds, news);
  return diffProps(kindOf(kind), olds, news);
}

/** Starts (or adopts) a job and waits for it; a failed job or a passed deadline throws an init error (`id`). */
export function create(kind: string, ctx: Context, inputs: Props): Promise<{ id: string; outs: Props }> {
  if (kind === SCHEDULE) return schedule.createSchedule(sched(ctx), inputs);
  return ops.create(kindOf(kind), ctx, inputs);
}

/** Refresh: the job as CCKM has it; `id: ""` when CCKM no longer knows it. */
export function read(kind: string, ctx: Context, id: string, props: Props): Promise<{ id: string; props: Props }> {
  if (kind === SCHEDULE) return schedule.readSchedule(sched(ctx), id, props);
  return ops.read(kindOf(kind), ctx, id, props);
}

/** Resumes the wait on a job still running at the last deadline; otherwise changes nothing remote. */
export function update(kind: string, ctx: Context, id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
  if (kind === SCHEDULE) return schedule.updateSchedule(sched(ctx), id, olds, news);
  return ops.update(kindOf(kind), ctx, id, olds, news);
}

/** Cancels a running job and waits for it to settle; a finished or unknown job is deleted without error. */
export function remove(kind: string, ctx: Context, id: string, props: Props): Promise<void> {
  if (kind === SCHEDULE) return schedule.deleteSchedule(sched(ctx), id, props);
  return ops.remove(kindOf(kind), ctx, id, props);
}

export { kinds, kindOf };
export { COMMON_INPUTS, COMMON_OUTPUTS, inputNames, outputNames, replacingInputs } from "../core/kind";
export type { JobKind, PropertySpec, PropertyType, ResourceKind } from "../core/kind";
export type { Context } from "../jobs/context";
export type { Logger } from "../jobs/progress";
export type { DiffResult } from "../jobs/plan";
export type { CheckFailure } from "../core/inputs";
export type { Props } from "../core/models";
