/**
 * The load balancer in front of a simulated cluster: one address; each CCKM request goes to the next live node in
 * turn (round robin; a stopped node is skipped), so two requests on one keep-alive connection may reach two nodes.
 * It knows at once which nodes are down (a real one finds out by health checks, after a while). With no node up it
 * answers 502 with a proxy's HTML page, as does a request whose node goes down before answering. Its own `/sim/`
 * control API is served here, so it works with every node down.
 */
import type http from "http";
import type { IncomingMessage, ServerResponse } from "http";
import type { AddressInfo } from "net";
import type { TlsMaterial } from "../tls";
import { badGateway, baseUrl, closeServer, listen, type SimNode } from "./nodes";

export class LoadBalancer {
  port: number;
  private server?: http.Server;
  private next = 0;

  constructor(
    private readonly nodes: readonly SimNode[],
    /** Serves the control API (`/sim/...`) at the load balancer's address. */
    private readonly control: (req: IncomingMessage, res: ServerResponse) => void,
    private readonly host: string,
    port: number,
    private readonly tls: TlsMaterial | undefined,
  ) {
    this.port = port;
  }

  get url(): string {
    return baseUrl(this.tls, this.host, this.port);
  }

  async start(): Promise<void> {
    this.server = await listen((req, res) => this.route(req, res), this.host, this.port, this.tls);
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return server ? closeServer(server) : Promise.resolve();
  }

  /** The next live node in turn, or undefined when none is up. */
  pick(): SimNode | undefined {
    const n = this.nodes.length;
    for (let k = 0; k < n; k++) {
      const node = this.nodes[(this.next + k) % n];
      if (node.up) {
        this.next = (node.index + 1) % n;
        return node;
      }
    }
    return undefined;
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    if (url === "/sim" || url.startsWith("/sim/") || url.startsWith("/sim?")) return this.control(req, res);
    const node = this.pick();
    if (!node) {
      req.resume(); // the body is not wanted; read it so the answer is not a reset
      return badGateway(res);
    }
    node.serve(req, res, true);
  }
}
