// The provider's poll schedule as the compiled poller (dist/provider/jobs/poller.js) computes it, and the one
// sentence that describes it in the report. The numbers and the rule come from the code that runs, so the report
// cannot describe a schedule the provider no longer has.
/* eslint-disable @typescript-eslint/no-require-imports -- the compiled poller is loaded after the build */
import * as path from "path";
import type { PollScheduleInfo } from "./results";

interface Schedule {
  initialMs: number;
  factor: number;
  maxMs: number;
}

interface PollerModule {
  pollSchedule(env: NodeJS.ProcessEnv): Schedule;
  /** Age-proportional schedule: the delay before the next read of a job waited on for `ageMs`. */
  pollDelayAt?(ageMs: number, s: Schedule): number;
  /** Growth per read: the n-th delay. */
  pollDelay?(n: number, s: Schedule): number;
}

/** Reads the schedule (defaults, no CCKM_* overrides) from the compiled poller under `distRoot`. */
export function readPollSchedule(distRoot: string): PollScheduleInfo {
  const poller = require(path.join(distRoot, "provider", "jobs", "poller.js")) as PollerModule;
  const s = poller.pollSchedule({});
  const readTimes: number[] = [];
  let rule: PollScheduleInfo["rule"];
  if (poller.pollDelayAt) {
    rule = "age";
    // the wait starts at the job's creation answer; each delay is taken from the age at the previous read
    for (let n = 0, t = 0; t < 900_000 && n < 500; n++) readTimes.push((t += poller.pollDelayAt(t, s)) / 1000);
  } else if (poller.pollDelay) {
    rule = "growth";
    for (let n = 0, t = 0; t < 900_000 && n < 500; n++) readTimes.push((t += poller.pollDelay(n, s)) / 1000);
  } else throw new Error("dist/provider/jobs/poller.js exports neither pollDelayAt nor pollDelay");
  return { rule, initialMs: s.initialMs, factor: s.factor, maxMs: s.maxMs, readTimes };
}

/** How many reads a job of `seconds` gets (from the schedule, without request time). */
export function readsFor(ps: PollScheduleInfo, seconds: number): number {
  const i = ps.readTimes.findIndex((t) => t >= seconds);
  return i < 0 ? ps.readTimes.length : i + 1;
}

/** One sentence: the rule, its numbers, and what it gives a 10-minute job. */
export function describeSchedule(ps: PollScheduleInfo): string {
  const sec = (ms: number) => `${ms / 1000} s`;
  // results written before the rule was recorded had the growth-per-read schedule
  const rule =
    ps.rule !== "age"
      ? `first read ${sec(ps.initialMs)} after the job starts, each interval ${ps.factor}x the previous, capped at ${sec(ps.maxMs)}`
      : `the delay before each read is ${Math.round((ps.factor - 1) * 100)} % of the job's age (the time since its ` +
        `start), at least ${sec(ps.initialMs)} and at most ${sec(ps.maxMs)}`;
  return `${rule}; ${readsFor(ps, 600)} reads for a 10-minute job`;
}

/**
 * The longest a job ending at `seconds` can wait for its next read under the schedule (the gap between the reads
 * around it, request time aside): the schedule's own worst case, drawn beside the measured lag.
 */
export function worstLagAt(ps: PollScheduleInfo, seconds: number): number {
  const after = ps.readTimes.findIndex((t) => t >= seconds);
  if (after < 0) return NaN;
  const before = after === 0 ? 0 : ps.readTimes[after - 1];
  return ps.readTimes[after] - before;
}
