// One bearer token per provider process and connection, shared by every resource: obtained with the password grant
// (or a configured refresh token), renewed before `exp` with the refresh-token grant, falling back to the password
// grant when the refresh token is refused. Concurrent callers share one renewal.
import { CckmApiError, CckmConfigError } from "./errors";
import { isRetryable, retryDelay } from "./retry";
import { ConnectionSettings } from "./settings";
import { Transport } from "./transport";

const AUTH_PATH = "/v1/auth/tokens";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface Token {
  jwt: string;
  /** Local time (ms) after which the token is renewed. */
  renewAt: number;
}

/** Lifetime of a JWT in seconds, from its `exp - iat` claims; undefined if unreadable. */
export function jwtLifetimeSeconds(jwt: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      iat?: number;
      exp?: number;
    };
    if (typeof payload.exp === "number" && typeof payload.iat === "number" && payload.exp > payload.iat) {
      return payload.exp - payload.iat;
    }
  } catch {
    // not a JWT we can read: fall back to `duration`
  }
  return undefined;
}

/** Renew a fifth of the lifetime early, at most 60 s (Thales' Terraform provider renews 60 s before `exp`). */
export function renewalMarginSeconds(lifetimeSeconds: number): number {
  return Math.min(60, lifetimeSeconds / 5);
}

/** A copy of an error (same class and fields), so that one waiter's changes to it do not reach the others. */
function ownCopy(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as Error, err);
  copy.message = err.message;
  copy.stack = err.stack;
  return copy;
}

export class TokenManager {
  private token?: Token;
  private pending?: Promise<string>;
  private refreshToken?: string;
  /** CCKM refused the password: asking again in this process could only lock the account out. */
  private refused?: CckmApiError;
  /** Grants made by this manager, for tests and benchmarks. */
  readonly grants = { password: 0, refresh_token: 0 };

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly transport: Transport,
    private readonly clock: Clock = realClock,
  ) {
    this.refreshToken = settings.refreshToken;
  }

  /** A valid bearer token, renewed when close to its expiry. */
  async get(): Promise<string> {
    if (this.token && this.clock.now() < this.token.renewAt) return this.token.jwt;
    if (this.refused) throw ownCopy(this.refused);
    this.pending ??= this.acquire().finally(() => (this.pending = undefined));
    // every waiter gets its own error object: callers prefix the message with their resource's name
    return this.pending.catch((err: unknown) => {
      throw ownCopy(err);
    });
  }

  /** Drops a token that CCKM refused (revoked, expired early): the next `get` renews it. */
  invalidate(jwt: string): void {
    if (this.token?.jwt === jwt) this.token = undefined;
  }

  private async acquire(): Promise<string> {
    if (this.refreshToken) {
      try {
        return await this.grant({ grant_type: "refresh_token", refresh_token: this.refreshToken });
      } catch (err) {
        // a refused refresh token (revoked, expired, unknown) falls back to the password grant
        if (!(err instanceof CckmApiError) || err.status >= 500 || err.status === 429) throw err;
        this.refreshToken = undefined;
        if (!this.settings.password) {
          throw new CckmConfigError(
            this.settings.sources.refreshToken ?? "cckm:refreshToken",
            `CCKM at ${this.settings.address} refused the refresh token (${err.message}) and no password is set`,
          );
        }
      }
    }
    if (!this.settings.username || !this.settings.password) {
      throw new CckmConfigError("cckm:password", "the refresh token was refused and no username and password are set");
    }
    const body: Record<string, string> = {
      grant_type: "password",
      username: this.settings.username,
      password: this.settings.password,
    };
    if (this.settings.domain) body.domain = this.settings.domain;
    if (this.settings.authDomain) body.auth_domain = this.settings.authDomain;
    return this.grant(body);
  }

  private async grant(body: Record<string, string>): Promise<string> {
    const kind = body.grant_type as "password" | "refresh_token";
    for (let attempt = 0; ; attempt++) {
      try {
        this.grants[kind]++;
        const started = this.clock.now();
        const res = await this.transport.send({ method: "POST", path: AUTH_PATH, body });
        const data = (res.data ?? {}) as { jwt?: unknown; duration?: unknown; refresh_token?: unknown };
        if (typeof data.jwt !== "string" || data.jwt === "") {
          throw new CckmApiError(`POST /api${AUTH_PATH}`, res.status, "", "the answer holds no jwt");
        }
        const lifetime =
          jwtLifetimeSeconds(data.jwt) ??
          (typeof data.duration === "number" && data.duration > 0 ? data.duration : 300);
        this.token = { jwt: data.jwt, renewAt: started + (lifetime - renewalMarginSeconds(lifetime)) * 1000 };
        if (typeof data.refresh_token === "string" && data.refresh_token) this.refreshToken = data.refresh_token;
        return data.jwt;
      } catch (err) {
        if (isRetryable(err) && attempt < 6) {
          await this.clock.sleep(retryDelay(err, attempt));
          continue;
        }
        if (kind === "password" && err instanceof CckmApiError && (err.status === 401 || err.status === 403)) {
          throw (this.refused = new CckmApiError(
            err.endpoint,
            err.status,
            err.codeDesc,
            `CCKM at ${this.settings.address} refused the credentials of user "${this.settings.username}"` +
              `${this.settings.authDomain ? ` (auth domain ${this.settings.authDomain})` : ""}: ${err.cckmMessage}`,
          ));
        }
        throw err;
      }
    }
  }
}
