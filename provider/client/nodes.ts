// The nodes of a CM cluster (cckm:address with several URLs), after the clients of clustered services (etcd, the
// Elasticsearch clients): requests go to one node and stay there while it answers; a node that gives no answer or a
// 5xx is given up on, skipped for a while (longer each time it fails again) and tried again later, never forgotten.
// Which failures move a request to the next node is failsOver(); a job-creating POST moves only when it was never
// sent (see client.ts and jobs/start.ts: the look-up after an ambiguous failure settles it, never a blind resend).
import { Clock, realClock } from "../core/clock";
import { CckmApiError, CckmNetworkError } from "./errors";
import { isRetryableStatus, NETWORK_CODES } from "./retry";
import { HttpRequest, HttpResponse, Transport } from "./transport";

/** How long a node that failed is skipped: 2 s after its first failure, doubling with each failure after, 60 s at most. */
export const DEAD_NODE_BASE_MS = 2000;
export const DEAD_NODE_CAP_MS = 60_000;

export function deadForMs(failures: number): number {
  return Math.min(DEAD_NODE_CAP_MS, DEAD_NODE_BASE_MS * 2 ** Math.max(0, Math.min(failures - 1, 20)));
}

/** True when `err` says the node is unwell (no answer, or a 5xx but 501), so another node should be asked. */
export function nodeFailed(err: unknown): boolean {
  if (err instanceof CckmNetworkError) {
    // a passed deadline (ERR_CANCELED) says nothing about the node; TLS and address errors are configuration,
    // the same on every node: they fail at once as they do for one node
    const meaning = NETWORK_CODES[err.code];
    return err.code !== "ERR_CANCELED" && (meaning === undefined || meaning === "never-sent");
  }
  return err instanceof CckmApiError && err.status >= 500 && isRetryableStatus(err.status);
}

/** True when the request never reached the node (refused, unresolvable, unreachable, connect timeout). */
export function neverSent(err: unknown): boolean {
  return err instanceof CckmNetworkError && NETWORK_CODES[err.code] === "never-sent";
}

/**
 * Whether a failed request is sent to the next node: any node failure for a request that may be repeated (reads,
 * cancels, PATCH, DELETE, token grants); for a job-creating POST only one that never reached the node.
 */
export function failsOver(err: unknown, repeatable: boolean): boolean {
  return nodeFailed(err) && (repeatable || neverSent(err));
}

interface NodeHealth {
  /** Failures in a row. */
  failures: number;
  /** Skipped until this time (ms on the pool's clock). */
  deadUntil: number;
}

/** Which node a request goes to: the current one while it answers; a failed one is skipped for deadForMs(). */
export class NodePool {
  private current = 0;
  private readonly health: NodeHealth[];

  constructor(
    readonly nodes: readonly string[],
    private readonly clock: Clock = realClock,
  ) {
    if (!nodes.length) throw new Error("a node pool needs at least one node");
    this.health = nodes.map(() => ({ failures: 0, deadUntil: 0 }));
  }

  isDead(i: number): boolean {
    return this.health[i].deadUntil > this.clock.now();
  }

  /**
   * The nodes to try for one request, in order: the current node and the others after it that are not skipped;
   * when every node is skipped, the one whose skip ends first (a probe: the cluster may be back).
   */
  order(): number[] {
    const n = this.nodes.length;
    const rotation = Array.from({ length: n }, (_, k) => (this.current + k) % n);
    const live = rotation.filter((i) => !this.isDead(i));
    if (live.length) return live;
    return [rotation.reduce((a, b) => (this.health[b].deadUntil < this.health[a].deadUntil ? b : a))];
  }

  /** Node i answered: it is the current node from now on, and its failures are forgotten. */
  succeeded(i: number): void {
    this.health[i] = { failures: 0, deadUntil: 0 };
    this.current = i;
  }

  /** Node i failed: skip it for a while (longer when it keeps failing). Returns how long, in ms. */
  failed(i: number): number {
    const h = this.health[i];
    h.failures++;
    const ms = deadForMs(h.failures);
    h.deadUntil = this.clock.now() + ms;
    if (i === this.current) this.current = (i + 1) % this.nodes.length;
    return ms;
  }
}

function reason(err: unknown): string {
  if (err instanceof CckmNetworkError) return `no answer: ${err.code}`;
  if (err instanceof CckmApiError) return `HTTP ${err.status}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * A transport over the nodes of one cluster: each request goes to the pool's current node and, when that node fails
 * in a way failsOver() allows, to the next live node at once (no backoff: another node may answer now). When every
 * node tried has failed, the last error goes to the caller, whose retry loop backs off under the deadline.
 */
export class FailoverTransport implements Transport {
  constructor(
    readonly pool: NodePool,
    /** One transport per node, in the pool's order. */
    private readonly transports: readonly Transport[],
  ) {
    if (transports.length !== pool.nodes.length) throw new Error("one transport per node");
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const repeatable = req.repeatable ?? req.method !== "POST";
    const order = this.pool.order();
    for (let k = 0; ; k++) {
      const i = order[k];
      try {
        const res = await this.transports[i].send(req);
        this.pool.succeeded(i);
        return res;
      } catch (err) {
        if (!nodeFailed(err) || req.signal?.aborted) throw err;
        const skipMs = this.pool.failed(i);
        const next = failsOver(err, repeatable) ? order[k + 1] : undefined;
        const why = `CM node ${this.pool.nodes[i]} failed (${reason(err)}); skipping it for ${skipMs / 1000} s`;
        if (next === undefined) {
          const onto = failsOver(err, repeatable) ? "" : ` (${req.method} ${req.path} is not sent to another node)`;
          req.onNodeFailure?.(`${why}${onto}`);
          throw err;
        }
        req.onNodeFailure?.(`${why}, trying ${this.pool.nodes[next]}`);
      }
    }
  }
}
