// `cckm:index:SyncSchedule` through the real CLI, the YAML host and the plugin of the package from `npm pack`,
// cckm-sim over HTTPS: a bad cron fails preview naming runAt with no API call; create; an in-place update (cron)
// that preview --diff calls an update; clearing endDate; a replacement (cloud); drift made through CM's API shows on
// refresh and the next up undoes it; `pulumi import` of a config made through CM's API; destroy.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { NativeEngine } from "../../provider/plugin/engine";
import { call, login, SEED } from "../simulator/helpers";
import { consumerProject, NativeStack, nativeStack, PASSWORD, USERNAME } from "./consumer";

const BASE = "/api/v1/scheduler/job-configs";
const TYPE = "cckm:index:SyncSchedule";
const RING_EU = "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu";

/** The project with one SyncSchedule per entry of `resources` (YAML takes JSON for the properties). */
function project(resources: Record<string, Record<string, unknown>>): string {
  const body = Object.entries(resources)
    .map(([name, props]) => `  ${name}:\n    type: ${TYPE}\n    properties: ${JSON.stringify(props)}\n`)
    .join("");
  return `name: cckm-schedule
runtime: yaml
plugins:
  providers:
    - name: cckm
      path: ./node_modules/pulumi-cckm/bin
resources:${body ? `\n${body}` : " {}\n"}`;
}

describe("native provider: SyncSchedule's check and detailed diff (no API call)", function () {
  const engine = new NativeEngine();
  // a connection is set (check reports a missing one), but nothing here calls it
  engine.configure({ "cckm:address": "https://127.0.0.1:9", "cckm:username": "u", "cckm:password": "p" });
  const news = { cloud: "google", keyRings: [RING_EU], runAt: "0 2 * * *" };

  it("check names the schedule after project, stack and resource, and keeps no helper key", function () {
    const { inputs, failures } = engine.check("SyncSchedule", "nightly", news, "proj", "prod");
    assert.deepEqual(failures, []);
    assert.equal(inputs.scheduleName, "proj-prod-nightly");
    assert.deepEqual(
      Object.keys(inputs).filter((k) => k.startsWith("__")),
      [],
    );
  });

  it("says update or replace per changed property, for a job kind too", function () {
    const olds = engine.check("SyncSchedule", "nightly", { ...news, endDate: "2099-01-01T00:00:00Z" }).inputs;
    const changed = engine.check("SyncSchedule", "nightly", {
      ...news,
      cloud: "oci",
      vaults: ["v"],
      runAt: "5 * * * *",
    });
    assert.deepEqual(engine.detailedDiff("SyncSchedule", olds, changed.inputs), {
      cloud: "replace",
      keyRings: "update",
      vaults: "update",
      runAt: "update",
      endDate: "update",
    });
    const job = engine.check("GoogleKeySync", "g", { keyRings: ["a"] }).inputs;
    const done = { ...job, jobId: "j", status: "completed" };
    assert.deepEqual(engine.detailedDiff("GoogleKeySync", done, { ...job, keyRings: ["b"], timeoutSeconds: 60 }), {
      keyRings: "replace",
      timeoutSeconds: "update",
    });
    assert.equal(engine.detailedDiff("GoogleKeySync", done, job), undefined, "no change");
  });
});

