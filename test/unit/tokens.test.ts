// One token per connection, renewed before expiry with the refresh grant, falling back to the password grant.
import * as assert from "assert";
import { CckmApiError } from "../../provider/client/errors";
import { jwtLifetimeSeconds, renewalMarginSeconds, TokenManager } from "../../provider/client/tokens";
import { deadline, FakeClock, FakeTransport, jwt, ok, settings } from "./fakes";

const AUTH = "/v1/auth/tokens";
const unauthorized = (msg: string) => new CckmApiError(`POST /api${AUTH}`, 401, "NCERRUnauthorizedAccess", msg);

describe("token manager", () => {
  it("reads the lifetime from the JWT and renews a fifth early, at most 60 s", () => {
    assert.strictEqual(jwtLifetimeSeconds(jwt(300)), 300);
    assert.strictEqual(jwtLifetimeSeconds("not-a-jwt"), undefined);
    assert.strictEqual(renewalMarginSeconds(300), 60);
    assert.strictEqual(renewalMarginSeconds(30), 6);
  });

  it("shares one password grant among concurrent callers, then renews with the refresh grant", async () => {
    const clock = new FakeClock();
    let n = 0;
    const t = new FakeTransport(() => ok({ jwt: jwt(300, ++n), refresh_token: "rt-1", duration: 300 }));
    const tokens = new TokenManager(settings, t, clock);
    const got = await Promise.all([
      tokens.get(deadline(clock)),
      tokens.get(deadline(clock)),
      tokens.get(deadline(clock)),
    ]);
    assert.strictEqual(new Set(got).size, 1);
    assert.deepStrictEqual(tokens.grants, { password: 1, refresh_token: 0 });
    clock.t += 239_000;
    assert.strictEqual(await tokens.get(deadline(clock)), got[0], "still valid");
    clock.t += 2_000; // 241 s: within 60 s of expiry
    const renewed = await tokens.get(deadline(clock));
    assert.notStrictEqual(renewed, got[0]);
    assert.deepStrictEqual(tokens.grants, { password: 1, refresh_token: 1 });
    assert.strictEqual(t.requests[1].body && (t.requests[1].body as Record<string, string>).refresh_token, "rt-1");
  });

  it("falls back to the password grant when the refresh token is refused", async () => {
    const clock = new FakeClock();
    const t = new FakeTransport((req) => {
      const body = req.body as Record<string, string>;
      if (body.grant_type === "refresh_token") throw unauthorized("Invalid refresh token");
      return ok({ jwt: jwt(30), refresh_token: "rt" });
    });
    const tokens = new TokenManager(settings, t, clock);
    await tokens.get(deadline(clock));
    clock.t += 25_000;
    await tokens.get(deadline(clock));
    assert.deepStrictEqual(tokens.grants, { password: 2, refresh_token: 1 });
  });

  it("a wrong password fails fast, naming the user and the address, never the password", async () => {
    const t = new FakeTransport(() => {
      throw unauthorized("Wrong username or password.");
    });
    const clock = new FakeClock();
    const tokens = new TokenManager(settings, t, clock);
    await assert.rejects(tokens.get(deadline(clock)), (err: Error) => {
      assert.match(err.message, /user "admin"/);
      assert.match(err.message, /https:\/\/cm\.test/);
      assert.match(err.message, /Wrong username or password/);
      assert.ok(!err.message.includes("s3cret-pw"));
      return true;
    });
    assert.strictEqual(t.requests.length, 1, "not retried");
  });

  it("retries the grant on 503, honouring Retry-After", async () => {
    const clock = new FakeClock();
    const t = new FakeTransport((_req, n) => {
      if (n === 1) throw new CckmApiError("POST /api/v1/auth/tokens", 503, "", "busy", 2000);
      return ok({ jwt: jwt() });
    });
    await new TokenManager(settings, t, clock).get(deadline(clock));
    assert.ok(clock.sleeps[0] >= 2000);
  });
});
