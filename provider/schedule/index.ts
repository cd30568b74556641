// SyncSchedule: a regular resource over CM's scheduler job configs, front-end neutral. A front end calls check,
// diff, create, read, update and delete with plain props; the properties are described as data in spec.ts.
import { CheckFailure } from "../core/inputs";
import { Props } from "../core/models";
import { checkSchedule } from "./check";

export { checkSchedule } from "./check";
export { changedInputs, diffSchedule } from "./diff";
export type { ScheduleDiff } from "./diff";
export { createSchedule, deleteSchedule, readSchedule, updateSchedule } from "./operations";
export type { ScheduleContext } from "./operations";
export { nextRunAt, cronProblem } from "./cron";
export { CLOUDS } from "./clouds";
export * from "./spec";

/** check with the connection settings problems a front end finds (reported with the input failures). */
export function checkWithSettings(
  news: Props,
  settings?: () => CheckFailure | undefined,
): { inputs: Props; failures: CheckFailure[] } {
  const out = checkSchedule(news);
  const s = settings?.();
  if (s) out.failures.push(s);
  return out;
}
