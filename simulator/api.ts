/** The CCKM route table: auth, every job family, SAP key jobs and the inventory. */
import type { Reply, RequestContext, Route } from "./context";
import { ApiError } from "./errors";
import { SYNC_FAMILY_DESCRIPTORS } from "./families";
import { sapKeyRoutes } from "./families/sapKeys";
import { syncRoutes } from "./families/sync";
import { inventoryRoutes } from "./inventory";
import { schedulerRoutes } from "./schedulerRoutes";

function tokens(ctx: RequestContext): Reply {
  const { sim } = ctx;
  const counters = sim.store.counters;
  try {
    const { grant, type } = sim.tokens.grant(ctx.body ?? undefined, sim.knobs().tokenSeconds);
    counters.authGrants[type]++;
    return { status: 200, body: grant };
  } catch (err) {
    if (err instanceof ApiError) counters.authGrants.failed++;
    throw err;
  }
}

export function apiRoutes(): Route[] {
  return [
    { method: "POST", path: "/api/v1/auth/tokens", handler: tokens, auth: false },
    ...SYNC_FAMILY_DESCRIPTORS.flatMap(syncRoutes),
    ...sapKeyRoutes(),
    ...inventoryRoutes(),
    ...schedulerRoutes(),
  ];
}
