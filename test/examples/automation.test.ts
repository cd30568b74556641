// examples/automation: the bootstrap tool drives an inline program through the Automation API against the simulator.
// Credentials travel as CIPHERTRUST_* variables to the provider process and never reach the stack's state; the
// same request again is a no-op; a destroy empties the stack.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as auto from "@pulumi/pulumi/automation";
import { engineToolchain, isolatedEnv, linkSelf, scratchDir } from "../../scripts/engine";
import { startSimulator, Simulator } from "../../simulator";
import { BootstrapRequest, runBootstrap } from "../../examples/automation/bootstrap";
import { assertBuilt, FAST_POLLING } from "./helpers";

const request: BootstrapRequest = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "..", "examples", "automation", "request.json"), "utf8"),
);

describe("examples/automation", function () {
  let sim: Simulator;
  const dirs: string[] = [];

  before(async function () {
    assertBuilt();
    linkSelf();
    sim = await startSimulator({ port: 0, jobSeconds: 2, quiet: true, username: "bootstrap-bot", password: "b00t!" });
  });

  after(async function () {
    await sim?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("bootstraps an environment, keeps no credential in state, is idempotent, and destroys", async function () {
    const toolchain = await engineToolchain();
    // the workspace must sit where `pulumi-cckm` resolves from node_modules: the checkout's scratch space
    const workDir = scratchDir("automation");
    const pulumiHome = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-home-"));
    const backendDir = path.join(workDir, "state");
    dirs.push(workDir, pulumiHome);
    const env = isolatedEnv(toolchain, { backendDir, pulumiHome }, FAST_POLLING);
    const envVars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    const binDir = path.dirname(toolchain.pulumi);
    const pulumiCommand = await auto.PulumiCommand.get({
      root: path.basename(binDir) === "bin" ? path.dirname(binDir) : undefined,
      skipVersionCheck: true,
    });
    const options = {
      connection: { address: sim.url, username: "bootstrap-bot", password: "b00t!", caCert: sim.caCert },
      request,
      workDir,
      envVars,
      pulumiCommand,
    };

    const first = await runBootstrap(options);
    assert.deepStrictEqual(first.changes, { create: 6 }, "the stack and five jobs");
    assert.strictEqual(sim.counters().jobsCreated.total, 5);
    const jobs = first.outputs.jobs.value as Record<string, string>;
    assert.deepStrictEqual(Object.keys(jobs).sort(), [
      "aws",
      "azure",
      "dsm",
      "google",
      "restore-f467087b-417a-49b1-b0aa-43036d274000",
    ]);
    const [dsmJob] = sim.jobs().filter((j) => j.family === "dsm");
    assert.strictEqual(jobs.dsm, dsmJob.id);

    // the state: job ids, yes; the password or the tool's user, no
    const stack = await auto.LocalWorkspace.selectStack(
      { stackName: request.environment, workDir },
      { envVars, pulumiCommand },
    );
    const state = JSON.stringify(await stack.exportStack());
    assert.ok(state.includes(dsmJob.id as string));
    assert.ok(!state.includes("b00t!") && !state.includes("bootstrap-bot"), "no credential in state");

    const again = await runBootstrap(options);
    assert.deepStrictEqual(again.changes, { same: 6 });
    assert.strictEqual(sim.counters().jobsCreated.total, 5, "the same request starts nothing");

    const destroyed = await runBootstrap({ ...options, destroy: true });
    assert.deepStrictEqual(destroyed.changes, { delete: 6 });
  });
});
