/**
 * One node of the simulator: an HTTP(S) listener in front of the shared request handler, that can be stopped (its
 * listener and every open connection closed, so requests in flight fail) and started again on the same port.
 */
import * as http from "http";
import type { IncomingMessage, ServerResponse } from "http";
import * as https from "https";
import type { AddressInfo } from "net";
import type { TlsMaterial } from "../tls";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** A request this node is serving; `viaLb` when the load balancer handed it over on its own connection. */
interface InFlight {
  req: IncomingMessage;
  res: ServerResponse;
  viaLb: boolean;
}

/** What a proxy in front of CM answers when the node behind it goes away (nginx's page). */
export const BAD_GATEWAY_HTML =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/** Answers 502 with the proxy page (if nothing was sent yet) and closes the connection. */
export function badGateway(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(502, {
    "content-type": "text/html",
    "content-length": Buffer.byteLength(BAD_GATEWAY_HTML),
    connection: "close",
  });
  res.end(BAD_GATEWAY_HTML);
}

export function baseUrl(tls: TlsMaterial | undefined, host: string, port: number): string {
  return `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** Listens with `listener` on host:port (0 = a free port); resolves with the server once it listens. */
export function listen(
  listener: Listener,
  host: string,
  port: number,
  tls: TlsMaterial | undefined,
): Promise<http.Server> {
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  server.keepAliveTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Closes a server and every connection it has open; resolves once it is closed. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export class SimNode {
  /** The port, fixed by the first start (so a restart listens on the same one). */
  port: number;
  private server?: http.Server;
  private starting?: Promise<void>;
  /** Changes at every stop and start, so a request can tell whether the node it began on still serves it. */
  private generation = 0;
  private readonly inFlight = new Set<InFlight>();
  /** The request handler (the shared state behind it); set before the first start. */
  listener: Listener = () => undefined;

  constructor(
    readonly index: number,
    private readonly host: string,
    port: number,
    private readonly tls: TlsMaterial | undefined,
  ) {
    this.port = port;
  }

  get up(): boolean {
    return this.server !== undefined;
  }

  get url(): string {
    return baseUrl(this.tls, this.host, this.port);
  }

  epoch(): number {
    return this.generation;
  }

  /** Listens (again, on the same port after the first start). Starting a node that is up does nothing. */
  start(): Promise<void> {
    if (this.server) return Promise.resolve();
    this.starting ??= listen((req, res) => this.serve(req, res, false), this.host, this.port, this.tls)
      .then((server) => {
        this.server = server;
        this.port = (server.address() as AddressInfo).port;
        this.generation++;
      })
      .finally(() => {
        this.starting = undefined;
      });
    return this.starting;
  }

  /**
   * Goes down at once: the listener closes (new connections are refused), open connections are closed, and requests
   * in flight fail: on the node's own connections the socket closes; one the load balancer handed over gets its 502.
   */
  stop(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.server = undefined;
    this.generation++;
    const closed = closeServer(server);
    for (const f of [...this.inFlight]) {
      this.inFlight.delete(f);
      if (f.viaLb) badGateway(f.res);
      else f.req.socket.destroy();
    }
    return closed;
  }

  /** Serves one request (from this node's listener, or handed over by the load balancer). */
  serve(req: IncomingMessage, res: ServerResponse, viaLb: boolean): void {
    const f: InFlight = { req, res, viaLb };
    this.inFlight.add(f);
    res.once("close", () => this.inFlight.delete(f));
    this.listener(req, res);
  }
}
