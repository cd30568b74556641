// Errors wrap, never mutate: an error this code did not make (the token cache's one refused-login error, shared by
// every caller in the process) reaches each resource inside its own ResourceError, so each message has one prefix.
import { strict as assert } from "assert";
import { CckmApiError } from "../../provider/client/errors";
import { clientFor, resetClients } from "../../provider/client/client";
import { ResourceError } from "../../provider/jobs/errors";
import * as schedule from "../../provider/schedule";
import { startSimulator, type Simulator } from "../../simulator";
import { SEED } from "../simulator/helpers";

describe("errors wrap, never mutate: a refused login seen by two SyncSchedules", function () {
  this.timeout(30000);
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator();
    resetClients();
  });
  after(() => sim.stop());

  it("shows one prefix each, naming its own resource, and leaves the shared cause as it was", async () => {
    const settings = {
      address: sim.url,
      username: "admin",
      password: "not-the-password",
      caCert: sim.caCert,
      insecureSkipVerify: false,
      sources: {},
    };
    const errors: ResourceError[] = [];
    for (const name of ["first", "second", "third"]) {
      const ctx = { client: () => clientFor(settings), name };
      const inputs = schedule.checkSchedule({
        cloud: "google",
        keyRings: [SEED.googleRingName],
        runAt: "0 2 * * *",
        scheduleName: name,
      }).inputs;
      await assert.rejects(schedule.createSchedule(ctx, inputs), (err: unknown) => {
        assert.ok(err instanceof ResourceError, String(err));
        errors.push(err);
        return true;
      });
    }
    const causes = errors.map((e) => e.cause);
    assert.ok(causes[0] instanceof CckmApiError, "the refused login is the cause");
    // the token cache refuses again with the same object: the shared cause is the point of this test
    assert.ok(
      causes.every((c) => c === causes[0]),
      "one refused-login error object, rethrown by the token cache",
    );
    const causeText = (causes[0] as Error).message;
    assert.doesNotMatch(causeText, /SyncSchedule/, "the shared cause is not changed");
    for (const [i, name] of ["first", "second", "third"].entries()) {
      const msg = errors[i].message;
      assert.match(msg, new RegExp(`^SyncSchedule "${name}": creating the job config failed: `));
      assert.equal(msg.match(/SyncSchedule "/g)?.length, 1, msg);
      assert.ok(msg.includes(causeText), msg);
      assert.match(msg, /What to do: check the connection settings/);
    }
  });
});
