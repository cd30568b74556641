// The dynamic front end's own keys (`__cckmName`, `__cckmDefaultName`, `__provider`) stay in the front end: the
// runtime takes them out before the engine, hands the names over as Context fields, and records them again, so
// state keeps the shape deployed stacks have (test/compat/ proves it through the engine).
import * as assert from "assert";
import { JobFailedError } from "../../provider/jobs/errors";
import * as runtime from "../../provider/runtime";
import { startSimulator, type Simulator } from "../../simulator";
import { configureRuntimeFor } from "../dynamic/configure";
import { SEED } from "../simulator/helpers";

describe("dynamic front end: its own keys stay in the front end", function () {
  this.timeout(30000);
  let sim: Simulator;
  const saved = console.log;

  before(async () => {
    sim = await startSimulator({ jobSeconds: 0, failItems: { [SEED.googleRingName]: "permission denied (test)" } });
    await configureRuntimeFor(sim);
    console.log = () => undefined;
  });
  after(async () => {
    console.log = saved;
    await sim.stop();
  });

  it("check keeps __cckmName; the SyncSchedule default name comes from __cckmDefaultName", async () => {
    const job = await runtime.check("GoogleKeySync", {}, { keyRings: ["r"], __cckmName: "g", __provider: "P" });
    assert.deepStrictEqual(job.failures, []);
    assert.strictEqual(job.inputs.__cckmName, "g");
    assert.strictEqual(job.inputs.__provider, undefined, "the host adds __provider itself");
    const s = await runtime.check(
      "SyncSchedule",
      {},
      { cloud: "aws", synchronizeAll: true, runAt: "0 1 * * *", __cckmName: "n", __cckmDefaultName: "p-dev-n" },
    );
    assert.deepStrictEqual(s.failures, []);
    assert.strictEqual(s.inputs.scheduleName, "p-dev-n");
    assert.strictEqual(s.inputs.__cckmDefaultName, "p-dev-n");
  });

  it("a failed job's init error is a new error around the engine's, recording __provider and __cckmName", async () => {
    const { inputs } = await runtime.check("GoogleKeySync", {}, { keyRings: [SEED.googleRingName], __cckmName: "g" });
    await assert.rejects(runtime.create("GoogleKeySync", { ...inputs, __provider: "P" }), (err: unknown) => {
      const e = err as Error & { id: string; properties: Record<string, unknown>; reasons: string[] };
      assert.ok(e.cause instanceof JobFailedError, "the engine's error is the cause");
      assert.match(e.message, /^GoogleKeySync "g": CCKM job \S+ ended/);
      assert.strictEqual(e.id, (e.cause as JobFailedError).id);
      assert.strictEqual(e.properties.__provider, "P");
      assert.strictEqual(e.properties.__cckmName, "g");
      assert.strictEqual(e.properties.status, "failed");
      assert.ok(!("__provider" in ((e.cause as JobFailedError).properties ?? {})), "the engine's error is unchanged");
      return true;
    });
  });

  it("a new provider text is a change (recorded by an update), as before", async () => {
    const olds = { keyRings: ["r"], synchronizeAll: false, triggers: [], timeoutSeconds: 1800, status: "completed" };
    const same = await runtime.diff("GoogleKeySync", "j", { ...olds, __provider: "A" }, { ...olds, __provider: "A" });
    assert.strictEqual(same.changes, false);
    const other = await runtime.diff("GoogleKeySync", "j", { ...olds, __provider: "A" }, { ...olds, __provider: "B" });
    assert.deepStrictEqual(other, { changes: true, replaces: [], deleteBeforeReplace: false });
  });
});
