// Starting a job without ever starting two: adopt a running job over the same scope (an earlier `up` that was
// killed mid-wait), never re-send a POST whose fate is unknown before looking the job up, and on 409 (an
// overlapping job runs) adopt it when it has the same scope, else wait for it to end and try again. Which jobs
// are over the same scope is the descriptor's knowledge (`findAdoptable`).
import { CckmClient } from "../client/client";
import { isApiError } from "../client/errors";
import { isAmbiguous, isRetryable, isSafeToRepost, retryDelay } from "../client/retry";
import { Deadline } from "../core/deadline";
import { JobKind } from "../core/kind";
import { Props, RawJob } from "../core/models";
import { backoffDelay, retrying } from "../core/retry";
import { JobTimeoutError, ResourceError } from "./errors";
import { Progress } from "./progress";

/** A job of the list that still runs and was not asked to cancel. */
function running(kind: JobKind, jobs: RawJob[]): RawJob | undefined {
  return jobs.find((j) => j.abort !== true && kind.snapshot(j).phase === "running");
}

/** CCKM refused the list (unknown filter, no permission): it cannot be searched, but that is no reason to fail. */
function listRefused(err: unknown): boolean {
  return isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 401;
}

export interface Started {
  job: RawJob;
  /** True when an existing job was taken over instead of a new one started. */
  adopted: boolean;
}

export async function startOrAdopt(
  kind: JobKind,
  client: CckmClient,
  inputs: Props,
  deadline: Deadline,
  progress: Progress,
): Promise<Started> {
  // A CCKM that refuses the list cannot be searched: start without adopting, and after an ambiguous POST failure
  // give up rather than risk a second job.
  let searchable = true;
  const before = await kind.findAdoptable(client, inputs, deadline).catch((err: unknown) => {
    if (!listRefused(err)) throw err;
    searchable = false;
    progress.say(
      `cannot list ${kind.name} jobs to adopt a running one (${(err as Error).message}); starting a new job`,
    );
    return [] as RawJob[];
  });
  const inFlight = running(kind, before);
  if (inFlight) {
    progress.say(`adopting CCKM job ${String(inFlight.id)}, already running over the same scope (no new job started)`);
    return { job: inFlight, adopted: true };
  }
  const known = new Set(before.map((j) => String(j.id)));
  const body = kind.startBody(inputs);
  let adopted: RawJob | undefined;
  const job = await retrying(
    async () => {
      if (adopted) return adopted;
      const res = await client.request("POST", kind.jobsPath, { body, retry: "create", deadline });
      return res.data as RawJob;
    },
    {
      deadline,
      onDeadline: (err) =>
        isApiError(err, 409)
          ? new JobTimeoutError({
              label: progress.label,
              seconds: deadline.seconds,
              waitingFor: "an overlapping job to end",
            })
          : err,
      // the delay before the next POST, or undefined to give up; a job found on the way is taken over (delay 0)
      decide: async (err, attempt) => {
        if (isApiError(err, 409)) {
          // an overlapping job runs: the same scope is adopted, another one is waited out
          const same = running(kind, await kind.findAdoptable(client, inputs, deadline));
          if (same) {
            progress.say(`adopting CCKM job ${String(same.id)} (CCKM answered 409: it runs over the same scope)`);
            adopted = same;
            return 0;
          }
          progress.update(undefined, `waiting for an overlapping job to end (409 ${err.codeDesc})`);
          progress.say(`CCKM answered 409 ${err.codeDesc}: ${err.cckmMessage}; waiting for the overlapping job to end`);
          return Math.max(backoffDelay(attempt, { baseMs: 1000, capMs: 10_000 }), err.retryAfterMs ?? 0);
        }
        if (isAmbiguous(err)) {
          if (!searchable) return undefined;
          // CCKM may have started the job before the answer was lost: look before sending again
          const mine = (await kind.findAdoptable(client, inputs, deadline)).find((j) => !known.has(String(j.id)));
          if (mine) {
            progress.say(
              `adopting CCKM job ${String(mine.id)}: the POST's answer was lost (${(err as Error).message})`,
            );
            adopted = mine;
            return 0;
          }
          return retryDelay(err, attempt);
        }
        return isSafeToRepost(err) || isRetryable(err) ? retryDelay(err, attempt) : undefined;
      },
    },
  );
  if (adopted) return { job: adopted, adopted: true };
  if (!job || typeof job !== "object" || typeof job.id !== "string") {
    throw new ResourceError(progress.label, new Error(`CCKM POST /api${kind.jobsPath} answered without a job id`));
  }
  progress.say(`started CCKM job ${job.id}`);
  return { job, adopted: false };
}
