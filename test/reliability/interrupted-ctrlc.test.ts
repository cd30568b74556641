// Issue 6, point 2, Ctrl-C once and twice through the dynamic resources: see interrupted.ts for what happens and the
// recovery. The provider does not cancel its jobs on Ctrl-C: they complete (first ^C) or are adopted by the next `up`
// (second ^C). The `cckm` plugin stops waiting on the first ^C (the engine's Cancel): interrupted-cancel.test.ts.
import * as assert from "assert";
import { assertOneCompletedJobPerScope, spec, startAndWaitForJobs, upAdoptingThenEnd } from "./interrupted";
import { frontEndTitle, frontEnds } from "../frontends";
import { countMatches, isRunning, Rig, rig, stragglers, until } from "./helpers";

for (const frontEnd of frontEnds().filter((fe) => fe === "dynamic"))
  describe(`reliability: interrupted runs (Ctrl-C, ${frontEndTitle(frontEnd)})`, function () {
    let r: Rig | undefined;

    afterEach(async function () {
      await r?.dispose();
      r = undefined;
    });

    it("Ctrl-C once: the engine waits for the running jobs, which complete and are recorded", async function () {
      r = await rig("ctrlc", spec, { sim: { jobSeconds: 12 }, frontEnd });
      const run = await startAndWaitForJobs(r);
      process.kill(-run.child.pid!, "SIGINT");
      const { code } = await run.exited;
      assert.notStrictEqual(code, 0, "the update reports that it was cancelled");
      assert.match(run.output(), /\^C received; cancelling/);
      assert.strictEqual(countMatches(run.output(), /cckm: .*: CCKM job .* completed after/), 3);
      assert.ok(!/cancelling CCKM job/.test(run.output()), "the provider cancels nothing on Ctrl-C");
      const up = await r.stack.up(["--skip-preview"]);
      assert.strictEqual(countMatches(up.output, /started CCKM job|adopting CCKM job/), 0, "the next up starts no job");
      await assertOneCompletedJobPerScope(r, "Ctrl-C");
    });

    it("Ctrl-C twice: the provider is stopped, the jobs run on, refresh --clear-pending-creates and up adopt them", async function () {
      r = await rig("ctrlc2", spec, { sim: { jobSeconds: 3600 }, frontEnd });
      const run = await startAndWaitForJobs(r);
      process.kill(-run.child.pid!, "SIGINT");
      await until(() => /\^C received; cancelling/.test(run.output()), 10_000, "the first ^C to be seen");
      process.kill(-run.child.pid!, "SIGINT");
      const { code } = await run.exited;
      assert.notStrictEqual(code, 0);
      assert.match(run.output(), /\^C received; terminating/);
      // CLI 3.248 exits at once on the second ^C and leaves the language host and the provider running (they poll
      // until their wait ends); the rig kills them at the end
      const left = stragglers(r.programDir);
      console.log(`      Ctrl-C twice: ${left.length} engine processes outlived the CLI`);
      assert.strictEqual(r.sim.jobs().filter(isRunning).length, 3, "the jobs run on after the provider was stopped");
      const pending = (await r.stack.exportState()).deployment.pending_operations ?? [];
      console.log(`      Ctrl-C twice: ${pending.length} pending creates left in state`);

      await r.stack.refresh(["--clear-pending-creates", "--skip-preview"]);
      await upAdoptingThenEnd(r);
      await assertOneCompletedJobPerScope(r, "Ctrl-C twice");
    });
  });
