// State compatibility: a stack an earlier version exported (test/compat/fixtures/<name>, made by make-fixture.ts)
// is imported into a consumer project that installs the package of THIS checkout, and refreshed, updated and
// destroyed by the real engine against a fresh simulator. Module paths in `__provider`, type tokens and output
// names stay exactly as the old version wrote them; only the ids are swapped for the ids of jobs (and scheduler job
// configs) recreated in the new simulator with the same scope and end state (completed, failed, running). Each
// fixture has its test file, state-<name>.test.ts, calling describeStateCompat.
import * as assert from "assert";
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import { CliStack, createCliStack, ExportedState, repoRoot, StateResource } from "../../scripts/engine";
import { startSimulator } from "../../simulator";
import { assertBuilt } from "../engine/provider-harness";
import type { LogEntry, Simulator } from "../../simulator";
import { connectionEnv, installConsumer, leaks, LOGIN, pack, STACK, workDir } from "./consumer";
import { isOurs } from "./make-fixture";

const DYNAMIC = "pulumi-nodejs:dynamic/cckm:";
/** CM's cloud_name of SyncSchedule's clouds in the fixtures. */
const CLOUD_NAME: Record<string, string> = { google: "gcp", aws: "aws" };

/** How the fixture's jobs are recreated: the family's job path and the POST body from the recorded outputs. */
const families: Record<string, { family: string; path: string; body: (o: Record<string, unknown>) => object }> = {
  // a scheduler job config, as CM stores it
  SyncSchedule: {
    family: "scheduler",
    path: "../scheduler/job-configs",
    body: (o) => ({
      name: o.scheduleName,
      operation: "cckm_synchronization",
      run_at: o.runAt,
      run_on: o.runOn,
      description: o.description,
      disabled: o.disabled,
      cckm_synchronization_params: {
        cloud_name: CLOUD_NAME[String(o.cloud)],
        synchronize_all: o.synchronizeAll,
        ...(o.keyRings ? { key_rings: o.keyRings } : {}),
        ...(o.kms ? { kms: o.kms } : {}),
      },
    }),
  },
  DsmDomainRefresh: { family: "dsm", path: "dsm/refresh", body: (o) => ({ domains: o.domains }) },
  AwsKeySync: { family: "aws", path: "aws/synchronization-jobs", body: (o) => ({ kms: o.kms, regions: o.regions }) },
  GoogleKeySync: { family: "google", path: "google/synchronization-jobs", body: (o) => ({ key_rings: o.keyRings }) },
  AzureKeySync: { family: "azure", path: "azure/synchronization-jobs", body: (o) => ({ key_vaults: o.keyVaults }) },
  SapKeyJob: {
    family: "sapKeys",
    path: "sap/keys/jobs",
    body: (o) => ({ id: o.keyId, operation: o.operation, delete_if_backup_fails: o.deleteIfBackupFails }),
  },
};

const kindOf = (r: StateResource) => r.type.split(":").pop()!;
const isJob = (r: StateResource) => kindOf(r) !== "SyncSchedule";
const nameOf = (r: StateResource) => r.urn.split("::").pop()!;
const isJobPost = (e: LogEntry) =>
  e.method === "POST" && /^POST \/api\/v1\/cckm\/.+\/(refresh|synchronization-jobs|keys\/jobs)$/.test(e.endpoint ?? "");

/**
 * The suite of one fixture: `title` names the version that exported it, `names` the resources it must hold (the
 * resources named `google` and `azure` are the failed and the still-running job).
 */
