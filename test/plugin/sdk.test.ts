// The committed schema and SDKs (sdk/) are what `npm run gen-sdk` makes from the kinds' property data today:
// regenerating changes nothing. The plugin serves the same schema (`pulumi package get-schema`).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineToolchain, isolatedEnv, repoRoot } from "../../scripts/engine";
import { generateInto, listFiles, schemaText, sdkRoot } from "../../scripts/gen-sdk";
import { execFile } from "child_process";
import { promisify } from "util";

const execFileAsync = promisify(execFile);

describe("native provider: schema and generated SDKs", function () {
  this.timeout(10 * 60_000);

  it("sdk/ is exactly what gen-sdk generates now", async function () {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-sdk-check-"));
    try {
      await generateInto(tmp);
      const want = listFiles(tmp);
      assert.deepStrictEqual(listFiles(sdkRoot), want, "run `npm run gen-sdk` and commit sdk/");
      const differ = want.filter(
        (f) => !fs.readFileSync(path.join(tmp, f)).equals(fs.readFileSync(path.join(sdkRoot, f))),
      );
      assert.deepStrictEqual(differ, [], "run `npm run gen-sdk` and commit sdk/");
      assert.ok(want.includes(path.join("python", "pulumi_cckm", "aws_key_sync.py")), want.join("\n"));
      assert.ok(want.includes(path.join("go", "cckm", "awsKeySync.go")), want.join("\n"));
      assert.ok(
        want.some((f) => f.startsWith(`dotnet${path.sep}`) && f.endsWith("AwsKeySync.cs")),
        want.join("\n"),
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("the plugin serves the committed schema", async function () {
    const toolchain = await engineToolchain();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-home-"));
    try {
      const env = isolatedEnv(toolchain, { backendDir: home, pulumiHome: home });
      const { stdout } = await execFileAsync(
        toolchain.pulumi,
        ["package", "get-schema", path.join(repoRoot, "bin", "pulumi-resource-cckm")],
        { env, maxBuffer: 16 * 1024 * 1024 },
      );
      const served = JSON.parse(stdout) as Record<string, unknown>;
      assert.deepStrictEqual(served, JSON.parse(schemaText()));
      assert.deepStrictEqual(served, JSON.parse(fs.readFileSync(path.join(sdkRoot, "schema.json"), "utf8")));
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
