// SyncSchedule: a regular resource over CM's scheduler job configs, front-end neutral. Its registry entry is
// entry.ts; the properties are described as data in spec.ts.
export { checkSchedule } from "./check";
export { changedInputs, diffSchedule } from "./diff";
export { createSchedule, deleteSchedule, readSchedule, updateSchedule } from "./operations";
export type { ScheduleContext } from "./operations";
export { nextRunAt, cronProblem } from "./cron";
export { syncSchedule } from "./entry";
export * from "./spec";
