/** CM's scheduler in cckm-sim: job configs (CRUD, paging, CM-shaped errors) and the sync jobs their cron starts. */
import { strict as assert } from "assert";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login, SEED } from "./helpers";

const CONFIGS = "/api/v1/scheduler/job-configs";
const GOOGLE = "/api/v1/cckm/google/synchronization-jobs";

const nightly = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  operation: "cckm_synchronization",
  run_at: "0 2 * * *",
  cckm_synchronization_params: { cloud_name: "gcp", key_rings: [SEED.googleRingName] },
  ...extra,
});

describe("simulator: scheduler job configs", function () {
  this.timeout(90000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ jobSeconds: 60 });
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  const send = (method: string, path: string, body?: unknown) => call(sim, method, path, { token, body });

  it("create, get, list with paging, patch (clearing a date), delete", async () => {
    const a = await send("POST", CONFIGS, nightly("nightly-rings", { end_date: "2099-01-01T00:00:00Z" }));
    assert.equal(a.status, 201, a.text);
    assert.equal(a.body.run_on, "any");
    assert.equal(a.body.disabled, false);
    assert.equal(a.body.end_date, "2099-01-01T00:00:00Z");
    assert.deepEqual(a.body.cckm_synchronization_params, {
      cloud_name: "gcp",
      key_rings: [SEED.googleRingName],
    });
    assert.match(a.body.next_run_at, /T02:00:00\.000Z$/);
    assert.deepEqual((await send("GET", `${CONFIGS}/${a.body.id}`)).body, a.body);
    for (let i = 0; i < 11; i++) assert.equal((await send("POST", CONFIGS, nightly(`n${i}`))).status, 201);
    const page = await send("GET", CONFIGS);
    assert.equal(page.body.total, 12);
    assert.equal(page.body.resources.length, 10);
    assert.equal(page.body.resources[0].id, a.body.id, "oldest first");
    assert.equal((await send("GET", `${CONFIGS}?skip=10&limit=10`)).body.resources.length, 2);
    assert.equal((await send("GET", `${CONFIGS}?name=n3`)).body.total, 1);
    const p = await send("PATCH", `${CONFIGS}/${a.body.id}`, { run_at: "30 4 * * 1", end_date: null, disabled: true });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.run_at, "30 4 * * 1");
    assert.equal(p.body.end_date, undefined, "cleared");
    assert.equal(p.body.next_run_at, undefined, "disabled: no next run");
    assert.equal(p.body.name, "nightly-rings", "the rest stays");
    const d = await send("DELETE", `${CONFIGS}/${a.body.id}`);
    assert.equal(d.status, 204);
    assert.ok(isCckmError(await send("GET", `${CONFIGS}/${a.body.id}`), 404, "NCERRResourceNotFound"));
    assert.equal((await send("DELETE", `${CONFIGS}/${a.body.id}`)).status, 404);
  });

  it("CM-shaped errors: a bad cron, unknown parameters, a scope the family does not take, dates, names", async () => {
    const cases: [unknown, number, RegExp][] = [
      [nightly("x", { run_at: "61 * * * *" }), 400, /run_at: invalid cron expression/],
      [nightly("x", { run_at: "0 0 2 * * *" }), 400, /run_at: invalid cron expression.*5 parts/],
      [nightly("x", { every: "night" }), 400, /unknown parameter: every/],
      [nightly("x", { operation: "key_rotation" }), 400, /operation: only cckm_synchronization/],
      [nightly("x", { start_date: "tomorrow" }), 400, /start_date: expected an RFC 3339 date/],
      [
        nightly("x", { cckm_synchronization_params: { cloud_name: "gcp", kms: ["aws-prod"] } }),
        400,
        /cckm_synchronization_params\.kms \(gcp takes synchronize_all, key_rings\)/,
      ],
      [nightly("x", { cckm_synchronization_params: { cloud_name: "ibm", synchronize_all: true } }), 400, /cloud_name/],
      [nightly("x", { cckm_synchronization_params: { cloud_name: "gcp", key_rings: ["nope"] } }), 404, /nope/],
      [{ name: "x" }, 400, /operation/],
    ];
    for (const [body, status, said] of cases) {
      const a = await send("POST", CONFIGS, body);
      assert.equal(a.status, status, `${JSON.stringify(body)}: ${a.text}`);
      assert.equal(typeof a.body.code, "number");
      assert.match(a.body.message, said);
    }
    assert.equal((await send("POST", CONFIGS, nightly("twin"))).status, 201);
    assert.ok(isCckmError(await send("POST", CONFIGS, nightly("twin")), 409, "NCERRConflict"), "names are unique");
  });

  it("fire now (control API) starts the family's sync job, which its list shows; disabled and dates hold", async () => {
    const a = await send("POST", CONFIGS, nightly("rings"));
    const fired = await call(sim, "POST", `/sim/scheduler/${a.body.id}/fire`);
    assert.equal(fired.status, 200, fired.text);
    assert.equal(fired.body.family, "google");
    const jobs = await send("GET", GOOGLE);
    assert.deepEqual(
      jobs.body.resources.map((j: { id: string }) => j.id),
      [fired.body.id],
    );
    assert.deepEqual(jobs.body.resources[0].key_rings, [SEED.googleRingName]);
    const again = await call(sim, "POST", `/sim/scheduler/${a.body.id}/fire`);
    assert.equal(again.status, 400, "refused like any second job while one runs");
    const runs = sim.control.schedules()[0].runs as { jobId?: string; error?: string }[];
    assert.equal(runs[0].jobId, fired.body.id);
    assert.match(String(runs[1].error), /already in progress/);
    await send("PATCH", `${CONFIGS}/${a.body.id}`, { disabled: true });
    assert.match((await call(sim, "POST", `/sim/scheduler/${a.body.id}/fire`)).body.message, /disabled/);
    await send("PATCH", `${CONFIGS}/${a.body.id}`, { disabled: false, start_date: "2099-01-01T00:00:00Z" });
    assert.match((await call(sim, "POST", `/sim/scheduler/${a.body.id}/fire`)).body.message, /start_date/);
    const future = (await send("GET", `${CONFIGS}/${a.body.id}`)).body;
    assert.ok(Date.parse(future.next_run_at) >= Date.parse("2099-01-01T00:00:00Z"), "the cron waits for start_date");
    const ended = await send("PATCH", `${CONFIGS}/${a.body.id}`, {
      start_date: null,
      end_date: "2020-01-01T00:00:00Z",
    });
    assert.equal(ended.body.next_run_at, undefined, "no run after end_date");
    assert.match((await call(sim, "POST", `/sim/scheduler/${a.body.id}/fire`)).body.message, /end_date/);
  });

  it("the cron fires by itself and starts the job (waits for the next minute)", async () => {
    const a = await send("POST", CONFIGS, nightly("every-minute", { run_at: "* * * * *" }));
    const due = Date.parse(a.body.next_run_at);
    assert.ok(due - Date.now() <= 60_000);
    for (;;) {
      const list = await send("GET", GOOGLE);
      if (list.body.total > 0) {
        assert.ok(Date.parse(list.body.resources[0].createdAt) >= due - 1000, "started at the cron's time");
        break;
      }
      assert.ok(Date.now() < due + 10_000, "the cron did not fire");
      await new Promise((r) => setTimeout(r, 250));
    }
  });
});
