// Issue 18 point 2: the failover and back-off rules of a node list (provider/client/nodes.ts), against scripted
// node transports and a fake clock: which failures move a request to the next node, which never do (a job-creating
// POST that may have reached CM), how long a failed node is skipped, and the line naming the node given up on.
import * as assert from "assert";
import { CckmClient } from "../../provider/client/client";
import { CckmApiError, CckmNetworkError } from "../../provider/client/errors";
import {
  deadForMs,
  DEAD_NODE_BASE_MS,
  DEAD_NODE_CAP_MS,
  FailoverTransport,
  failsOver,
  NodePool,
} from "../../provider/client/nodes";
import { TokenManager } from "../../provider/client/tokens";
import { HttpRequest } from "../../provider/client/transport";
import { deadline, FakeClock, FakeTransport, Handler, jwt, ok, settings } from "./fakes";

const NODES = ["https://cm1.test", "https://cm2.test", "https://cm3.test"];
const refused = (path = "/x") => new CckmNetworkError(`GET /api${path}`, "ECONNREFUSED", "connect ECONNREFUSED");
const reset = (path = "/x") => new CckmNetworkError(`GET /api${path}`, "ECONNRESET", "socket hang up");

/** A cluster of scripted nodes: `handlers[i]` answers node i's requests. */
function cluster(handlers: Handler[], clock = new FakeClock()) {
  const nodes = handlers.map((h) => new FakeTransport(h));
  const pool = new NodePool(NODES.slice(0, handlers.length), clock);
  const transport = new FailoverTransport(pool, nodes);
  const lines: string[] = [];
  const send = (req: Partial<HttpRequest> & { method: HttpRequest["method"] }) =>
    transport.send({ path: "/x", onNodeFailure: (l) => lines.push(l), ...req });
  return { nodes, pool, transport, lines, send, clock };
}

const answers =
  (data: unknown): Handler =>
  () =>
    ok(data);
const throws =
  (err: () => unknown): Handler =>
  () => {
    throw err();
  };

