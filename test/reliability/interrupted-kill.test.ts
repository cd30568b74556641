// Issue 6, point 2, SIGKILL: see interrupted.ts for what happens and the recovery.
import * as assert from "assert";
import { assertOneCompletedJobPerScope, spec, startAndWaitForJobs, upAdoptingThenEnd } from "./interrupted";
import { engineRuns, frontEndTitle } from "../frontends";
import { descendants, isRunning, Rig, rig, stragglers, until } from "./helpers";

for (const { frontEnd, profile } of engineRuns(true))
  describe(`reliability: interrupted runs (SIGKILL, ${profile} CM, ${frontEndTitle(frontEnd)})`, function () {
    let r: Rig | undefined;

    afterEach(async function () {
      await r?.dispose();
      r = undefined;
    });

    // 150 ended jobs per family (more than a page of 100) stand before the running ones, oldest first under strict
    it("SIGKILL mid-wait behind 150 historic jobs, then cancel, refresh --clear-pending-creates and up: the creates adopt the running jobs", async function () {
      r = await rig(`sigkill-${profile}`, spec, { sim: { profile, jobSeconds: 3600, history: 150 }, frontEnd });
      const run = await startAndWaitForJobs(r);
      const tree = [run.child.pid!, ...descendants(run.child.pid!)];
      for (const pid of tree) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await run.exited;
      await until(() => stragglers(r!.programDir).length === 0, 10_000, "the whole killed tree to be gone");
      assert.strictEqual(r.sim.jobs().filter(isRunning).length, 3, "the jobs run on after the kill");
      // what the state holds depends on how far the engine got (pending creates may or may not have been written):
      // the recovery is the same either way
      const killed = await r.stack.exportState();
      console.log(
        `      SIGKILL: state keeps ${(killed.deployment.pending_operations ?? []).length} pending creates and ` +
          `${(await r.stack.resources()).length} job resources`,
      );

      const locked = await r.stack.up(["--skip-preview"], { allowFailure: true });
      assert.notStrictEqual(locked.code, 0);
      assert.match(locked.output, /locked/, "the file backend keeps the killed update's lock");
      await r.stack.cancel();
      await r.stack.refresh(["--clear-pending-creates", "--skip-preview"]);
      await upAdoptingThenEnd(r);
      await assertOneCompletedJobPerScope(r, "SIGKILL");
    });
  });
