// The client's retry rules against a scripted transport.
import * as assert from "assert";
import { CckmApiError, CckmNetworkError } from "../../provider/client/errors";
import { client, jwt, ok } from "./fakes";

const auth = (req: { path: string }) => req.path === "/v1/auth/tokens";

describe("CCKM client", () => {
  it("retries a read on 5xx and resets, honouring Retry-After", async () => {
    let calls = 0;
    const { client: c, clock } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      calls++;
      if (calls === 1) throw new CckmApiError("GET /api/x", 429, "", "slow down", 3000);
      if (calls === 2) throw new CckmNetworkError("GET /api/x", "ECONNRESET", "socket hang up");
      return ok({ id: "j" });
    });
    assert.deepStrictEqual(await c.get("/x"), { id: "j" });
    assert.strictEqual(calls, 3);
    assert.ok(clock.sleeps[0] >= 3000);
  });

  it("does not retry a job-creating POST after an ambiguous failure", async () => {
    const { client: c, transport } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      throw new CckmApiError("POST /api/x", 502, "", "bad gateway");
    });
    await assert.rejects(c.request("POST", "/x", { body: {} }), /502/);
    assert.strictEqual(transport.count("POST", "/x"), 1);
  });

  it("resends a POST refused with 429", async () => {
    let n = 0;
    const { client: c, transport } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      if (++n === 1) throw new CckmApiError("POST /api/x", 429, "", "busy");
      return ok({ id: "j" }, 201);
    });
    await c.request("POST", "/x", { body: {} });
    assert.strictEqual(transport.count("POST", "/x"), 2);
  });

  it("renews a token refused with 401 once and resends", async () => {
    let n = 0;
    let grants = 0;
    const { client: c } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt(300, ++grants) });
      if (++n === 1) throw new CckmApiError("GET /api/x", 401, "NCERRUnauthorizedAccess", "Token is expired");
      return ok({});
    });
    await c.get("/x");
    assert.strictEqual(grants, 2);
  });

  it("does not retry 4xx and stops at the deadline", async () => {
    const {
      client: c,
      transport,
      clock,
    } = client((req) => {
      if (auth(req)) return ok({ jwt: jwt() });
      throw new CckmApiError("GET /api/x", 503, "", "down");
    });
    await assert.rejects(c.get("/x", undefined, clock.now() + 1000), /503/);
    assert.ok(transport.count("GET", "/x") <= 4);
  });
});
