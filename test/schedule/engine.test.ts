// SyncSchedule through the real engine (pulumi CLI, the provider from dist/, cckm-sim over HTTPS): a bad cron
// fails preview naming runAt with no API call; create; an in-place update (cron); clearing a date; a replacement
// (cloud); drift made in CM shows on refresh and the next up undoes it; a firing schedule starts a job that the
// family's job list shows; destroy, also of a config CM no longer has.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { CliStack, createCliStack, writeProgram } from "../../scripts/engine";
import { startSimulator, type Simulator } from "../../simulator";
import { assertBuilt } from "../engine/provider-harness";
import { call, login, SEED } from "../simulator/helpers";

const BASE = "/api/v1/scheduler/job-configs";
const TYPE = "pulumi-nodejs:dynamic/cckm:SyncSchedule";
const RING_EU = "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu";

const program = `
const pulumi = require("@pulumi/pulumi");
const cckm = require("pulumi-cckm");
const spec = JSON.parse(new pulumi.Config("test").require("spec"));
const OUT = ["cloud", "kms", "regions", "keyRings", "keyVaults", "takeCloudKeyBackup", "vaults", "groups",
  "synchronizeAll", "runAt", "runOn", "startDate", "endDate", "disabled", "description", "scheduleName",
  "createdAt", "updatedAt", "nextRunAt"];
for (const [name, args] of Object.entries(spec)) {
  const r = new cckm.SyncSchedule(name, args);
  const out = { id: r.id };
  for (const k of OUT) out[k] = r[k];
  exports[name] = out;
}
`;

type Outputs = Record<string, Record<string, unknown>>;

