/** What route handlers see: the simulator's state and settings, and one request. */
import type { Principal, TokenService } from "./auth";
import type { Replication } from "./cluster/replication";
import type { Knobs } from "./knobs";
import type { Store } from "./state";

export interface SimContext {
  store: Store;
  knobs(): Knobs;
  tokens: TokenService;
  /** ms since the epoch, with sub-ms digits. */
  clock(): number;
  /** The writes not yet on every node of a cluster (see cluster/replication.ts). */
  replication?: Replication;
  /** The node serving the request (0-based), in a cluster; undefined outside a request (control API, scheduler). */
  node?: number;
}

export interface RequestContext {
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  body: unknown;
  now: number;
  principal?: Principal;
  sim: SimContext;
  /** In a cluster: the node this request reached (undefined at the load balancer's own control API). */
  servedBy?: number;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The answer is sent once this has settled (e.g. a node listening again). */
  ready?: Promise<unknown>;
  /** Runs once the answer has been sent (e.g. the node that answered stops). */
  after?: () => void;
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
