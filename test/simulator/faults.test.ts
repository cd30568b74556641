/** Fault rules by endpoint and method with a probability; the seeded mix; the /sim/faults control API. */
import { strict as assert } from "assert";
import { startSimulator, type FaultRule, type Simulator } from "../../simulator";
import { call, isCckmError, login } from "./helpers";

const LIST = "/api/v1/cckm/google/synchronization-jobs";

async function outcome(sim: Simulator, token: string, path = LIST): Promise<string> {
  try {
    const a = await call(sim, "GET", path, { token });
    return String(a.status);
  } catch (err) {
    return `net:${(err as NodeJS.ErrnoException).code}`;
  }
}

describe("simulator: faults", function () {
  this.timeout(30000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ faultLatencyMs: 50 });
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  it("status rules: 503 with a CCKM body, 429 with Retry-After, matched by method and path pattern", async () => {
    sim.control.replaceFaults([
      { method: "GET", path: "/api/v1/cckm/*/synchronization-jobs/{id}", status: 503 },
      { method: "GET", path: "/api/v1/cckm/google/**", status: 429, retryAfter: 3 },
    ]);
    const a = await call(sim, "GET", `${LIST}/abc`, { token });
    assert.ok(isCckmError(a, 503, "NCERR"), a.text);
    const b = await call(sim, "GET", LIST, { token });
    assert.equal(b.status, 429);
    assert.equal(b.headers["retry-after"], "3");
    assert.equal(typeof b.body.codeDesc, "string");
    const c = await call(sim, "POST", LIST, { token, body: { synchronize_all: true } });
    assert.equal(c.status, 201, "POST does not match GET rules");
    const n = sim.counters();
    assert.equal(n.faultsInjected, 2);
    assert.deepEqual(n.faultsByKind, { "503": 1, "429": 1 });
    const log = sim.requestLog();
    assert.deepEqual(
      log.filter((e) => e.fault).map((e) => e.fault),
      ["503", "429"],
    );
  });

  it("connection reset, latency, times, and token expiry", async () => {
    sim.control.replaceFaults([{ path: LIST, reset: true, times: 1 }]);
    assert.match(await outcome(sim, token), /^net:(ECONNRESET|EPIPE|ECONNREFUSED|ERR_.*)|^net:/);
    assert.equal(await outcome(sim, token), "200", "the rule was spent and the simulator still serves");
    sim.control.replaceFaults([{ path: LIST, latencyMs: 150 }]);
    const t0 = Date.now();
    assert.equal(await outcome(sim, token), "200");
    assert.ok(Date.now() - t0 >= 140, "slow answer");
    sim.control.replaceFaults([{ path: LIST, expireToken: true, times: 1 }]);
    const e = await call(sim, "GET", LIST, { token });
    assert.ok(isCckmError(e, 401, "NCERRUnauthorizedAccess"));
    assert.match(e.body.message, /Token is expired/);
    sim.control.clearFaults();
    assert.equal((await call(sim, "GET", LIST, { token })).status, 401, "that token stays expired");
    token = await login(sim);
  });

  it("auth endpoint faults too", async () => {
    sim.control.replaceFaults([{ path: "/api/v1/auth/tokens", status: 500 }]);
    const a = await call(sim, "POST", "/api/v1/auth/tokens", {
      body: { grant_type: "password", username: "admin", password: "admin" },
    });
    assert.equal(a.status, 500);
  });

  it("probability mix is repeatable with the same fault seed", async () => {
    const runOnce = async (): Promise<string[]> => {
      sim.control.reset();
      sim.control.replaceFaults([{ path: "/api/**", probability: 0.5, mix: true }]);
      const out: string[] = [];
      for (let i = 0; i < 24; i++) out.push(await outcome(sim, token));
      // the log says which fault fired on each request, slow answers included
      return sim.requestLog().map((e, i) => `${out[i]}/${e.fault ?? "-"}`);
    };
    const one = await runOnce();
    const two = await runOnce();
    assert.deepEqual(one, two);
    assert.ok(one.includes("200/-"), one.join(","));
    const fired = one.filter((o) => !o.endsWith("/-"));
    assert.ok(fired.length >= 4, `some faults fired: ${one.join(",")}`);
    assert.equal(sim.counters().faultsInjected, fired.length);
  });

  it("faults option as a probability at start: every CCKM endpoint, never /sim/", async () => {
    const s = await startSimulator({ http: true, faults: 1, faultSeed: 7, faultLatencyMs: 10 });
    try {
      let faulted = 0;
      for (let i = 0; i < 12; i++) {
        const o = await outcome(s, "x");
        if (o !== "401") faulted++;
      }
      assert.ok(faulted >= 8, `faulted ${faulted}/12`);
      const h = await call(s, "GET", "/sim/health");
      assert.equal(h.status, 200);
    } finally {
      await s.stop();
    }
  });

  it("/sim/faults: GET reads, POST replaces, PATCH adds, DELETE /{i} removes one, DELETE clears; bad rules 400", async () => {
    const rule: FaultRule = { method: "GET", path: "/api/v1/cckm/dsm/**", status: 502, probability: 0.5 };
    assert.deepEqual((await call(sim, "POST", "/sim/faults", { body: [rule] })).body, [rule]);
    assert.equal((await call(sim, "PATCH", "/sim/faults", { body: { reset: true } })).body.length, 2);
    assert.equal((await call(sim, "GET", "/sim/faults")).body.length, 2);
    assert.deepEqual((await call(sim, "DELETE", "/sim/faults/0")).body, [{ reset: true }]);
    assert.deepEqual((await call(sim, "DELETE", "/sim/faults")).body, []);
    for (const bad of [[{ status: 42 }], [{ path: "/x" }], [{ probability: 2, status: 500 }], [{ what: 1 }]]) {
      const a = await call(sim, "POST", "/sim/faults", { body: bad });
      assert.ok(isCckmError(a, 400, "NCERRInvalidParamValue"), `${JSON.stringify(bad)}: ${a.text}`);
    }
    assert.equal((await call(sim, "DELETE", "/sim/faults/5")).status, 400);
  });
});