describe("native provider: cckm:index:SyncSchedule from a consumer project", function () {
  this.timeout(15 * 60_000);
  let s: NativeStack;
  let dir: string;
  let id: string;
  const nightly = {
    cloud: "google",
    keyRings: [RING_EU, SEED.googleRingName],
    runAt: "0 2 * * *",
    startDate: "2026-01-01T00:00:00Z",
    endDate: "2099-01-01T00:00:00Z",
    description: "nightly rings",
  };
  const write = (resources: Record<string, Record<string, unknown>>) =>
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project(resources));
  const cm = async (method: string, p: string, body?: unknown) =>
    call(s.sim, method, p, { token: await login(s.sim, USERNAME, PASSWORD), body });
  const stored = async (configId: string) => (await cm("GET", `${BASE}/${configId}`)).body;
  const resource = async (name: string) => {
    const r = (await s.stack.resources()).find((x) => x.type === TYPE && x.urn.endsWith(`::${name}`));
    assert.ok(r, `no ${name} in state`);
    return r;
  };
  const requests = (endpoint: string) => s.sim.counters().byEndpoint[endpoint] ?? 0;

  before(async function () {
    dir = await consumerProject("schedule", { "Pulumi.yaml": project({}) });
    s = await nativeStack(dir);
  });
  after(async function () {
    await s?.dispose();
  });

  it("a bad cron fails preview naming runAt, with no API call", async function () {
    write({ nightly: { ...nightly, runAt: "0 25 * * *" } });
    const before = s.sim.counters().requests;
    const p = await s.stack.preview([], { allowFailure: true });
    assert.notEqual(p.code, 0);
    assert.match(p.output, /runAt/);
    assert.equal(s.sim.counters().requests, before, "preview sent requests to CM");
  });

  it("up creates the job config, named after project, stack and resource", async function () {
    write({ nightly });
    await s.stack.up();
    const r = await resource("nightly");
    id = r.id!;
    const c = await stored(id);
    assert.equal(c.name, "cckm-schedule-dev-nightly");
    assert.equal(c.run_at, "0 2 * * *");
    assert.equal(c.end_date, "2099-01-01T00:00:00Z");
    const o = r.outputs as Record<string, unknown>;
    assert.equal(o.scheduleName, "cckm-schedule-dev-nightly");
    assert.ok(String(o.nextRunAt).endsWith("T02:00:00Z"), String(o.nextRunAt));
    assert.ok(!Object.keys(r.inputs ?? {}).some((k) => k.startsWith("__cckm")), "no helper key in the inputs");
    assert.ok(!Object.keys(o).some((k) => ["jobId", "status", "triggers"].includes(k)), "no job outputs");
    const again = await s.stack.up();
    assert.match(again.output, /2 unchanged/); // the stack and the schedule
    assert.equal(requests("PATCH /api/v1/scheduler/job-configs/{id}"), 0);
  });

  it("a runAt change is an update in place (preview --diff says so), same id", async function () {
    write({ nightly: { ...nightly, runAt: "30 3 * * 1-5" } });
    const p = await s.stack.preview(["--diff"]);
    assert.match(p.stdout, /~ cckm:index:SyncSchedule: \(update\)/);
    assert.match(p.stdout, /~ runAt\s*: "0 2 \* \* \*" => "30 3 \* \* 1-5"/);
    assert.doesNotMatch(p.stdout, /replace/);
    await s.stack.up();
    assert.equal((await resource("nightly")).id, id);
    assert.equal((await stored(id)).run_at, "30 3 * * 1-5");
    assert.equal(requests("PATCH /api/v1/scheduler/job-configs/{id}"), 1);
  });

  it("removing endDate clears it in CM", async function () {
    const { endDate: _gone, ...rest } = nightly;
    write({ nightly: { ...rest, runAt: "30 3 * * 1-5" } });
    const p = await s.stack.preview(["--diff"]);
    assert.match(p.stdout, /- endDate\s*: "2099-01-01T00:00:00Z"/);
    await s.stack.up();
    assert.equal((await stored(id)).end_date, undefined);
    assert.equal((await resource("nightly")).outputs?.endDate, undefined);
  });

  it("drift made through CM's API shows on refresh, and the next up undoes it", async function () {
    const drift = await cm("PATCH", `${BASE}/${id}`, { disabled: true, run_at: "0 12 * * *" });
    assert.equal(drift.status, 200, drift.text);
    const r = await s.stack.refresh(["--diff"]);
    assert.match(r.stdout, /disabled\s*: false => true/);
    assert.match(r.stdout, /runAt\s*: "30 3 \* \* 1-5" => "0 12 \* \* \*"/);
    assert.equal((await resource("nightly")).outputs?.nextRunAt, "", "a disabled schedule has no next run");
    const p = await s.stack.preview(["--diff"]);
    assert.match(p.stdout, /\(update\)/);
    await s.stack.up();
    const c = await stored(id);
    assert.equal(c.disabled, false);
    assert.equal(c.run_at, "30 3 * * 1-5");
    assert.equal((await resource("nightly")).id, id);
  });

  it("a cloud change replaces the config (preview --diff says so); the old one is deleted", async function () {
    write({ nightly: { cloud: "aws", kms: ["aws-prod"], regions: ["us-east-1"], runAt: "0 1 * * *" } });
    const p = await s.stack.preview(["--diff"]);
    assert.match(p.stdout, /\+-cckm:index:SyncSchedule: \(replace\)/);
    assert.match(p.stdout, /~ cloud\s*: "google" => "aws"/);
    const plain = await s.stack.preview();
    assert.match(plain.stdout, /SyncSchedule nightly replace \[diff: [^\]]*~cloud/);
    await s.stack.up();
    const r = await resource("nightly");
    assert.notEqual(r.id, id);
    const list = await cm("GET", BASE);
    assert.equal(list.body.total, 1);
    assert.equal(list.body.resources[0].id, r.id);
    assert.equal(list.body.resources[0].job_config_params.cloud_name, "aws");
    id = r.id!;
  });

  it("pulumi import adopts a config made through CM's API, and refresh shows it", async function () {
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
    const imported = await s.stack.run([
      "import",
      TYPE,
      "console",
      configId,
      "--yes",
      "--protect=false",
      "--stack",
      "dev",
    ]);
    assert.match(imported.output, /1 imported/);
    // the program the CLI generates names the inputs read back from CM
    assert.match(imported.output, /runAt: 15 4 \* \* \*/);
    assert.match(imported.output, /scheduleName: made-in-the-console/);
    const r = await resource("console");
    assert.equal(r.id, configId);
    assert.equal(r.inputs?.cloud, "google");
    assert.deepEqual(r.inputs?.keyRings, [RING_EU]);
    assert.equal(r.outputs?.description, "by hand");
    assert.equal(requests("POST /api/v1/scheduler/job-configs"), posts, "import created nothing");
    const refresh = await s.stack.refresh();
    assert.match(refresh.output, /unchanged/);
    assert.equal((await resource("console")).outputs?.runAt, "15 4 * * *");
  });

  it("destroy deletes the configs", async function () {
    await s.stack.destroy();
    assert.equal((await cm("GET", BASE)).body.total, 0);
    assert.deepEqual(
      (await s.stack.resources()).filter((r) => r.type === TYPE),
      [],
    );
  });
});
