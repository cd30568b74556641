// Starting a job without ever starting two: adopt a running job over the same scope (an earlier `up` that was
// killed mid-wait), never re-send a POST whose fate is unknown before looking the job up, and on 409 (an
// overlapping job runs) adopt it when it has the same scope, else wait for it to end and try again.
import { CckmClient } from "../client/client";
import { CckmApiError, isApiError } from "../client/errors";
import { backoffDelay, isAmbiguous, isRetryable, isSafeToRepost, retryDelay } from "../client/retry";
import { itemMatches } from "../kinds/sync";
import { JobKind } from "../kinds/types";
import { JobTimeoutError } from "./errors";
import { Props, RawJob } from "./models";
import { Progress } from "./progress";

/** Jobs of the family over this scope, as the list endpoint returns them (newest first where CCKM sorts). */
export async function findScopeJobs(
  kind: JobKind,
  client: CckmClient,
  inputs: Props,
  deadline: number,
): Promise<RawJob[]> {
  const data = await client.get<{ resources?: unknown }>(kind.jobsPath, kind.findQuery(inputs), deadline);
  const list = (Array.isArray(data?.resources) ? (data.resources as RawJob[]) : []).filter(
    (j) => j && typeof j === "object",
  );
  const same = list.filter((job) => kind.sameScope(inputs, job));
  if (inputs.synchronizeAll !== true || !kind.inventory || same.length === list.length) return same;
  // CCKM does not echo synchronize_all: a job whose scope is the whole inventory is a job over everything
  const everything = await inventoryNames(client, kind.inventory.path, deadline);
  if (!everything) return same;
  const field = kind.inventory.scopeField;
  return list.filter((job) => {
    if (same.includes(job)) return true;
    const stored = Array.isArray(job[field]) ? (job[field] as unknown[]).map(String) : [];
    return (
      stored.length === everything.length &&
      everything.every((names) => stored.some((s) => names.some((n) => itemMatches(n, s))))
    );
  });
}

/** Ids and names of every item of a family's inventory, or undefined when CCKM does not list them. */
async function inventoryNames(client: CckmClient, path: string, deadline: number): Promise<string[][] | undefined> {
  try {
    const data = await client.get<{ resources?: unknown; total?: number }>(path, { skip: 0, limit: 1000 }, deadline);
    const items = Array.isArray(data?.resources) ? (data.resources as Record<string, unknown>[]) : [];
    if (typeof data?.total === "number" && data.total > items.length) return undefined;
    return items.map((i) => [i.id, i.name].filter((v): v is string => typeof v === "string"));
  } catch (err) {
    if (err instanceof CckmApiError && err.status >= 400 && err.status < 500 && err.status !== 401) return undefined;
    throw err;
  }
}

/** A job of the list that still runs and was not asked to cancel. */
function running(kind: JobKind, jobs: RawJob[]): RawJob | undefined {
  return jobs.find((j) => j.abort !== true && kind.snapshot(j).phase === "running");
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
  deadline: number,
  timeoutSeconds: number,
  progress: Progress,
): Promise<Started> {
  // A CCKM that refuses the list (unknown filter, no permission) cannot be searched: start without adopting,
  // and after an ambiguous POST failure give up rather than risk a second job.
  let searchable = true;
  const before = await findScopeJobs(kind, client, inputs, deadline).catch((err) => {
    if (!(err instanceof CckmApiError) || err.status < 400 || err.status >= 500 || err.status === 401) throw err;
    searchable = false;
    progress.say(`cannot list ${kind.name} jobs to adopt a running one (${err.message}); starting a new job`);
    return [] as RawJob[];
  });
  const inFlight = running(kind, before);
  if (inFlight) {
    progress.say(`adopting CCKM job ${String(inFlight.id)}, already running over the same scope (no new job started)`);
    return { job: inFlight, adopted: true };
  }
  const known = new Set(before.map((j) => String(j.id)));
  const body = kind.startBody(inputs);
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await client.request("POST", kind.jobsPath, { body, retry: "create", deadline });
      const job = res.data as RawJob;
      if (!job || typeof job !== "object" || typeof job.id !== "string") {
        throw new Error(`${progress.label}: CCKM POST /api${kind.jobsPath} answered ${res.status} without a job id`);
      }
      progress.say(`started CCKM job ${job.id}`);
      return { job, adopted: false };
    } catch (err) {
      let delay: number;
      if (isApiError(err, 409)) {
        // an overlapping job runs: the same scope is adopted, another one is waited out
        const same = running(kind, await findScopeJobs(kind, client, inputs, deadline));
        if (same) {
          progress.say(`adopting CCKM job ${String(same.id)} (CCKM answered 409: it runs over the same scope)`);
          return { job: same, adopted: true };
        }
        progress.update(undefined, `waiting for an overlapping job to end (409 ${err.codeDesc})`);
        progress.say(`CCKM answered 409 ${err.codeDesc}: ${err.cckmMessage}; waiting for the overlapping job to end`);
        delay = Math.max(backoffDelay(attempt, { baseMs: 1000, capMs: 10_000 }), err.retryAfterMs ?? 0);
      } else if (isAmbiguous(err) && !searchable) {
        throw err;
      } else if (isAmbiguous(err)) {
        // CCKM may have started the job before the answer was lost: look before sending again
        const mine = (await findScopeJobs(kind, client, inputs, deadline)).find((j) => !known.has(String(j.id)));
        if (mine) {
          progress.say(`adopting CCKM job ${String(mine.id)}: the POST's answer was lost (${(err as Error).message})`);
          return { job: mine, adopted: true };
        }
        delay = retryDelay(err, attempt);
      } else if (isSafeToRepost(err) || isRetryable(err)) {
        delay = retryDelay(err, attempt);
      } else {
        throw err;
      }
      if (client.clock.now() + delay > deadline) {
        if (isApiError(err, 409))
          throw new JobTimeoutError(progress.label, undefined, timeoutSeconds, undefined, "an overlapping job to end");
        throw err;
      }
      await client.clock.sleep(delay);
    }
  }
}
