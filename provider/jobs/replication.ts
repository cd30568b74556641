// Replication lag, for jobs (client/replication.ts has the rule): the look-up after a lost POST answer does not
// conclude "not started" before the lag bound has passed since the answer was lost, and the reads of a job this
// process started, or that state recorded moments ago, take a 404 within the bound for "not replicated yet".
import { CckmClient } from "../client/client";
import { lagPauseMs, latestWrite, tolerateLag, writtenAtOf } from "../client/replication";
import { HttpResponse } from "../client/transport";
import { Deadline } from "../core/deadline";
import { JobKind } from "../core/kind";
import { Props, RawJob } from "../core/models";

/**
 * GET of a job, where a 404 within the lag bound of its last write (or of `seenAt`, when it was read a moment ago
 * on some node) is read again; a 404 after the bound stands.
 */
export function readJob(
  client: CckmClient,
  kind: JobKind,
  jobId: string,
  props: Props,
  deadline: Deadline,
  seenAt?: number,
): Promise<RawJob> {
  const now = deadline.clock.now();
  // a state whose job carries no time of CM's (SAP key jobs) cannot say when it was written: it may be moments ago,
  // so its 404 is read again within the bound (a job CM forgot is still dropped, one bound later)
  const untimed = Object.keys(props).length > 0 && props.createdAt === undefined && props.updatedAt === undefined;
  const writtenAt =
    latestWrite(now, writtenAtOf(client.writes, jobId, props, now), seenAt) ?? (untimed ? now : undefined);
  return tolerateLag(() => client.get<RawJob>(`${kind.jobsPath}/${jobId}`, undefined, deadline), {
    writtenAt,
    lagMs: client.lagMs,
    deadline,
    what: `CCKM job ${jobId}`,
    say: client.log,
  });
}

/** POST .../cancel of a job read at `seenAt`: a 404 within the lag bound of that read is sent again. */
export function cancelJob(
  client: CckmClient,
  path: string,
  jobId: string,
  seenAt: number,
  deadline: Deadline,
): Promise<HttpResponse> {
  return tolerateLag(() => client.request("POST", `${path}/cancel`, { retry: "idempotent", deadline }), {
    writtenAt: seenAt,
    lagMs: client.lagMs,
    deadline,
    what: `the cancel of CCKM job ${jobId}`,
    say: client.log,
  });
}

/**
 * After a job-creating POST failed without telling whether CM started the job: looks for it (`find`, the family's
 * new jobs over the scope) at once and, while nothing is found, again until the lag bound has passed since the
 * failure (the node that took the POST may be down, and the others may not have the job yet), or `find` can no
 * longer search. Undefined only when no job turned up by then: the POST may be sent again.
 */
export async function lookUpLostJob(
  find: () => Promise<RawJob | undefined>,
  opts: {
    lagMs: number;
    deadline: Deadline;
    /** False once CCKM refused the list (nothing more to learn from searching). */
    searchable: () => boolean;
    say: (line: string) => void;
    why: string;
  },
): Promise<RawJob | undefined> {
  const { deadline } = opts;
  const until = deadline.clock.now() + opts.lagMs;
  for (let reread = 0; ; reread++) {
    const found = await find();
    if (found || !opts.searchable()) return found;
    const now = deadline.clock.now();
    if (now >= until || deadline.passed()) return undefined;
    if (reread === 0) {
      opts.say(
        `the POST's answer was lost (${opts.why}) and no new job shows yet: looking again for up to ` +
          `${Math.ceil((until - now) / 1000)} s (replication lag) before starting one`,
      );
    }
    await deadline.sleep(Math.min(lagPauseMs(reread), until - now));
  }
}
