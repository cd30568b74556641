// History-informed polling. A schedule that knows only a job's age must spend reads early, in case the job is
// short. But CM keeps the family's ended jobs, and a scope that syncs nightly takes about as long each time: the
// durations of the last few ended jobs over the same scope say when this one will probably end. The reads then go
// where the end is likely: few before the window of past durations (halving the distance to it, so an early end or
// an early failure is still seen), one every `stepMs` inside it (a lag of at most max(0.5 s, 1 % of the job), well
// under it in the median), and the age-proportional schedule (poller.ts) past it, as if there were no history.
// Pure functions over data; the job lists they read are ones the engine has already fetched (the adoption look-up).
import { str } from "../core/kind";
import { RawJob } from "../core/models";
import type { PollSchedule } from "./poller";

/** At most this many recent ended jobs count (the newest). */
export const HISTORY_JOBS = 5;
/** Reads spent inside the window at most, when past durations are spread wide (the lag then grows instead). */
export const WINDOW_READS = 30;

/** When to expect the end of a job, from the durations of recent ended jobs over its scope. */
export interface Expectation {
  /** The window's start and end, as job ages (ms since the job's start). */
  fromMs: number;
  toMs: number;
  /** The delay between reads inside the window. */
  stepMs: number;
  /** Before the window, no delay is longer than this (an early end or failure is seen within it). */
  earlyCapMs: number;
  /** The median past duration. */
  medianMs: number;
  /** How many past jobs it is made from. */
  jobs: number;
  /** The job's age when the wait began (0 for a job just started; the adopted job's age otherwise). */
  ageAtStartMs: number;
}

const time = (job: RawJob, key: string) => {
  const t = Date.parse(str(job, key));
  return Number.isNaN(t) ? undefined : t;
};

/**
 * How long an ended job ran (its end, `completed_at` or else `updatedAt`, minus `createdAt`), or undefined for a
 * job that runs, was cancelled (`abort`), failed, or lacks the times: only a job that ran to a normal end says how
 * long the scope takes.
 */
export function ranForMs(job: RawJob): number | undefined {
  if (job.abort === true) return undefined;
  const status = str(job, "overall_status").trim().toLowerCase();
  if (status !== "completed" && status !== "complete" && status !== "succeeded") return undefined;
  const start = time(job, "createdAt");
  const end = time(job, "completed_at") ?? time(job, "updatedAt");
  if (start === undefined || end === undefined || end <= start) return undefined;
  return end - start;
}

/** The durations of the newest ended jobs (at most HISTORY_JOBS) of a list sorted newest first. */
export function pastDurations(jobs: RawJob[], exceptId?: string): number[] {
  const out: number[] = [];
  for (const job of jobs) {
    if (exceptId !== undefined && String(job.id) === exceptId) continue;
    const d = ranForMs(job);
    if (d !== undefined) out.push(d);
    if (out.length >= HISTORY_JOBS) break;
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The window of likely ends from past durations: from the shortest to the longest, widened by half their spread
 * (a few samples under-state it) and by a margin of max(0.5 s, 2 % of the median) (CM's and our clocks, request
 * times). Reads inside it come every 0.6 x max(0.5 s, 1 % of the median), or wider when that would take more than
 * WINDOW_READS reads.
 */
export function expectationOf(durationsMs: number[], ageAtStartMs = 0, minMs = 500): Expectation | undefined {
  const ds = durationsMs.filter((d) => Number.isFinite(d) && d > 0);
  if (!ds.length) return undefined;
  const mid = median(ds);
  const lo = Math.min(...ds);
  const hi = Math.max(...ds);
  const margin = Math.max(minMs, 0.02 * mid) + (hi - lo) / 2;
  const fromMs = Math.max(0, lo - margin);
  const toMs = hi + margin;
  const stepMs = Math.max(0.6 * Math.max(minMs, 0.01 * mid), (toMs - fromMs) / WINDOW_READS);
  return {
    fromMs,
    toMs,
    stepMs: Math.round(stepMs),
    earlyCapMs: Math.round(Math.max(15_000, 0.2 * mid)),
    medianMs: mid,
    jobs: ds.length,
    ageAtStartMs: Math.max(0, ageAtStartMs),
  };
}

/**
 * The delay before the next read of a job `jobAgeMs` old, or undefined past the window (the caller falls back to
 * the age-proportional schedule). Before the window: half the distance to it (at least the schedule's shortest
 * delay, at most `earlyCapMs`), landing on its start once closer than two steps.
 */
export function historyDelay(jobAgeMs: number, e: Expectation, s: PollSchedule): number | undefined {
  if (jobAgeMs >= e.toMs) return undefined;
  if (jobAgeMs >= e.fromMs) return e.stepMs;
  const gap = e.fromMs - jobAgeMs;
  if (gap <= 2 * e.stepMs) return Math.max(1, Math.round(gap));
  return Math.round(Math.min(e.earlyCapMs, Math.max(s.initialMs, gap / 2)));
}

/** The read times (job ages, ms) a schedule with this expectation makes up to `untilMs` (tests, the report). */
export function readTimes(e: Expectation, s: PollSchedule, untilMs: number, ageProportional: (age: number) => number) {
  const out: number[] = [];
  let age = e.ageAtStartMs;
  while (out.length < 10_000) {
    const d = historyDelay(age, e, s) ?? ageProportional(age - e.ageAtStartMs);
    age += d;
    if (age > untilMs) break;
    out.push(age);
  }
  return out;
}

/** The job's age on our clock from its `createdAt` (0 when unreadable or in the future: clocks differ). */
export function ageOf(job: RawJob, nowMs: number): number {
  const t = time(job, "createdAt");
  return t === undefined ? 0 : Math.max(0, nowMs - t);
}
