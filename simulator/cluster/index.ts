/**
 * A simulated CM cluster: N nodes over the one shared state (store, tokens, CA), a load balancer in front when N > 1,
 * the replication lag between the nodes (replication.ts), and the control API to stop and start nodes.
 */
import type { Route } from "../context";
import { ApiError } from "../errors";
import type { LoadBalancer } from "./lb";
import type { SimNode } from "./nodes";

export { LoadBalancer } from "./lb";
export { SimNode } from "./nodes";
export { Replication } from "./replication";

/** A node as `GET /sim/nodes` shows it. */
export interface NodeInfo {
  index: number;
  url: string;
  up: boolean;
}

export class Cluster {
  constructor(
    readonly nodes: readonly SimNode[],
    readonly lb: LoadBalancer | undefined,
  ) {}

  /** The address clients are given: the load balancer, or the one node. */
  get url(): string {
    return this.lb?.url ?? this.nodes[0].url;
  }

  get port(): number {
    return this.lb?.port ?? this.nodes[0].port;
  }

  info(): NodeInfo[] {
    return this.nodes.map((n) => ({ index: n.index, url: n.url, up: n.up }));
  }

  node(index: number): SimNode {
    const node = Number.isInteger(index) ? this.nodes[index] : undefined;
    if (!node) {
      throw new ApiError(404, `no node ${index} (nodes 0 to ${this.nodes.length - 1})`, "NCERRResourceNotFound");
    }
    return node;
  }

  async start(): Promise<void> {
    try {
      for (const n of this.nodes) await n.start();
      await this.lb?.start();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.lb?.stop(), ...this.nodes.map((n) => n.stop())]);
  }

  /** `/sim/nodes`: list, stop, start. A node asked to stop itself answers first, then goes down. */
  routes(): Route[] {
    const index = (raw: string | undefined) => this.node(/^\d+$/.test(raw ?? "") ? Number(raw) : NaN);
    return [
      { method: "GET", path: "/sim/nodes", auth: false, handler: () => ({ status: 200, body: this.info() }) },
      {
        method: "POST",
        path: "/sim/nodes/:index/stop",
        auth: false,
        body: false,
        handler: (ctx) => {
          const node = index(ctx.params.index);
          const body: NodeInfo = { index: node.index, url: node.url, up: false };
          if (ctx.servedBy === node.index) return { status: 200, body, after: () => void node.stop() };
          return { status: 200, body, ready: node.stop() };
        },
      },
      {
        method: "POST",
        path: "/sim/nodes/:index/start",
        auth: false,
        body: false,
        handler: (ctx) => {
          const node = index(ctx.params.index);
          return { status: 200, body: { index: node.index, url: node.url, up: true }, ready: node.start() };
        },
      },
    ];
  }
}
