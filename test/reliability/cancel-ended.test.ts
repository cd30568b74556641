// Issue 6, point 7 (second part): `destroy` cancels a running job, and the job ends before the cancel arrives:
// CCKM may answer 400 NCERRBadRequest ("not in progress", the simulator's default) or 200 with the job unchanged
// (`cancelEnded: noop`). Both mean "nothing to cancel": destroy succeeds either way. The race is made exact: the
// cancel is held 3 s by a latency rule, and the test ends the job while it waits. `timeoutSeconds` (10 s) is the
// up's wait and also destroy's deadline, which bounds every request of the destroy: it must outlast the held cancel.
import * as assert from "assert";
import { DSM } from "./fixtures";
import { frontEndTitle, frontEnds } from "../frontends";
import { background, isRunning, Rig, rig, until } from "./helpers";

const CANCEL = "POST /api/v1/cckm/dsm/refresh/{id}/cancel";

for (const frontEnd of frontEnds())
  describe(`reliability: cancel of a job that has ended (${frontEndTitle(frontEnd)})`, function () {
    let r: Rig;

    before(async function () {
      r = await rig("cancel-ended", {}, { sim: { jobSeconds: 600 }, frontEnd });
    });

    after(async function () {
      await r?.dispose();
    });

    for (const cancelEnded of ["error", "noop"] as const) {
      it(`destroy succeeds when CCKM answers the cancel of an ended job with ${cancelEnded === "error" ? "400" : "200"}`, async function () {
        const sim = r.sim;
        sim.control.configure({ cancelEnded });
        sim.control.clearFaults();
        await r.setSpec({
          job: {
            kind: "DsmDomainRefresh",
            args: { domains: [DSM[cancelEnded === "error" ? 0 : 1]], timeoutSeconds: 10 },
          },
        });
        const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
        assert.notStrictEqual(up.code, 0, "the job outlives its deadline and stays in state");
        const [job] = sim.jobs().filter(isRunning);
        assert.ok(job, "its job still runs");

        sim.control.replaceFaults([{ method: "POST", path: "/api/v1/cckm/**/cancel", latencyMs: 3000 }]);
        const cancelsBefore = sim.counters().byEndpoint[CANCEL] ?? 0;
        const destroy = background(r.stack, ["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
        await until(() => (sim.counters().byEndpoint[CANCEL] ?? 0) > cancelsBefore, 60_000, "the cancel to arrive");
        sim.control.updateJob(String(job.id), { end: true });
        const { code } = await destroy.exited;
        const answer = sim.requestLog().find((e) => e.endpoint === CANCEL && e.path.includes(String(job.id)));
        console.log(
          `      cancel of an ended job (${cancelEnded}): answered ${answer?.status} ${answer?.error ?? ""}; destroy exit ${code}`,
        );
        assert.strictEqual(answer?.status, cancelEnded === "error" ? 400 : 200);
        assert.strictEqual(code, 0, destroy.output().slice(-3000));
        assert.deepStrictEqual(await r.stack.resources(), []);
        assert.deepStrictEqual(sim.jobs().filter(isRunning), []);
      });
    }
  });
