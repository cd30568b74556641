// A Python program through the generated SDK (sdk/python, package pulumi_cckm), from a consumer project: the
// test creates a virtual environment and pip-installs sdk/python into it. The Python
// host built here (sdk/v3 v3.68.0) ignores the `virtualenv` option under CLI 3.248, so, as the README tells Python
// users of such a host, the environment is activated: its bin first on PATH and VIRTUAL_ENV set.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { repoRoot } from "../../scripts/engine";
import { ensurePythonEnv } from "../../scripts/toolchain";
import { consumerProject, NativeStack, nativeStack, PASSWORD, secondUpAndDestroy } from "./consumer";

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

/**
 * A virtual environment of the consumer's own, with sdk/python installed into it as a user would (`pip install`).
 * Python's `pulumi` and the SDK's dependencies come from the toolchain's cached environment (PyPI, pinned in
 * scripts/toolchain/python/requirements.txt), reached through a .pth file, so the test does not download them again.
 */
async function createVenv(dir: string): Promise<string> {
  const shared = await ensurePythonEnv({ verbose: false });
  const venv = path.join(dir, "venv");
  // without pip (and the old setuptools a 3.11 venv brings along): the cached environment's pip installs into it
  await execFileAsync("python3", ["-m", "venv", "--without-pip", venv]);
  const site = async (python: string) =>
    (await execFileAsync(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])).stdout.trim();
  fs.writeFileSync(
    path.join(await site(path.join(venv, "bin", "python")), "toolchain.pth"),
    `${await site(shared.python)}\n`,
  );
  // a copy: building the package writes build/ and *.egg-info next to its sources
  const sdkCopy = path.join(dir, "sdk-python");
  fs.cpSync(path.join(repoRoot, "sdk", "python"), sdkCopy, { recursive: true });
  await execFileAsync(
    shared.python,
    [
      "-m",
      "pip",
      "--python",
      path.join(venv, "bin", "python"),
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--no-deps",
      "--no-build-isolation",
      sdkCopy,
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

  secondUpAndDestroy(() => s, 2);
});
