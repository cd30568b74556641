/** The /sim/ control API over HTTP, the inventory endpoints, counters and the request log. */
import { strict as assert } from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login, SEED } from "./helpers";

const DSM = "/api/v1/cckm/dsm/refresh";

describe("simulator: control API and inventory", function () {
  this.timeout(20000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ http: true });
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  it("GET/PATCH/PUT/DELETE /sim/config, with errors naming the knob", async () => {
    const c = await call(sim, "GET", "/sim/config");
    assert.equal(c.body.jobSeconds, 5);
    assert.equal(c.body.tokenSeconds, 300);
    assert.equal(c.body.cancelEnded, "error");
    const p = await call(sim, "PATCH", "/sim/config", {
      body: { jobPolls: 3, families: { google: { jobSeconds: 9 } } },
    });
    assert.equal(p.status, 200);
    assert.equal(p.body.jobPolls, 3);
    assert.equal(p.body.families.google.jobSeconds, 9);
    assert.equal(sim.control.config().jobPolls, 3);
    const bad = await call(sim, "PATCH", "/sim/config", { body: { jobSeconds: "soon" } });
    assert.ok(isCckmError(bad, 400, "NCERRInvalidParamValue"));
    assert.match(bad.body.message, /jobSeconds/);
    const unknown = await call(sim, "PATCH", "/sim/config", { body: { warpSpeed: 9 } });
    assert.match(unknown.body.message, /warpSpeed: unknown knob/);
    const perFamily = await call(sim, "PATCH", "/sim/config", { body: { families: { google: { overlap: "x" } } } });
    assert.match(perFamily.body.message, /families\.google\.overlap: not a per-family knob/);
    const merged = await call(sim, "PATCH", "/sim/config", { body: { families: { dsm: { jobPolls: 1 } } } });
    assert.deepEqual(merged.body.families, { dsm: { jobPolls: 1 } }, "families is replaced as a whole");
    assert.deepEqual((await call(sim, "PATCH", "/sim/config", { body: { families: {} } })).body.families, {});
    const put = await call(sim, "PUT", "/sim/config", { body: { overlap: "conflict" } });
    assert.equal(put.body.jobPolls, null);
    assert.equal(put.body.overlap, "conflict");
    const del = await call(sim, "DELETE", "/sim/config");
    assert.equal(del.body.overlap, "allow");
  });

  it("/sim/jobs lists every job with its family; PATCH /sim/jobs/{id} ends one", async () => {
    const a = await call(sim, "POST", DSM, { token, body: { synchronize_all: true } });
    await call(sim, "POST", "/api/v1/cckm/sap/keys/jobs", {
      token,
      body: { id: SEED.sapKeyLive, operation: "delete" },
    });
    const jobs = await call(sim, "GET", "/sim/jobs");
    assert.deepEqual(
      jobs.body.map((j: { family: string }) => j.family),
      ["dsm", "sapKeys"],
    );
    assert.equal((await call(sim, "GET", "/sim/jobs?family=dsm")).body.length, 1);
    for (const [body, said] of [
      [{ detailedStatus: "never" }, /detailedStatus: not a per-job knob \(jobSeconds, .*end\)/],
      [{ jobPolls: 0 }, /jobPolls: must be at least 1/],
      [{ failureMode: "sometimes" }, /failureMode: expected one of partial, completed, failed/],
      [{ inProgressStatus: null }, /inProgressStatus: cannot be null/],
    ] as const) {
      const refused = await call(sim, "PATCH", `/sim/jobs/${a.body.id}`, { body });
      assert.ok(isCckmError(refused, 400, "NCERRInvalidParamValue"));
      assert.match(refused.body.message, said);
    }
    const ended = await call(sim, "PATCH", `/sim/jobs/${a.body.id}`, { body: { end: true } });
    assert.equal(ended.body.overall_status, "completed");
    assert.equal(sim.jobs().length, 2);
    const bad = await call(sim, "PATCH", `/sim/jobs/${a.body.id}`, { body: { jobSeconds: 3 } });
    assert.equal(bad.status, 400, "an ended job takes no knobs");
    assert.equal((await call(sim, "GET", "/sim/jobs/nope")).status, 404);
  });

  it("counters per endpoint template and method, jobs created per family; log with since/limit; reset", async () => {
    const a = await call(sim, "POST", DSM, { token, body: { synchronize_all: true } });
    await call(sim, "GET", `${DSM}/${a.body.id}`, { token });
    await call(sim, "GET", `${DSM}/${a.body.id}`, { token });
    const c = (await call(sim, "GET", "/sim/counters")).body;
    assert.equal(c.byEndpoint["GET /api/v1/cckm/dsm/refresh/{id}"], 2);
    assert.equal(c.byEndpoint["POST /api/v1/cckm/dsm/refresh"], 1);
    assert.deepEqual(c.jobsCreated, { total: 1, byFamily: { dsm: 1 } });
    assert.equal(c.requests, 3);
    const log = (await call(sim, "GET", "/sim/log?limit=2")).body;
    assert.equal(log.length, 2);
    assert.equal(log[1].endpoint, "GET /api/v1/cckm/dsm/refresh/{id}");
    assert.equal(log[1].status, 200);
    assert.equal(typeof log[1].ms, "number");
    assert.equal((await call(sim, "GET", "/sim/log?since=1")).body.length, 2);
    await call(sim, "POST", "/sim/reset");
    assert.equal((await call(sim, "GET", "/sim/counters")).body.requests, 0);
    assert.equal((await call(sim, "GET", `${DSM}/${a.body.id}`, { token })).status, 404, "jobs are gone, tokens live");
  });

  it("inventory: list/get for every collection, paging and filters", async () => {
    for (const [p, id] of [
      ["/api/v1/cckm/dsm/domains", SEED.dsm[0]],
      ["/api/v1/cckm/external-cm/domains", SEED.externalCm[0]],
      ["/api/v1/cckm/google/key-rings", SEED.googleRingId],
      ["/api/v1/cckm/azure/vaults", SEED.azureVaultId],
      ["/api/v1/cckm/aws/kms", SEED.awsKmsId],
      ["/api/v1/cckm/oci/vaults", SEED.ociVaultId],
      ["/api/v1/cckm/sap/groups", SEED.sapGroupId],
      ["/api/v1/cckm/sap/keys", SEED.sapKeyLive],
    ]) {
      const l = await call(sim, "GET", p, { token });
      assert.equal(l.status, 200, p);
      assert.ok(l.body.total >= 2 && l.body.resources.length === l.body.total, p);
      const g = await call(sim, "GET", `${p}/${id}`, { token });
      assert.equal(g.body.id, id);
      assert.match(g.body.uri, new RegExp(`^kylo:kylo:cckm:[a-z-]+:${id}$`));
      assert.equal((await call(sim, "GET", `${p}/00000000-0000-0000-0000-000000000000`, { token })).status, 404);
    }
    assert.equal(
      (await call(sim, "GET", "/api/v1/cckm/dsm/domains/" + SEED.dsm[0], { token })).body.uri,
      `kylo:kylo:cckm:domain:${SEED.dsm[0]}`,
    );
    const rings = await call(
      sim,
      "GET",
      "/api/v1/cckm/google/key-rings?project_id=acme-payments-prod&location=us-east1",
      { token },
    );
    assert.deepEqual(
      rings.body.resources.map((r: { name: string }) => r.name),
      ["projects/acme-payments-prod/locations/us-east1/keyRings/payments-us"],
    );
    const paged = await call(sim, "GET", "/api/v1/cckm/dsm/domains?skip=2&limit=5&sort=-name", { token });
    assert.deepEqual(
      [paged.body.total, paged.body.resources.length, paged.body.resources[0].name],
      [3, 1, "dsm-prod-eu"],
    );
    assert.equal((await call(sim, "GET", "/api/v1/cckm/dsm/domains")).status, 401);
  });

  it("a seed from a file, and reset to another seed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cckm-sim-"));
    const file = path.join(dir, "seed.json");
    writeFileSync(
      file,
      JSON.stringify({ dsmDomains: [{ id: "11111111-1111-4111-8111-111111111111", name: "only-one" }] }),
    );
    const s = await startSimulator({ http: true, seed: file });
    try {
      const t = await login(s);
      const l = await call(s, "GET", "/api/v1/cckm/dsm/domains", { token: t });
      assert.equal(l.body.total, 1);
      const job = await call(s, "POST", DSM, { token: t, body: { synchronize_all: true } });
      assert.deepEqual(job.body.domains, ["11111111-1111-4111-8111-111111111111"]);
      const g = await call(s, "GET", "/api/v1/cckm/google/key-rings", { token: t });
      assert.equal(g.body.total, 0);
      await call(s, "POST", "/sim/reset", {
        body: { seed: { googleKeyRings: [{ id: "g1", name: "projects/p/locations/l/keyRings/r" }] } },
      });
      assert.equal((await call(s, "GET", "/api/v1/cckm/google/key-rings", { token: t })).body.total, 1);
    } finally {
      await s.stop();
    }
    await assert.rejects(
      startSimulator({ seed: { dsmDomains: [{ id: "x" }] } as never }),
      /seed\.dsmDomains\[0\]\.name/,
    );
  });
});
