/** Section 7: password and refresh-token grants, HS256 JWTs with `iat`/`exp`, revocation and forced expiry. */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "crypto";
import { badRequest, invalidParam, unauthorized } from "./errors";
import type { UserSpec } from "./models";

const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** A stable user id per username (so `sub` and `creator_id` do not change between runs). */
export function userId(username: string): string {
  const h = createHash("sha256")
    .update("cckm-sim-user:" + username)
    .digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface RefreshRecord {
  username: string;
  sid: string;
  clientId: string;
  revoked: boolean;
}

/** Who a valid bearer token belongs to. */
export interface Principal {
  username: string;
  userId: string;
  sid: string;
  jwtId: string;
}

export interface Grant {
  jwt: string;
  duration: number;
  token_type: "Bearer";
  client_id: string;
  refresh_token: string;
}

export class TokenService {
  private readonly secret = randomBytes(32);
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly revokedSids = new Set<string>();
  /** JWT ids forced to expire, with the time they were expired at. */
  private readonly expired = new Map<string, number>();
  /** Every JWT issued so far (id -> issue time), so `expireAll` can reach them. */
  private readonly issued = new Map<string, number>();

  constructor(
    private users: UserSpec[],
    private readonly clock: () => number,
  ) {}

  setUsers(users: UserSpec[]): void {
    this.users = users;
  }

  private sign(claims: Record<string, unknown>): string {
    const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const body = b64url(JSON.stringify(claims));
    const sig = createHmac("sha256", this.secret).update(`${head}.${body}`).digest("base64url");
    return `${head}.${body}.${sig}`;
  }

  private issue(username: string, sid: string, clientId: string, seconds: number, domain?: string): string {
    const now = Math.floor(this.clock() / 1000);
    const jwtid = randomUUID();
    this.issued.set(jwtid, this.clock());
    return this.sign({
      aud: clientId,
      sub: `local|${userId(username)}`,
      iss: "kylo",
      acc: "kylo",
      preferred_username: username,
      cust: { domain_id: domain && domain !== "root" ? domain : ZERO_UUID, groups: ["admin"], sid, zone_id: ZERO_UUID },
      jwtid,
      iat: now,
      exp: now + seconds,
    });
  }

  /** `POST /api/v1/auth/tokens`. Throws CCKM-shaped errors; returns the grant type for the counters. */
  grant(body: unknown, tokenSeconds: number): { grant: Grant; type: "password" | "refresh_token"; username: string } {
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw badRequest("request body must be a JSON object");
    const b = body as Record<string, unknown>;
    const type = b.grant_type ?? "password";
    const str = (k: string): string | undefined => {
      const v = b[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== "string") throw invalidParam(`${k} must be a string`);
      return v;
    };
    const domain = str("domain");
    str("auth_domain");
    if (type === "password") {
      const username = str("username");
      const password = str("password");
      if (!username || password === undefined) throw badRequest("username and password are required");
      const user = this.users.find((u) => u.username === username);
      const ok =
        user !== undefined &&
        user.password.length === password.length &&
        timingSafeEqual(Buffer.from(user.password), Buffer.from(password));
      if (!ok) throw unauthorized("Wrong username or password.");
      const sid = randomUUID();
      const clientId = randomUUID();
      const refresh = randomBytes(32).toString("hex");
      this.refreshTokens.set(refresh, { username, sid, clientId, revoked: false });
      const jwt = this.issue(username, sid, clientId, tokenSeconds, domain);
      return {
        grant: { jwt, duration: tokenSeconds, token_type: "Bearer", client_id: clientId, refresh_token: refresh },
        type: "password",
        username,
      };
    }
    if (type === "refresh_token") {
      const token = str("refresh_token");
      if (!token) throw badRequest("refresh_token is required");
      const renew = b.renew_refresh_token;
      if (renew !== undefined && typeof renew !== "boolean")
        throw invalidParam("renew_refresh_token must be a boolean");
      const rec = this.refreshTokens.get(token);
      if (!rec || rec.revoked || this.revokedSids.has(rec.sid)) throw unauthorized("Invalid refresh token");
      if (!this.users.some((u) => u.username === rec.username)) throw unauthorized("Invalid refresh token");
      let refresh = token;
      if (renew === true) {
        this.refreshTokens.delete(token);
        refresh = randomBytes(32).toString("hex");
        this.refreshTokens.set(refresh, rec);
      }
      const jwt = this.issue(rec.username, rec.sid, rec.clientId, tokenSeconds, domain);
      return {
        grant: { jwt, duration: tokenSeconds, token_type: "Bearer", client_id: rec.clientId, refresh_token: refresh },
        type: "refresh_token",
        username: rec.username,
      };
    }
    throw invalidParam(`unsupported grant_type ${JSON.stringify(type)} (password or refresh_token)`);
  }

  /** Checks an `Authorization` header; throws 401 NCERRUnauthorizedAccess. */
  verify(header: string | undefined): Principal {
    if (!header) throw unauthorized("Invalid token");
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw unauthorized("Invalid token");
    const parts = m[1].split(".");
    if (parts.length !== 3) throw unauthorized("Bearer token malformed: token contains an invalid number of segments");
    const expected = createHmac("sha256", this.secret).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2], "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw unauthorized("Bearer token malformed: signature is invalid");
    }
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    } catch {
      throw unauthorized("Bearer token malformed");
    }
    const now = this.clock();
    const jwtId = String(claims.jwtid);
    const forced = this.expired.get(jwtId);
    const expMs = Math.min(Number(claims.exp) * 1000, forced ?? Infinity);
    if (now >= expMs) {
      throw unauthorized(
        `Bearer token malformed: Token is expired by ${Math.max(1, Math.round((now - expMs) / 1000))}s`,
      );
    }
    const cust = (claims.cust ?? {}) as Record<string, unknown>;
    const sid = String(cust.sid);
    if (this.revokedSids.has(sid)) throw unauthorized("Invalid token");
    const username = String(claims.preferred_username);
    return { username, userId: userId(username), sid, jwtId };
  }

  /** Forces one JWT to be expired from now on. */
  expireOne(jwtId: string): void {
    this.expired.set(jwtId, this.clock() - 1000);
  }

  /** Every JWT issued so far is expired from now on (new ones are fine). */
  expireAll(): number {
    const at = this.clock() - 1000;
    for (const id of this.issued.keys()) this.expired.set(id, at);
    const n = this.issued.size;
    this.issued.clear();
    return n;
  }

  /** Refresh tokens stop working (JWTs already issued keep working until they expire). */
  revokeRefreshTokens(): number {
    let n = 0;
    for (const rec of this.refreshTokens.values()) {
      if (!rec.revoked) n++;
      rec.revoked = true;
    }
    return n;
  }

  /** Sessions end: their refresh tokens and their JWTs are rejected. */
  revokeSessions(): number {
    for (const rec of this.refreshTokens.values()) this.revokedSids.add(rec.sid);
    return this.revokeRefreshTokens();
  }
}
