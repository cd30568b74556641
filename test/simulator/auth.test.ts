/** Section 7: grants, JWT claims, expiry, refresh, revocation; and that no secret reaches the log. */
import { strict as assert } from "assert";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError } from "./helpers";

const TOKENS = "/api/v1/auth/tokens";
const LIST = "/api/v1/cckm/dsm/refresh";

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

describe("simulator: authentication", function () {
  this.timeout(20000);
  let sim: Simulator;
  let offset = 0;

  before(async () => {
    sim = await startSimulator({
      http: true,
      password: "s3cret-Pa55",
      users: [{ username: "ops", password: "ops-pw" }],
      clock: () => Date.now() + offset,
    });
  });
  after(() => sim.stop());
  beforeEach(() => {
    offset = 0;
    sim.control.reset();
  });

  const password = (username = "admin", pw = "s3cret-Pa55") =>
    call(sim, "POST", TOKENS, {
      body: { grant_type: "password", username, password: pw, domain: "root", auth_domain: "root" },
    });

  it("password grant: jwt, duration, refresh_token, client_id; HS256 JWT with iss, iat/exp 300 s apart", async () => {
    const a = await password();
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.duration, 300);
    assert.equal(a.body.token_type, "Bearer");
    assert.ok(a.body.refresh_token && a.body.client_id);
    const c = claims(a.body.jwt);
    assert.equal(c.iss, "kylo");
    assert.equal(c.preferred_username, "admin");
    assert.equal(Number(c.exp) - Number(c.iat), 300);
    assert.equal(JSON.parse(Buffer.from(a.body.jwt.split(".")[0], "base64url").toString()).alg, "HS256");
    const ok = await call(sim, "GET", LIST, { token: a.body.jwt });
    assert.equal(ok.status, 200);
    const slash = await call(sim, "POST", `${TOKENS}/`, {
      body: { grant_type: "password", username: "ops", password: "ops-pw" },
    });
    assert.equal(slash.status, 200, "trailing slash and extra users");
    assert.deepEqual(sim.counters().authGrants, { password: 2, refresh_token: 0, failed: 0 });
  });

  it("wrong password or user: 401 Wrong username or password.; bad grant bodies: 400", async () => {
    for (const [u, p] of [
      ["admin", "admin"],
      ["nobody", "s3cret-Pa55"],
    ]) {
      const a = await password(u, p);
      assert.ok(isCckmError(a, 401, "NCERRUnauthorizedAccess"), a.text);
      assert.equal(a.body.message, "Wrong username or password.");
    }
    for (const body of [
      { grant_type: "client_credentials" },
      { grant_type: "password", username: "admin" },
      { grant_type: "refresh_token" },
    ]) {
      const a = await call(sim, "POST", TOKENS, { body });
      assert.ok(isCckmError(a, 400, "NCERR"), `${JSON.stringify(body)}: ${a.text}`);
    }
  });

  it("401 NCERRUnauthorizedAccess for missing, malformed, forged and expired bearers", async () => {
    const good = (await password()).body.jwt as string;
    const [h, p] = good.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims(good), preferred_username: "root" })).toString(
      "base64url",
    );
    for (const token of [undefined, "garbage", `${h}.${p}.AAAA`, `${h}.${forgedPayload}.${good.split(".")[2]}`]) {
      const a = await call(sim, "GET", LIST, { token });
      assert.ok(isCckmError(a, 401, "NCERRUnauthorizedAccess"), `${token}: ${a.text}`);
    }
    offset = 301_000;
    const expired = await call(sim, "GET", LIST, { token: good });
    assert.ok(isCckmError(expired, 401, "NCERRUnauthorizedAccess"));
    assert.match(expired.body.message, /^Bearer token malformed: Token is expired by \d+s$/);
  });

  it("tokenSeconds sets the lifetime", async () => {
    sim.control.configure({ tokenSeconds: 60 });
    const a = await password();
    assert.equal(a.body.duration, 60);
    offset = 61_000;
    assert.equal((await call(sim, "GET", LIST, { token: a.body.jwt })).status, 401);
  });

  it("refresh grant: new JWT, same refresh token unless renew_refresh_token", async () => {
    const first = (await password()).body;
    offset = 290_000;
    const r = await call(sim, "POST", TOKENS, {
      body: { grant_type: "refresh_token", refresh_token: first.refresh_token },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.refresh_token, first.refresh_token);
    assert.notEqual(r.body.jwt, first.jwt);
    offset = 400_000; // the first JWT has expired, the refreshed one lives
    assert.equal((await call(sim, "GET", LIST, { token: first.jwt })).status, 401);
    assert.equal((await call(sim, "GET", LIST, { token: r.body.jwt })).status, 200);
    const renewed = await call(sim, "POST", TOKENS, {
      body: { grant_type: "refresh_token", refresh_token: first.refresh_token, renew_refresh_token: true },
    });
    assert.notEqual(renewed.body.refresh_token, first.refresh_token);
    const old = await call(sim, "POST", TOKENS, {
      body: { grant_type: "refresh_token", refresh_token: first.refresh_token },
    });
    assert.ok(isCckmError(old, 401, "NCERRUnauthorizedAccess"));
    assert.equal(sim.counters().authGrants.refresh_token, 2);
  });

  it("control: revoke refresh tokens, revoke sessions, expire tokens (also over HTTP)", async () => {
    const a = (await password()).body;
    sim.control.revokeRefreshTokens();
    const r = await call(sim, "POST", TOKENS, {
      body: { grant_type: "refresh_token", refresh_token: a.refresh_token },
    });
    assert.equal(r.status, 401);
    assert.equal((await call(sim, "GET", LIST, { token: a.jwt })).status, 200, "issued JWTs live on");
    const b = (await password()).body;
    const exp = await call(sim, "POST", "/sim/tokens/expire");
    assert.ok(exp.body.expired >= 1);
    const e = await call(sim, "GET", LIST, { token: b.jwt });
    assert.match(e.body.message, /Token is expired/);
    const rb = await call(sim, "POST", TOKENS, {
      body: { grant_type: "refresh_token", refresh_token: b.refresh_token },
    });
    assert.equal(rb.status, 200, "refresh still works after forced expiry");
    await call(sim, "POST", "/sim/tokens/revoke");
    assert.equal((await call(sim, "GET", LIST, { token: rb.body.jwt })).status, 401);
  });

  it("the request log and counters never hold a password, refresh token or bearer token", async () => {
    const a = (await password()).body;
    await call(sim, "POST", TOKENS, { body: { grant_type: "refresh_token", refresh_token: a.refresh_token } });
    await call(sim, "GET", LIST, { token: a.jwt });
    await password("admin", "wrong-password-xyz");
    await call(sim, "POST", TOKENS, {
      raw: `{"password": "s3cret-Pa55", broken`,
      headers: { "content-type": "application/json" },
    });
    const dump =
      JSON.stringify(sim.requestLog()) + JSON.stringify(sim.counters()) + (await call(sim, "GET", "/sim/log")).text;
    for (const secret of ["s3cret-Pa55", "wrong-password-xyz", a.refresh_token, a.jwt, a.jwt.split(".")[2]]) {
      assert.ok(!dump.includes(secret), `log leaks ${secret.slice(0, 12)}...`);
    }
    assert.ok(dump.includes("[redacted]"));
  });
});
