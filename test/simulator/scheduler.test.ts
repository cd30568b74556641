/** cckm-sim's scheduler (`/api/v1/scheduler/job-configs`) over HTTPS: CRUD, paging, CM-shaped errors, runs. */
import { strict as assert } from "assert";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login, SEED } from "./helpers";

const BASE = "/api/v1/scheduler/job-configs";
const GOOGLE_JOBS = "/api/v1/cckm/google/synchronization-jobs";

function config(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "nightly-rings",
    operation: "cckm_synchronization",
    run_at: "0 2 * * *",
    cckm_synchronization_params: { cloud_name: "gcp", key_rings: [SEED.googleRingName] },
    ...over,
  };
}

describe("simulator: scheduler job configs", function () {
  this.timeout(30000);
  let sim: Simulator;
  let token: string;
  const api = (method: string, path: string, body?: unknown) => call(sim, method, path, { token, body });

  before(async () => {
    sim = await startSimulator();
    assert.match(sim.url, /^https:/);
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  it("creates, gets, patches and deletes a config, reading back what it stores", async () => {
    const c = await api("POST", BASE, config({ description: "nightly", start_date: "2026-01-01T01:00:00+01:00" }));
    assert.equal(c.status, 201, c.text);
    const id = c.body.id as string;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(c.body.run_on, "any");
    assert.equal(c.body.disabled, false);
    assert.equal(c.body.start_date, "2026-01-01T00:00:00Z");
    assert.equal(c.body.end_date, undefined);
    assert.deepEqual(c.body.job_config_params, {
      cloud_name: "gcp",
      key_rings: [SEED.googleRingName],
      synchronize_all: false,
    });
    assert.ok(c.body.createdAt < c.body.updatedAt || c.body.createdAt === c.body.updatedAt);
    const g = await api("GET", `${BASE}/${id}`);
    assert.deepEqual(g.body, c.body);

    const p = await api("PATCH", `${BASE}/${id}`, {
      run_at: "30 3 * * 1-5",
      disabled: true,
      end_date: "2027-01-01T00:00:00Z",
      cckm_synchronization_params: { synchronize_all: true },
    });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.run_at, "30 3 * * 1-5");
    assert.equal(p.body.disabled, true);
    assert.equal(p.body.end_date, "2027-01-01T00:00:00Z");
    assert.equal(p.body.description, "nightly", "fields not named stay");
    assert.deepEqual(p.body.job_config_params, { cloud_name: "gcp", synchronize_all: true }, "params are replaced");
    assert.ok(p.body.updatedAt > c.body.updatedAt);

    // "" (or null) clears a date
    const cleared = await api("PATCH", `${BASE}/${id}`, { start_date: "", end_date: null });
    assert.equal(cleared.body.start_date, undefined);
    assert.equal(cleared.body.end_date, undefined);
    assert.equal((await api("GET", `${BASE}/${id}`)).body.start_date, undefined);

    const d = await api("DELETE", `${BASE}/${id}`);
    assert.equal(d.status, 204);
    assert.ok(isCckmError(await api("GET", `${BASE}/${id}`), 404, "NCERRResourceNotFound"));
    assert.ok(isCckmError(await api("DELETE", `${BASE}/${id}`), 404, "NCERRResourceNotFound"));
    assert.ok(isCckmError(await api("PATCH", `${BASE}/${id}`, { disabled: false }), 404, "NCERRResourceNotFound"));
  });

  it("lists newest first with skip, limit and total, and filters by name", async () => {
    for (let i = 0; i < 12; i++) assert.equal((await api("POST", BASE, config({ name: `s${i}` }))).status, 201);
    const first = await api("GET", BASE);
    assert.equal(first.body.total, 12);
    assert.equal(first.body.limit, 10);
    assert.equal(first.body.resources.length, 10);
    assert.equal(first.body.resources[0].name, "s11");
    const rest = await api("GET", `${BASE}?skip=10&limit=10`);
    assert.deepEqual(
      rest.body.resources.map((r: { name: string }) => r.name),
      ["s1", "s0"],
    );
    const one = await api("GET", `${BASE}?name=s3`);
    assert.equal(one.body.total, 1);
    assert.equal(one.body.resources[0].name, "s3");
    assert.ok(isCckmError(await api("GET", `${BASE}?limit=x`), 400, "NCERRInvalidParamValue"));
  });

  it("answers CM-shaped 400s naming the field, 409 for a taken name", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [config({ run_at: "0 2 * *" }), /run_at: invalid cron expression .*expected 5 fields/],
      [config({ run_at: "0 2 * * * *" }), /run_at: .*expected 5 fields .*got 6/],
      [config({ run_at: "61 2 * * *" }), /run_at: invalid cron expression "61 2 \* \* \*"/],
      [config({ run_at: undefined }), /run_at is required/],
      [config({ operation: "make_coffee" }), /operation must be one of/],
      [config({ operation: "database_backup" }), /operation database_backup is not supported by cckm-sim/],
      [config({ colour: "blue" }), /colour is not a known parameter/],
      [
        config({ cckm_synchronization_params: { cloud_name: "gcp", key_rings: ["x"], kms: ["y"] } }),
        /cckm_synchronization_params\.kms is not a parameter of cloud_name gcp/,
      ],
      [
        config({ cckm_synchronization_params: { cloud_name: "gcp" } }),
        /cckm_synchronization_params: either key_rings .* or synchronize_all: true is required/,
      ],
      [config({ cckm_synchronization_params: undefined }), /cckm_synchronization_params is required/],
      [
        config({ cckm_synchronization_params: { cloud_name: "GoogleCloud", synchronize_all: true } }),
        /cloud_name must be one of aws, gcp, AzureCloud, oci, sap/,
      ],
      [
        config({ cckm_synchronization_params: { cloud_name: "gcp", key_rings: ["x"], synchronize_all: true } }),
        /mutually exclusive/,
      ],
      [config({ start_date: "tomorrow" }), /start_date must be an RFC 3339 date-time/],
      [
        config({ start_date: "2027-01-01T00:00:00Z", end_date: "2026-01-01T00:00:00Z" }),
        /end_date .* must be after start_date/,
      ],
      [config({ disabled: "no" }), /disabled must be a boolean/],
    ];
    for (const [body, message] of cases) {
      const a = await api("POST", BASE, body);
      assert.ok(isCckmError(a, 400, "NCERRInvalidParamValue"), `${JSON.stringify(body)} -> ${a.status} ${a.text}`);
      assert.match(a.body.message, message);
    }
    const missing = await api(
      "POST",
      BASE,
      config({ cckm_synchronization_params: { cloud_name: "oci", oci_vaults: ["no-such-vault"] } }),
    );
    assert.ok(isCckmError(missing, 404, "NCERRResourceNotFound"), missing.text);
    assert.match(missing.body.message, /oci_vaults: not found: no-such-vault/);
    assert.equal((await api("POST", BASE, config())).status, 201);
    assert.ok(isCckmError(await api("POST", BASE, config()), 409, "NCERRConflict"));
    assert.equal(sim.control.log().filter((e) => e.status === 201).length, 1);
  });

  it("refuses a PATCH of name, operation or cloud_name, and a bad cron, leaving the config as it was", async () => {
    const id = (await api("POST", BASE, config())).body.id as string;
    const before = (await api("GET", `${BASE}/${id}`)).body;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: "other" }, /name cannot be changed/],
      [{ operation: "cckm_key_rotation" }, /operation cannot be changed/],
      [{ cckm_synchronization_params: { cloud_name: "aws", synchronize_all: true } }, /cloud_name cannot be changed/],
      [{ run_at: "every night" }, /run_at: invalid cron expression/],
      [{ disabled: true, run_at: "0 25 * * *" }, /run_at/],
    ];
    for (const [body, message] of cases) {
      const a = await api("PATCH", `${BASE}/${id}`, body);
      assert.ok(isCckmError(a, 400, "NCERRInvalidParamValue"), `${JSON.stringify(body)} -> ${a.status} ${a.text}`);
      assert.match(a.body.message, message);
    }
    assert.deepEqual((await api("GET", `${BASE}/${id}`)).body, before);
  });

  it("firing a config (control API) starts the family's job; disabled and out-of-dates configs do not run", async () => {
    const aws = await api(
      "POST",
      BASE,
      config({
        name: "aws",
        cckm_synchronization_params: { cloud_name: "aws", kms: [SEED.awsKmsName], regions: ["us-east-1"] },
      }),
    );
    const fired = await call(sim, "POST", `/sim/schedules/${aws.body.id}/fire`);
    assert.equal(fired.status, 200, fired.text);
    assert.equal(fired.body.fired, true);
    assert.equal(fired.body.family, "aws");
    const job = await api("GET", `/api/v1/cckm/aws/synchronization-jobs/${fired.body.jobId}`);
    assert.equal(job.status, 200);
    assert.deepEqual(job.body.kms, [SEED.awsKmsId]);
    assert.deepEqual(job.body.regions, ["us-east-1"]);

    const g = (await api("POST", BASE, config({ disabled: true }))).body;
    const skipped = await call(sim, "POST", `/sim/schedules/${g.id}/fire`);
    assert.deepEqual(skipped.body, { fired: false, reason: "the job config is disabled" });
    assert.equal((await api("GET", GOOGLE_JOBS)).body.total, 0);
    const forced = await call(sim, "POST", `/sim/schedules/${g.id}/fire`, { body: { force: true } });
    assert.equal(forced.body.fired, true);
    const list = await api("GET", GOOGLE_JOBS);
    assert.equal(list.body.total, 1);
    assert.equal(list.body.resources[0].id, forced.body.jobId);
    assert.deepEqual(list.body.resources[0].key_rings, [SEED.googleRingName]);

    await api("PATCH", `${BASE}/${g.id}`, { disabled: false, end_date: "2020-01-01T00:00:00Z" });
    const ended = await call(sim, "POST", `/sim/schedules/${g.id}/fire`);
    assert.equal(ended.body.fired, false);
    assert.match(ended.body.reason, /end_date 2020-01-01T00:00:00Z has passed/);
    const rec = await call(sim, "GET", `/sim/schedules/${g.id}`);
    assert.equal(rec.body.sim.nextRunAt, null);
    assert.equal(rec.body.sim.runs.length, 1);
    assert.equal(rec.body.sim.runs[0].trigger, "control");
  });

  it("a refused run (a sync already running over the scope) is recorded, not thrown", async () => {
    sim.control.configure({ overlap: "conflict" });
    const g = (await api("POST", BASE, config())).body;
    const a = await call(sim, "POST", `/sim/schedules/${g.id}/fire`);
    const b = await call(sim, "POST", `/sim/schedules/${g.id}/fire`);
    assert.ok(a.body.jobId);
    assert.equal(b.body.jobId, undefined);
    assert.match(b.body.error, /^409 NCERRConflict: a synchronization job .* is already in progress/);
  });

  it("reset forgets every config", async () => {
    await api("POST", BASE, config());
    await call(sim, "POST", "/sim/reset");
    assert.equal((await api("GET", BASE)).body.total, 0);
    assert.deepEqual((await call(sim, "GET", "/sim/schedules")).body, []);
  });
});

