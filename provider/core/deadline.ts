// One deadline per operation (after pulumi-kubernetes' await logic): computed once from `timeoutSeconds` at the
// top of an operation and passed down to every wait, retry and request, so that nothing outlives it.
import { Clock, realClock } from "./clock";

export class Deadline {
  private controller?: AbortController;

  private constructor(
    /** Absolute time (ms, on `clock`) after which nothing new starts. */
    readonly at: number,
    /** The timeout it was made from, for messages ("timed out after 1800s"). */
    readonly seconds: number,
    readonly clock: Clock,
  ) {}

  /** A deadline `seconds` from now. */
  static after(seconds: number, clock: Clock = realClock): Deadline {
    return new Deadline(clock.now() + seconds * 1000, seconds, clock);
  }

  /** Milliseconds left (0 once passed). */
  left(): number {
    return Math.max(0, this.at - this.clock.now());
  }

  passed(): boolean {
    return this.clock.now() >= this.at;
  }

  /** Whether a wait of `ms` ends before the deadline. */
  fits(ms: number): boolean {
    return this.clock.now() + ms <= this.at;
  }

  /** Sleeps `ms`, or until the deadline when that comes first. */
  sleep(ms: number): Promise<void> {
    return this.clock.sleep(Math.min(ms, this.left()));
  }

  /**
   * A signal that aborts when the deadline passes, for requests (axios takes it). Timed on the real clock for the
   * time left on this deadline's clock; the timer does not keep the process alive.
   */
  signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      const left = this.left();
      if (left === 0) controller.abort();
      else setTimeout(() => controller.abort(), Math.min(left, 2 ** 31 - 1)).unref?.();
    }
    return this.controller.signal;
  }
}
