// Issue 20 point 1: resources of one family share one job on a CM that runs one sync per family at a time (the
// strict default), each with its own results; a failing item fails only its resource; SIGKILL + recovery adopts the
// shared job (its scope covers each resource's) and starts no duplicate; the opt-out gives each resource its own job.
import * as assert from "assert";
import { engineRuns, frontEndTitle } from "../frontends";
import { madeByThisRun } from "../profiles";
import { DSM } from "./fixtures";
import { background, countMatches, descendants, isRunning, Rig, rig, Spec, stragglers, until } from "./helpers";

const spec: Spec = Object.fromEntries(
  DSM.map((d, i) => [`dsm${i}`, { kind: "DsmDomainRefresh", args: { domains: [d] } }]),
);
const UP = ["up", "--yes", "--skip-preview", "--stack", "dev"];

const domainsOf = (job: object) => ((job as { domains?: string[] }).domains ?? []).map(String);
/** How many jobs of this run ran over each DSM domain of the spec. */
function jobsPerDomain(r: Rig): number[] {
  const jobs = r.sim.jobs().filter(madeByThisRun);
  return DSM.map((d) => jobs.filter((j) => domainsOf(j).includes(d)).length);
}

async function outputsByName(r: Rig): Promise<Record<string, Record<string, unknown>>> {
  const resources = await r.stack.resources();
  return Object.fromEntries(resources.map((s) => [s.urn.split("::").pop()!, s.outputs as Record<string, unknown>]));
}

for (const { frontEnd, profile } of engineRuns())
  describe(`reliability: resources of one family share a job (${profile} CM, ${frontEndTitle(frontEnd)})`, function () {
    let r: Rig | undefined;

    afterEach(async function () {
      await r?.dispose();
      r = undefined;
    });

    it("three resources of one family end with at most 2 jobs, each resource with its own items", async function () {
      r = await rig(`share-${profile}`, spec, { sim: { profile, jobSeconds: 2 }, frontEnd });
      const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
      assert.strictEqual(up.code, 0, up.output.slice(-3000));
      const jobs = r.sim.jobs().filter(madeByThisRun);
      assert.ok(jobs.length >= 1 && jobs.length <= 2, `${jobs.length} jobs`);
      assert.deepStrictEqual(jobsPerDomain(r), [1, 1, 1], "one job over each domain");
      const outs = await outputsByName(r);
      DSM.forEach((d, i) => {
        const o = outs[`dsm${i}`]!;
        assert.strictEqual(o.status, "completed");
        assert.deepStrictEqual(Object.keys(o.detailedStatus as object), [d], "its own item only");
        const job = jobs.find((j) => String(j.id) === o.jobId)!;
        assert.ok(domainsOf(job).includes(d), "the job it records ran over its domain");
      });
      assert.ok(countMatches(up.output, /for [23] resources of this family at once/) >= 2, "the progress line says so");
      console.log(`      ${jobs.length} job(s) for 3 resources`);
    });

    it("a failing item fails only its resource; the others sharing the job complete", async function () {
      r = await rig(`share-fail-${profile}`, spec, {
        sim: { profile, jobSeconds: 2, failItems: { [DSM[1]!]: "PERMISSION_DENIED: no access to the domain" } },
        frontEnd,
      });
      const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
      assert.notStrictEqual(up.code, 0);
      assert.match(up.output, /dsm1.*PERMISSION_DENIED/s);
      assert.doesNotMatch(up.output, /"dsm0"[^\n]*failed|"dsm2"[^\n]*failed/);
      const outs = await outputsByName(r);
      assert.strictEqual(outs.dsm0!.status, "completed");
      assert.strictEqual(outs.dsm2!.status, "completed");
      assert.strictEqual(outs.dsm1!.status, "failed");
      assert.deepStrictEqual(Object.keys(outs.dsm1!.detailedStatus as object), [DSM[1]]);
      assert.ok(r.sim.jobs().filter(madeByThisRun).length <= 2);
    });

    it("SIGKILL mid-wait, then cancel, refresh --clear-pending-creates and up: the shared job is adopted, no duplicate", async function () {
      r = await rig(`share-kill-${profile}`, spec, {
        sim: { profile, jobSeconds: 3600 },
        frontEnd,
        env: { CCKM_COALESCE_WINDOW_MS: "8000" },
      });
      const run = background(r.stack, UP);
      // every domain in a running job: a long gathering window puts the three in one (the usual 250 ms may split
      // them in two on a busy machine, the second waiting for the first: then the first would end before the kill)
      await until(
        () => DSM.every((d) => r!.sim.jobs().some((j) => isRunning(j) && domainsOf(j).includes(d))),
        180_000,
        "every domain to be in a running job",
      );
      await new Promise((res) => setTimeout(res, 1500));
      for (const pid of [run.child.pid!, ...descendants(run.child.pid!)]) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await run.exited;
      await until(() => stragglers(r!.programDir).length === 0, 10_000, "the whole killed tree to be gone");
      await r.stack.cancel();
      await r.stack.refresh(["--clear-pending-creates", "--skip-preview"]);
      const before = jobsPerDomain(r);
      const recovery = background(r.stack, UP);
      await until(
        () => countMatches(recovery.output(), /adopting CCKM job/) >= 1 || recovery.child.exitCode !== null,
        180_000,
        "the recovery up to adopt the running job",
      );
      await new Promise((res) => setTimeout(res, 1000));
      for (const job of r.sim.jobs().filter(isRunning)) r.sim.control.updateJob(String(job.id), { end: true });
      const { code } = await recovery.exited;
      assert.strictEqual(code, 0, recovery.output().slice(-3000));
      const after = jobsPerDomain(r);
      console.log(`      jobs per domain after the kill ${before.join("/")}, after the recovery ${after.join("/")}`);
      assert.deepStrictEqual(after, before, "the recovery started no job over a domain that had one");
      assert.deepStrictEqual(r.sim.jobs().filter(isRunning), []);
      const outs = await outputsByName(r);
      for (let i = 0; i < DSM.length; i++) assert.ok(outs[`dsm${i}`], `dsm${i} in state`);
    });

    it("opt-out (CIPHERTRUST_COALESCE=false): each resource its own job", async function () {
      r = await rig(`share-off-${profile}`, spec, {
        sim: { profile, jobSeconds: 1 },
        frontEnd,
        env: { CIPHERTRUST_COALESCE: "false" },
      });
      const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
      assert.strictEqual(up.code, 0, up.output.slice(-3000));
      const jobs = r.sim.jobs().filter(madeByThisRun);
      assert.strictEqual(jobs.length, 3);
      for (const j of jobs) assert.strictEqual(domainsOf(j).length, 1);
    });
  });
