/**
 * CM's scheduler (`/api/v1/scheduler/job-configs`, reference section 10) and its `/sim/schedules` control routes.
 * The simulator hooks it in with `createScheduler(sim, timers)`: its routes go into the route tables, `reset()`
 * follows the control API's reset.
 */
import { sees, wrote } from "../cluster/replication";
import type { Reply, RequestContext, Route, SimContext } from "../context";
import { ApiError, notFound } from "../errors";
import { filterBy, paginate } from "../listing";
import { configView, createConfig, type JobConfig, patchConfig } from "./configs";
import { inactiveReason, nextRun, ScheduleRunner } from "./runner";
import { runNowRoute } from "./runNow";
import { RunLog, runRoutes } from "./runs";

const BASE = "/api/v1/scheduler/job-configs";
const SORTABLE = ["id", "name", "operation", "createdAt", "updatedAt", "run_at", "disabled"];

export interface Scheduler {
  routes(): Route[];
  controlRoutes(): Route[];
  /** Forgets every config and its timer. */
  reset(): void;
}

export function createScheduler(sim: SimContext, timers: Set<NodeJS.Timeout>): Scheduler {
  const configs = new Map<string, JobConfig>();
  const runs = new RunLog(sim);
  const runner = new ScheduleRunner(sim, timers, (c, run, at) => runs.record(c, run, at).id);

  /** A config the node serving `ctx` knows (in a cluster, one written through another node may not be there yet). */
  const find = (ctx: RequestContext): JobConfig => {
    const c = configs.get(ctx.params.id ?? "");
    if (!c || !sees(ctx.sim, c.id, ctx.now)) throw notFound(`job config ${ctx.params.id} not found`);
    return c;
  };

  const create = (ctx: RequestContext): Reply => {
    const c = createConfig(ctx.body, sim, configs.values(), ctx.now);
    configs.set(c.id, c);
    wrote(ctx.sim, c.id, ctx.now);
    runner.arm(c);
    return { status: 201, body: configView(c) };
  };

  const list = (ctx: RequestContext): Reply => {
    let all = [...configs.values()].reverse().filter((c) => sees(ctx.sim, c.id, ctx.now)); // newest first
    all = filterBy(all, ctx.query, "id", (c) => [c.id]);
    all = filterBy(all, ctx.query, "name", (c) => [c.name]);
    all = filterBy(all, ctx.query, "operation", (c) => [c.operation]);
    all = filterBy(all, ctx.query, "disabled", (c) => [String(c.disabled)]);
    return {
      status: 200,
      body: paginate(all.map(configView), ctx.query, {
        sortable: SORTABLE,
        pageLimit: ctx.sim.knobs().pageLimit,
        maxLimit: ctx.sim.knobs().maxLimit,
      }),
    };
  };

  const patch = (ctx: RequestContext): Reply => {
    const c = find(ctx);
    patchConfig(c, ctx.body, sim, ctx.now);
    wrote(ctx.sim, c.id, ctx.now);
    runner.arm(c);
    return { status: 200, body: configView(c) };
  };

  const remove = (ctx: RequestContext): Reply => {
    const c = find(ctx);
    runner.disarm(c.id);
    configs.delete(c.id);
    return { status: 204, body: "" };
  };

  /** The sim-only view: the config, when it runs next, and what its runs started. */
  const record = (c: JobConfig) => {
    const next = nextRun(c, sim.clock());
    return {
      ...configView(c),
      sim: {
        nextRunAt: next === undefined ? null : new Date(next).toISOString(),
        inactive: inactiveReason(c, sim.clock()) ?? null,
        runs: c.runs.map((r) => ({ ...r })),
      },
    };
  };

  const ctl = (method: Route["method"], path: string, fn: (ctx: RequestContext) => unknown): Route => ({
    method,
    path,
    auth: false,
    handler: (ctx) => ({ status: 200, body: fn(ctx) }),
  });

  return {
    routes: () => [
      { method: "POST", path: BASE, handler: create },
      { method: "GET", path: BASE, handler: list },
      { method: "GET", path: `${BASE}/:id`, handler: (ctx) => ({ status: 200, body: configView(find(ctx)) }) },
      { method: "PATCH", path: `${BASE}/:id`, handler: patch },
      { method: "DELETE", path: `${BASE}/:id`, handler: remove, body: false },
      runNowRoute(BASE, find, runner, runs),
      ...runRoutes(runs),
    ],
    controlRoutes: () => [
      ctl("GET", "/sim/schedules", () => [...configs.values()].map(record)),
      ctl("GET", "/sim/schedules/:id", (ctx) => record(find(ctx))),
      // Fires now, as the cron would: a disabled or out-of-dates config does not run unless `force: true`.
      ctl("POST", "/sim/schedules/:id/fire", (ctx) => {
        const c = find(ctx);
        const b = (ctx.body ?? {}) as { force?: unknown };
        if (typeof b !== "object" || (b.force !== undefined && typeof b.force !== "boolean")) {
          throw new ApiError(400, "force: expected a boolean", "NCERRInvalidParamValue");
        }
        const reason = inactiveReason(c, sim.clock());
        if (reason && b.force !== true) return { fired: false, reason };
        return { fired: true, ...runner.fire(c, "control") };
      }),
    ],
    reset: () => {
      runner.disarmAll();
      configs.clear();
      runs.clear();
    },
  };
}
