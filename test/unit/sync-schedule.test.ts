// The front-end-neutral SyncSchedule logic: check and diff (pure), and the CRUD functions against cckm-sim over
// HTTPS with the real client (no engine), including errors that name the resource, endpoint and status.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { clientFor, resetClients } from "../../provider/client/client";
import { UNKNOWN } from "../../provider/core/models";
import { providerFor } from "../../provider/dynamic/serialized";
import * as schedule from "../../provider/schedule";
import { startSimulator, type Simulator } from "../../simulator";
import { call, login, SEED } from "../simulator/helpers";

const ok = { cloud: "google", keyRings: [SEED.googleRingName], runAt: "0 2 * * *" };
/** check with the default scheduleName a front end passes (the registry entry's default-name hook) */
const checkSchedule = (news: Record<string, unknown>) => schedule.checkSchedule(news, "rings");

function failures(news: Record<string, unknown>): string[] {
  return checkSchedule(news).failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("SyncSchedule check (no API call)", () => {
  it("normalizes and fills defaults", () => {
    const { inputs, failures: f } = schedule.checkSchedule(
      {
        ...ok,
        cloud: "Google",
        keyRings: ["b", "a", "b"],
        runAt: "  0   2 * * * ",
        startDate: "2026-01-01T01:00:00+01:00",
      },
      "proj-dev-rings",
    );
    assert.deepEqual(f, []);
    assert.deepEqual(inputs, {
      cloud: "google",
      keyRings: ["a", "b"],
      synchronizeAll: false,
      runAt: "0 2 * * *",
      runOn: "any",
      description: "",
      disabled: false,
      startDate: "2026-01-01T00:00:00Z",
      scheduleName: "proj-dev-rings",
    });
  });

  it("fails bad input naming the property", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...ok, runAt: "0 2 * *" }, /^runAt: must be a cron expression of five fields/],
      [{ ...ok, runAt: "0 2 * * * *" }, /^runAt: must be a cron expression of five fields.* has 6/],
      [{ ...ok, runAt: "0 24 * * *" }, /^runAt: is not a valid cron expression/],
      [{ ...ok, runAt: undefined }, /^runAt: is required/],
      [{ ...ok, cloud: "gcp" }, /^cloud: must be one of "aws", "azure", "google", "oci", "sap"/],
      [{ ...ok, kms: ["x"] }, /^kms: is for cloud "aws", not "google"/],
      [{ ...ok, keyRings: undefined }, /^keyRings: is required unless synchronizeAll is true/],
      [{ ...ok, synchronizeAll: true }, /^keyRings: give either keyRings or synchronizeAll: true, not both/],
      [{ ...ok, keyRings: [] }, /^keyRings: must not be empty/],
      [
        { cloud: "aws", synchronizeAll: true, regions: ["eu-west-1"], runAt: "0 1 * * *" },
        /^regions: applies to a kms list, not to synchronizeAll/,
      ],
      [
        { cloud: "azure", keyVaults: ["v"], takeCloudKeyBackup: "yes", runAt: "0 1 * * *" },
        /^takeCloudKeyBackup: must be true or false/,
      ],
      [{ ...ok, startDate: "tomorrow" }, /^startDate: must be an RFC 3339 date-time/],
      [
        { ...ok, startDate: "2027-01-01T00:00:00Z", endDate: "2026-01-01T00:00:00Z" },
        /^endDate: must be after startDate/,
      ],
      [{ ...ok, disabled: "no" }, /^disabled: must be true or false/],
      [{ ...ok, scheduleName: "" }, /^scheduleName: must not be empty/],
      [{ ...ok, colour: "blue" }, /^colour: is not an input of this resource/],
    ];
    for (const [news, re] of cases) {
      const f = failures(news);
      assert.ok(
        f.some((x) => re.test(x)),
        `${JSON.stringify(news)} -> ${JSON.stringify(f)}`,
      );
    }
  });

  it("lets values not known yet through", () => {
    const { failures: f } = checkSchedule({ ...ok, runAt: UNKNOWN, keyRings: UNKNOWN, cloud: UNKNOWN });
    assert.deepEqual(f, []);
  });
});

