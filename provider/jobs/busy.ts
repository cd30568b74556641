// A start that CCKM refused because another job runs (a strict CM runs one sync per family at a time: 409, or a
// 4xx saying so, see client/refusal.ts). When the refusal names a job that can be read (the blocker), that job is
// polled with GET until it ends, and only then is the POST sent again: on a real CM every refused POST is an
// audit-log entry, and POSTing on a timer while the named job runs only adds those (the strict-profile benchmark
// counted about 21 refused POSTs per waited job). A blocker over our own scope is adopted instead. A refusal that
// names no readable job leaves nothing to poll: the family's jobs are searched for one to adopt, else the POST is
// backed off and sent again. All of it under the operation's one deadline.
import { CckmClient } from "../client/client";
import { CckmApiError, isApiError } from "../client/errors";
import { refusalJobId } from "../client/refusal";
import { isRetryable } from "../client/retry";
import { Deadline } from "../core/deadline";
import { JobKind } from "../core/kind";
import { Props, RawJob } from "../core/models";
import { backoffDelay } from "../core/retry";
import { JobTimeoutError } from "./errors";
import { pollDelayAt, pollSchedule } from "./poller";
import { Progress } from "./progress";

/** A job that still runs and was not asked to cancel. */
export function isRunning(kind: JobKind, j: RawJob): boolean {
  return j.abort !== true && kind.snapshot(j).phase === "running";
}

/** The first job of a list (newest first, as findAdoptable sorts) that still runs and was not asked to cancel. */
export function running(kind: JobKind, jobs: RawJob[]): RawJob | undefined {
  return jobs.find((j) => isRunning(kind, j));
}

/** A 4xx but 401 to a read or a list: not there (404), or not ours to read. Never a reason to fail the start. */
export function unreadable(err: unknown): boolean {
  return isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 401;
}

/** What to do after a refusal: take over a job, or send the POST again after `delayMs` (0: at once). */
export type BusyDecision = { adopt: RawJob } | { delayMs: number };

/** The refusals of one start: what they waited for (for the deadline's error) and the line said about each. */
export class RefusedStart {
  /** What is being waited for, e.g. "CCKM job <id> (another job of this family) to end". */
  waitingFor = "";
  private announced?: string;
  /** When this start was first refused: the age of the wait, which sets the poll delay (as for a job that old). */
  private since?: number;

  constructor(
    private readonly kind: JobKind,
    private readonly client: CckmClient,
    private readonly inputs: Props,
    private readonly deadline: Deadline,
    private readonly progress: Progress,
    /** The family's jobs over our scope, newest first (start.ts: [] once CCKM refused the list). */
    private readonly search: () => Promise<RawJob[]>,
  ) {}

  /** The error at the deadline: it names what the start waited for. */
  timeout(): JobTimeoutError {
    const { label } = this.progress;
    const { seconds, limit } = this.deadline;
    return new JobTimeoutError({
      label,
      seconds,
      limit,
      cancelled: this.deadline.cancelled(),
      waitingFor: this.waitingFor,
    });
  }

  /** Decides after refusal `err` (retry number `attempt`); throws `timeout()` when a blocker outlives the deadline. */
  async decide(err: CckmApiError, attempt: number): Promise<BusyDecision> {
    const refusedAt = this.deadline.clock.now();
    this.since ??= refusedAt;
    const backoff = () => backoffDelay(attempt, { baseMs: 1000, capMs: 10_000 }, err.retryAfterMs);
    const id = refusalJobId(err);
    // for SAP key jobs, without a job list, reading the named job is the only way to find it
    const blocker = id ? await this.read(id) : undefined;
    if (!blocker) {
      const same = running(this.kind, await this.search());
      if (same) {
        const why = err.cckmMessage || String(err.status);
        this.progress.say(`adopting CCKM job ${String(same.id)} (CCKM refused a second job: ${why})`);
        return { adopt: same };
      }
      this.announce(err, id ? `CCKM job ${id} (another job of this family) to end` : undefined);
      return { delayMs: backoff() };
    }
    const outcome = await this.waitOut(blocker, err);
    if (outcome === "deadline") throw this.timeout();
    // a blocker that had ended by its first read (a race, or a refusal naming an old job) is backed off from: a CM
    // whose refusals name an ended job must not get POSTs in a tight loop
    if (outcome === "ended unseen") return { delayMs: backoff() };
    // it ended while we polled: send again at once, but not before a Retry-After that came with the refusal
    if (outcome === "ended")
      return { delayMs: Math.max(0, refusedAt + (err.retryAfterMs ?? 0) - this.deadline.clock.now()) };
    this.progress.say(`adopting CCKM job ${String(outcome.id)}, named by CCKM's refusal: it runs over the same scope`);
    return { adopt: outcome };
  }

  /**
   * Polls the blocker (the poll schedule, by the age of this start's wait) until it ends or is gone
   * (404), or the next read would come after the deadline. Returns the blocker when it runs over our scope.
   */
  private async waitOut(first: RawJob, err: CckmApiError): Promise<RawJob | "ended" | "ended unseen" | "deadline"> {
    const { kind, deadline } = this;
    const id = String(first.id);
    const since = this.since ?? deadline.clock.now();
    let job: RawJob | undefined = first;
    for (let reads = 1; ; reads++) {
      if (isRunning(kind, job) && kind.sameScope(this.inputs, job)) return job;
      if (reads === 1) this.announce(err, `CCKM job ${id} (another job of this family) to end`);
      if (kind.snapshot(job).phase !== "running") return reads === 1 ? "ended unseen" : "ended";
      const delay = pollDelayAt(deadline.clock.now() - since, pollSchedule());
      if (!deadline.fits(delay)) return "deadline";
      await deadline.sleep(delay);
      // a read that still fails after the client's retries (network, 429, 5xx) does not end the wait: the
      // deadline decides, as for our own job
      const next: RawJob | undefined = await this.read(id).catch((e: unknown) => {
        if (isRetryable(e)) return job;
        throw e;
      });
      if (!next) return "ended"; // gone (404) or no longer readable: the POST tells what CCKM thinks now
      job = next;
    }
  }

  /** The job by id, or undefined when CCKM does not have it (404) or will not show it (another 4xx). */
  private async read(id: string): Promise<RawJob | undefined> {
    return this.client.get<RawJob>(`${this.kind.jobsPath}/${id}`, undefined, this.deadline).catch((e: unknown) => {
      if (unreadable(e)) return undefined;
      throw e;
    });
  }

  /** The progress note for the wait, and one line when the wait starts or turns to another job. */
  private announce(err: CckmApiError, waitingFor = "the running job of this family to end"): void {
    this.waitingFor = waitingFor;
    this.progress.update(undefined, `waiting for ${waitingFor}`);
    if (this.announced === waitingFor) return;
    this.announced = waitingFor;
    this.progress.say(
      `CCKM refused to start a job (HTTP ${err.status}${err.codeDesc ? ` ${err.codeDesc}` : ""}: ` +
        `${err.cckmMessage || "no message"}); waiting for ${waitingFor}, then starting this one`,
    );
  }
}
