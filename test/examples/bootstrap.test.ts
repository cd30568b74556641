// examples/bootstrap against the simulator: the jobs run in dependency order, the SAP key is restored, a second up
// changes nothing, and destroy leaves CCKM alone (every job has ended).
import * as assert from "assert";
import { ExampleRun, ms, runExample } from "./helpers";

describe("examples/bootstrap", function () {
  let run: ExampleRun;

  before(async function () {
    run = await runExample("bootstrap");
  });

  after(async function () {
    await run?.dispose();
  });

  it("runs DSM and Luna first, then the eight cloud syncs, then the SAP key restore; a second up is a no-op", async function () {
    const { sim, stack } = run;
    const preview = await stack.preview();
    assert.strictEqual(sim.counters().jobsCreated.total, 0, "preview makes no CCKM call");
    assert.match(preview.stdout, /\+ 12 to create/);

    await stack.up();
    const jobs = sim.jobs();
    const byFamily = (f: string) => jobs.filter((j) => j.family === f);
    const clouds = [
      "google",
      "azure",
      "aws",
      "azureCertificates",
      "azureSecrets",
      "awsCustomKeyStores",
      "sfdcCertificates",
      "sfdcTenantSecrets",
    ];
    assert.deepStrictEqual(
      ["dsm", "lunaHsm", ...clouds, "sapKeys"].map((f) => byFamily(f).length),
      Array(11).fill(1),
      "one job per step",
    );
    const [dsm] = byFamily("dsm");
    const [luna] = byFamily("lunaHsm");
    for (const f of clouds) {
      const [cloud] = byFamily(f);
      assert.ok(ms(cloud.createdAt) >= ms(dsm.completed_at), `${f} started after the DSM refresh ended`);
      assert.ok(ms(cloud.createdAt) >= ms(luna.completed_at), `${f} started after the Luna refresh ended`);
    }
    const [sapJob] = byFamily("sapKeys");
    for (const f of clouds) {
      assert.ok(ms(sapJob.createdAt) >= ms(byFamily(f)[0].completed_at), `the SAP restore started after ${f} ended`);
    }
    const key = sim.control.inventory().sapKeys?.find((k) => k.id === "f467087b-417a-49b1-b0aa-43036d274000");
    assert.strictEqual(key?.gone, false, "the SAP key is back");

    const outputs = await stack.outputs();
    assert.strictEqual(outputs.sapKeyState, "COMPLETED");
    assert.deepStrictEqual(Object.keys(outputs.awsRegions as object).sort(), [
      "123456789012/eu-west-1",
      "123456789012/us-east-1",
    ]);
    assert.deepStrictEqual(Object.keys(outputs.customKeyStoreRegions as object).sort(), [
      "123456789012/eu-west-1",
      "123456789012/us-east-1",
    ]);
    assert.strictEqual((outputs.jobs as Record<string, string>).dsm, dsm.id);
    assert.strictEqual((outputs.jobs as Record<string, string>).luna, luna.id);

    const requests = sim.counters().requests;
    await stack.up(["--expect-no-changes"]);
    assert.strictEqual(sim.counters().requests, requests, "a no-op up makes no CCKM call");

    await stack.destroy();
    assert.strictEqual((await stack.resources()).length, 0);
    assert.strictEqual(sim.counters().cancels, 0, "ended jobs are not cancelled");
  });
});