describe("cluster nodes: which failures fail over", () => {
  it("reads, cancels, PATCH, DELETE and token grants move on any node failure; a POST only when never sent", () => {
    const http = (status: number) => new CckmApiError("GET /api/x", status, "", "");
    const tls = new CckmNetworkError("GET /api/x", "DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed");
    const deadlinePassed = new CckmNetworkError("GET /api/x", "ERR_CANCELED", "canceled");
    const connectTimeout = new CckmNetworkError("GET /api/x", "ECONNECTTIMEOUT", "no connection within 5000 ms");
    const table: [string, unknown, boolean, boolean][] = [
      // error, repeatable request fails over, job-creating POST fails over
      ["ECONNREFUSED", refused(), true, true],
      ["connect timeout", connectTimeout, true, true],
      ["ECONNRESET", reset(), true, false],
      ["ETIMEDOUT", new CckmNetworkError("GET /api/x", "ETIMEDOUT", "timeout"), true, false],
      ["500", http(500), true, false],
      ["503", http(503), true, false],
      ["501", http(501), false, false],
      ["429", http(429), false, false],
      ["404", http(404), false, false],
      ["409", http(409), false, false],
      ["401", http(401), false, false],
      ["TLS", tls, false, false],
      ["deadline passed", deadlinePassed, false, false],
    ];
    for (const [what, err, repeatable, post] of table) {
      assert.strictEqual(failsOver(err, true), repeatable, `${what}, repeatable request`);
      assert.strictEqual(failsOver(err, false), post, `${what}, job-creating POST`);
    }
  });

  it("a read whose node fails goes to the next node at once, with a line naming the node given up on", async () => {
    const c = cluster([throws(refused), answers({ id: "j" })]);
    const res = await c.send({ method: "GET" });
    assert.deepStrictEqual(res.data, { id: "j" });
    assert.deepStrictEqual(c.clock.sleeps, [], "no backoff between nodes");
    assert.deepStrictEqual(c.lines, [
      "CM node https://cm1.test failed (no answer: ECONNREFUSED); skipping it for 2 s, trying https://cm2.test",
    ]);
    // the next request goes straight to the node that answered
    await c.send({ method: "GET" });
    assert.deepStrictEqual(
      c.nodes.map((n) => n.requests.length),
      [1, 2],
    );
  });

  it("a 5xx and a reset fail over too; a 4xx answer is CM's answer and does not", async () => {
    const c = cluster([
      throws(() => new CckmApiError("GET /api/x", 503, "", "")),
      throws(reset),
      throws(() => new CckmApiError("GET /api/x", 404, "NCERRResourceNotFound", "no such job")),
    ]);
    await assert.rejects(c.send({ method: "GET" }), (e: unknown) => e instanceof CckmApiError && e.status === 404);
    assert.deepStrictEqual(
      c.nodes.map((n) => n.requests.length),
      [1, 1, 1],
    );
    assert.strictEqual(c.lines.length, 2);
    assert.ok(!c.pool.isDead(2), "a node that answered 404 is well");
  });

  it("a job-creating POST that may have reached CM is not sent to another node; the node is skipped after", async () => {
    const c = cluster([throws(reset), answers({ id: "j2" })]);
    await assert.rejects(c.send({ method: "POST", repeatable: false }), /ECONNRESET/);
    assert.strictEqual(c.nodes[1].requests.length, 0, "never sent twice");
    assert.match(c.lines[0], /CM node https:\/\/cm1\.test failed .*\(POST \/x is not sent to another node\)/);
    // the look-up that follows goes to the other node
    await c.send({ method: "GET" });
    assert.strictEqual(c.nodes[1].requests.length, 1);
    assert.strictEqual(c.nodes[0].requests.length, 1);
  });

  it("a job-creating POST refused a connection goes to the next node (it never reached CM)", async () => {
    const c = cluster([throws(refused), answers({ id: "j1" })]);
    const res = await c.send({ method: "POST", repeatable: false });
    assert.deepStrictEqual(res.data, { id: "j1" });
    assert.deepStrictEqual(
      c.nodes.map((n) => n.requests.length),
      [1, 1],
    );
  });

  it("the deadline passing during a request is not the node's fault", async () => {
    const controller = new AbortController();
    controller.abort();
    const c = cluster([throws(() => new CckmNetworkError("GET /api/x", "ERR_CANCELED", "canceled")), answers({})]);
    await assert.rejects(c.send({ method: "GET", signal: controller.signal }), /ERR_CANCELED/);
    assert.ok(!c.pool.isDead(0));
    assert.strictEqual(c.nodes[1].requests.length, 0);
  });

  it("when every node fails the last error goes to the caller, each node tried once", async () => {
    const c = cluster([throws(refused), throws(refused), throws(refused)]);
    await assert.rejects(c.send({ method: "GET" }), /ECONNREFUSED/);
    assert.deepStrictEqual(
      c.nodes.map((n) => n.requests.length),
      [1, 1, 1],
    );
    assert.strictEqual(c.lines.length, 3);
  });
});

