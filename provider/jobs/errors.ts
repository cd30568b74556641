// Job errors carry what was seen: the job id, the last snapshot and the failing items. Those with `id` and
// `properties` are what the dynamic-provider host reports to the engine as a failed initialization: the resource
// stays in state with that id, and the next `up` replaces it (failed, cancelled) or resumes the wait (deadline).
// Errors this code did not make are wrapped (ResourceError, with `cause`), never changed.
import { ItemFailure, JobSnapshot, Props } from "../core/models";

export abstract class JobError extends Error {
  /** Resource id to record (the job id) when the job exists. */
  id?: string;
  /** Outputs to record with the failed initialization (a front end adds its own keys to a copy). */
  properties?: Props;
  /** Extra lines the engine shows. */
  reasons?: string[];

  constructor(
    message: string,
    readonly jobId?: string,
    readonly last?: JobSnapshot,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Marks this error as a failed initialization of the resource `id` with these outputs. */
  asInitError(id: string, properties: Props): this {
    this.id = id;
    this.properties = properties;
    this.reasons = [this.message];
    return this;
  }
}

/** The job ended failed, totally or for some items. */
export class JobFailedError extends JobError {
  override readonly name = "JobFailedError";
  readonly failures: ItemFailure[];
  constructor(opts: { label: string; jobId: string; last: JobSnapshot }) {
    const { label, jobId, last } = opts;
    const items = last.failures.map((f) => `${f.item}: ${f.message}`);
    const parts = [...items];
    if (last.message && !items.some((i) => i.includes(last.message!))) parts.unshift(last.message);
    const n = last.failures.length;
    super(
      `${label}: CCKM job ${jobId} ended ${last.statusText}` +
        (parts.length ? ` with ${n || "no"} failing item${n === 1 ? "" : "s"}: ${parts.join("; ")}` : "") +
        ". The job id stays in state; the next `pulumi up` replaces the resource with a new job.",
      jobId,
      last,
    );
    this.failures = last.failures;
  }
}

/** The deadline passed while the job still ran (or before one could start). */
export class JobTimeoutError extends JobError {
  override readonly name = "JobTimeoutError";
  constructor(opts: {
    label: string;
    seconds: number;
    jobId?: string;
    last?: JobSnapshot;
    /** What was waited for. @default "the job to end" */
    waitingFor?: string;
    /** What happens next, when a job exists. */
    next?: string;
    /** The setting that gave `seconds` (`timeoutSeconds` or `customTimeouts`). @default "timeoutSeconds" */
    limit?: string;
    /** The engine cancelled the operation (Ctrl-C) before the deadline passed. */
    cancelled?: boolean;
  }) {
    const next = opts.next ?? "The job keeps running on CCKM; the next `pulumi up` resumes waiting on it";
    const waitingFor = opts.waitingFor ?? "the job to end";
    const job = opts.jobId
      ? ` (CCKM job ${opts.jobId}, last status ${opts.last?.statusText ?? "unknown"}). ${next}`
      : "";
    super(
      opts.cancelled
        ? `${opts.label}: stopped waiting for ${waitingFor}: the update was cancelled${job}.`
        : `${opts.label}: timed out after ${opts.seconds}s waiting for ${waitingFor}${job}. ` +
            `Raise ${opts.limit ?? "timeoutSeconds"} for long jobs.`,
      opts.jobId,
      opts.last,
    );
  }
}

/** The job was cancelled (by someone else) while this resource waited for it. */
export class JobCancelledError extends JobError {
  override readonly name = "JobCancelledError";
  constructor(opts: { label: string; jobId: string; last: JobSnapshot }) {
    super(
      `${opts.label}: CCKM job ${opts.jobId} was cancelled (abort: true) before it completed. The next \`pulumi up\` replaces the resource with a new job.`,
      opts.jobId,
      opts.last,
    );
  }
}

/** Waiting failed for another reason (CCKM refused a read): the job is still tracked, the next `up` resumes. */
export class JobWaitError extends JobError {
  override readonly name = "JobWaitError";
  constructor(opts: { label: string; jobId: string; cause: unknown; last?: JobSnapshot }) {
    const why = opts.cause instanceof Error ? opts.cause.message : String(opts.cause);
    super(
      `${opts.label}: lost track of CCKM job ${opts.jobId}: ${why}. The next \`pulumi up\` resumes waiting on it.`,
      opts.jobId,
      opts.last,
      { cause: opts.cause },
    );
  }
}

/** Any other failure of an operation on a resource, wrapped so that its message names the resource. */
export class ResourceError extends Error {
  override readonly name = "ResourceError";
  constructor(
    /** e.g. `GoogleKeySync "rings"` */
    readonly resource: string,
    cause: unknown,
    /** What was being done (`creating the job config`) and what the user can do about it, when known. */
    opts: { doing?: string; whatToDo?: string } = {},
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `${resource}: ${opts.doing ? `${opts.doing} failed: ` : ""}${why}` +
        (opts.whatToDo ? `. What to do: ${opts.whatToDo}` : ""),
      { cause },
    );
  }
}
