// Waiting for a job: one deadline, adaptive polling (quick at first, backing off, capped), a progress line every
// few seconds. The loop knows nothing of HTTP: it gets a `poll` function, a deadline and an "is this error
// transient" predicate from its caller.
import { Deadline } from "../core/deadline";
import { isTerminal, JobSnapshot } from "../core/models";

export interface PollSchedule {
  /** First delay. @default 500 */
  initialMs: number;
  /** Growth per poll. @default 1.1 */
  factor: number;
  /** Cap. @default 15000 */
  maxMs: number;
}

/**
 * Poll intervals, with environment overrides for tests and impatient users (CCKM_POLL_INITIAL_MS, CCKM_POLL_MAX_MS).
 *
 * Why these numbers: with a first delay of 0.5 s growing 1.1x, the n-th read comes 5 (1.1^n - 1) s after the start and
 * the next one 0.5 s + 10 % of that later, so a job's end is noticed within about max(0.5 s, 10 % of its duration)
 * (half that in the median); the 15 s cap, reached after about 150 s, keeps a 10-minute job at about 66 reads.
 */
export function pollSchedule(env: NodeJS.ProcessEnv = process.env): PollSchedule {
  const num = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);
  return { initialMs: num(env.CCKM_POLL_INITIAL_MS, 500), factor: 1.1, maxMs: num(env.CCKM_POLL_MAX_MS, 15_000) };
}

/** The n-th delay (n from 0) of a schedule. */
export function pollDelay(n: number, s: PollSchedule): number {
  return Math.min(s.maxMs, Math.round(s.initialMs * s.factor ** n));
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
  let last = opts.first;
  if (last && isTerminal(last.phase)) return { done: true, last };
  // with a first snapshot in hand (the POST answer), the first read waits one interval
  let sleeps = 0;
  let sleepFirst = last !== undefined;
  for (;;) {
    if (sleepFirst) {
      if (opts.deadline.passed()) return { done: false, last };
      await opts.deadline.sleep(pollDelay(sleeps++, schedule));
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
