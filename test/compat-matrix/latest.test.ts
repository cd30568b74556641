// The compatibility matrix's newest column (README, "Support matrix"): the consumer contract on Node 22 with the
// newest @pulumi/pulumi and the Pulumi CLI of the same version, both installed by `npm run toolchain` (part
// `latest`). The package comes from `npm pack`; a program goes up, up again without changes, replaces one resource,
// refreshes and is destroyed, once through the dynamic classes (the newest SDK serializes their providers) and once
// through the `cckm` plugin from Pulumi YAML (the plugin loads the newest SDK's gRPC server).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";
import { compatInstall, CompatInstall, compatStack, CompatStack, PASSWORD, projectBeside } from "./consumer";

const dynamicProgram = `"use strict";
const pulumi = require("@pulumi/pulumi");
const cckm = require("pulumi-cckm");

const config = new pulumi.Config();
const dsm = new cckm.DsmDomainRefresh("dsm", {
  domains: ["89c49e63-b5c9-46be-9371-0d8b0649e289"],
  triggers: [config.get("runDate") || "2026-12-01"],
});
const google = new cckm.GoogleKeySync(
  "google",
  { keyRings: ["projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu"] },
  { dependsOn: [dsm] },
);
exports.dsmJob = dsm.jobId;
exports.googleJob = google.jobId;
exports.googleStatus = google.status;
// what the program ran on
exports.node = process.version;
exports.sdk = require("@pulumi/pulumi/package.json").version;
`;

const yamlProgram = fs.readFileSync(path.join(repoRoot, "examples", "yaml", "Pulumi.yaml"), "utf8");
/** How many `cckm:index:*` resources examples/yaml declares. */
const YAML_RESOURCES = (yamlProgram.match(/^\s+type: cckm:index:/gm) ?? []).length;

describe("compatibility matrix: the newest Node, @pulumi/pulumi and Pulumi CLI", function () {
  this.timeout(20 * 60_000);
  let install: CompatInstall;

  before(async function () {
    install = await compatInstall();
  });
  after(function () {
    if (install) fs.rmSync(install.dir, { recursive: true, force: true });
  });

  it("runs npm and programs on the column's Node, with the SDK at the CLI's version", async function () {
    const t = install.toolchain;
    assert.match(t.node.version, /^22\./);
    assert.strictEqual(t.version, t.sdkVersion);
    const sdk = JSON.parse(
      fs.readFileSync(path.join(install.dir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
    ) as { version: string; engines?: { node?: string } };
    assert.strictEqual(sdk.version, t.sdkVersion);
    const pkg = JSON.parse(
      fs.readFileSync(path.join(install.dir, "node_modules", "pulumi-cckm", "package.json"), "utf8"),
    ) as { peerDependencies: Record<string, string> };
    assert.ok(pkg.peerDependencies["@pulumi/pulumi"], "the SDK is a peer dependency");
  });

  describe("through the dynamic classes (a Node program run by the CLI)", function () {
    let s: CompatStack;

    before(async function () {
      fs.writeFileSync(
        path.join(install.dir, "Pulumi.yaml"),
        "name: cckm-compat\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
      );
      fs.writeFileSync(path.join(install.dir, "index.js"), dynamicProgram);
      s = await compatStack(install, install.dir);
    });
    after(async function () {
      await s?.dispose();
    });

    it("goes up on the newest SDK; the providers are stored by reference, without credentials", async function () {
      await s.stack.up();
      const out = await s.stack.outputs();
      assert.strictEqual(out.googleStatus, "completed");
      assert.match(String(out.node), /^v22\./, "the program ran on Node 22");
      assert.strictEqual(out.sdk, install.toolchain.sdkVersion);
      assert.strictEqual(s.sim.counters().jobsCreated.total, 2);
      const resources = await s.stack.resources();
      assert.strictEqual(resources.length, 2);
      for (const r of resources) {
        const provider = String(r.outputs?.__provider);
        assert.match(provider, /require\("pulumi-cckm\/providers\/\w+"\)/, provider.slice(0, 400));
        assert.ok(provider.length < 400, `__provider is ${provider.length} bytes`);
      }
      assert.ok(!JSON.stringify(await s.stack.exportState()).includes(PASSWORD), "no plain-text password in state");
    });

    it("a second up changes nothing and starts no job", async function () {
      await s.stack.up(["--expect-no-changes"]);
      assert.strictEqual(s.sim.counters().jobsCreated.total, 2);
    });

    it("a trigger change replaces exactly the one resource", async function () {
      const before = await s.stack.outputs();
      await s.stack.setConfig("cckm-compat:runDate", "2026-12-02");
      const r = await s.stack.up();
      assert.match(r.output, /1 replaced/);
      const after = await s.stack.outputs();
      assert.notStrictEqual(after.dsmJob, before.dsmJob);
      assert.strictEqual(after.googleJob, before.googleJob);
      assert.strictEqual(s.sim.counters().jobsCreated.total, 3);
    });

    it("refresh reads the jobs back and leaves nothing to change", async function () {
      const ids = (await s.stack.resources()).map((r) => r.id).sort();
      await s.stack.refresh();
      assert.deepStrictEqual((await s.stack.resources()).map((r) => r.id).sort(), ids);
      await s.stack.preview(["--expect-no-changes"]);
    });

    it("destroy empties the stack", async function () {
      await s.stack.destroy();
      assert.strictEqual((await s.stack.resources()).length, 0);
    });
  });

  describe("through the cckm plugin from Pulumi YAML (examples/yaml)", function () {
    let s: CompatStack;

    before(async function () {
      s = await compatStack(install, projectBeside(install, "yaml", { "Pulumi.yaml": yamlProgram }));
    });
    after(async function () {
      await s?.dispose();
    });

    // examples/yaml: one resource of each of its kinds, each its own job (no two of one family)
    it("goes up: one job per resource, no credential in any resource's state", async function () {
      await s.stack.up();
      const out = await s.stack.outputs();
      for (const r of ["dsm", "rings", "aws"]) assert.strictEqual(out[`${r}Status`], "completed", JSON.stringify(out));
      const resources = (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:index:"));
      assert.strictEqual(resources.length, YAML_RESOURCES);
      assert.strictEqual(s.sim.counters().jobsCreated.total, YAML_RESOURCES);
      assert.ok(!JSON.stringify(resources).includes(PASSWORD));
    });

    it("a second up changes nothing and starts no job", async function () {
      await s.stack.up(["--expect-no-changes"]);
      assert.strictEqual(s.sim.counters().jobsCreated.total, YAML_RESOURCES);
    });

    it("a trigger change replaces exactly the one resource", async function () {
      const before = await s.stack.outputs();
      await s.stack.setConfig("runDate", "2026-12-02");
      const r = await s.stack.up();
      assert.match(r.output, /1 replaced/);
      const after = await s.stack.outputs();
      assert.notStrictEqual(after.awsJob, before.awsJob);
      assert.strictEqual(after.dsmJob, before.dsmJob);
      assert.strictEqual(s.sim.counters().jobsCreated.total, YAML_RESOURCES + 1);
    });

    it("refresh reads the jobs back and leaves nothing to change", async function () {
      const ids = (await s.stack.resources()).map((r) => r.id).sort();
      await s.stack.refresh();
      assert.deepStrictEqual((await s.stack.resources()).map((r) => r.id).sort(), ids);
      await s.stack.preview(["--expect-no-changes"]);
    });

    it("destroy empties the stack", async function () {
      await s.stack.destroy();
      assert.deepStrictEqual(
        (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:")),
        [],
      );
    });
  });
});
