// SyncSchedule: a regular resource over CM's scheduler job configs, front-end neutral. Its registry entry is
// entry.ts; the properties are described as data in spec.ts.
export { checkSchedule } from "./check";
export { changedInputs, diffSchedule, runNowChanged } from "./diff";
export { checkRunNowTriggers } from "./check";
export { familyOf, lastRunFrom, lastRunWarning, readLastRun, runProblem, runStatus } from "./runs";
export { createSchedule, deleteSchedule, readSchedule, ScheduleRunError, updateSchedule } from "./operations";
export type { ScheduleContext } from "./operations";
export { nextRunAt, cronProblem } from "./cron";
export { syncSchedule } from "./entry";
export * from "./spec";