describe("SyncSchedule through the engine (dynamic provider)", function () {
  this.timeout(10 * 60_000);
  let sim: Simulator;
  let stack: CliStack;
  let dir: string;
  let id: string;
  const nightly = {
    cloud: "google",
    keyRings: [RING_EU, SEED.googleRingName],
    runAt: "0 2 * * *",
    startDate: "2026-01-01T00:00:00+01:00",
    endDate: "2099-01-01T00:00:00Z",
    description: "nightly rings",
  };
  const setSpec = (s: Record<string, unknown>) => stack.setConfig("test:spec", JSON.stringify({ nightly: s }));
  const requests = (endpoint: string) => sim.counters().byEndpoint[endpoint] ?? 0;
  const outputs = async () => ((await stack.outputs()) as Outputs).nightly;
  // a fresh token per call: CM's tokens live 300 s, less than this suite
  const cm = async (method: string, p: string, body?: unknown) =>
    call(sim, method, p, { token: await login(sim), body });
  const stored = async (configId: string) => (await cm("GET", `${BASE}/${configId}`)).body;

  before(async () => {
    assertBuilt();
    sim = await startSimulator({ jobSeconds: 1 });
    dir = writeProgram({ name: "sync-schedule", code: program });
    const ca = path.join(dir, "cckm-ca.pem");
    fs.writeFileSync(ca, sim.caCert);
    stack = await createCliStack({
      programDir: dir,
      config: {
        "cckm:address": sim.url,
        "cckm:caCert": ca,
        "cckm:username": "admin",
        "cckm:password": { value: "admin", secret: true },
        "test:spec": JSON.stringify({ nightly: { ...nightly, runAt: "0 2 * *" } }),
      },
    });
  });
  after(async () => {
    await stack?.dispose();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a bad cron fails preview naming runAt, before any API call", async () => {
    const before = sim.counters().requests;
    const r = await stack.preview([], { allowFailure: true });
    assert.notEqual(r.code, 0);
    assert.match(r.output, /runAt[^\n]*five fields/);
    assert.equal(sim.counters().requests, before, JSON.stringify(sim.requestLog().slice(-3)));
  });

  it("up creates the job config and outputs what CM stores", async () => {
    await setSpec(nightly);
    const r = await stack.up();
    assert.match(r.stdout, /SyncSchedule nightly created/);
    const o = await outputs();
    id = String(o.id);
    const c = await stored(id);
    assert.equal(c.name, o.scheduleName);
    assert.equal(o.scheduleName, "sync-schedule-dev-nightly", "<project>-<stack>-<name>");
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
    const up2 = await stack.up();
    assert.match(up2.stdout, /2 unchanged/, "a second up changes nothing");
    assert.equal(requests("POST /api/v1/scheduler/job-configs"), 1);
  });

  it("a cron change is an update in place (preview --diff says so), same id", async () => {
    await setSpec({ ...nightly, runAt: "30 3 * * 1-5" });
    const p = await stack.preview(["--diff"]);
    assert.match(p.stdout, /~ pulumi-nodejs:dynamic\/cckm:SyncSchedule: \(update\)/);
    assert.match(p.stdout, /~ runAt\s*: "0 2 \* \* \*" => "30 3 \* \* 1-5"/);
    assert.doesNotMatch(p.stdout, /replace/);
    await stack.up();
    const o = await outputs();
    assert.equal(o.id, id);
    assert.equal((await stored(id)).run_at, "30 3 * * 1-5");
    assert.match(String(o.nextRunAt), /T03:30:00Z$/);
    assert.equal(requests("PATCH /api/v1/scheduler/job-configs/{id}"), 1);
  });

  it("removing endDate clears it in CM", async () => {
    const { endDate: _gone, ...rest } = nightly;
    await setSpec({ ...rest, runAt: "30 3 * * 1-5" });
    const p = await stack.preview(["--diff"]);
    assert.match(p.stdout, /- endDate\s*: "2099-01-01T00:00:00Z"/);
    await stack.up();
    assert.equal((await stored(id)).end_date, undefined);
    assert.equal((await outputs()).endDate, undefined);
    const patch = sim
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
    const r = await stack.refresh(["--diff"]);
    assert.match(r.stdout, /disabled\s*: false => true/);
    assert.match(r.stdout, /runAt\s*: "30 3 \* \* 1-5" => "0 12 \* \* \*"/);
    // refresh does not re-run the program (stack outputs stay), so read the resource's outputs in state
    const [res] = (await stack.resources()).filter((x) => x.type === TYPE);
    const o = res.outputs as Record<string, unknown>;
    assert.equal(o.disabled, true);
    assert.equal(o.endDate, "2030-01-01T00:00:00Z");
    assert.equal(o.nextRunAt, "", "a disabled schedule has no next run");
    const p = await stack.preview(["--diff"]);
    assert.match(p.stdout, /\(update\)/);
    await stack.up();
    const c = await stored(id);
    assert.equal(c.disabled, false);
    assert.equal(c.run_at, "30 3 * * 1-5");
    assert.equal(c.end_date, undefined, "the drifted date is cleared again");
    assert.equal((await outputs()).id, id);
  });

  it("a cloud change replaces the config (preview --diff says so); the old one is deleted", async () => {
    await setSpec({ cloud: "aws", kms: ["aws-prod"], regions: ["us-east-1"], runAt: "0 1 * * *" });
    const p = await stack.preview(["--diff"]);
    assert.match(p.stdout, /\+-pulumi-nodejs:dynamic\/cckm:SyncSchedule: \(replace\)/);
    assert.match(p.stdout, /~ cloud\s*: "google" => "aws"/);
    const plain = await stack.preview();
    assert.match(plain.stdout, /SyncSchedule nightly replace \[diff: [^\]]*~cloud/);
    await stack.up();
    const o = await outputs();
    assert.notEqual(o.id, id);
    assert.equal(o.cloud, "aws");
    const list = await cm("GET", BASE);
    assert.equal(list.body.total, 1);
    assert.equal(list.body.resources[0].id, o.id);
    assert.deepEqual(list.body.resources[0].job_config_params, {
      cloud_name: "aws",
      kms: ["aws-prod"],
      regions: ["us-east-1"],
      synchronize_all: false,
    });
    id = String(o.id);
    const [res] = (await stack.resources()).filter((x) => x.type === TYPE);
    assert.equal(res.id, id);
  });

  it("the schedule firing in cckm-sim starts a job that the family's job list shows", async () => {
    const fired = await call(sim, "POST", `/sim/schedules/${id}/fire`);
    assert.equal(fired.body.fired, true, fired.text);
    const jobs = await cm("GET", "/api/v1/cckm/aws/synchronization-jobs");
    assert.equal(jobs.body.total, 1);
    assert.equal(jobs.body.resources[0].id, fired.body.jobId);
    assert.deepEqual(jobs.body.resources[0].kms, [SEED.awsKmsId]);
  });

  it("destroy deletes the config; a config CM no longer has is no error", async () => {
    await stack.destroy();
    assert.equal((await cm("GET", BASE)).body.total, 0);
    await setSpec({ ...nightly, scheduleName: "nightly-fixed" });
    await stack.up();
    const gone = String((await outputs()).id);
    assert.equal((await stored(gone)).name, "nightly-fixed");
    assert.equal((await cm("DELETE", `${BASE}/${gone}`)).status, 204);
    const d = await stack.destroy();
    assert.match(d.stdout, /SyncSchedule nightly deleted/);
    assert.equal((await stack.resources()).filter((x) => x.type === TYPE).length, 0);
  });
});
