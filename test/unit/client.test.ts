// The client's retry rules against a scripted transport.
import * as assert from "assert";
import { CckmApiError, CckmNetworkError } from "../../provider/client/errors";
import { client, deadline, jwt, ok } from "./fakes";

const auth = (req: { path: string }) => req.path === "/v1/auth/tokens";

describe("CCKM client", () => {
  it("retries a read on 429, 5xx and resets, honouring Retry-After", async () => {
    let calls = 0;
    const { client: c, clock } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      calls++;
      if (calls === 1) throw new CckmApiError("GET /api/x", 429, "", "slow down", 3000);
      if (calls === 2) throw new CckmApiError("GET /api/x", 503, "", "unavailable");
      if (calls === 3) throw new CckmNetworkError("GET /api/x", "ECONNRESET", "socket hang up");
      return ok({ id: "j" });
    });
    assert.deepStrictEqual(await c.get("/x", undefined, deadline(clock)), { id: "j" });
    assert.strictEqual(calls, 4);
    assert.ok(clock.sleeps[0] >= 3000);
  });

  it("does not retry a job-creating POST after an ambiguous failure", async () => {
    const {
      client: c,
      transport,
      clock,
    } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      throw new CckmApiError("POST /api/x", 502, "", "bad gateway");
    });
    await assert.rejects(c.request("POST", "/x", { body: {}, deadline: deadline(clock) }), /502/);
    assert.strictEqual(transport.count("POST", "/x"), 1);
  });

  it("resends a POST refused with 429", async () => {
    let n = 0;
    const {
      client: c,
      transport,
      clock,
    } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      if (++n === 1) throw new CckmApiError("POST /api/x", 429, "", "busy");
      return ok({ id: "j" }, 201);
    });
    await c.request("POST", "/x", { body: {}, deadline: deadline(clock) });
    assert.strictEqual(transport.count("POST", "/x"), 2);
  });

  it("renews a token refused with 401 once and resends", async () => {
    let n = 0;
    let grants = 0;
    const { client: c, clock } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt(300, ++grants) });
      if (++n === 1) throw new CckmApiError("GET /api/x", 401, "NCERRUnauthorizedAccess", "Token is expired");
      return ok({});
    });
    await c.get("/x", undefined, deadline(clock));
    assert.strictEqual(grants, 2);
  });

  it("does not retry a 4xx answer", async () => {
    const {
      client: c,
      transport,
      clock,
    } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      throw new CckmApiError("GET /api/x", 404, "NCERRResourceNotFound", "no such job");
    });
    await assert.rejects(c.get("/x", undefined, deadline(clock)), /404/);
    assert.strictEqual(transport.count("GET", "/x"), 1);
    assert.deepStrictEqual(clock.sleeps, []);
  });

  it("retries a 5xx only while the next delay ends before the deadline", async () => {
    const {
      client: c,
      transport,
      clock,
    } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      throw new CckmApiError("GET /api/x", 503, "", "down");
    });
    const d = deadline(clock, 1);
    await assert.rejects(c.get("/x", undefined, d), /503/);
    assert.ok(transport.count("GET", "/x") >= 2, "retried at least once");
    assert.ok(clock.now() <= d.at, "no sleep passed the deadline");
  });

  it("a TLS failure fails at once, with its hint, without retries", async () => {
    const {
      client: c,
      transport,
      clock,
    } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      throw new CckmNetworkError("GET /api/x", "UNABLE_TO_GET_ISSUER_CERT", "unable to get issuer", "pass cckm:caCert");
    });
    await assert.rejects(c.get("/x", undefined, deadline(clock)), /cckm:caCert/);
    assert.strictEqual(transport.count("GET", "/x"), 1);
  });
});
