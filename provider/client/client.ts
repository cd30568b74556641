// The CCKM client: authenticated requests with retries, each bounded by the operation's deadline (no retry starts
// after it and the request itself is aborted when it passes). Reads and cancels retry the transient errors of
// retry.ts; a job-creating POST is only retried where that cannot start a second job (429, connection refused):
// after an ambiguous failure the caller looks the job up. With several node URLs (nodes.ts), each try goes to the
// cluster's current node and fails over to the next on the failures nodes.ts names.
import { Deadline } from "../core/deadline";
import { ApiReader } from "../core/kind";
import { retrying } from "../core/retry";
import { CckmApiError } from "./errors";
import { FailoverTransport, NodePool } from "./nodes";
import { RecentWrites } from "./replication";
import { isSafeToRepost, retryDelay, retryTransient } from "./retry";
import { ConnectionSettings, connectionKey, nodesOf, replicationLagMs } from "./settings";
import { TokenManager } from "./tokens";
import { createTransport, HttpRequest, HttpResponse, Query, Transport } from "./transport";

/** How a request may be retried. */
export type RetryMode = "idempotent" | "create";

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** @default "idempotent" for GET, "create" for POST */
  retry?: RetryMode;
  /** Bounds the request and its retries. */
  deadline: Deadline;
  /** @default 8 */
  maxAttempts?: number;
}

export interface ClientOptions {
  /** What this process wrote or saw lately (shared by every view of one connection's client). */
  writes?: RecentWrites;
  /** Where lines about a cluster node given up on go. */
  log?: (line: string) => void;
  /** The identity of the connection (shared by every view of one connection's client). */
  connection?: object;
}

export class CckmClient implements ApiReader {
  /** Objects this process created lately: a 404 for one of them within the lag bound means "not replicated yet". */
  readonly writes: RecentWrites;
  /** The replication-lag bound of this connection, in ms. */
  readonly lagMs: number;
  /** Where lines about a cluster node given up on (and other connection events) go. */
  readonly log?: (line: string) => void;
  /**
   * One object per connection, the same in every view `withLog` makes: what is shared per connection in this
   * process (coalesce groups, shared reads) is keyed on it, not on a view, which each operation makes anew.
   */
  readonly connection: object;

  constructor(
    readonly settings: ConnectionSettings,
    readonly transport: Transport,
    readonly tokens: TokenManager,
    opts: ClientOptions = {},
  ) {
    this.writes = opts.writes ?? new RecentWrites();
    this.lagMs = replicationLagMs(settings);
    this.log = opts.log;
    this.connection = opts.connection ?? {};
  }

  /** The same client (connection, token, memory of writes) whose node failures are told to `log`. */
  withLog(log: (line: string) => void): CckmClient {
    return new CckmClient(this.settings, this.transport, this.tokens, {
      writes: this.writes,
      log,
      connection: this.connection,
    });
  }

  /** Whether the connection names several nodes (requests fail over between them). */
  get clustered(): boolean {
    return nodesOf(this.settings).length > 1;
  }

  async request(method: HttpRequest["method"], path: string, opts: RequestOptions): Promise<HttpResponse> {
    const mode = opts.retry ?? (method === "GET" ? "idempotent" : "create");
    const { deadline } = opts;
    const onNodeFailure = this.log;
    const send = async (token: string) =>
      this.transport.send({
        method,
        path,
        query: opts.query,
        body: opts.body,
        token,
        signal: deadline.signal(),
        repeatable: mode === "idempotent",
        onNodeFailure,
      });
    return retrying(
      async () => {
        const token = await this.tokens.get(deadline, onNodeFailure);
        try {
          return await send(token);
        } catch (err) {
          // 401 on a call: the token was revoked or expired early; CCKM did nothing, so renew once and resend
          if (!(err instanceof CckmApiError && err.status === 401)) throw err;
          this.tokens.invalidate(token);
          return send(await this.tokens.get(deadline));
        }
      },
      {
        deadline,
        maxAttempts: opts.maxAttempts ?? 8,
        decide: (err, attempt) =>
          mode === "idempotent"
            ? retryTransient(err, attempt)
            : isSafeToRepost(err)
              ? retryDelay(err, attempt)
              : undefined,
      },
    );
  }

  async get<T = unknown>(path: string, query: Query | undefined, deadline: Deadline): Promise<T> {
    return (await this.request("GET", path, { query, deadline })).data as T;
  }
}

const clients = new Map<string, CckmClient>();

/** The client of a connection, shared by every resource of this provider process (one token per connection). */
export function clientFor(settings: ConnectionSettings): CckmClient {
  const key = connectionKey(settings);
  let client = clients.get(key);
  if (!client) {
    const nodes = nodesOf(settings);
    const transport =
      nodes.length > 1
        ? new FailoverTransport(
            new NodePool(nodes),
            nodes.map((node) => createTransport(settings, undefined, node)),
          )
        : createTransport(settings);
    client = new CckmClient(settings, transport, new TokenManager(settings, transport));
    clients.set(key, client);
  }
  return client;
}

/** Forgets every cached client (tests). */
export function resetClients(): void {
  clients.clear();
}