describe("cluster nodes: skipping a dead node, and trying it again later", () => {
  it("skips a failed node for 2 s, doubling with each failure in a row, 60 s at most", () => {
    assert.strictEqual(deadForMs(1), DEAD_NODE_BASE_MS);
    assert.strictEqual(deadForMs(2), 2 * DEAD_NODE_BASE_MS);
    assert.strictEqual(deadForMs(3), 4 * DEAD_NODE_BASE_MS);
    assert.strictEqual(deadForMs(50), DEAD_NODE_CAP_MS);
  });

  it("a failed node is skipped until its time is up, then tried again; an answer clears its record", () => {
    const clock = new FakeClock();
    const pool = new NodePool(NODES, clock);
    assert.deepStrictEqual(pool.order(), [0, 1, 2]);
    assert.strictEqual(pool.failed(0), 2000);
    assert.deepStrictEqual(pool.order(), [1, 2], "the current node moved on; the dead one is skipped");
    clock.t += 1999;
    assert.deepStrictEqual(pool.order(), [1, 2]);
    clock.t += 1;
    assert.deepStrictEqual(pool.order(), [1, 2, 0], "tried again once its time is up, after the current node");
    assert.strictEqual(pool.failed(0), 4000, "a second failure in a row: skipped twice as long");
    pool.succeeded(0);
    assert.ok(!pool.isDead(0));
    assert.strictEqual(pool.failed(0), 2000, "an answer cleared its record");
  });

  it("requests stay on the node that answers (no round robin: read-your-writes on one node)", async () => {
    const c = cluster([answers({}), answers({}), answers({})]);
    for (let i = 0; i < 5; i++) await c.send({ method: "GET" });
    assert.deepStrictEqual(
      c.nodes.map((n) => n.requests.length),
      [5, 0, 0],
    );
  });

  it("when every node is skipped, the one whose skip ends first is probed", () => {
    const clock = new FakeClock();
    const pool = new NodePool(NODES, clock);
    pool.failed(0);
    pool.failed(0); // 4 s
    clock.t += 10;
    pool.failed(1); // 2 s from 10 ms later
    pool.failed(2);
    pool.failed(2); // 4 s
    assert.deepStrictEqual(pool.order(), [1]);
  });

  it("a node stopped mid-wait: the poll fails over, the dead node is left alone, then tried again later", async () => {
    let down = false;
    const c = cluster([
      () => {
        if (down) throw refused();
        return ok({ n: 1 });
      },
      answers({ n: 2 }),
    ]);
    assert.deepStrictEqual((await c.send({ method: "GET" })).data, { n: 1 });
    down = true;
    assert.deepStrictEqual((await c.send({ method: "GET" })).data, { n: 2 });
    assert.deepStrictEqual((await c.send({ method: "GET" })).data, { n: 2 });
    assert.strictEqual(c.nodes[0].requests.length, 2, "skipped while dead");
    down = false;
    c.clock.t += 2000;
    // node 2 still answers: requests stay there; node 1 is only tried when node 2 fails
    await c.send({ method: "GET" });
    assert.strictEqual(c.nodes[0].requests.length, 2);
  });
});

describe("cluster nodes: through the client", () => {
  function clusterClient(handlers: Handler[], clock = new FakeClock()) {
    const c = cluster(handlers, clock);
    const s = {
      ...settings,
      address: NODES.slice(0, handlers.length).join(", "),
      nodes: NODES.slice(0, handlers.length),
    };
    const lines: string[] = [];
    const client = new CckmClient(s, c.transport, new TokenManager(s, c.transport, clock), {
      log: (l) => lines.push(l),
    });
    return { ...c, client, lines };
  }
  const auth = (req: HttpRequest) => req.path === "/v1/auth/tokens";

  it("token grants fail over like reads, and the failure is said in the operation's lines", async () => {
    const c = clusterClient([throws(refused), (req) => (auth(req) ? ok({ jwt: jwt() }) : ok({ id: "j" }))]);
    assert.deepStrictEqual(await c.client.get("/x", undefined, deadline(c.clock)), { id: "j" });
    assert.strictEqual(c.nodes[1].count("POST", "/v1/auth/tokens"), 1);
    assert.strictEqual(c.nodes[0].requests.length, 1, "the dead node is not asked again for the read");
    assert.match(c.lines[0], /CM node https:\/\/cm1\.test failed \(no answer: ECONNREFUSED\)/);
  });

  it("every node down: the client backs off and tries again under the deadline (a node that comes back answers)", async () => {
    let calls = 0;
    const c = clusterClient([
      (req) => {
        calls++;
        if (calls <= 3) throw refused();
        return auth(req) ? ok({ jwt: jwt() }) : ok({ id: "j" });
      },
      throws(refused),
    ]);
    assert.deepStrictEqual(await c.client.get("/x", undefined, deadline(c.clock)), { id: "j" });
    assert.ok(c.clock.sleeps.length >= 1, "backed off while no node answered");
  });

  it("a job-creating POST with an ambiguous failure is not retried by the client on another node", async () => {
    const c = clusterClient([
      (req) => {
        if (auth(req)) return ok({ jwt: jwt() });
        throw new CckmApiError("POST /api/x", 502, "", "bad gateway");
      },
      (req) => (auth(req) ? ok({ jwt: jwt() }) : ok({ id: "second" })),
    ]);
    await assert.rejects(c.client.request("POST", "/x", { body: {}, deadline: deadline(c.clock) }), /502/);
    assert.strictEqual(c.nodes[1].count("POST", "/x"), 0);
  });
});
