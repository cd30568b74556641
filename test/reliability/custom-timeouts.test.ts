// Issue 19, point 4: the plugin honours the engine's request timeout (`customTimeouts`) together with
// `timeoutSeconds`; the smaller wins. A create whose customTimeouts passes keeps its job id in state, and the next
// `up` resumes waiting on the same job.
import * as assert from "assert";
import { GOOGLE } from "./fixtures";
import { background, countMatches, isRunning, Rig, rig, Spec, until } from "./helpers";
import { madeByThisRun } from "../profiles";

const UP = ["up", "--yes", "--skip-preview", "--stack", "dev"];

const ring = (opts?: Record<string, unknown>): Spec => ({
  rings: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[0]], timeoutSeconds: 1800 }, ...(opts ? { opts } : {}) },
});

describe("reliability: customTimeouts through the native provider", function () {
  let r: Rig | undefined;

  afterEach(async function () {
    await r?.dispose();
    r = undefined;
  });

  it("customTimeouts.create (5s) under timeoutSeconds (1800) ends the wait, keeps the job; the next up resumes it", async function () {
    r = await rig("ctimeouts", ring({ customTimeouts: { create: "5s" } }), {
      sim: { jobSeconds: 3600 },
      frontEnd: "native",
    });
    const started = Date.now();
    const first = await r.stack.up(["--skip-preview"], { allowFailure: true });
    const elapsed = Date.now() - started;
    assert.notStrictEqual(first.code, 0);
    assert.match(first.output, /timed out after 5s waiting for the job to end \(CCKM job \S+, last status/);
    assert.match(first.output, /Raise customTimeouts for long jobs/);
    // the job runs for an hour: a wait that ignored customTimeouts would not end before timeoutSeconds (30 min)
    assert.ok(elapsed < 600_000, `the up ended after ${elapsed} ms`);
    const jobs = r.sim.jobs().filter(madeByThisRun);
    assert.strictEqual(jobs.length, 1);
    assert.ok(isRunning(jobs[0]));
    const [res] = await r.stack.resources();
    assert.strictEqual(String(res.id), String(jobs[0].id), "the state keeps the job id");

    // without the short timeout, the next up resumes the same job (update)
    await r.setSpec(ring());
    const next = background(r.stack, UP);
    await until(
      () => countMatches(next.output(), /resuming the wait on CCKM job/) >= 1 || next.child.exitCode !== null,
      180_000,
      "the next up to resume the job",
    );
    r.sim.control.updateJob(String(jobs[0].id), { end: true });
    const done = await next.exited;
    assert.strictEqual(done.code, 0, next.output().slice(-3000));
    assert.strictEqual(countMatches(next.output(), /started CCKM job|adopting CCKM job/), 0, "no new job");
    assert.strictEqual(r.sim.jobs().filter(madeByThisRun).length, 1, "one job in all");
  });
});
