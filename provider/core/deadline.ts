// One deadline per operation (after pulumi-kubernetes' await logic): computed once at the top of an operation and
// passed down to every wait, retry and request, so that nothing outlives it. It ends at the smaller of the
// resource's `timeoutSeconds` and the engine's request timeout (`customTimeouts`), or at once when the engine
// cancels the operation (Ctrl-C: the plugin's Cancel aborts `cancel`).
import { Clock, realClock } from "./clock";

export interface DeadlineOptions {
  /** Aborts when the operation is cancelled (the plugin's Cancel): the deadline counts as passed from then on. */
  cancel?: AbortSignal;
  /** What set the limit, for messages ("Raise timeoutSeconds ..."). @default "timeoutSeconds" */
  limit?: string;
}

export class Deadline {
  private controller?: AbortController;

  private constructor(
    /** Absolute time (ms, on `clock`) after which nothing new starts. */
    readonly at: number,
    /** The timeout it was made from, for messages ("timed out after 1800s"). */
    readonly seconds: number,
    readonly clock: Clock,
    private readonly cancel?: AbortSignal,
    /** The setting that gave `seconds`: `timeoutSeconds`, or `customTimeouts` when the engine's was smaller. */
    readonly limit = "timeoutSeconds",
  ) {}

  /** A deadline `seconds` from now. */
  static after(seconds: number, clock: Clock = realClock, opts: DeadlineOptions = {}): Deadline {
    return new Deadline(clock.now() + seconds * 1000, seconds, clock, opts.cancel, opts.limit);
  }

  /**
   * The deadline of one operation: `timeoutSeconds` (the resource's input), or the engine's request timeout
   * (`customTimeouts`, seconds; 0 or absent when none is set) when that is smaller.
   */
  static forOperation(
    timeoutSeconds: number,
    opts: { requestTimeout?: number; cancel?: AbortSignal; clock?: Clock } = {},
  ): Deadline {
    const t = opts.requestTimeout;
    const engineWins = typeof t === "number" && t > 0 && t < timeoutSeconds;
    return Deadline.after(engineWins ? t : timeoutSeconds, opts.clock ?? realClock, {
      cancel: opts.cancel,
      limit: engineWins ? "customTimeouts" : "timeoutSeconds",
    });
  }

  /** Whether the operation was cancelled (Ctrl-C): then the deadline has passed, whatever the time. */
  cancelled(): boolean {
    return this.cancel?.aborted === true;
  }

  /** Milliseconds left (0 once passed or cancelled). */
  left(): number {
    if (this.cancelled()) return 0;
    return Math.max(0, this.at - this.clock.now());
  }

  passed(): boolean {
    return this.cancelled() || this.clock.now() >= this.at;
  }

  /** Whether a wait of `ms` ends before the deadline. */
  fits(ms: number): boolean {
    return !this.cancelled() && this.clock.now() + ms <= this.at;
  }

  /** Sleeps `ms`, or until the deadline when that comes first; returns at once when the operation is cancelled. */
  sleep(ms: number): Promise<void> {
    const cancel = this.cancel;
    if (!cancel) return this.clock.sleep(Math.min(ms, this.left()));
    if (cancel.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        cancel.removeEventListener("abort", done);
        resolve();
      };
      cancel.addEventListener("abort", done, { once: true });
      void this.clock.sleep(Math.min(ms, this.left())).then(done);
    });
  }

  /**
   * A signal that aborts when the deadline passes or the operation is cancelled, for requests (axios takes it).
   * Timed on the real clock for the time left on this deadline's clock; the timer does not keep the process alive.
   */
  signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      const left = this.left();
      if (left === 0) controller.abort();
      else {
        const timer = setTimeout(() => controller.abort(), Math.min(left, 2 ** 31 - 1));
        timer.unref?.();
        this.cancel?.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            controller.abort();
          },
          { once: true },
        );
      }
    }
    return this.controller.signal;
  }
}
