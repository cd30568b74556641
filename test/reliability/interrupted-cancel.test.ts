// Issue 19, point 5: Ctrl-C through the `cckm` plugin. The engine sends the plugin Cancel on the first Ctrl-C; every
// wait stops at once and each resource whose job still runs is recorded with its job id (an init error), so `up`
// ends within seconds, and the next `up` resumes waiting on the same jobs: no duplicate, nothing lost.
// (The dynamic front end gets no Cancel from the SDK: see interrupted-ctrlc.test.ts and the README.)
import * as assert from "assert";
import { assertOneCompletedJobPerScope, spec, startAndWaitForJobs, UP } from "./interrupted";
import { background, countMatches, isRunning, Rig, rig, until } from "./helpers";
import { madeByThisRun } from "../profiles";

/** The bound the issue sets on Ctrl-C-to-exit (a behaviour: without Cancel, `up` waits for the jobs, up to an hour here). */
const CTRL_C_BOUND_MS = 5000;

describe("reliability: Ctrl-C once through the native provider (Cancel)", function () {
  let r: Rig | undefined;

  afterEach(async function () {
    await r?.dispose();
    r = undefined;
  });

  it("up ends within 5 s of the SIGINT with every job recorded; the next up resumes the same jobs", async function () {
    r = await rig("cancel", spec, { sim: { jobSeconds: 3600 }, frontEnd: "native" });
    const run = await startAndWaitForJobs(r);
    const sigint = Date.now();
    process.kill(-run.child.pid!, "SIGINT");
    const { code } = await run.exited;
    const elapsed = Date.now() - sigint;
    console.log(`      Ctrl-C to exit: ${elapsed} ms`);
    const output = run.output();
    assert.notStrictEqual(code, 0, "the update reports that it was cancelled");
    assert.match(output, /\^C received; cancelling/);
    assert.ok(elapsed <= CTRL_C_BOUND_MS, `up ended ${elapsed} ms after Ctrl-C (bound ${CTRL_C_BOUND_MS} ms)`);
    // each resource's error names its job (the CLI prints errors more than once: distinct job ids)
    const stopped = output.matchAll(/stopped waiting for the job to end: the update was cancelled \(CCKM job (\S+),/g);
    assert.strictEqual(new Set([...stopped].map((m) => m[1])).size, 3, output.slice(-3000));
    assert.ok(!/cancelling CCKM job/.test(output), "Ctrl-C cancels no CCKM job");

    // every job runs on, and the state holds each with its job id: no pending create, nothing to clear
    const jobs = r.sim.jobs().filter(madeByThisRun);
    assert.strictEqual(jobs.filter(isRunning).length, 3);
    const state = await r.stack.exportState();
    assert.deepStrictEqual(state.deployment.pending_operations ?? [], [], "no pending operation");
    const ids = (await r.stack.resources()).map((s) => String(s.id)).sort();
    assert.deepStrictEqual(ids, jobs.map((j) => String(j.id)).sort(), "the state holds the running jobs");

    // the next up resumes waiting on the same three jobs (update), then they end
    const next = background(r.stack, UP);
    await until(
      () => countMatches(next.output(), /resuming the wait on CCKM job/) >= 3 || next.child.exitCode !== null,
      180_000,
      "the next up to resume the three jobs",
    );
    for (const job of r.sim.jobs().filter(isRunning)) r.sim.control.updateJob(String(job.id), { end: true });
    const done = await next.exited;
    assert.strictEqual(done.code, 0, next.output().slice(-3000));
    assert.strictEqual(countMatches(next.output(), /resuming the wait on CCKM job/), 3);
    assert.strictEqual(countMatches(next.output(), /started CCKM job|adopting CCKM job/), 0, "no new job");
    await assertOneCompletedJobPerScope(r, "Ctrl-C (Cancel)");
  });
});
