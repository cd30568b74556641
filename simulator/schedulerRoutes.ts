/** The scheduler's routes: `/api/v1/scheduler/job-configs` (create, list, get, patch, delete; reference section 10). */
import type { Reply, RequestContext, Route } from "./context";
import { filterBy, jobPage } from "./listing";

const BASE = "/api/v1/scheduler/job-configs";
const SORTABLE = ["id", "name", "createdAt", "updatedAt", "run_at", "disabled"];

export function schedulerRoutes(): Route[] {
  const create = (ctx: RequestContext): Reply => {
    const s = ctx.sim.scheduler;
    return { status: 201, body: s.view(s.create(ctx.body, ctx.now)) };
  };
  const list = (ctx: RequestContext): Reply => {
    const s = ctx.sim.scheduler;
    let configs = [...s.configs.values()];
    configs = filterBy(configs, ctx.query, "name", (c) => [c.fields.name]);
    configs = filterBy(configs, ctx.query, "operation", (c) => [c.fields.operation]);
    configs = filterBy(configs, ctx.query, "id", (c) => [c.id]);
    const views = configs.map((c) => s.view(c));
    // No `sort` is documented on this list: like the undocumented job lists, only with `sortParam: anywhere`.
    return { status: 200, body: jobPage(ctx.sim.knobs(), views, ctx.query, SORTABLE, false) };
  };
  const id = (ctx: RequestContext) => ctx.params.id ?? "";
  return [
    { method: "POST", path: BASE, handler: create },
    { method: "GET", path: BASE, handler: list },
    {
      method: "GET",
      path: `${BASE}/:id`,
      handler: (ctx) => ({ status: 200, body: ctx.sim.scheduler.view(ctx.sim.scheduler.get(id(ctx))) }),
    },
    {
      method: "PATCH",
      path: `${BASE}/:id`,
      handler: (ctx) => ({
        status: 200,
        body: ctx.sim.scheduler.view(ctx.sim.scheduler.patch(id(ctx), ctx.body, ctx.now)),
      }),
    },
    {
      method: "DELETE",
      path: `${BASE}/:id`,
      handler: (ctx) => {
        ctx.sim.scheduler.remove(id(ctx));
        return { status: 204, body: undefined };
      },
    },
  ];
}
