// The dynamic front end reads every setting the engine knows from the stack config `configure` hands it, sharing
// jobs (`cckm:coalesce`) included: two creates of one family share a job unless the stack says `false`.
import * as assert from "assert";
import * as runtime from "../../provider/runtime";
import { startSimulator, type Simulator } from "../../simulator";
import { configureRuntimeFor } from "../dynamic/configure";
import { GOOGLE } from "../reliability/fixtures";

describe("dynamic front end: cckm:coalesce from the stack config", function () {
  this.timeout(60000);
  let sim: Simulator;
  const saved = console.log;

  before(async () => {
    sim = await startSimulator({ jobSeconds: 1 });
    console.log = () => undefined;
  });
  after(async () => {
    console.log = saved;
    await sim.stop();
  });

  async function twoCreates(extra: Record<string, string>): Promise<number> {
    await configureRuntimeFor(sim, extra);
    const before = sim.counters().jobsCreated.total;
    const inputs = await Promise.all(
      [GOOGLE[0], GOOGLE[1]].map(async (ring, i) => {
        const checked = await runtime.check("GoogleKeySync", {}, { keyRings: [ring], __cckmName: `r${i}` });
        assert.deepStrictEqual(checked.failures, []);
        return checked.inputs;
      }),
    );
    const made = await Promise.all(inputs.map((i) => runtime.create("GoogleKeySync", i)));
    for (const m of made) assert.strictEqual(m.outs.status, "completed");
    return sim.counters().jobsCreated.total - before;
  }

  it("shares one job by default", async () => {
    assert.strictEqual(await twoCreates({}), 1);
  });

  it("starts one job each with cckm:coalesce false", async () => {
    assert.strictEqual(await twoCreates({ "cckm:coalesce": "false" }), 2);
  });
});
