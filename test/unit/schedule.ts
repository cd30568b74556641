// Test arithmetic over a poll schedule (not provider code: the provider never needs to count its reads).
import { pollDelay, PollSchedule } from "../../provider/jobs/poller";

/** How many reads a job of `durationMs` gets before it ends (the schedule's reads up to that time). */
export function readsWithin(durationMs: number, s: PollSchedule): number {
  let n = 0;
  for (let t = pollDelay(0, s); t <= durationMs; t += pollDelay(++n, s));
  return n;
}
