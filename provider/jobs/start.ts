// Starting a job without ever starting two: adopt a running job over the same scope (an earlier `up` that was
// killed mid-wait, or a job CM's scheduler started), never re-send a POST whose fate is unknown before looking the
// job up, and when CCKM refuses the start because another job runs (409, or a 4xx whose message says so: a real CM
// runs one sync per family at a time) adopt it when it has the same scope, else wait for it to end and try again,
// all under the operation's one deadline. Which jobs are over the same scope is the descriptor's knowledge.
import { CckmClient } from "../client/client";
import { CckmApiError, CckmBadAnswerError, isApiError } from "../client/errors";
import { isBusyRefusal, refusalJobId } from "../client/refusal";
import { isAmbiguous, isRetryable, isSafeToRepost, retryDelay } from "../client/retry";
import { Deadline } from "../core/deadline";
import { JobKind } from "../core/kind";
import { Props, RawJob } from "../core/models";
import { backoffDelay, retrying } from "../core/retry";
import { JobTimeoutError, ResourceError } from "./errors";
import { pollDelayAt, pollSchedule } from "./poller";
import { Progress } from "./progress";

/** A job that still runs and was not asked to cancel. */
function isRunning(kind: JobKind, j: RawJob): boolean {
  return j.abort !== true && kind.snapshot(j).phase === "running";
}

/** The newest job of the list (findAdoptable sorts newest first) that still runs and was not asked to cancel. */
function running(kind: JobKind, jobs: RawJob[]): RawJob | undefined {
  return jobs.find((j) => isRunning(kind, j));
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

/** What a refused start waits for: the job CCKM named, if it named one, for the progress line and the error. */
function blockerText(err: CckmApiError, blocker?: RawJob): string {
  const id = blocker ? String(blocker.id) : refusalJobId(err);
  return id ? `CCKM job ${id} (another job of this family) to end` : "the running job of this family to end";
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
  const search = async (): Promise<RawJob[]> => {
    if (!searchable) return [];
    return kind.findAdoptable(client, inputs, deadline).catch((err: unknown) => {
      if (!listRefused(err)) throw err;
      searchable = false;
      progress.say(
        `cannot list ${kind.name} jobs to adopt a running one (${(err as Error).message}); starting a new job`,
      );
      return [] as RawJob[];
    });
  };
  const before = await search();
  const inFlight = running(kind, before);
  if (inFlight) {
    progress.say(`adopting CCKM job ${String(inFlight.id)}, already running over the same scope (no new job started)`);
    return { job: inFlight, adopted: true };
  }
  const known = new Set(before.map((j) => String(j.id)));
  const body = kind.startBody(inputs);
  const clock = deadline.clock;
  let adopted: RawJob | undefined;
  // the refusals seen: when the first came (the wait is polled like a job of that age) and the last job announced
  let refusedSince: number | undefined;
  let announced: string | undefined;
  let lastWait = "";

  /** A refused start: the same scope is adopted, another job is waited out (the delay), undefined never. */
  async function onBusy(err: CckmApiError, attempt: number): Promise<number> {
    // the refusal may name the running job: read it (for SAP key jobs, without a job list, the only way to find it)
    let blocker: RawJob | undefined;
    const id = refusalJobId(err);
    if (id) {
      blocker = await client.get<RawJob>(`${kind.jobsPath}/${id}`, undefined, deadline).catch((e: unknown) => {
        if (listRefused(e)) return undefined; // not a job of this family (404), or not readable
        throw e;
      });
      if (blocker && isRunning(kind, blocker) && kind.sameScope(inputs, blocker)) {
        progress.say(`adopting CCKM job ${String(blocker.id)}, named by CCKM's refusal: it runs over the same scope`);
        adopted = blocker;
        return 0;
      }
    }
    // a refusal that names no job we can read: search the family's jobs (newest first) for one over our scope
    if (!blocker) {
      const same = running(kind, await search());
      if (same) {
        progress.say(
          `adopting CCKM job ${String(same.id)} (CCKM refused a second job: ${err.cckmMessage || err.status})`,
        );
        adopted = same;
        return 0;
      }
    }
    refusedSince ??= clock.now();
    lastWait = blockerText(err, blocker);
    progress.update(undefined, `waiting for ${lastWait}`);
    if (announced !== lastWait) {
      announced = lastWait;
      progress.say(
        `CCKM refused to start a job (HTTP ${err.status}${err.codeDesc ? ` ${err.codeDesc}` : ""}: ` +
          `${err.cckmMessage || "no message"}); waiting for ${lastWait}, then starting this one`,
      );
    }
    // a job CCKM named is polled like a job of the wait's age (quick at first); an unnamed one is backed off from
    const delay = blocker
      ? pollDelayAt(clock.now() - refusedSince, pollSchedule())
      : backoffDelay(attempt, { baseMs: 1000, capMs: 10_000 });
    return Math.max(delay, err.retryAfterMs ?? 0);
  }

  /** One job-creating POST; a 2xx whose body is no job (cut short, a proxy's page) is ambiguous like a lost answer. */
  async function post(): Promise<RawJob> {
    if (adopted) return adopted;
    const res = await client.request("POST", kind.jobsPath, { body, retry: "create", deadline });
    const data = res.data as RawJob | undefined;
    if (!data || typeof data !== "object" || typeof data.id !== "string") {
      throw new CckmBadAnswerError(`POST /api${kind.jobsPath}`, res.status, "no job object (the answer was garbled)");
    }
    return data;
  }

  const job = await retrying(
    async () => {
      try {
        return await post();
      } catch (err) {
        // a refusal the descriptor can explain (a SAP key whose operation already happened): say why, keep the cause
        const busy: boolean = isBusyRefusal(err);
        if (busy || !isApiError(err) || err.status >= 500 || err.status === 429) throw err;
        const why = kind.explainRefusal && (await kind.explainRefusal(client, inputs, deadline).catch(() => undefined));
        if (!why) throw err;
        throw new ResourceError(progress.label, new Error(`${err.message}. ${why}`, { cause: err }));
      }
    },
    {
      deadline,
      onDeadline: (err) =>
        isBusyRefusal(err)
          ? new JobTimeoutError({ label: progress.label, seconds: deadline.seconds, waitingFor: lastWait })
          : err,
      // the delay before the next POST, or undefined to give up; a job found on the way is taken over (delay 0)
      decide: async (err, attempt) => {
        if (isBusyRefusal(err)) return onBusy(err, attempt);
        if (isAmbiguous(err)) {
          if (!searchable) return undefined;
          // CCKM may have started the job before the answer was lost: look (newest first) before sending again
          const mine = (await search()).find((j) => !known.has(String(j.id)));
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
