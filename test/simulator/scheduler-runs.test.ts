/**
 * cckm-sim's scheduler runs (`/api/v1/scheduler/jobs`) and `run-now`: every run (cron, `/sim` fire, run-now) is
 * recorded, linked to the sync job it started, with its status, start and end and failing items.
 */
import { strict as assert } from "assert";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login, SEED, sleep, waitFor } from "./helpers";

const CONFIGS = "/api/v1/scheduler/job-configs";
const RUNS = "/api/v1/scheduler/jobs";
const GOOGLE_JOBS = "/api/v1/cckm/google/synchronization-jobs";

function config(name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    operation: "cckm_synchronization",
    run_at: "0 2 * * *",
    cckm_synchronization_params: { cloud_name: "gcp", key_rings: [SEED.googleRingName] },
    ...over,
  };
}

describe("simulator: scheduler runs and run-now", function () {
  this.timeout(30000);
  let sim: Simulator;
  let token: string;
  const api = (method: string, path: string, body?: unknown) => call(sim, method, path, { token, body });

  before(async () => {
    sim = await startSimulator({ jobPolls: 2 });
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  it("run-now starts the config's sync now and answers the run (201), linked to the sync job", async () => {
    // disabled: a manual run is asked for explicitly, so it runs anyway
    const c = await api("POST", CONFIGS, config("nightly", { disabled: true }));
    assert.equal(c.status, 201, c.text);
    const r = await api("POST", `${CONFIGS}/${c.body.id}/run-now`);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.uri, `kylo:kylo:scheduler:job:${r.body.id}`);
    assert.equal(r.body.job_config_id, c.body.id);
    assert.equal(r.body.name, "nightly");
    assert.equal(r.body.operation, "cckm_synchronization");
    assert.equal(r.body.run_type, "manual");
    assert.equal(r.body.job_status, "in_progress");
    assert.ok(r.body.started_at);
    assert.equal(r.body.completed_at, undefined);
    const jobId = r.body.cckm_synchronization.job_id as string;
    assert.equal(r.body.cckm_synchronization.cloud_name, "gcp");
    assert.equal(r.body.cckm_synchronization.job_path, `/v1/cckm/google/synchronization-jobs/${jobId}`);
    // the sync job is an ordinary job of the family, started by the scheduler
    const listed = await api("GET", `${GOOGLE_JOBS}?id=${jobId}`);
    assert.equal(listed.body.total, 1);
    assert.deepEqual(listed.body.resources[0].key_rings, [SEED.googleRingName]);
    assert.equal(sim.jobs().find((j) => j.id === jobId)?.family, "google");
    // reading the run does not poll the job; the job's own GETs end it, and the run follows
    const again = await api("GET", `${RUNS}/${r.body.id}`);
    assert.equal(again.body.job_status, "in_progress");
    await api("GET", `${GOOGLE_JOBS}/${jobId}`);
    const ended = await api("GET", `${GOOGLE_JOBS}/${jobId}`);
    assert.equal(ended.body.overall_status, "completed");
    const done = await api("GET", `${RUNS}/${r.body.id}`);
    assert.equal(done.body.job_status, "completed");
    assert.equal(done.body.completed_at, ended.body.completed_at);
    assert.equal(done.body.failed_items, undefined);
    // /sim/schedules shows the run too, with its id
    const rec = await call(sim, "GET", `/sim/schedules/${c.body.id}`);
    assert.equal(rec.body.sim.runs[0].trigger, "run-now");
    assert.equal(rec.body.sim.runs[0].runId, r.body.id);
  });

  it("a run whose sync has a failing item is failed and names it; a cancelled one is aborted", async () => {
    sim.control.configure({ failItems: { [SEED.googleRingName]: "permission denied on key ring" } });
    const c = await api("POST", CONFIGS, config("failing"));
    const r = await api("POST", `${CONFIGS}/${c.body.id}/run-now`);
    const jobId = r.body.cckm_synchronization.job_id as string;
    await api("GET", `${GOOGLE_JOBS}/${jobId}`);
    await api("GET", `${GOOGLE_JOBS}/${jobId}`);
    const run = await api("GET", `${RUNS}/${r.body.id}`);
    assert.equal(run.body.job_status, "failed");
    assert.deepEqual(run.body.failed_items, { [SEED.googleRingName]: "permission denied on key ring" });

    sim.control.configure({ failItems: {}, jobPolls: null, jobSeconds: 60, cancelSeconds: 0.1 });
    const r2 = await api("POST", `${CONFIGS}/${c.body.id}/run-now`);
    const job2 = r2.body.cckm_synchronization.job_id as string;
    await api("POST", `${GOOGLE_JOBS}/${job2}/cancel`);
    const aborted = await waitFor(sim, `${RUNS}/${r2.body.id}`, token, (a) => a.body.job_status !== "in_progress");
    assert.equal(aborted.body.job_status, "aborted");
    assert.ok(aborted.body.completed_at);
  });

  it("strict: run-now while the family syncs records a failed run with the refusal, and starts no job", async () => {
    const busy = await api("POST", GOOGLE_JOBS, { synchronize_all: true });
    assert.equal(busy.status, 201, busy.text);
    const c = await api("POST", CONFIGS, config("clash"));
    const r = await api("POST", `${CONFIGS}/${c.body.id}/run-now`);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.job_status, "failed");
    assert.match(r.body.error, /^400 NCERR/);
    assert.equal(r.body.cckm_synchronization.job_id, undefined);
    assert.equal(r.body.completed_at, r.body.started_at);
    assert.equal((await api("GET", GOOGLE_JOBS)).body.total, 1);
  });

  it("lists runs newest first with skip/limit/total and CM's filters; get, delete, 404s", async () => {
    const a = await api("POST", CONFIGS, config("ring-a"));
    const b = await api(
      "POST",
      CONFIGS,
      config("all-azure", { cckm_synchronization_params: { cloud_name: "AzureCloud", synchronize_all: true } }),
    );
    sim.control.configure({ refuseWhileRunning: "off" });
    const ids: string[] = [];
    for (const cfg of [a, b, a]) ids.push((await api("POST", `${CONFIGS}/${cfg.body.id}/run-now`)).body.id);
    const fired = await call(sim, "POST", `/sim/schedules/${b.body.id}/fire`, { body: {} });
    assert.equal(fired.body.fired, true, fired.text);
    ids.push(fired.body.runId);

    const all = await api("GET", RUNS);
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.total, 4);
    assert.equal(all.body.limit, 10);
    assert.deepEqual(
      all.body.resources.map((r: { id: string }) => r.id),
      [...ids].reverse(),
    );
    const page = await api("GET", `${RUNS}?skip=1&limit=2`);
    assert.deepEqual([page.body.skip, page.body.limit, page.body.total], [1, 2, 4]);
    assert.deepEqual(
      page.body.resources.map((r: { id: string }) => r.id),
      [ids[2], ids[1]],
    );
    assert.equal((await api("GET", `${RUNS}?job_config_id=${a.body.id}`)).body.total, 2);
    assert.equal((await api("GET", `${RUNS}?name=all-azure`)).body.total, 2);
    const scheduled = await api("GET", `${RUNS}?run_type=scheduled`);
    assert.deepEqual(
      scheduled.body.resources.map((r: { id: string }) => r.id),
      [ids[3]],
    );
    assert.equal((await api("GET", `${RUNS}?job_status=in_progress`)).body.total, 4);
    assert.equal((await api("GET", `${RUNS}?job_status=completed`)).body.total, 0);
    assert.equal((await api("GET", `${RUNS}?operation=cckm_synchronization`)).body.total, 4);
    assert.equal((await api("GET", `${RUNS}?created_after=2000-01-01T00:00:00Z`)).body.total, 4);
    assert.equal((await api("GET", `${RUNS}?created_before=2000-01-01T00:00:00Z`)).body.total, 0);
    const sorted = await api("GET", `${RUNS}?sort=createdAt`);
    assert.deepEqual(
      sorted.body.resources.map((r: { id: string }) => r.id),
      ids,
    );
    for (const q of ["skip=-1", "limit=x", "sort=nope", "created_after=yesterday"]) {
      const bad = await api("GET", `${RUNS}?${q}`);
      assert.ok(isCckmError(bad, 400, "NCERR"), `${q}: ${bad.text}`);
    }

    const del = await api("DELETE", `${RUNS}/${ids[0]}`);
    assert.equal(del.status, 204, del.text);
    assert.ok(isCckmError(await api("GET", `${RUNS}/${ids[0]}`), 404, "NCERRResourceNotFound"));
    assert.equal((await api("GET", RUNS)).body.total, 3);
    const missing = "00000000-0000-0000-0000-000000000001";
    assert.ok(isCckmError(await api("DELETE", `${RUNS}/${missing}`), 404, "NCERRResourceNotFound"));
    assert.ok(isCckmError(await api("POST", `${CONFIGS}/${missing}/run-now`), 404, "NCERRResourceNotFound"));
    const noAuth = await call(sim, "GET", RUNS);
    assert.ok(isCckmError(noAuth, 401, "NCERRUnauthorizedAccess"), noAuth.text);

    await call(sim, "POST", "/sim/reset", { body: {} });
    assert.equal((await api("GET", RUNS)).body.total, 0, "a reset forgets the runs with the configs");
  });

  it("records the runs the cron fires (clock set 1.5 s before a minute)", async () => {
    // the clock seam: "now" is set 1.5 s before the next whole minute, so `* * * * *` is due in 1.5 s
    let offset = 0;
    const cron = await startSimulator({ http: true, clock: () => Date.now() + offset });
    try {
      const t = await login(cron);
      const real = Date.now();
      offset = Math.ceil(real / 60000) * 60000 + 60000 - 1500 - real;
      const c = await call(cron, "POST", CONFIGS, { token: t, body: config("every-minute", { run_at: "* * * * *" }) });
      assert.equal(c.status, 201, c.text);
      let runs = await call(cron, "GET", `${RUNS}?job_config_id=${c.body.id}`, { token: t });
      const end = Date.now() + 10_000;
      while (runs.body.total === 0 && Date.now() < end) {
        await sleep(200);
        runs = await call(cron, "GET", `${RUNS}?job_config_id=${c.body.id}`, { token: t });
      }
      assert.equal(runs.body.total, 1, runs.text);
      const run = runs.body.resources[0];
      assert.equal(run.run_type, "scheduled");
      const job = await call(cron, "GET", `${GOOGLE_JOBS}/${run.cckm_synchronization.job_id}`, { token: t });
      assert.equal(job.status, 200, job.text);
    } finally {
      await cron.stop();
    }
  });
});