describe("SyncSchedule diff (from spec.ts modes)", () => {
  const olds = checkSchedule({ ...ok, endDate: "2030-01-01T00:00:00Z" }).inputs;
  const d = (over: Record<string, unknown>) => schedule.diffSchedule(olds, { ...olds, ...over });

  it("no change, in place, replace", () => {
    assert.deepEqual(d({}), { changes: false, replaces: [], deleteBeforeReplace: false, detailedDiff: {} });
    for (const k of ["runAt", "description", "disabled", "runOn", "keyRings", "synchronizeAll"]) {
      const r = d({ [k]: k === "disabled" || k === "synchronizeAll" ? true : k === "keyRings" ? ["x"] : "0 3 * * *" });
      assert.equal(r.changes, true, k);
      assert.deepEqual(r.replaces, [], k);
    }
    assert.deepEqual(d({ endDate: undefined }).replaces, []);
    assert.equal(d({ endDate: undefined }).changes, true, "clearing a date is a change");
    assert.deepEqual(d({ cloud: "aws", kms: ["k"], keyRings: undefined }), {
      changes: true,
      replaces: ["cloud"],
      deleteBeforeReplace: true,
      detailedDiff: { cloud: "replace", kms: "update", keyRings: "update" },
    });
    assert.deepEqual(d({ scheduleName: "other" }), {
      changes: true,
      replaces: ["scheduleName"],
      deleteBeforeReplace: false,
      detailedDiff: { scheduleName: "replace" },
    });
    assert.deepEqual(d({ runAt: UNKNOWN }).replaces, [], "an unknown in-place value is an update");
    assert.deepEqual(d({ cloud: UNKNOWN }).replaces, ["cloud"]);
  });

  it("every input has a mode, and the replace ones are what CM cannot PATCH", () => {
    assert.deepEqual(schedule.REPLACE_ON_CHANGE, ["cloud", "scheduleName"]);
    for (const p of schedule.SCHEDULE_INPUTS) assert.ok(p.description.length > 10, p.name);
  });
});

describe("SyncSchedule operations against cckm-sim (real client, HTTPS)", function () {
  this.timeout(30000);
  let sim: Simulator;
  let ctx: schedule.ScheduleContext;

  before(async () => {
    sim = await startSimulator();
    resetClients();
    const settings = {
      address: sim.url,
      username: "admin",
      password: "admin",
      caCert: sim.caCert,
      insecureSkipVerify: false,
      sources: {},
    };
    ctx = { client: () => clientFor(settings) };
  });
  after(() => sim.stop());

  it("create, read, update (clearing a date), delete, and a delete of a gone config", async () => {
    const inputs = checkSchedule({ ...ok, endDate: "2030-01-01T00:00:00Z" }).inputs;
    const { id, outs } = await schedule.createSchedule(ctx, inputs);
    assert.equal(outs.endDate, "2030-01-01T00:00:00Z");
    assert.equal(outs.scheduleName, "rings");
    const news = checkSchedule({ ...ok, runAt: "0 4 * * *", disabled: true }).inputs;
    const { outs: after } = await schedule.updateSchedule(ctx, id, outs, news);
    assert.equal(after.endDate, undefined);
    assert.equal(after.runAt, "0 4 * * *");
    assert.equal(after.nextRunAt, "");
    const read = await schedule.readSchedule(ctx, id, after);
    assert.deepEqual(read.props, after);
    await schedule.deleteSchedule(ctx, id, after);
    assert.deepEqual(await schedule.readSchedule(ctx, id, after), { id: "", props: {} });
    await schedule.deleteSchedule(ctx, id, after);
  });

  it("errors name the resource, the endpoint, the status and what to do", async () => {
    const inputs = checkSchedule({ ...ok, keyRings: ["no-such-ring"] }).inputs;
    await assert.rejects(schedule.createSchedule(ctx, inputs), (err: Error) => {
      assert.match(
        err.message,
        /^SyncSchedule "rings": creating the job config failed: CCKM POST \/api\/v1\/scheduler\/job-configs answered HTTP 404/,
      );
      assert.match(err.message, /key_rings: not found: no-such-ring/);
      assert.match(err.message, /What to do: /);
      return true;
    });
    const token = await login(sim);
    await call(sim, "POST", "/api/v1/scheduler/job-configs", {
      token,
      body: {
        name: "rings",
        operation: "cckm_synchronization",
        run_at: "0 1 * * *",
        cckm_synchronization_params: { cloud_name: "gcp", synchronize_all: true },
      },
    });
    await assert.rejects(
      schedule.createSchedule(ctx, checkSchedule(ok).inputs),
      /HTTP 409 NCERRConflict.*What to do: a job config named "rings" may already exist/,
    );
    await assert.rejects(
      schedule.updateSchedule(ctx, "4a1c0d9e-0000-4000-8000-000000000000", {}, checkSchedule(ok).inputs),
      /PATCH \/api\/v1\/scheduler\/job-configs\/4a1c0d9e-.* answered HTTP 404.*run `pulumi refresh`/,
    );
  });
});

