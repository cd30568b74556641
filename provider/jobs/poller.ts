// Waiting for a job: one deadline, adaptive polling (quick at first, backing off, capped), a progress line every
// few seconds. The loop knows nothing of HTTP: it gets a `poll` function, a deadline and an "is this error
// transient" predicate from its caller.
import { Deadline } from "../core/deadline";
import { isTerminal, JobSnapshot } from "../core/models";
import { Expectation, historyDelay } from "./history";

export interface PollSchedule {
  /** Shortest delay. @default 500 */
  initialMs: number;
  /** Each read comes this many times the job's age after its start: the delay is (factor - 1) x age. @default 1.09 */
  factor: number;
  /** Cap. @default 15000 */
  maxMs: number;
  /** When past jobs over the same scope say the end is likely (history.ts); absent: the age alone decides. */
  expected?: Expectation;
}

/**
 * Poll intervals, with environment overrides for tests and impatient users (CCKM_POLL_INITIAL_MS, CCKM_POLL_MAX_MS).
 *
 * Why these numbers: the delay before the next read is 9 % of the job's age (the time since its wait started), at
 * least 0.5 s and at most 15 s. A job's end is then noticed within max(0.5 s, 9 % of its duration) (about half that
 * in the median: 0.45 s for a 10 s job), at every job length, not only for the length a growth per read was tuned
 * for; a 10-minute job gets 80 reads (11 in the first 5.5 s, 40 up to the cap at 167 s, then one per 15 s).
 */
export function pollSchedule(env: NodeJS.ProcessEnv = process.env): PollSchedule {
  const num = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);
  return { initialMs: num(env.CCKM_POLL_INITIAL_MS, 500), factor: 1.09, maxMs: num(env.CCKM_POLL_MAX_MS, 15_000) };
}

/** The delay before the next read of a job that has been waited on for `ageMs`. */
export function pollDelayAt(ageMs: number, s: PollSchedule): number {
  return Math.round(Math.min(s.maxMs, Math.max(s.initialMs, (s.factor - 1) * Math.max(0, ageMs))));
}

/** The delay before the next read, `waitAgeMs` into the wait: around the expected end if known, else by the age. */
export function nextPollDelay(waitAgeMs: number, s: PollSchedule): number {
  const e = s.expected;
  const d = e && historyDelay(waitAgeMs + e.ageAtStartMs, e, s);
  return d ?? pollDelayAt(waitAgeMs, s);
}

export interface WaitOptions {
  /** Reads the job once. */
  poll: () => Promise<JobSnapshot>;
  deadline: Deadline;
  /** Whether a failed poll is worth another (the deadline decides); others end the wait. */
  isTransient: (err: unknown) => boolean;
  schedule?: PollSchedule;
  /** Called after every poll and every failed poll. */
  onPoll?: (s: JobSnapshot | undefined, err?: unknown) => void;
  /** The job as it was last seen (e.g. the POST answer): skips the first immediate poll when running. */
  first?: JobSnapshot;
}

export type WaitOutcome = { done: true; last: JobSnapshot } | { done: false; last?: JobSnapshot };

/**
 * Polls until the job ends or the deadline passes. Transient read failures (network, 429, 5xx) after the
 * client's own retries do not end the wait: the deadline decides.
 */
export async function waitForJob(opts: WaitOptions): Promise<WaitOutcome> {
  const schedule = opts.schedule ?? pollSchedule();
  const clock = opts.deadline.clock;
  const started = clock.now();
  let last = opts.first;
  if (last && isTerminal(last.phase)) return { done: true, last };
  // with a first snapshot in hand (the POST answer), the first read waits one interval
  let sleepFirst = last !== undefined;
  for (;;) {
    if (sleepFirst) {
      if (opts.deadline.passed()) return { done: false, last };
      await opts.deadline.sleep(nextPollDelay(clock.now() - started, schedule));
    }
    sleepFirst = true;
    try {
      last = await opts.poll();
      opts.onPoll?.(last);
      if (isTerminal(last.phase)) return { done: true, last };
    } catch (err) {
      if (!opts.isTransient(err)) throw err;
      opts.onPoll?.(last, err);
    }
    if (opts.deadline.passed()) return { done: false, last };
  }
}