describe("simulator: scheduler cron timers", function () {
  this.timeout(30000);

  it("starts the job by itself when the cron fires (clock set 1.5 s before a minute)", async () => {
    // the simulator's clock seam: "now" is 1.5 s before the next whole minute, so `* * * * *` is due in 1.5 s
    let offset = 0;
    const sim = await startSimulator({ clock: () => Date.now() + offset });
    try {
      const token = await login(sim);
      const real = Date.now();
      offset = Math.ceil(real / 60000) * 60000 + 60000 - 1500 - real;
      const c = await call(sim, "POST", BASE, { token, body: config({ run_at: "* * * * *" }) });
      const off = await call(sim, "POST", BASE, {
        token,
        body: config({
          name: "off",
          run_at: "* * * * *",
          disabled: true,
          cckm_synchronization_params: { cloud_name: "AzureCloud", key_vaults: [SEED.azureVaultName] },
        }),
      });
      assert.equal(off.status, 201, off.text);
      const rec = await call(sim, "GET", `/sim/schedules/${c.body.id}`);
      assert.equal(Date.parse(rec.body.sim.nextRunAt) % 60000, 0);
      let jobs;
      for (let i = 0; i < 100; i++) {
        jobs = await call(sim, "GET", GOOGLE_JOBS, { token });
        if (jobs.body.total > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const seen = (await call(sim, "GET", `/sim/schedules/${c.body.id}`)).body;
      assert.equal(jobs!.body.total, 1, `the cron started one google job: ${JSON.stringify(seen.sim)}`);
      const runs = (await call(sim, "GET", `/sim/schedules/${c.body.id}`)).body.sim.runs;
      assert.equal(runs.length, 1);
      assert.equal(runs[0].trigger, "cron");
      assert.equal(runs[0].jobId, jobs!.body.resources[0].id);
      assert.equal((await call(sim, "GET", "/api/v1/cckm/azure/synchronization-jobs", { token })).body.total, 0);
    } finally {
      await sim.stop();
    }
  });
});