describe("SyncSchedule runNowTriggers and lastRun (pure)", () => {
  it("check takes any list for runNowTriggers, keeps it absent when not given, and names it when not a list", () => {
    assert.deepEqual(checkSchedule({ ...ok, runNowTriggers: [1, "a", { b: 2 }] }).inputs.runNowTriggers, [
      1,
      "a",
      { b: 2 },
    ]);
    assert.ok(!("runNowTriggers" in checkSchedule(ok).inputs), "absent stays absent (old states diff clean)");
    assert.equal(checkSchedule({ ...ok, runNowTriggers: UNKNOWN }).failures.length, 0);
    for (const bad of ["now", 1, { a: 1 }, true]) {
      const f = failures({ ...ok, runNowTriggers: bad });
      assert.equal(f.length, 1, JSON.stringify(f));
      assert.match(f[0], /^runNowTriggers: must be a list \(any values; a change runs the schedule now\), not /);
    }
  });

  it("diff: a change of runNowTriggers is an update (never a replacement); absent, [] and a state of before are no change", () => {
    const olds = checkSchedule(ok).inputs;
    // a state written before runNowTriggers and lastRun existed
    assert.equal(schedule.diffSchedule(olds, olds).changes, false);
    assert.equal(schedule.diffSchedule(olds, { ...olds, runNowTriggers: [] }).changes, false);
    assert.equal(schedule.runNowChanged(olds, { ...olds, runNowTriggers: [] }), false);
    const withRun = { ...olds, runNowTriggers: [1], lastRun: { runId: "r", status: "failed" } };
    assert.equal(
      schedule.diffSchedule(withRun, { ...olds, runNowTriggers: [1] }).changes,
      false,
      "lastRun is no input",
    );
    for (const next of [[2], [], undefined, UNKNOWN]) {
      const r = schedule.diffSchedule(withRun, { ...olds, runNowTriggers: next });
      assert.deepEqual(r, {
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
        detailedDiff: { runNowTriggers: "update" },
      });
      assert.equal(schedule.runNowChanged(withRun, { ...olds, runNowTriggers: next }), true);
    }
  });

  it("lastRun maps CM's run record to camelCase, statuses as the job resources say them", () => {
    const raw = {
      id: "run-1",
      uri: "kylo:kylo:scheduler:job:run-1",
      createdAt: "2026-12-05T00:00:00.1Z",
      job_config_id: "cfg",
      run_type: "manual",
      job_status: "failed",
      started_at: "2026-12-05T00:00:00.1Z",
      completed_at: "2026-12-05T00:00:02Z",
      cckm_synchronization: {
        cloud_name: "gcp",
        job_id: "job-1",
        job_path: "/v1/cckm/google/synchronization-jobs/job-1",
      },
      failed_items: { "projects/p/locations/l/keyRings/r": "permission denied" },
    };
    assert.deepEqual(schedule.lastRunFrom(raw), {
      runId: "run-1",
      jobId: "job-1",
      runType: "manual",
      status: "failed",
      startedAt: "2026-12-05T00:00:00.1Z",
      endedAt: "2026-12-05T00:00:02Z",
      failingItems: { "projects/p/locations/l/keyRings/r": "permission denied" },
    });
    assert.deepEqual(
      schedule.lastRunFrom({
        id: "run-2",
        createdAt: "2026-12-05T00:00:00Z",
        job_status: "failed",
        error: "409 NCERRConflict: a job is running",
      }),
      {
        runId: "run-2",
        status: "failed",
        startedAt: "2026-12-05T00:00:00Z",
        failingItems: {},
        error: "409 NCERRConflict: a job is running",
      },
      "a run whose sync could not start: no jobId, its error",
    );
    const status = (s: string) => schedule.runStatus(s);
    assert.deepEqual(
      ["in_progress", "In Progress", "completed", "failed", "error", "aborted", "scheduled"].map(status),
      ["in_progress", "in_progress", "completed", "failed", "failed", "cancelled", "in_progress"],
    );
  });

  it("a failed or cancelled last run is a warning naming the config, the run, the job and the items", () => {
    const run = {
      runId: "run-1",
      jobId: "job-1",
      runType: "scheduled",
      status: "failed",
      startedAt: "2026-12-05T00:00:00Z",
      failingItems: { a: "permission denied", b: "gone" },
    };
    const w = schedule.lastRunWarning('SyncSchedule "nightly"', "cfg", run);
    assert.equal(
      w,
      'cckm: SyncSchedule "nightly": warning: the last run of job config cfg (scheduled run run-1, CCKM job job-1, ' +
        "started 2026-12-05T00:00:00Z) ended failed with 2 failing items: a: permission denied; b: gone. The " +
        "schedule itself is unchanged. What to do: fix the cause in CM (the items named), then change " +
        "runNowTriggers to run it now, or wait for the next scheduled run.",
    );
    for (const ok2 of [undefined, { ...run, status: "completed" }, { ...run, status: "in_progress" }])
      assert.equal(schedule.lastRunWarning("x", "cfg", ok2), undefined);
    assert.match(String(schedule.runProblem({ status: "failed", error: "409 busy" })), /could not start \(409 busy\)/);
    assert.equal(schedule.runProblem({ status: "cancelled", failingItems: {} }), "ended cancelled");
  });

  it("each cloud runs its sync family", () => {
    for (const c of schedule.CLOUDS) assert.equal(schedule.familyOf(c.cloud)?.family.schedule?.cloud, c.cloud);
    assert.equal(schedule.familyOf("nope"), undefined);
  });
});

describe("SyncSchedule serialized provider", () => {
  it('holds only the kind string and require("pulumi-cckm/runtime"), and is the module\'s exports', async () => {
    const provider = providerFor("SyncSchedule");
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    assert.ok(sf.text.length < 2500, `__provider is ${sf.text.length} bytes`);
    assert.ok(sf.text.includes('"SyncSchedule"'));
    assert.ok(sf.text.includes('require("pulumi-cckm/runtime")'));
    for (const word of ["axios", "croner", "schedule/", "client/", "__awaiter"]) {
      assert.ok(!sf.text.includes(word), `__provider mentions ${word}:\n${sf.text}`);
    }
    const file = require.resolve("../../provider/providers/syncSchedule");
    assert.strictEqual(require.cache[file]?.exports, provider);
  });
});
