// examples/yaml, run as a consumer runs it: a Pulumi YAML project outside the repository, the package from
// `npm pack` in its node_modules, the `cckm` plugin named under `plugins: providers:`, the real CLI and YAML host,
// cckm-sim over HTTPS. Three kinds ordered with dependsOn (one resource per job family).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";
import { consumerProject, NativeStack, nativeStack, PASSWORD, stateBytes } from "./consumer";

const example = fs.readFileSync(path.join(repoRoot, "examples", "yaml", "Pulumi.yaml"), "utf8");

describe("native provider: examples/yaml from a consumer project", function () {
  this.timeout(15 * 60_000);
  let s: NativeStack;

  before(async function () {
    const dir = await consumerProject("yaml", { "Pulumi.yaml": example });
    s = await nativeStack(dir);
  });
  after(async function () {
    await s?.dispose();
  });

  it("previews without a single API call", async function () {
    const before = s.sim.counters().requests;
    const r = await s.stack.preview();
    for (const r2 of ["cckm:index:DsmDomainRefresh dsm", "cckm:index:GoogleKeySync rings", "cckm:index:AwsKeySync aws"])
      assert.ok(r.output.includes(`+  ${r2} create`), r.output);
    assert.match(r.output, /\+ 4 to create/);
    assert.strictEqual(s.sim.counters().requests, before, "preview sent requests to CCKM");
  });

  it("up runs the three jobs in dependsOn order; the state holds no credential", async function () {
    await s.stack.up();
    const out = await s.stack.outputs();
    for (const r of ["dsm", "rings", "aws"]) assert.strictEqual(out[`${r}Status`], "completed", JSON.stringify(out));
    assert.strictEqual(s.sim.counters().jobsCreated.total, 3);
    const jobs = s.sim.jobs();
    const created = (family: string) => Date.parse(String(jobs.find((j) => j.family === family)!.createdAt));
    assert.ok(created("aws") >= created("dsm") && created("google") >= created("dsm"), "dsm ran first");
    const state = JSON.stringify(await s.stack.exportState({ showSecrets: true }));
    const resources = (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:index:"));
    assert.strictEqual(resources.length, 3);
    assert.ok(!JSON.stringify(resources).includes(PASSWORD), "no credential in any resource's state");
    assert.ok(state.length > 0);
    const bytes = await stateBytes(s.stack, "cckm:index:AwsKeySync");
    console.log(`      native state: ${bytes[0]} bytes for the AwsKeySync resource (pulumi stack export)`);
  });

  it("a second up changes nothing and starts no job", async function () {
    const r = await s.stack.up();
    assert.match(r.output, /4 unchanged/);
    assert.strictEqual(s.sim.counters().jobsCreated.total, 3);
  });

  it("a trigger change replaces exactly the one resource", async function () {
    const before = await s.stack.outputs();
    await s.stack.setConfig("runDate", "2026-12-02");
    const r = await s.stack.up();
    assert.match(r.output, /1 replaced/);
    assert.strictEqual(s.sim.counters().jobsCreated.total, 4);
    const after = await s.stack.outputs();
    assert.notStrictEqual(after.awsJob, before.awsJob);
    assert.strictEqual(after.dsmJob, before.dsmJob);
    assert.strictEqual(after.ringsJob, before.ringsJob);
  });

  it("shows progress lines of a running job under its resource; destroy cancels the job", async function () {
    // the next AWS job runs long and the wait gives up after 4 s: the job stays in state, running
    s.sim.control.configure({ families: { aws: { jobSeconds: 600 } } });
    await s.stack.setConfig("runDate", "2026-12-03");
    await s.stack.setConfig("timeoutSeconds", "4");
    const up = await s.stack.up([], { allowFailure: true });
    assert.notStrictEqual(up.code, 0);
    // the lines as the CLI shows them (for the report): under the resource's own row
    console.log(
      up.output
        .split("\n")
        .filter((l) => /cckm: AwsKeySync/.test(l))
        .slice(0, 4)
        .map((l) => `      | ${l}`)
        .join("\n"),
    );
    assert.match(
      up.output,
      /AwsKeySync aws creating[^\n]*cckm: AwsKeySync "aws": waiting for job [0-9a-f-]+: [^\n]*elapsed/,
    );
    const diagnostics = up.output.slice(up.output.lastIndexOf("Diagnostics:"));
    assert.doesNotMatch(diagnostics, /waiting for job [0-9a-f]/, "progress lines are the row status, not diagnostics");
    assert.match(diagnostics, /AwsKeySync "aws": timed out after 4s/);
    const running = s.sim
      .jobs()
      .filter((j) => j.family === "aws")
      .pop()!;
    assert.notStrictEqual(running.overall_status, "completed", "the newest AWS job runs on");
    const destroy = await s.stack.destroy();
    assert.match(destroy.output, /cancelling CCKM job/);
    assert.strictEqual(s.sim.counters().cancels, 1);
    const job = s.sim.jobs().find((j) => j.id === running.id)!;
    assert.strictEqual(job.abort, true);
    assert.deepStrictEqual(
      (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:")),
      [],
    );
  });
});
