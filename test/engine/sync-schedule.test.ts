// SyncSchedule through the real engine and both front ends (the dynamic class and the plugin's
// `cckm:index:SyncSchedule`), one suite: a bad cron fails preview naming runAt with no API call; create (named after
// project, stack and resource); an in-place update (cron); clearing a date; drift made in CM shows on refresh and
// the next up undoes it; a replacement (cloud); a firing schedule starts a job; `pulumi import` (the plugin only:
// dynamic resources cannot be imported); runNowTriggers (a bad value fails preview; create runs the config once and
// lastRun shows the run; a change runs it again in place; a failing item fails the up; a failed scheduled run warns
// on refresh; an up with nothing changed runs nothing); destroy, also of a config CM no longer has.
import { strict as assert } from "assert";
import { frontEnds, frontEndTitle } from "../frontends";
import { call, login, SEED } from "../simulator/helpers";
import { Harness, harness } from "./provider-harness";

const BASE = "/api/v1/scheduler/job-configs";
const RING_EU = "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu";

type Outputs = Record<string, Record<string, unknown>>;
const AWS = { cloud: "aws", kms: ["aws-prod"], regions: ["us-east-1"], runAt: "0 1 * * *" };

for (const fe of frontEnds()) {
  describe(`SyncSchedule through the engine (${frontEndTitle(fe)})`, function () {
    this.timeout(15 * 60_000);
    let h: Harness;
    let id: string;
    const TYPE = `${fe === "dynamic" ? "pulumi-nodejs:dynamic/cckm" : "cckm:index"}:SyncSchedule`;
    const nightly = {
      cloud: "google",
      keyRings: [RING_EU, SEED.googleRingName],
      runAt: "0 2 * * *",
      startDate: "2026-01-01T00:00:00+01:00",
      endDate: "2099-01-01T00:00:00Z",
      description: "nightly rings",
    };
    const setSpec = (args: Record<string, unknown>) => h.setSpec({ nightly: { kind: "SyncSchedule", args } });
    const requests = (endpoint: string) => h.sim.counters().byEndpoint[endpoint] ?? 0;
    const outputs = async () => ((await h.stack.outputs()) as Outputs).nightly;
    // a fresh token per call: CM's tokens live 300 s, less than this suite
    const cm = async (method: string, p: string, body?: unknown) =>
      call(h.sim, method, p, { token: await login(h.sim), body });
    const stored = async (configId: string) => (await cm("GET", `${BASE}/${configId}`)).body;
    const resource = async (name: string) => {
      const r = (await h.resources()).find((x) => x.type === TYPE && x.urn.endsWith(`::${name}`));
      assert.ok(r, `no ${name} in state`);
      return r;
    };

    before(async () => {
      h = await harness(
        "sync-schedule",
        { nightly: { kind: "SyncSchedule", args: { ...nightly, runAt: "0 2 * *" } } },
        { frontEnd: fe, sim: { jobSeconds: 1 } },
      );
    });
    after(async () => {
      await h?.dispose();
    });

    it("a bad cron fails preview naming runAt, before any API call", async () => {
      const before = h.sim.counters().requests;
      const r = await h.stack.preview([], { allowFailure: true });
      assert.notEqual(r.code, 0);
      assert.match(r.output, /runAt[^\n]*five fields/);
      assert.equal(h.sim.counters().requests, before, JSON.stringify(h.sim.requestLog().slice(-3)));
    });

    it("up creates the job config, named after project, stack and resource, and outputs what CM stores", async () => {
      await setSpec(nightly);
      const r = await h.stack.up();
      assert.match(r.stdout, /SyncSchedule nightly created/);
      const o = await outputs();
      id = String(o.id);
      const c = await stored(id);
      assert.equal(c.name, o.scheduleName);
      assert.match(String(o.scheduleName), /^provider-sync-schedule-\w+-dev-nightly$/, "<project>-<stack>-<name>");
      assert.equal(c.operation, "cckm_synchronization");
      assert.deepEqual(c.job_config_params, {
        cloud_name: "gcp",
        key_rings: [RING_EU, SEED.googleRingName].sort(),
        synchronize_all: false,
      });
      assert.equal(o.cloud, "google");
      assert.deepEqual(o.keyRings, [RING_EU, SEED.googleRingName].sort());
      assert.equal(o.runAt, "0 2 * * *");
      assert.equal(o.runOn, "any");
      assert.equal(o.startDate, "2025-12-31T23:00:00Z", "stored in UTC");
      assert.equal(o.endDate, "2099-01-01T00:00:00Z");
      assert.equal(o.disabled, false);
      assert.equal(o.synchronizeAll, false);
      assert.equal(o.createdAt, c.createdAt);
      assert.equal(o.updatedAt, c.updatedAt);
      assert.match(String(o.nextRunAt), /^\d{4}-\d\d-\d\dT02:00:00Z$/);
      assert.ok(Date.parse(String(o.nextRunAt)) > Date.now());
      const state = await resource("nightly");
      assert.ok(!Object.keys(state.outputs ?? {}).some((k) => ["jobId", "status", "triggers"].includes(k)));
      if (fe === "native") {
        assert.ok(!Object.keys(state.inputs ?? {}).some((k) => k.startsWith("__")), "the plugin has no helper key");
      }
      const up2 = await h.stack.up();
      assert.match(up2.stdout, /2 unchanged/, "a second up changes nothing");
      assert.equal(requests("POST /api/v1/scheduler/job-configs"), 1);
      assert.equal(requests("PATCH /api/v1/scheduler/job-configs/{id}"), 0);
    });

    it("a cron change is an update in place (preview --diff says so), same id", async () => {
      await setSpec({ ...nightly, runAt: "30 3 * * 1-5" });
      const p = await h.stack.preview(["--diff"]);
      assert.ok(p.stdout.includes(`~ ${TYPE}: (update)`), p.stdout);
      assert.match(p.stdout, /~ runAt\s*: "0 2 \* \* \*" => "30 3 \* \* 1-5"/);
      assert.doesNotMatch(p.stdout, /replace/);
      await h.stack.up();
      const o = await outputs();
      assert.equal(o.id, id);
      assert.equal((await stored(id)).run_at, "30 3 * * 1-5");
      assert.match(String(o.nextRunAt), /T03:30:00Z$/);
      assert.equal(requests("PATCH /api/v1/scheduler/job-configs/{id}"), 1);
    });

    it("removing endDate clears it in CM", async () => {
      const { endDate: _gone, ...rest } = nightly;
      await setSpec({ ...rest, runAt: "30 3 * * 1-5" });
      const p = await h.stack.preview(["--diff"]);
      assert.match(p.stdout, /- endDate\s*: "2099-01-01T00:00:00Z"/);
      await h.stack.up();
      assert.equal((await stored(id)).end_date, undefined);
      assert.equal((await resource("nightly")).outputs?.endDate, undefined);
      const patch = h.sim
        .requestLog()
        .filter((e) => e.method === "PATCH")
        .pop();
      assert.equal((patch?.body as Record<string, unknown>).end_date, "", "sent as CM clears a setting");
    });

    it("drift made in CM shows on refresh, and the next up undoes it", async () => {
      const drift = await cm("PATCH", `${BASE}/${id}`, {
        disabled: true,
        run_at: "0 12 * * *",
        end_date: "2030-01-01T00:00:00Z",
      });
      assert.equal(drift.status, 200, drift.text);
      const r = await h.stack.refresh(["--diff"]);
      assert.match(r.stdout, /disabled\s*: false => true/);
      assert.match(r.stdout, /runAt\s*: "30 3 \* \* 1-5" => "0 12 \* \* \*"/);
      // refresh does not re-run the program (stack outputs stay), so read the resource's outputs in state
      const o = (await resource("nightly")).outputs as Record<string, unknown>;
      assert.equal(o.disabled, true);
      assert.equal(o.endDate, "2030-01-01T00:00:00Z");
      assert.equal(o.nextRunAt, "", "a disabled schedule has no next run");
      const p = await h.stack.preview(["--diff"]);
      assert.match(p.stdout, /\(update\)/);
      await h.stack.up();
      const c = await stored(id);
      assert.equal(c.disabled, false);
      assert.equal(c.run_at, "30 3 * * 1-5");
      assert.equal(c.end_date, undefined, "the drifted date is cleared again");
      assert.equal((await resource("nightly")).id, id);
    });

    it("a cloud change replaces the config (preview --diff says so); the old one is deleted", async () => {
      await setSpec(AWS);
      const p = await h.stack.preview(["--diff"]);
      assert.ok(p.stdout.includes(`+-${TYPE}: (replace)`), p.stdout);
      assert.match(p.stdout, /~ cloud\s*: "google" => "aws"/);
      const plain = await h.stack.preview();
      assert.match(plain.stdout, /SyncSchedule nightly replace \[diff: [^\]]*~cloud/);
      await h.stack.up();
      const r = await resource("nightly");
      assert.notEqual(r.id, id);
      assert.equal(r.outputs?.cloud, "aws");
      const list = await cm("GET", BASE);
      assert.equal(list.body.total, 1);
      assert.equal(list.body.resources[0].id, r.id);
      assert.deepEqual(list.body.resources[0].job_config_params, {
        cloud_name: "aws",
        kms: ["aws-prod"],
        regions: ["us-east-1"],
        synchronize_all: false,
      });
      id = r.id!;
    });

    it("the schedule firing in cckm-sim starts a job that the family's job list shows", async () => {
      const fired = await call(h.sim, "POST", `/sim/schedules/${id}/fire`);
      assert.equal(fired.body.fired, true, fired.text);
      const jobs = await cm("GET", "/api/v1/cckm/aws/synchronization-jobs");
      assert.equal(jobs.body.total, 1);
      assert.equal(jobs.body.resources[0].id, fired.body.jobId);
      assert.deepEqual(jobs.body.resources[0].kms, [SEED.awsKmsId]);
    });

    describe("runNowTriggers and lastRun", () => {
      const RUN_NOW = "POST /api/v1/scheduler/job-configs/{id}/run-now";
      const runner = { cloud: "google", keyRings: [RING_EU], runAt: "0 3 * * *", description: "on demand" };
      // a nested suite: mocha runs it after the tests above (destroy included), so both configs are created anew
      const withRunner = (args: Record<string, unknown>) =>
        h.setSpec({ nightly: { kind: "SyncSchedule", args: AWS }, runner: { kind: "SyncSchedule", args } });
      const runnerState = async () => (await resource("runner")) as { id: string; outputs: Record<string, unknown> };
      const lastRun = async () => (await runnerState()).outputs.lastRun as Record<string, unknown> | undefined;
      const googleJobs = async () => (await cm("GET", "/api/v1/cckm/google/synchronization-jobs")).body.total;
      let runnerId: string;
      let firstRun: string;

      it("a runNowTriggers that is not a list fails preview naming it, before any API call", async () => {
        await withRunner({ ...runner, runNowTriggers: "now" });
        const before = h.sim.counters().requests;
        const r = await h.stack.preview([], { allowFailure: true });
        assert.notEqual(r.code, 0);
        assert.match(r.output, /runNowTriggers[^\n]*must be a list/);
        assert.equal(h.sim.counters().requests, before);
      });

      it("create with runNowTriggers runs the config once and lastRun shows the completed run", async () => {
        await withRunner({ ...runner, runNowTriggers: [1] });
        const jobsBefore = await googleJobs();
        const r = await h.stack.up();
        assert.match(r.stdout, /SyncSchedule runner created/);
        assert.equal((await resource("nightly")).outputs?.lastRun, undefined, "a config that never ran has none");
        assert.match(r.stdout, /cckm: SyncSchedule "runner": the run-now of job config [\w-]+ .* started CCKM job/);
        assert.match(r.stdout, /cckm: SyncSchedule "runner": CCKM job [\w-]+ completed after/);
        assert.equal(requests(RUN_NOW), 1);
        assert.equal(await googleJobs(), jobsBefore + 1, "one sync job");
        const s = await runnerState();
        runnerId = s.id;
        const run = await lastRun();
        assert.ok(run, JSON.stringify(s.outputs));
        assert.equal(run.status, "completed");
        assert.equal(run.runType, "manual");
        assert.deepEqual(run.failingItems, {});
        assert.match(String(run.startedAt), /^\d{4}-\d\d-\d\dT/);
        assert.match(String(run.endedAt), /^\d{4}-\d\d-\d\dT/);
        const cmRun = (await cm("GET", `/api/v1/scheduler/jobs/${String(run.runId)}`)).body;
        assert.equal(cmRun.job_config_id, runnerId);
        assert.equal(cmRun.cckm_synchronization.job_id, run.jobId);
        assert.deepEqual(s.outputs.runNowTriggers, [1]);
        firstRun = String(run.runId);
      });

      it("a second up with nothing changed starts no run", async () => {
        await h.stack.up(["--expect-no-changes"]);
        assert.equal(requests(RUN_NOW), 1);
      });

      it("changing runNowTriggers runs the config again in place (same id), and lastRun moves", async () => {
        await withRunner({ ...runner, runNowTriggers: [2] });
        const p = await h.stack.preview(["--diff"]);
        assert.ok(p.stdout.includes(`~ ${TYPE}: (update)`), p.stdout);
        assert.match(p.stdout, /runNowTriggers/);
        assert.doesNotMatch(p.stdout, /replace/);
        const patches = requests("PATCH /api/v1/scheduler/job-configs/{id}");
        await h.stack.up();
        const s = await runnerState();
        assert.equal(s.id, runnerId, "the config is not replaced");
        assert.equal(requests(RUN_NOW), 2);
        assert.equal(requests("PATCH /api/v1/scheduler/job-configs/{id}"), patches, "nothing of the config changed");
        const run = await lastRun();
        assert.notEqual(run?.runId, firstRun);
        assert.equal(run?.status, "completed");
        assert.deepEqual(s.outputs.runNowTriggers, [2]);
      });

      it("a run with a failing item fails the up, naming the resource, config, job and endpoint", async () => {
        h.sim.control.configure({ failItems: { [RING_EU]: "permission denied on key ring payments-eu" } });
        try {
          await withRunner({ ...runner, runNowTriggers: [3] });
          const r = await h.stack.up([], { allowFailure: true });
          assert.notEqual(r.code, 0);
          const m = new RegExp(
            `SyncSchedule "runner": the run-now of job config ${runnerId} \\(POST /api/v1/scheduler/job-configs/` +
              `${runnerId}/run-now, scheduler run [\\w-]+\\) started CCKM job ([\\w-]+) \\(GET /api/v1/cckm/google/` +
              "synchronization-jobs/\\1\\) ended \\w+ with 1 failing item: ([^\\n]*)",
          ).exec(r.output);
          assert.ok(m, r.output);
          assert.match(m[2], /payments-eu: permission denied on key ring payments-eu/);
          assert.match(m[2], /What to do: fix the cause in CM, then run `pulumi up` again/);
          const s = await runnerState();
          assert.equal(s.id, runnerId, "the config stays in state");
          const run = s.outputs.lastRun as Record<string, unknown>;
          assert.equal(run.status, "failed");
          assert.equal(run.jobId, m[1]);
          assert.deepEqual(Object.keys(run.failingItems as object), [RING_EU]);
          assert.deepEqual(s.outputs.runNowTriggers, [2], "the failed run's trigger is not recorded");
        } finally {
          h.sim.control.configure({ failItems: {} });
        }
        // so the next up runs it again, and then stops
        await h.stack.up();
        assert.equal(requests(RUN_NOW), 4);
        assert.equal((await lastRun())?.status, "completed");
        await h.stack.up(["--expect-no-changes"]);
        assert.equal(requests(RUN_NOW), 4);
      });

      it("refresh after a failed scheduled run warns and records lastRun; the next up runs nothing", async () => {
        h.sim.control.configure({ failItems: { [RING_EU]: "key ring payments-eu is gone" } });
        let runId: string;
        try {
          const fired = await call(h.sim, "POST", `/sim/schedules/${runnerId}/fire`);
          assert.equal(fired.body.fired, true, fired.text);
          runId = String(fired.body.runId);
          for (let i = 0; i < 100; i++) {
            const run = (await cm("GET", `/api/v1/scheduler/jobs/${runId}`)).body;
            if (run.job_status !== "in_progress") break;
            await new Promise((res) => setTimeout(res, 200));
          }
        } finally {
          h.sim.control.configure({ failItems: {} });
        }
        const r = await h.stack.refresh();
        const out = `${r.stdout}\n${r.stderr}`;
        assert.match(
          out,
          new RegExp(`warning: the last run of job config ${runnerId} \\(scheduled run ${runId}[^\\n]*ended failed`),
        );
        assert.match(out, /payments-eu: key ring payments-eu is gone/);
        const run = await lastRun();
        assert.equal(run?.runId, runId);
        assert.equal(run?.status, "failed");
        assert.equal(run?.runType, "scheduled");
        const runs = requests(RUN_NOW);
        await h.stack.up(["--expect-no-changes"]);
        assert.equal(requests(RUN_NOW), runs, "a failed scheduled run is not re-run by up");
      });
    });

    if (fe === "native") {
      it("pulumi import adopts a config made through CM's API, and refresh shows it", async () => {
        const made = await cm("POST", BASE, {
          name: "made-in-the-console",
          operation: "cckm_synchronization",
          run_at: "15 4 * * *",
          description: "by hand",
          cckm_synchronization_params: { cloud_name: "gcp", key_rings: [RING_EU], synchronize_all: false },
        });
        assert.equal(made.status, 201, made.text);
        const configId = String(made.body.id);
        const posts = requests("POST /api/v1/scheduler/job-configs");
        const imported = await h.stack.run([
          "import",
          TYPE,
          "console",
          configId,
          "--yes",
          "--protect=false",
          "--generate-code=false",
          "--stack",
          h.stack.stackName,
        ]);
        assert.match(imported.output, /1 imported/);
        const r = await resource("console");
        assert.equal(r.id, configId);
        assert.equal(r.inputs?.cloud, "google");
        assert.deepEqual(r.inputs?.keyRings, [RING_EU]);
        // the inputs read back from CM (a Node.js project: no program is generated, unlike the YAML one)
        assert.equal(r.inputs?.runAt, "15 4 * * *");
        assert.equal(r.inputs?.scheduleName, "made-in-the-console");
        assert.equal(r.outputs?.description, "by hand");
        assert.equal(requests("POST /api/v1/scheduler/job-configs"), posts, "import created nothing");
        const refresh = await h.stack.refresh();
        assert.match(refresh.output, /unchanged/);
        assert.equal((await resource("console")).outputs?.runAt, "15 4 * * *");
      });
    }

    it("destroy deletes the configs; a config CM no longer has is no error", async () => {
      await h.stack.destroy();
      assert.equal((await cm("GET", BASE)).body.total, 0);
      await setSpec({ ...nightly, scheduleName: "nightly-fixed" });
      await h.stack.up();
      const gone = String((await outputs()).id);
      assert.equal((await stored(gone)).name, "nightly-fixed");
      assert.equal((await cm("DELETE", `${BASE}/${gone}`)).status, 204);
      const d = await h.stack.destroy();
      assert.match(d.stdout, /SyncSchedule nightly deleted/);
      assert.deepEqual(
        (await h.resources()).filter((x) => x.type === TYPE),
        [],
      );
    });
  });
}
