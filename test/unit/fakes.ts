// Test doubles: a clock that advances instantly and a scripted transport that records every request and fails
// on one its script does not answer.
import * as assert from "assert";
import { CckmClient } from "../../provider/client/client";
import { ConnectionSettings } from "../../provider/client/settings";
import { TokenManager } from "../../provider/client/tokens";
import { HttpRequest, HttpResponse, Transport } from "../../provider/client/transport";
import { Clock } from "../../provider/core/clock";
import { Deadline } from "../../provider/core/deadline";
import { Context } from "../../provider/jobs/context";

export class FakeClock implements Clock {
  t = 1_000_000;
  sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

/** Answers one request; undefined means the request was not expected (the transport then fails it). */
export type Handler = (req: HttpRequest, n: number) => HttpResponse | undefined | Promise<HttpResponse | undefined>;

export class FakeTransport implements Transport {
  readonly requests: HttpRequest[] = [];
  constructor(public handler: Handler) {}
  async send(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    const res = await this.handler(req, this.requests.length);
    if (!res) {
      const seen = this.requests.map((r, i) => `${i + 1}. ${r.method} ${r.path}`).join("\n");
      throw new assert.AssertionError({ message: `unexpected request ${req.method} ${req.path}; requests:\n${seen}` });
    }
    return res;
  }
  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }
}

export const settings: ConnectionSettings = {
  address: "https://cm.test",
  username: "admin",
  password: "s3cret-pw",
  insecureSkipVerify: false,
  sources: {},
};

/** A JWT with iat/exp `lifetime` seconds apart (not signed: the client does not verify it). */
export function jwt(lifetime = 300, n = 1): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "none" })}.${b64({ iat: 1000, exp: 1000 + lifetime, n })}.sig`;
}

export function ok(data: unknown, status = 200): HttpResponse {
  return { status, data, headers: {} };
}

export function client(handler: Handler, clock = new FakeClock()) {
  const transport = new FakeTransport(handler);
  const tokens = new TokenManager(settings, transport, clock);
  return { client: new CckmClient(settings, transport, tokens), transport, tokens, clock };
}

/** A deadline `seconds` from now on `clock`. */
export function deadline(clock: Clock, seconds = 1800): Deadline {
  return Deadline.after(seconds, clock);
}

/**
 * A job engine Context on a scripted CCKM (`handler` answers every request but the token grant), a fake clock and
 * a poll schedule of 1 s, x1.5, at most 10 s; the progress lines are collected in `lines`.
 */
export function jobContext(handler: Handler, clock = new FakeClock()) {
  const lines: string[] = [];
  const c = client((req, n) => (req.path === "/v1/auth/tokens" ? ok({ jwt: jwt() }) : handler(req, n)), clock);
  const ctx: Context = {
    config: { "cckm:address": "https://cm.test", "cckm:username": "admin", "cckm:password": "pw" },
    // one resource's start as such: resources of a family sharing one job are coalesce.test.ts's
    env: { CIPHERTRUST_COALESCE: "false" },
    connect: () => c.client,
    clock,
    log: (l) => lines.push(l),
    schedule: { initialMs: 1000, factor: 1.5, maxMs: 10_000 },
  };
  return { ctx, lines, transport: c.transport, clock, client: c.client };
}
