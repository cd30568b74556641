/** What route handlers see: the simulator's state and settings, and one request. */
import type { Principal, TokenService } from "./auth";
import type { Knobs } from "./knobs";
import type { Store } from "./state";

export interface SimContext {
  store: Store;
  knobs(): Knobs;
  tokens: TokenService;
  /** ms since the epoch, with sub-ms digits. */
  clock(): number;
}

export interface RequestContext {
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  body: unknown;
  now: number;
  principal?: Principal;
  sim: SimContext;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One entry of the route table. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** find-my-way path, e.g. `/api/v1/cckm/dsm/refresh/:id`; shown in counters as `{id}`. */
  path: string;
  handler(ctx: RequestContext): Reply;
  /** Needs a bearer token (default true). */
  auth?: boolean;
  /** Takes a JSON body (default: POST, PUT and PATCH do). */
  body?: boolean;
  /** Whether the route exists under the current knobs (default: always); a route that does not is unknown. */
  enabled?(knobs: Knobs): boolean;
}
