// Test doubles: a clock that advances instantly and a scripted transport that records every request.
import { CckmClient } from "../../provider/client/client";
import { ConnectionSettings } from "../../provider/client/settings";
import { Clock, TokenManager } from "../../provider/client/tokens";
import { HttpRequest, HttpResponse, Transport } from "../../provider/client/transport";

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

export type Handler = (req: HttpRequest, n: number) => HttpResponse | Promise<HttpResponse>;

export class FakeTransport implements Transport {
  readonly address = "https://cm.test";
  readonly requests: HttpRequest[] = [];
  constructor(public handler: Handler) {}
  async send(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    return this.handler(req, this.requests.length);
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
  return { client: new CckmClient(settings, transport, tokens, clock), transport, tokens, clock };
}
