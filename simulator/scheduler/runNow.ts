/**
 * `POST /api/v1/scheduler/job-configs/{id}/run-now` (CM's operations index, "Run now"; thalesdocs' scheduler pages
 * list "Manually Running Jobs"): starts the config's sync job now through the family's own job-creating handler, as
 * the cron would, and records a `manual` scheduler run. It runs a disabled or out-of-dates config too (a manual run
 * is asked for explicitly). Like a cron run it does not fail when the family refuses the job (a running sync): the
 * run is recorded `failed` with the refusal in `error`, and the answer is that run (201).
 */
import type { RequestContext, Route } from "../context";
import type { JobConfig } from "./configs";
import type { ScheduleRunner } from "./runner";
import type { RunLog } from "./runs";

export function runNowRoute(
  base: string,
  find: (ctx: RequestContext) => JobConfig,
  runner: ScheduleRunner,
  runs: RunLog,
): Route {
  return {
    method: "POST",
    path: `${base}/:id/run-now`,
    body: false,
    handler: (ctx) => {
      const fired = runner.fire(find(ctx), "run-now");
      const run = fired.runId === undefined ? undefined : runs.get(fired.runId);
      if (!run) throw new Error("run-now: the run was not recorded");
      return { status: 201, body: runs.view(run, ctx.now) };
    },
  };
}
