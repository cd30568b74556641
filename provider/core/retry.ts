// The one retry loop (p-retry style, kept small because every caller needs the deadline and a per-error decision
// that p-retry's `shouldRetry` + `retries` cannot express, such as "look the job up, then maybe send again").
import { Deadline } from "./deadline";

export interface RetryOptions {
  /** No retry starts unless its delay ends before this deadline. */
  deadline: Deadline;
  /**
   * The delay before retry number `attempt` (0 = the first retry) after `err`, or undefined to give up and throw.
   * May do work of its own first (e.g. look a job up after an ambiguous POST). 0 retries at once.
   */
  decide: (err: unknown, attempt: number) => number | undefined | Promise<number | undefined>;
  /** Attempts in all, the first included. @default Infinity (the deadline bounds them) */
  maxAttempts?: number;
  /** The error to throw when the next delay would pass the deadline. @default the last error */
  onDeadline?: (err: unknown) => unknown;
}

export async function retrying<T>(attemptOnce: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const max = opts.maxAttempts ?? Infinity;
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce(attempt);
    } catch (err) {
      const delay = attempt + 1 < max ? await opts.decide(err, attempt) : undefined;
      if (delay === undefined) throw err;
      // a delay of 0 means "the next attempt has its answer already" (e.g. a job found to adopt): it runs even at
      // the deadline
      if (delay > 0 && !opts.deadline.fits(delay)) throw opts.onDeadline ? opts.onDeadline(err) : err;
      await opts.deadline.sleep(delay);
    }
  }
}

export interface BackoffOptions {
  /** @default 250 */
  baseMs?: number;
  /** @default 8000 */
  capMs?: number;
  /** @default Math.random */
  random?: () => number;
}

/**
 * Capped exponential backoff with jitter ("equal jitter": half fixed, half random), never below `Retry-After`.
 * attempt 0 is the first retry.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}, retryAfterMs?: number): number {
  const base = opts.baseMs ?? 250;
  const cap = opts.capMs ?? 8000;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  const delay = ceiling / 2 + (random() * ceiling) / 2;
  return Math.round(Math.max(delay, retryAfterMs ?? 0));
}
