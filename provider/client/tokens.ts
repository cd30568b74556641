// One bearer token per provider process and connection, shared by every resource: obtained with the password grant
// (or a configured refresh token), renewed before `exp` with the refresh-token grant, falling back to the password
// grant when the refresh token is refused. Concurrent callers share one renewal.
import { Clock, realClock } from "../core/clock";
import { Deadline } from "../core/deadline";
import { retrying } from "../core/retry";
import { CckmApiError, CckmConfigError } from "./errors";
import { retryTransient } from "./retry";
import { ConnectionSettings } from "./settings";
import { Transport } from "./transport";

const AUTH_PATH = "/v1/auth/tokens";

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

export class TokenManager {
  private token?: Token;
  private pending?: Promise<string>;
  private refreshToken?: string;
  /** CCKM refused the password: asking again in this process could only lock the account out. */
  private refused?: CckmApiError;
  /** Where the caller that started the pending grant hears of a cluster node given up on. */
  private onNodeFailure?: (line: string) => void;
  /** Grants made by this manager, for tests and benchmarks. */
  readonly grants = { password: 0, refresh_token: 0 };

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly transport: Transport,
    private readonly clock: Clock = realClock,
  ) {
    this.refreshToken = settings.refreshToken;
  }

  /**
   * A valid bearer token, renewed when close to its expiry. Concurrent callers share one renewal, bounded by the
   * deadline of the caller that started it (errors are shared too: callers wrap them, never change them).
   */
  async get(deadline: Deadline, onNodeFailure?: (line: string) => void): Promise<string> {
    if (this.token && this.clock.now() < this.token.renewAt) return this.token.jwt;
    if (this.refused) throw this.refused;
    if (!this.pending) {
      this.onNodeFailure = onNodeFailure;
      this.pending = this.acquire(deadline).finally(() => (this.pending = undefined));
    }
    return this.pending;
  }

  /** Drops a token that CCKM refused (revoked, expired early): the next `get` renews it. */
  invalidate(jwt: string): void {
    if (this.token?.jwt === jwt) this.token = undefined;
  }

  private async acquire(deadline: Deadline): Promise<string> {
    if (this.refreshToken) {
      try {
        return await this.grant({ grant_type: "refresh_token", refresh_token: this.refreshToken }, deadline);
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
    return this.grant(body, deadline);
  }

  private async grant(body: Record<string, string>, deadline: Deadline): Promise<string> {
    const kind = body.grant_type as "password" | "refresh_token";
    try {
      return await retrying(() => this.grantOnce(kind, body, deadline), {
        deadline,
        maxAttempts: 7,
        decide: retryTransient,
      });
    } catch (err) {
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

  private async grantOnce(kind: "password" | "refresh_token", body: Record<string, string>, deadline: Deadline) {
    this.grants[kind]++;
    const started = this.clock.now();
    // a grant may be sent again, to any node (a second token is harmless)
    const res = await this.transport.send({
      method: "POST",
      path: AUTH_PATH,
      body,
      signal: deadline.signal(),
      repeatable: true,
      onNodeFailure: this.onNodeFailure,
    });
    const data = (res.data ?? {}) as { jwt?: unknown; duration?: unknown; refresh_token?: unknown };
    if (typeof data.jwt !== "string" || data.jwt === "") {
      throw new CckmApiError(`POST /api${AUTH_PATH}`, res.status, "", "the answer holds no jwt");
    }
    const lifetime =
      jwtLifetimeSeconds(data.jwt) ?? (typeof data.duration === "number" && data.duration > 0 ? data.duration : 300);
    this.token = { jwt: data.jwt, renewAt: started + (lifetime - renewalMarginSeconds(lifetime)) * 1000 };
    if (typeof data.refresh_token === "string" && data.refresh_token) this.refreshToken = data.refresh_token;
    return data.jwt;
  }
}
