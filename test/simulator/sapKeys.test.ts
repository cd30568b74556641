/** SAP key jobs: PENDING -> IN_PROGRESS -> COMPLETED/FAILED, the key's gone flag, validation, unknown states. */
import { strict as assert } from "assert";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login, SEED } from "./helpers";

const JOBS = "/api/v1/cckm/sap/keys/jobs";
const KEYS = "/api/v1/cckm/sap/keys";

describe("simulator: SAP key jobs (lenient profile)", function () {
  this.timeout(20000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ http: true, jobPolls: 2, profile: "lenient" });
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  async function runJob(body: Record<string, unknown>) {
    const a = await call(sim, "POST", JOBS, { token, body });
    assert.equal(a.status, 201, a.text);
    assert.equal(a.body.state, "PENDING");
    const g1 = await call(sim, "GET", `${JOBS}/${a.body.id}`, { token });
    const g2 = await call(sim, "GET", `${JOBS}/${a.body.id}`, { token });
    return { created: a.body, first: g1.body, last: g2.body };
  }

  it("delete: PENDING -> IN_PROGRESS -> COMPLETED, the key becomes gone; restore brings it back", async () => {
    const del = await runJob({ id: SEED.sapKeyLive, operation: "delete", delete_if_backup_fails: true });
    assert.equal(del.created.uri, `kylo:kylo:cckm:sap_job:${del.created.id}`);
    assert.equal(del.created.cckm_key_id, SEED.sapKeyLive);
    assert.equal(del.created.group_id, SEED.sapGroupId);
    assert.equal(del.created.key_id, "89ac400d-254f-4a19-a1fa-8952a2dca56f");
    assert.equal(del.created.creator_name, "admin");
    assert.equal(del.first.state, "IN_PROGRESS");
    assert.equal(del.last.state, "COMPLETED");
    const key = await call(sim, "GET", `${KEYS}/${SEED.sapKeyLive}`, { token });
    assert.equal(key.body.gone, true);
    assert.equal(key.body.cloud_name, "sap");
    const res = await runJob({ id: SEED.sapKeyLive, operation: "restore" });
    assert.equal(res.last.state, "COMPLETED");
    const key2 = await call(sim, "GET", `${KEYS}/${SEED.sapKeyLive}`, { token });
    assert.equal(key2.body.gone, false);
  });

  it("restore of the seeded gone key with a backup works; the list shows the jobs newest first", async () => {
    const res = await runJob({ id: SEED.sapKeyGone, operation: "restore" });
    assert.equal(res.last.state, "COMPLETED");
    const list = await call(sim, "GET", `${JOBS}?cckm_key_id=${SEED.sapKeyGone}`, { token });
    assert.equal(list.body.total, 1);
    assert.equal(list.body.resources[0].id, res.created.id);
  });

  it("a delete whose backup fails: FAILED unless delete_if_backup_fails", async () => {
    sim.control.configure({ sapBackupFails: true });
    const a = await runJob({ id: SEED.sapKeyLive, operation: "delete", delete_if_backup_fails: false });
    assert.equal(a.last.state, "FAILED");
    assert.match(a.last.message, /backup/);
    assert.equal((await call(sim, "GET", `${KEYS}/${SEED.sapKeyLive}`, { token })).body.gone, false);
    const b = await runJob({ id: SEED.sapKeyLive, operation: "delete", delete_if_backup_fails: "true" });
    assert.equal(b.last.state, "COMPLETED");
    assert.equal((await call(sim, "GET", `${KEYS}/${SEED.sapKeyLive}`, { token })).body.gone, true);
    // no backup was kept, so it cannot be restored
    const r = await call(sim, "POST", JOBS, { token, body: { id: SEED.sapKeyLive, operation: "restore" } });
    assert.ok(isCckmError(r, 400, "NCERRBadRequest"), r.text);
  });

  it("per-item failure and an injected unknown state", async () => {
    sim.control.configure({
      failItems: { [SEED.sapKeyLive]: "SAP DKM answered 503" },
      sapState: "RUNNING",
      jobPolls: 3,
    });
    const a = await call(sim, "POST", JOBS, { token, body: { id: SEED.sapKeyLive, operation: "delete" } });
    const g1 = await call(sim, "GET", `${JOBS}/${a.body.id}`, { token });
    assert.equal(g1.body.state, "RUNNING");
    await call(sim, "GET", `${JOBS}/${a.body.id}`, { token });
    const g3 = await call(sim, "GET", `${JOBS}/${a.body.id}`, { token });
    assert.equal(g3.body.state, "FAILED");
    assert.equal(g3.body.message, "SAP DKM answered 503");
  });

  it("validation: 400 for bad bodies and impossible operations, 404 for unknown keys and jobs", async () => {
    for (const body of [
      {},
      { id: SEED.sapKeyLive },
      { id: SEED.sapKeyLive, operation: "rotate" },
      { id: 7, operation: "delete" },
      { id: SEED.sapKeyLive, operation: "delete", delete_if_backup_fails: "maybe" },
      { id: SEED.sapKeyLive, operation: "restore" },
      { id: SEED.sapKeyGone, operation: "delete" },
    ]) {
      const a = await call(sim, "POST", JOBS, { token, body });
      assert.ok(isCckmError(a, 400, "NCERR"), `${JSON.stringify(body)}: ${a.status} ${a.text}`);
    }
    const unknown = await call(sim, "POST", JOBS, {
      token,
      body: { id: "00000000-0000-0000-0000-00000000abcd", operation: "delete" },
    });
    assert.ok(isCckmError(unknown, 404, "NCERRResourceNotFound"));
    const nojob = await call(sim, "GET", `${JOBS}/00000000-0000-0000-0000-00000000abcd`, { token });
    assert.ok(isCckmError(nojob, 404, "NCERRResourceNotFound"));
  });

  it("overlap: a second job on a key while one runs is allowed (and fails at its end) or 409 with conflict", async () => {
    const one = await call(sim, "POST", JOBS, { token, body: { id: SEED.sapKeyLive, operation: "delete" } });
    const two = await call(sim, "POST", JOBS, { token, body: { id: SEED.sapKeyLive, operation: "delete" } });
    assert.equal(two.status, 201);
    for (const id of [one.body.id, two.body.id]) {
      await call(sim, "GET", `${JOBS}/${id}`, { token });
      await call(sim, "GET", `${JOBS}/${id}`, { token });
    }
    const [a, b] = await Promise.all([one, two].map((j) => call(sim, "GET", `${JOBS}/${j.body.id}`, { token })));
    assert.equal(a.body.state, "COMPLETED");
    assert.equal(b.body.state, "FAILED");
    sim.control.configure({ overlap: "conflict" });
    const three = await call(sim, "POST", JOBS, {
      token,
      body: { id: SEED.sapKeyLiveWithBackup, operation: "delete" },
    });
    const four = await call(sim, "POST", JOBS, { token, body: { id: SEED.sapKeyLiveWithBackup, operation: "delete" } });
    assert.equal(three.status, 201);
    assert.ok(isCckmError(four, 409, "NCERRConflict"), four.text);
  });

  it("time-based: PENDING first, then IN_PROGRESS, then final; effects apply lazily when the key is read", async () => {
    sim.control.configure({ jobPolls: null, jobSeconds: 0.3 });
    const a = await call(sim, "POST", JOBS, { token, body: { id: SEED.sapKeyLiveWithBackup, operation: "delete" } });
    assert.equal(a.body.state, "PENDING");
    await new Promise((r) => setTimeout(r, 400));
    const key = await call(sim, "GET", `${KEYS}/${SEED.sapKeyLiveWithBackup}`, { token });
    assert.equal(key.body.gone, true);
    const job = await call(sim, "GET", `${JOBS}/${a.body.id}`, { token });
    assert.equal(job.body.state, "COMPLETED");
  });
});
