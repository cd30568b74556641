// Job errors carry what was seen: the job id, the last snapshot and the failing items. Those with `id` and
// `properties` are what the dynamic-provider host reports to the engine as a failed initialization: the resource
// stays in state with that id, and the next `up` calls `update` to continue it.
import { ItemFailure, JobSnapshot, Props } from "./models";

export abstract class JobError extends Error {
  /** Resource id to record (the job id) when the job exists. */
  id?: string;
  /** Outputs to record with the failed initialization (include `__provider`). */
  properties?: Props;
  /** Extra lines the engine shows. */
  reasons?: string[];

  constructor(
    message: string,
    readonly jobId?: string,
    readonly last?: JobSnapshot,
  ) {
    super(message);
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
  constructor(
    label: string,
    jobId: string,
    last: JobSnapshot,
    readonly failures: ItemFailure[],
  ) {
    const items = failures.map((f) => `${f.item}: ${f.message}`);
    const parts = [...items];
    if (last.message && !items.some((i) => i.includes(last.message!))) parts.unshift(last.message);
    super(
      `${label}: CCKM job ${jobId} ended ${last.statusText}` +
        (parts.length
          ? ` with ${failures.length || "no"} failing item${failures.length === 1 ? "" : "s"}: ${parts.join("; ")}`
          : "") +
        `. The job id stays in state; the next \`pulumi up\` starts a new job.`,
      jobId,
      last,
    );
  }
}

/** The deadline passed while the job still ran. */
export class JobTimeoutError extends JobError {
  override readonly name = "JobTimeoutError";
  constructor(
    label: string,
    jobId: string | undefined,
    seconds: number,
    last?: JobSnapshot,
    what = "the job to end",
    next = "The job keeps running on CCKM; the next `pulumi up` resumes waiting on it",
  ) {
    super(
      `${label}: timed out after ${seconds}s waiting for ${what}` +
        (jobId ? ` (CCKM job ${jobId}, last status ${last?.statusText ?? "unknown"}). ${next}` : "") +
        ". Raise timeoutSeconds for long jobs.",
      jobId,
      last,
    );
  }
}

/** The job was cancelled (by someone else) while this resource waited for it. */
export class JobCancelledError extends JobError {
  override readonly name = "JobCancelledError";
  constructor(label: string, jobId: string, last: JobSnapshot) {
    super(
      `${label}: CCKM job ${jobId} was cancelled (abort: true) before it completed. The next \`pulumi up\` starts a new job.`,
      jobId,
      last,
    );
  }
}

/** Waiting failed for another reason (CCKM refused a read): the job is still tracked, the next `up` resumes. */
export class JobWaitError extends JobError {
  override readonly name = "JobWaitError";
  constructor(label: string, jobId: string, cause: Error) {
    super(
      `${label}: lost track of CCKM job ${jobId}: ${cause.message}. The next \`pulumi up\` resumes waiting on it.`,
      jobId,
    );
  }
}
