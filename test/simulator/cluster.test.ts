/**
 * cckm-sim as a cluster: nodes over one shared state, the load balancer, replication lag, nodes stopped and started,
 * and the fault that loses an answer and takes its node down. Over real HTTPS, one fresh connection per request
 * (clusterHelpers) unless a test is about keep-alive.
 */
import { strict as assert } from "assert";
import { startSimulator, type Simulator } from "../../simulator";
import { callAt, loginAt, outcomeAt, servedBy, type NodeView } from "./clusterHelpers";
import { call, isCckmError, SEED, sleep } from "./helpers";

const DSM = "/api/v1/cckm/dsm/refresh";
const DOMAINS = "/api/v1/cckm/dsm/domains";
const CONFIGS = "/api/v1/scheduler/job-configs";

async function until(what: string, pred: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function nodesUp(sim: Simulator, base = sim.url): Promise<boolean[]> {
  const a = await callAt(sim, base, "GET", "/sim/nodes");
  assert.equal(a.status, 200, a.text);
  return (a.body as NodeView[]).map((n) => n.up);
}

describe("simulator: one node (the default)", function () {
  this.timeout(60_000);

  it("url is the node, nodeUrls is [url], /sim/nodes lists it; stop and start work on it too", async () => {
    const sim = await startSimulator();
    try {
      assert.deepEqual(sim.nodeUrls, [sim.url]);
      assert.deepEqual(await nodesUp(sim), [true]);
      const token = await loginAt(sim, sim.url);
      assert.equal(sim.requestLog()[0].node, undefined, "a single node's log names no node");
      await sim.stopNode(0);
      assert.equal(await outcomeAt(sim, sim.url, "GET", DOMAINS, { token }), "ECONNREFUSED");
      await sim.startNode(0);
      assert.equal(await outcomeAt(sim, sim.url, "GET", DOMAINS, { token }), "200");
    } finally {
      await sim.stop();
    }
  });
});

describe("simulator: cluster", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let token: string;
  let offset = 0;
  const LAG = 800;
  const node = (i: number) => sim.nodeUrls[i];

  before(async () => {
    sim = await startSimulator({ nodes: 3, replicationLagMs: LAG, clock: () => Date.now() + offset });
    token = await loginAt(sim, node(0));
  });
  after(() => sim.stop());
  beforeEach(async () => {
    for (const i of [0, 1, 2]) await sim.startNode(i);
    sim.control.reset();
    offset = 0;
  });

  it("serves three node addresses and a load balancer address, each with its own port", async () => {
    assert.equal(sim.nodeUrls.length, 3);
    const ports = new Set([sim.url, ...sim.nodeUrls].map((u) => new URL(u).port));
    assert.equal(ports.size, 4);
    assert.equal(sim.port, Number(new URL(sim.url).port));
    const listed = (await callAt(sim, node(2), "GET", "/sim/nodes")).body as NodeView[];
    assert.deepEqual(
      listed.map((n) => [n.index, n.url, n.up]),
      sim.nodeUrls.map((u, i) => [i, u, true]),
    );
  });

  it("a JWT from one node is valid on every node and the load balancer; one CA signs them all", async () => {
    // callAt verifies TLS against sim.caCert: every address answering proves the one CA.
    for (const base of [sim.url, ...sim.nodeUrls]) {
      assert.equal(await outcomeAt(sim, base, "GET", DOMAINS, { token }), "200", base);
    }
    const grant = await callAt(sim, node(0), "POST", "/api/v1/auth/tokens", {
      body: { grant_type: "password", username: "admin", password: "admin" },
    });
    const refreshed = await callAt(sim, node(2), "POST", "/api/v1/auth/tokens", {
      body: { grant_type: "refresh_token", refresh_token: grant.body.refresh_token },
    });
    assert.equal(refreshed.status, 200, "a refresh token from node 0 works on node 2");
    const forged = await callAt(sim, node(1), "GET", DOMAINS, { token: token.slice(0, -2) + "xx" });
    assert.ok(isCckmError(forged, 401, "NCERRUnauthorizedAccess"), "a bad signature is still refused");
  });

  it("the load balancer sends each request to the next live node (on one keep-alive connection too), skipping a stopped node", async () => {
    sim.control.clearLog();
    for (let k = 0; k < 6; k++) assert.equal((await call(sim, "GET", DOMAINS, { token })).status, 200);
    const first = servedBy(sim, 6);
    assert.deepEqual(
      first.map((n, k) => ((n as number) - (first[0] as number) - k + 30) % 3),
      [0, 0, 0, 0, 0, 0],
      `round robin: ${first.join(",")}`,
    );
    await sim.stopNode(1);
    for (let k = 0; k < 6; k++) assert.equal((await call(sim, "GET", DOMAINS, { token })).status, 200);
    const without = servedBy(sim, 6);
    assert.ok(!without.includes(1), `node 1 is skipped: ${without.join(",")}`);
    assert.deepEqual(new Set(without), new Set([0, 2]));
    await sim.startNode(1);
    for (let k = 0; k < 3; k++) await call(sim, "GET", DOMAINS, { token });
    assert.deepEqual(new Set(servedBy(sim, 3)), new Set([0, 1, 2]), "node 1 is back in turn");
  });

  it("with every node down the load balancer answers 502 (a proxy's page); its control API still works", async () => {
    for (const i of [0, 1, 2]) await sim.stopNode(i);
    const a = await callAt(sim, sim.url, "GET", DOMAINS, { token });
    assert.equal(a.status, 502);
    assert.match(String(a.headers["content-type"]), /text\/html/);
    assert.deepEqual(await nodesUp(sim), [false, false, false]);
    const started = await callAt(sim, sim.url, "POST", "/sim/nodes/0/start");
    assert.deepEqual(started.body, { index: 0, url: node(0), up: true });
    assert.equal(await outcomeAt(sim, sim.url, "GET", DOMAINS, { token }), "200");
  });

  it("replication lag: a job created through one node is unknown elsewhere until the lag has passed", async () => {
    const created = await callAt(sim, node(0), "POST", DSM, { token, body: { domains: [SEED.dsm[0]] } });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    assert.equal((await callAt(sim, node(0), "GET", `${DSM}/${id}`, { token })).status, 200, "the writer sees it");
    const elsewhere = await callAt(sim, node(1), "GET", `${DSM}/${id}`, { token });
    assert.ok(isCckmError(elsewhere, 404, "NCERRResourceNotFound"), elsewhere.text);
    const list = await callAt(sim, node(2), "GET", `${DSM}?limit=100`, { token });
    assert.equal(list.body.total, 0, "lists leave it out");
    const cancel = await callAt(sim, node(1), "POST", `${DSM}/${id}/cancel`, { token });
    assert.ok(isCckmError(cancel, 404, "NCERRResourceNotFound"), "cancel of it: 404");
    // Node 2 does not know the running job, so it does not refuse a second one: two jobs, as a real lag would give.
    const second = await callAt(sim, node(2), "POST", DSM, { token, body: { domains: [SEED.dsm[0]] } });
    assert.equal(second.status, 201, second.text);
    const refused = await callAt(sim, node(0), "POST", DSM, { token, body: { domains: [SEED.dsm[1]] } });
    assert.equal(refused.status, 400, "node 0 knows its own running job and refuses");
    assert.equal(sim.counters().jobsCreated.total, 2);

    offset += LAG;
    for (const i of [0, 1, 2]) {
      assert.equal((await callAt(sim, node(i), "GET", `${DSM}/${id}`, { token })).status, 200, `node ${i}`);
      assert.equal((await callAt(sim, node(i), "GET", DSM, { token })).body.total, 2, `node ${i} lists both`);
    }
  });

  it("replication lag: a change (a cancel) is unknown to the other nodes for the lag too", async () => {
    const id = (await callAt(sim, node(0), "POST", DSM, { token, body: { synchronize_all: true } })).body.id;
    offset += LAG;
    const cancel = await callAt(sim, node(1), "POST", `${DSM}/${id}/cancel`, { token });
    assert.equal(cancel.status, 200, cancel.text);
    assert.equal(cancel.body.abort, true);
    assert.equal((await callAt(sim, node(1), "GET", `${DSM}/${id}`, { token })).body.abort, true);
    assert.equal((await callAt(sim, node(0), "GET", `${DSM}/${id}`, { token })).status, 404);
    offset += LAG;
    assert.equal((await callAt(sim, node(0), "GET", `${DSM}/${id}`, { token })).body.abort, true);
  });

  it("replication lag: scheduler job configs (create, read, list, patch)", async () => {
    const body = {
      name: "nightly-aws",
      operation: "cckm_synchronization",
      run_at: "0 2 * * *",
      cckm_synchronization_params: { cloud_name: "aws", kms: [SEED.awsKmsId] },
    };
    const created = await callAt(sim, node(1), "POST", CONFIGS, { token, body });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    assert.equal((await callAt(sim, node(1), "GET", `${CONFIGS}/${id}`, { token })).status, 200);
    assert.equal((await callAt(sim, node(2), "GET", `${CONFIGS}/${id}`, { token })).status, 404);
    assert.equal((await callAt(sim, node(0), "GET", CONFIGS, { token })).body.total, 0);
    offset += LAG;
    const patched = await callAt(sim, node(2), "PATCH", `${CONFIGS}/${id}`, { token, body: { description: "x" } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal((await callAt(sim, node(1), "GET", `${CONFIGS}/${id}`, { token })).status, 404);
    offset += LAG;
    const read = await callAt(sim, node(1), "GET", `${CONFIGS}/${id}`, { token });
    assert.equal(read.body.description, "x");
    assert.equal((await callAt(sim, node(0), "GET", CONFIGS, { token })).body.total, 1);
  });

  it("the lag is a live knob: replicationLagMs 0 makes every write visible everywhere at once", async () => {
    const patch = await callAt(sim, sim.url, "PATCH", "/sim/config", { body: { replicationLagMs: 0 } });
    assert.equal(patch.body.replicationLagMs, 0);
    const id = (await callAt(sim, node(0), "POST", DSM, { token, body: { synchronize_all: true } })).body.id;
    assert.equal((await callAt(sim, node(2), "GET", `${DSM}/${id}`, { token })).status, 200);
    const bad = await callAt(sim, sim.url, "PATCH", "/sim/config", { body: { replicationLagMs: -1 } });
    assert.ok(isCckmError(bad, 400, "NCERRInvalidParamValue"));
    assert.match(bad.body.message, /replicationLagMs/);
  });

  it("stopping a node fails a request in flight on it, refuses new ones, and carries out nothing it had not done", async () => {
    sim.control.replaceFaults([{ node: 1, latencyMs: 3000 }]); // long enough to stop the node meanwhile on a busy machine
    const inflight = outcomeAt(sim, node(1), "POST", DSM, { token, body: { synchronize_all: true } });
    await until("the POST to reach node 1", () => sim.counters().faultsInjected === 1);
    await sim.stopNode(1);
    assert.match(await inflight, /ECONNRESET|socket hang up/);
    assert.equal(await outcomeAt(sim, node(1), "GET", DOMAINS, { token }), "ECONNREFUSED");
    await until("the request's delay to pass", () => sim.requestLog().some((e) => e.error?.includes("stopped")));
    assert.equal(sim.counters().jobsCreated.total, 0, "the POST in flight created no job");
    const entry = sim.requestLog().find((e) => e.node === 1 && e.method === "POST");
    assert.equal(entry?.status, 0);
    assert.equal(entry?.error, "node 1 stopped before answering");
  });

  it("through the load balancer, a request in flight on a node that stops gets the proxy's 502", async () => {
    await sim.stopNode(0);
    await sim.stopNode(1);
    sim.control.replaceFaults([{ node: 2, latencyMs: 5000 }]);
    const inflight = callAt(sim, sim.url, "GET", DOMAINS, { token });
    await until("the GET to reach node 2", () => sim.counters().faultsInjected === 1);
    await sim.stopNode(2);
    const a = await inflight;
    assert.equal(a.status, 502);
    assert.match(a.text, /502 Bad Gateway/);
  });

  it("a node listens again on the same port; the control API stops and starts nodes from any address", async () => {
    const stopped = await callAt(sim, node(0), "POST", "/sim/nodes/1/stop");
    assert.deepEqual(stopped.body, { index: 1, url: node(1), up: false });
    assert.equal(await outcomeAt(sim, node(1), "GET", DOMAINS, { token }), "ECONNREFUSED");
    assert.deepEqual(await nodesUp(sim, node(2)), [true, false, true]);
    const started = await callAt(sim, node(2), "POST", "/sim/nodes/1/start");
    assert.equal(started.body.up, true);
    assert.equal(sim.nodeUrls[1], started.body.url);
    assert.equal(await outcomeAt(sim, node(1), "GET", DOMAINS, { token }), "200", "same address, token still valid");
    // A node asked to stop itself answers first, then goes down.
    const self = await callAt(sim, node(2), "POST", "/sim/nodes/2/stop");
    assert.equal(self.status, 200);
    await until("node 2 to go down", async () => (await nodesUp(sim))[2] === false);
    assert.equal(await outcomeAt(sim, node(2), "GET", DOMAINS, { token }), "ECONNREFUSED");
    await sim.startNode(2);
    assert.equal(await outcomeAt(sim, node(2), "GET", DOMAINS, { token }), "200");
    const unknown = await callAt(sim, sim.url, "POST", "/sim/nodes/7/stop");
    assert.ok(isCckmError(unknown, 404, "NCERRResourceNotFound"));
    await assert.rejects(sim.stopNode(-1), /no node -1/);
  });

  it("fault lose-answer-stop-node: the job is created, the answer is lost, the node that served it goes down", async () => {
    sim.control.replaceFaults([{ method: "POST", path: DSM, action: "lose-answer-stop-node", times: 1 }]);
    const direct = await outcomeAt(sim, node(1), "POST", DSM, { token, body: { domains: [SEED.dsm[0]] } });
    assert.match(direct, /ECONNRESET|socket hang up/);
    assert.deepEqual(await nodesUp(sim), [true, false, true]);
    assert.equal(sim.counters().jobsCreated.total, 1, "the job was created");
    assert.equal(sim.requestLog().at(-1)?.fault, "lostAnswer:stop-node");
    const [job] = sim.jobs();
    offset += LAG;
    assert.equal((await callAt(sim, node(0), "GET", `${DSM}/${job.id}`, { token })).status, 200);
    sim.control.updateJob(String(job.id), { end: true }); // so the next POST is not refused as a second job

    // Through the load balancer the client sees the proxy's 502; the node that served it is down.
    sim.control.replaceFaults([{ method: "POST", path: DSM, action: "lose-answer-stop-node", times: 1 }]);
    const viaLb = await callAt(sim, sim.url, "POST", DSM, { token, body: { domains: [SEED.dsm[1]] } });
    assert.equal(viaLb.status, 502);
    const down = sim.requestLog().at(-1)?.node as number;
    assert.deepEqual(
      await nodesUp(sim),
      [0, 1, 2].map((i) => i !== 1 && i !== down),
    );
    assert.equal(sim.counters().jobsCreated.total, 2);
  });

  it("fault rules: action and node are checked", async () => {
    const bad = await callAt(sim, sim.url, "POST", "/sim/faults", { body: [{ action: "explode" }] });
    assert.ok(isCckmError(bad, 400, "NCERRInvalidParamValue"));
    assert.match(bad.body.message, /action/);
    const badNode = await callAt(sim, sim.url, "POST", "/sim/faults", { body: [{ node: 1.5, status: 500 }] });
    assert.match(badNode.body.message, /node/);
  });
});

describe("simulator: lose-answer-stop-node on a single node", function () {
  this.timeout(60_000);

  it("the only node goes down after creating the job; started again, it has the job", async () => {
    const sim = await startSimulator({
      faults: [{ method: "POST", path: DSM, action: "lose-answer-stop-node", times: 1 }],
    });
    try {
      const token = await loginAt(sim, sim.url);
      assert.match(
        await outcomeAt(sim, sim.url, "POST", DSM, { token, body: { synchronize_all: true } }),
        /ECONNRESET|socket hang up/,
      );
      assert.equal(await outcomeAt(sim, sim.url, "GET", DSM, { token }), "ECONNREFUSED");
      await sim.startNode(0);
      const list = await callAt(sim, sim.url, "GET", DSM, { token });
      assert.equal(list.body.total, 1);
    } finally {
      await sim.stop();
    }
  });
});