export function describeStateCompat(fixtureName: string, title: string, names: string[]): void {
  describe(`compat: a stack exported by pulumi-cckm ${title}, with the code of this checkout`, function () {
    const FIXTURE = path.join(__dirname, "fixtures", fixtureName);
    const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURE, "stack.json"), "utf8")) as ExportedState;
    const fixtureResources = (fixture.deployment.resources ?? []).filter(isOurs);
    const plugin = fixtureResources.some((r) => r.type.startsWith("cckm:index:"));
    const byName = (name: string) => fixtureResources.find((r) => nameOf(r) === name)!;
    let dir: string;
    let sim: Simulator;
    let stack: CliStack;
    let jwt: string;
    /** fixture job id -> the recreated job's id, and resource name -> new id */
    const newIds = new Map<string, string>();
    const ids: Record<string, string> = {};

    function cckm(method: string, route: string, body?: object): Promise<Record<string, unknown>> {
      const url = new URL(`/api/v1/${route}`, sim.url);
      const data = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = https.request(
          url,
          {
            method,
            ca: sim.caCert,
            headers: {
              ...(jwt ? { Authorization: `Bearer ${jwt}` } : {}),
              ...(data ? { "Content-Type": "application/json" } : {}),
            },
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8").on("data", (c: string) => (text += c));
            res.on("end", () =>
              res.statusCode! < 300
                ? resolve(JSON.parse(text) as Record<string, unknown>)
                : reject(new Error(`${method} ${url.pathname}: ${res.statusCode} ${text}`)),
            );
          },
        );
        req.on("error", reject);
        req.end(data);
      });
    }

    /** Our resources in the stack's state now, by name. */
    async function state(): Promise<Record<string, StateResource>> {
      // A replacement whose `up` failed elsewhere (the Azure timeout) leaves the replaced record in state marked
      // `delete: true` until the next operation: the live record of a name is the one not pending deletion.
      const live = (await stack.resources()).filter((r) => r.delete !== true);
      return Object.fromEntries(live.map((r) => [nameOf(r), r]));
    }

    /** The requests of one step: the log is cleared after each. */
    function takeLog(): LogEntry[] {
      const log = sim.requestLog();
      sim.control.clearLog();
      return log;
    }

    const job = (id: string) => sim.jobs().find((j) => j.id === id);

    before(async function () {
      assertBuilt(); // as every engine test: `npm run build` first, so the pack need not compile again
      dir = workDir("cckm-compat-test");
      const tarball = await pack(repoRoot, dir, true);
      const projectDir = path.join(dir, "project");
      await installConsumer(projectDir, tarball, fs.readFileSync(path.join(FIXTURE, "program.js"), "utf8"), { plugin });

      // Jobs as the fixture recorded them: the Azure one runs for an hour, the Google one fails on its key ring.
      const ring = String((byName("google").outputs!.keyRings as string[])[0]);
      sim = await startSimulator({
        port: 0,
        quiet: true,
        ...LOGIN,
        jobSeconds: 1,
        families: { azure: { jobSeconds: 3600 } },
        failItems: { [ring]: "permission denied on key ring (compat test)" },
      });
      jwt = String((await cckm("POST", "auth/tokens", { grant_type: "password", ...LOGIN })).jwt);
      for (const r of fixtureResources) {
        const f = families[kindOf(r)];
        assert.ok(f, `no way to recreate a ${r.type}`);
        const created = await cckm("POST", `cckm/${f.path}`, f.body(r.outputs!));
        const id = String(created.id);
        newIds.set(String(r.id), id);
        ids[nameOf(r)] = id;
        if (nameOf(r) !== "azure" && isJob(r)) sim.control.updateJob(id, { end: true });
      }
      sim.control.configure({ failItems: {} }); // the job that replaces the failed one succeeds
      assert.strictEqual(job(ids.google)?.overall_status, "failed");
      for (const n of names.filter((x) => /dsm|aws/.test(x)))
        assert.strictEqual(job(ids[n])?.overall_status, "completed", n);
      assert.strictEqual(job(ids.sap)?.state, "COMPLETED");
      assert.match(String(job(ids.azure)?.overall_status), /in.progress/);

      // Only the ids change: the resource id and the jobId output.
      const deployment = JSON.parse(JSON.stringify(fixture)) as ExportedState;
      for (const r of deployment.deployment.resources ?? []) {
        if (!isOurs(r)) continue;
        const id = newIds.get(String(r.id))!;
        if (isJob(r)) {
          assert.strictEqual(r.outputs!.jobId, r.id, `${nameOf(r)}: its job id is the resource id`);
          r.outputs!.jobId = id;
        }
        r.id = id;
      }
      // the old ids are left only in the recorded error texts
      const text = JSON.stringify({
        ...deployment,
        deployment: {
          ...deployment.deployment,
          resources: deployment.deployment.resources?.map((r) => ({ ...r, initErrors: [] })),
        },
      });
      for (const old of newIds.keys()) assert.ok(!text.includes(old), `job id ${old} left in the deployment`);
      const file = path.join(dir, "import.json");
      fs.writeFileSync(file, JSON.stringify(deployment));

      const caFile = path.join(dir, "ca.pem");
      fs.writeFileSync(caFile, sim.caCert);
      stack = await createCliStack({ programDir: projectDir, stackName: STACK, env: connectionEnv(sim.url, caFile) });
      await stack.run(["stack", "import", "--stack", STACK, "--file", file]);
      sim.control.clearLog();
    });

    after(async function () {
      await stack?.dispose();
      await sim?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it(`the fixture holds ${names.length} resources, no credential, and ${title}'s module paths and type tokens`, function () {
      assert.deepStrictEqual(leaks(fs.readFileSync(path.join(FIXTURE, "stack.json"), "utf8")), []);
      assert.deepStrictEqual(fixtureResources.map(nameOf).sort(), [...names].sort());
      for (const r of fixtureResources.filter((x) => x.type.startsWith(DYNAMIC))) {
        assert.match(String(r.outputs!.__provider), /^exports\.handler = .*require\("pulumi-cckm\/providers\/\w+"\)/s);
      }
      assert.ok(byName("google").initErrors?.length, "the Google job failed at up");
      assert.strictEqual(byName("google").outputs!.status, "failed");
      assert.ok(byName("azure").initErrors?.length, "the Azure job was still running at its deadline");
      assert.match(String(byName("azure").outputs!.overallStatus), /in.progress/);
    });

    it("imports as it was written: same types, module paths and output names", async function () {
      const now = await state();
      for (const old of fixtureResources) {
        const r = now[nameOf(old)];
        assert.strictEqual(r.type, old.type);
        assert.strictEqual(r.id, ids[nameOf(old)]);
        assert.strictEqual(r.outputs!.__provider, old.outputs!.__provider);
        assert.deepStrictEqual(Object.keys(r.outputs!).sort(), Object.keys(old.outputs!).sort());
      }
    });

    it("refreshes: reads every job and job config, the running job is seen running", async function () {
      await stack.refresh();
      const log = takeLog();
      assert.deepStrictEqual(log.filter(isJobPost), [], "refresh starts no job");
      assert.ok(!log.some((e) => e.path.endsWith("/cancel")), "refresh cancels nothing");
      const now = await state();
      for (const [name, id] of Object.entries(ids)) {
        assert.ok(
          log.some((e) => e.method === "GET" && e.path.endsWith(`/${id}`)),
          `${name}'s job ${id} is read`,
        );
        assert.strictEqual(now[name].id, id);
      }
      assert.match(String(now.azure.outputs!.overallStatus), /in.progress/);
      assert.strictEqual(now.azure.outputs!.status, "in_progress");
      assert.strictEqual(now.google.outputs!.status, "failed");
      for (const n of ["dsm", "aws", "sap", "pdsm"].filter((x) => names.includes(x)))
        assert.strictEqual(now[n].outputs!.status, "completed", n);
      for (const n of ["nightly", "pnightly"].filter((x) => names.includes(x)))
        assert.strictEqual(now[n].outputs!.scheduleName, byName(n).outputs!.scheduleName, n);
    });

    let upOutput = "";
    let upLog: LogEntry[] = [];
    it("updates: resumes the running job without a second one, runs one new job for the failed one only", async function () {
      // The Azure job still runs for an hour: the up waits its 4 s again on the SAME job and times out again (the
      // release's semantics: the job keeps running, its id stays, the next up resumes). So the up fails.
      const up = await stack.up([], { allowFailure: true });
      upOutput = up.output;
      upLog = takeLog();
      assert.notStrictEqual(up.code, 0, "the Azure job is still running at its deadline");
      assert.ok(upOutput.includes(ids.azure), "the timeout names the Azure job");
      const posts = upLog.filter(isJobPost).map((e) => e.path.split("/")[4]);
      assert.deepStrictEqual(posts, ["google"], "one job POST, for the failed Google job; none for the others");
      const azureReads = upLog.filter((e) => e.method === "GET" && e.path.endsWith(`/${ids.azure}`));
      assert.ok(azureReads.length >= 2, `the Azure job is polled (${azureReads.length} reads)`);

      const now = await state();
      assert.strictEqual(now.azure.id, ids.azure);
      assert.strictEqual(now.azure.outputs!.jobId, ids.azure);
      assert.strictEqual(sim.jobs().filter((j) => j.family === "azure").length, 1, "no second Azure job");
      for (const n of names.filter((x) => !["google", "azure"].includes(x))) {
        assert.strictEqual(now[n].id, ids[n], `${n} is left alone`);
        if (isJob(now[n])) assert.strictEqual(now[n].outputs!.jobId, ids[n]);
      }
      const configChanges = upLog.filter((e) => e.path.includes("/scheduler/") && e.method !== "GET");
      assert.deepStrictEqual(configChanges, [], "no schedule is changed");
      const google = sim.jobs().filter((j) => j.family === "google" && j.id !== ids.google);
      assert.strictEqual(google.length, 1, "one new Google job");
      assert.strictEqual(google[0].overall_status, "completed");
      assert.strictEqual(now.google.outputs!.jobId, google[0].id);
      assert.strictEqual(now.google.outputs!.status, "completed");
      assert.ok(!now.google.initErrors?.length, "the Google resource is healthy again");
    });

    // Issue 11 point 10: diff replaces a resource whose recorded job failed or was
    // cancelled, so the resource id is always its job's id. With the 0.1.0 behaviour (update re-ran the job and the
    // id stayed the old one) this test failed.
    it("[issue 11 point 10] replaces the resource whose job failed: its id is the new job's id", async function () {
      const now = await state();
      assert.strictEqual(now.google.id, now.google.outputs!.jobId, "the resource id is its job's id");
      assert.notStrictEqual(now.google.id, ids.google, "a new job is a new resource");
      assert.match(upOutput, /google.*replaced|replaced.*google|\+-.*google/s, "the up says it replaced google");
    });

    it("destroys: cancels the running job, forgets the ended ones", async function () {
      const before = await state();
      await stack.destroy();
      const log = takeLog();
      assert.deepStrictEqual(log.filter(isJobPost), [], "destroy starts no job");
      const cancels = log.filter((e) => e.method === "POST" && e.path.endsWith("/cancel")).map((e) => e.path);
      assert.deepStrictEqual(cancels, [`/api/v1/cckm/azure/synchronization-jobs/${ids.azure}/cancel`]);
      assert.strictEqual(job(ids.azure)?.abort, true);
      assert.strictEqual(job(ids.azure)?.overall_status, "completed", "the cancelled job settled");
      for (const n of ["nightly", "pnightly"].filter((x) => names.includes(x))) {
        assert.ok(
          log.some((e) => e.method === "DELETE" && e.path.endsWith(`/scheduler/job-configs/${ids[n]}`)),
          `${n}'s job config is deleted`,
        );
      }
      assert.deepStrictEqual((await stack.resources()).filter(isOurs), []);
      assert.strictEqual(Object.keys(before).length, names.length);
    });
  });
}
