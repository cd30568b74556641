// Test arithmetic over a poll schedule (not provider code: the provider never needs to count its reads).
import { pollDelayAt, PollSchedule } from "../../provider/jobs/poller";

/** How many reads a job of `durationMs` gets before it ends (the schedule's reads up to that time). */
export function readsWithin(durationMs: number, s: PollSchedule): number {
  let n = 0;
  for (let t = pollDelayAt(0, s); t <= durationMs; t += pollDelayAt(t, s)) n++;
  return n;
}

/** The gap between the last read before `endMs` and the first read at or after it (how late the end is seen). */
export function gapAround(endMs: number, s: PollSchedule): number {
  for (let t = 0; ;) {
    const next = t + pollDelayAt(t, s);
    if (next >= endMs) return next - t;
    t = next;
  }
}
