// Starting a job without ever starting two: adopt a running job over the same scope (an earlier `up` that was
// killed mid-wait, or a job CM's scheduler started), never re-send a POST whose fate is unknown before looking the
// job up, and when CCKM refuses the start because another job runs (409, or a 4xx whose message says so: a real CM
// runs one sync per family at a time) adopt it when it has the same scope, else wait for it to end and try again
// (busy.ts), all under the operation's one deadline. Which jobs are over the same scope is the descriptor's knowledge.
import { CckmClient } from "../client/client";
import { CckmBadAnswerError, isApiError } from "../client/errors";
import { isBusyRefusal } from "../client/refusal";
import { isAmbiguous, isRetryable, isSafeToRepost, retryDelay } from "../client/retry";
import { Deadline } from "../core/deadline";
import { JobKind } from "../core/kind";
import { Props, RawJob } from "../core/models";
import { retrying } from "../core/retry";
import { RefusedStart, running, unreadable } from "./busy";
import { ResourceError } from "./errors";
import { Progress } from "./progress";
import { lookUpLostJob } from "./replication";

export interface Started {
  job: RawJob;
  /** True when an existing job was taken over instead of a new one started. */
  adopted: boolean;
  /** The jobs over the scope listed before starting, newest first (their durations set the poll schedule). */
  seen: RawJob[];
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
      if (!unreadable(err)) throw err;
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
    return { job: inFlight, adopted: true, seen: before };
  }
  const known = new Set(before.map((j) => String(j.id)));
  let adopted: RawJob | undefined;
  const refused = new RefusedStart(kind, client, inputs, deadline, progress, search);

  /** One job-creating POST; a 2xx whose body is no job (cut short, a proxy's page) is ambiguous like a lost answer. */
  async function post(): Promise<RawJob> {
    if (adopted) return adopted;
    // made for each POST: a shared job's body takes in the resources that joined while CCKM refused the last one
    const body = kind.startBody(inputs);
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
      onDeadline: (err) => (isBusyRefusal(err) ? refused.timeout() : err),
      // the delay before the next POST, or undefined to give up; a job found on the way is taken over (delay 0)
      decide: async (err, attempt) => {
        if (isBusyRefusal(err)) {
          const next = await refused.decide(err, attempt);
          if (!("adopt" in next)) return next.delayMs;
          adopted = next.adopt;
          return 0;
        }
        if (isAmbiguous(err)) {
          if (!searchable) return undefined;
          // CCKM may have started the job before the answer was lost: look (newest first) before sending again,
          // until the replication-lag bound has passed (replication.ts)
          const mine = await lookUpLostJob(async () => (await search()).find((j) => !known.has(String(j.id))), {
            lagMs: client.lagMs,
            deadline,
            searchable: () => searchable,
            say: (line) => progress.say(line),
            why: (err as Error).message,
          });
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
  if (adopted) return { job: adopted, adopted: true, seen: before };
  // post() took only an answer with a job id (anything else was ambiguous, and searched for or sent again)
  progress.say(`started CCKM job ${String(job.id)}`);
  return { job, adopted: false, seen: before };
}
