// The CCKM client: authenticated requests with retries. Reads and cancels retry network errors, 429 (honouring
// Retry-After) and 5xx with capped exponential backoff and jitter; a job-creating POST is only retried where that
// cannot start a second job (429, connection refused): after an ambiguous failure the caller looks the job up.
import { CckmApiError } from "./errors";
import { isRetryable, isSafeToRepost, retryDelay } from "./retry";
import { ConnectionSettings, connectionKey } from "./settings";
import { Clock, realClock, TokenManager } from "./tokens";
import { createTransport, HttpRequest, HttpResponse, Query, Transport } from "./transport";

/** How a request may be retried. */
export type RetryMode = "idempotent" | "create";

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** @default "idempotent" for GET, "create" for POST */
  retry?: RetryMode;
  /** Absolute time (ms) after which no retry starts. */
  deadline?: number;
  /** @default 8 */
  maxAttempts?: number;
}

export class CckmClient {
  /** Requests sent (including retries), for tests. */
  requests = 0;

  constructor(
    readonly settings: ConnectionSettings,
    readonly transport: Transport,
    readonly tokens: TokenManager,
    readonly clock: Clock = realClock,
  ) {}

  get address(): string {
    return this.settings.address;
  }

  async request(method: HttpRequest["method"], path: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    const mode = opts.retry ?? (method === "GET" ? "idempotent" : "create");
    const maxAttempts = opts.maxAttempts ?? 8;
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.get();
      try {
        this.requests++;
        return await this.transport.send({ method, path, query: opts.query, body: opts.body, token });
      } catch (err) {
        // 401 on a call: the token was revoked or expired early; CCKM did nothing, so renew once and resend
        if (err instanceof CckmApiError && err.status === 401 && !reauthenticated) {
          reauthenticated = true;
          this.tokens.invalidate(token);
          attempt--;
          continue;
        }
        const retryable = mode === "idempotent" ? isRetryable(err) : isSafeToRepost(err);
        if (!retryable || attempt + 1 >= maxAttempts) throw err;
        const delay = retryDelay(err, attempt);
        if (opts.deadline !== undefined && this.clock.now() + delay > opts.deadline) throw err;
        await this.clock.sleep(delay);
      }
    }
  }

  async get<T = unknown>(path: string, query?: Query, deadline?: number): Promise<T> {
    return (await this.request("GET", path, { query, deadline })).data as T;
  }
}

const clients = new Map<string, CckmClient>();

/** The client of a connection, shared by every resource of this provider process (one token per connection). */
export function clientFor(settings: ConnectionSettings): CckmClient {
  const key = connectionKey(settings);
  let client = clients.get(key);
  if (!client) {
    const transport = createTransport(settings);
    client = new CckmClient(settings, transport, new TokenManager(settings, transport));
    clients.set(key, client);
  }
  return client;
}

/** Forgets every cached client (tests). */
export function resetClients(): void {
  clients.clear();
}
