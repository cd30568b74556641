// A Python program through the generated SDK (sdk/python, package pulumi_cckm), from a consumer project: the
// test creates a virtual environment with Python's `pulumi` from PyPI and installs sdk/python into it. The Python
// host built here (sdk/v3 v3.68.0) ignores the `virtualenv` option under CLI 3.248, so, as the README tells Python
// users of such a host, the environment is activated: its bin first on PATH and VIRTUAL_ENV set.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { repoRoot } from "../../scripts/engine";
import { consumerProject, NativeStack, nativeStack, PASSWORD } from "./consumer";

const execFileAsync = promisify(execFile);

const project = `name: cckm-python
runtime:
  name: python
  options:
    virtualenv: venv
plugins:
  providers:
    - name: cckm
      path: ./node_modules/pulumi-cckm/bin
`;

const program = `import pulumi
import pulumi_cckm as cckm

vaults = cckm.AzureKeySync("vaults", key_vaults=["keyvault-softkeys"], take_cloud_key_backup=True)
groups = cckm.SapGroupSync("groups", groups=["sap-dwc-prod"], opts=pulumi.ResourceOptions(depends_on=[vaults]))

pulumi.export("vaultsJob", vaults.job_id)
pulumi.export("vaultsStatus", vaults.status)
pulumi.export("backup", vaults.take_cloud_key_backup)
pulumi.export("groupsStatus", groups.status)
pulumi.export("groups", groups.groups)
`;

/** Python's pulumi at the SDK's version (the CLI's), from PyPI, and sdk/python, into <dir>/venv. */
async function createVenv(dir: string): Promise<string> {
  const venv = path.join(dir, "venv");
  await execFileAsync("python3", ["-m", "venv", venv]);
  const pip = path.join(venv, "bin", "pip");
  const sdkVersion = (
    JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }
  ).version;
  await execFileAsync(
    pip,
    [
      "install",
      "--quiet",
      "--disable-pip-version-check",
      `pulumi==${sdkVersion}`,
      path.join(repoRoot, "sdk", "python"),
    ],
    { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 },
  );
  return venv;
}

describe("native provider: a Python program through sdk/python", function () {
  this.timeout(20 * 60_000);
  let s: NativeStack;

  before(async function () {
    const dir = await consumerProject("python", { "Pulumi.yaml": project, "__main__.py": program });
    const venv = await createVenv(dir);
    s = await nativeStack(dir, { env: { VIRTUAL_ENV: venv }, pathFirst: [path.join(venv, "bin")] });
  });
  after(async function () {
    await s?.dispose();
  });

  it("up runs both jobs, in order", async function () {
    await s.stack.up();
    const out = await s.stack.outputs();
    assert.strictEqual(out.vaultsStatus, "completed", JSON.stringify(out));
    assert.strictEqual(out.groupsStatus, "completed");
    assert.strictEqual(out.backup, true);
    assert.deepStrictEqual(out.groups, ["sap-dwc-prod"]);
    assert.strictEqual(s.sim.counters().jobsCreated.total, 2);
    const resources = (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:index:"));
    assert.deepStrictEqual(resources.map((r) => r.type).sort(), ["cckm:index:AzureKeySync", "cckm:index:SapGroupSync"]);
    assert.ok(!JSON.stringify(resources).includes(PASSWORD));
  });

  it("a second up changes nothing", async function () {
    const r = await s.stack.up();
    assert.match(r.output, /3 unchanged/);
    assert.strictEqual(s.sim.counters().jobsCreated.total, 2);
  });

  it("destroy removes both", async function () {
    await s.stack.destroy();
    assert.deepStrictEqual(
      (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:")),
      [],
    );
  });
});
