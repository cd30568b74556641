// The foundation: the real Pulumi CLI, built or found by scripts/toolchain.ts, drives a dynamic resource through
// preview, up, a no-op up, a replacement, refresh and destroy, both as a directory program and through the
// Automation API. Nothing of CCKM here: this proves the engine path that every other suite stands on.
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CliStack, createAutomationStack, createCliStack, StateResource, writeProgram } from "../../scripts/engine";

// The Echo resource (fixtures/echo.js) serves both programs; the directory program requires it by path.
const echoFixture = path.join(__dirname, "fixtures", "echo.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Echo } = require(echoFixture) as { Echo: new (name: string, value: string) => pulumi.CustomResource };
const echoProgram = `
const pulumi = require("@pulumi/pulumi");
const { Echo } = require(${JSON.stringify(echoFixture)});
const echo = new Echo("echo", new pulumi.Config().require("value"));
exports.id = echo.id;
exports.value = echo.value;
exports.generation = echo.generation;
`;

function echoResources(resources: StateResource[]): StateResource[] {
  return resources.filter((r) => r.type === "pulumi-nodejs:dynamic/test:Echo");
}

describe("foundation: the real Pulumi engine, offline", function () {
  describe("a directory program through the CLI", function () {
    let stack: CliStack;

    before(async function () {
      stack = await createCliStack({ programDir: writeProgram({ name: "foundation-cli", code: echoProgram }) });
      await stack.setConfig("value", "a");
    });

    after(async function () {
      await stack?.dispose();
    });

    it("sets config values that start with dashes, such as a PEM certificate", async function () {
      const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
      await stack.setConfig("pem", pem);
      await stack.setConfig("pemSecret", { value: pem, secret: true });
      const plain = await stack.run(["config", "get", "pem", "--stack", stack.stackName]);
      const secret = await stack.run(["config", "get", "pemSecret", "--stack", stack.stackName]);
      assert.strictEqual(plain.stdout.trim(), pem);
      assert.strictEqual(secret.stdout.trim(), pem);
      await stack.removeConfig("pem");
      await stack.removeConfig("pemSecret");
    });

    it("goes through preview, up, a no-op up, a replacement, refresh and destroy", async function () {
      const preview = await stack.preview();
      assert.match(preview.stdout, /\+ {1,4}pulumi-nodejs:dynamic\/test:Echo +echo +create/);
      assert.deepStrictEqual(echoResources(await stack.resources()), [], "preview must not write state");

      await stack.up();
      let [echo] = echoResources(await stack.resources());
      assert.strictEqual(echo.id, "echo-a");
      assert.strictEqual(echo.outputs?.value, "a");
      assert.strictEqual(typeof echo.outputs?.__provider, "string", "the serialized provider is kept in state");
      const firstGeneration = echo.outputs?.generation;
      assert.deepStrictEqual(await stack.outputs(), { id: "echo-a", value: "a", generation: firstGeneration });

      await stack.up(["--expect-no-changes"]);
      [echo] = echoResources(await stack.resources());
      assert.strictEqual(echo.outputs?.generation, firstGeneration, "a no-op up must not create again");

      await stack.setConfig("value", "b");
      const diff = await stack.preview(["--diff"]);
      assert.match(diff.stdout, /\+-pulumi-nodejs:dynamic\/test:Echo: \(replace\)/);
      assert.match(diff.stdout, /~ value +: "a" => "b"/);
      await stack.up();
      [echo] = echoResources(await stack.resources());
      assert.strictEqual(echo.id, "echo-b", "the change replaced the resource");
      assert.notStrictEqual(echo.outputs?.generation, firstGeneration);
      assert.strictEqual(echoResources(await stack.resources()).length, 1, "the old resource is gone");

      await stack.refresh();
      [echo] = echoResources(await stack.resources());
      assert.strictEqual(echo.outputs?.refreshed, true, "refresh stored what read returned");

      await stack.destroy();
      assert.deepStrictEqual(echoResources(await stack.resources()), []);
      const all = await stack.resources({ all: true });
      assert.ok(all.length <= 1, `only the stack itself may remain, found ${all.map((r) => r.type).join(", ")}`);
    });
  });

  describe("an inline program through the Automation API", function () {
    it("goes through preview, up, a no-op up, a replacement, refresh and destroy", async function () {
      let value = "a";
      const program = async () => ({ id: new Echo("echo", value).id });
      const auto = await createAutomationStack({ projectName: "foundation-auto", program });
      try {
        const preview = await auto.stack.preview();
        assert.strictEqual(preview.changeSummary.create, 2, "the stack and the resource");

        const up = await auto.stack.up();
        assert.strictEqual(up.outputs.id.value, "echo-a");
        const state = async () =>
          echoResources(((await auto.stack.exportStack()).deployment.resources ?? []) as StateResource[]);
        const generation = (await state())[0].outputs?.generation;

        const noop = await auto.stack.up();
        assert.deepStrictEqual(noop.summary.resourceChanges, { same: 2 });
        assert.strictEqual((await state())[0].outputs?.generation, generation);

        value = "b";
        const replaced = await auto.stack.up();
        assert.strictEqual(replaced.summary.resourceChanges?.replace, 1);
        assert.strictEqual(replaced.outputs.id.value, "echo-b");

        await auto.stack.refresh();
        assert.strictEqual((await state())[0].outputs?.refreshed, true);

        const destroyed = await auto.stack.destroy();
        assert.strictEqual(destroyed.summary.resourceChanges?.delete, 2);
        assert.deepStrictEqual(await state(), []);
      } finally {
        await auto.dispose();
      }
    });
  });
});
