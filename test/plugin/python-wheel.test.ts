// The Python SDK as a user gets it: a wheel built from sdk/python (its pyproject.toml, `pip wheel`), installed with
// pip into a fresh virtual environment of the project's own (its dependencies from PyPI, held to the toolchain's
// pins with --constraint), and a program on it: up, a no-op up, destroy. The project names the plugin of the
// `npm pack` install under `plugins: providers:` (test/plugin/consumer.ts).
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { repoRoot } from "../../scripts/engine";
import { ensurePythonEnv } from "../../scripts/toolchain";
import { consumerProject, NativeStack, nativeStack, PASSWORD, secondUpAndDestroy } from "./consumer";

const execFileAsync = promisify(execFile);
const requirements = path.join(repoRoot, "scripts", "toolchain", "python", "requirements.txt");

const project = `name: cckm-python-wheel
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

dsm = cckm.DsmDomainRefresh("dsm", synchronize_all=True)
kms = cckm.AwsKeySync("kms", kms=["aws-prod"], opts=pulumi.ResourceOptions(depends_on=[dsm]))

pulumi.export("dsmStatus", dsm.status)
pulumi.export("kmsStatus", kms.status)
pulumi.export("kms", kms.kms)
`;

/** `pip wheel` of a copy of sdk/python (building writes build/ and *.egg-info beside the sources). */
async function buildWheel(dir: string): Promise<string> {
  const builder = await ensurePythonEnv({ verbose: false });
  const src = path.join(dir, "sdk-python");
  fs.cpSync(path.join(repoRoot, "sdk", "python"), src, { recursive: true });
  const out = path.join(dir, "wheelhouse");
  // --no-build-isolation: the toolchain's environment has the pinned setuptools, so no PyPI round trip for it
  await execFileAsync(
    builder.python,
    [
      "-m",
      "pip",
      "wheel",
      "--quiet",
      "--disable-pip-version-check",
      "--no-deps",
      "--no-build-isolation",
      "-w",
      out,
      src,
    ],
    { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 },
  );
  const wheels = fs.readdirSync(out).filter((f) => f.endsWith(".whl"));
  assert.strictEqual(wheels.length, 1, `one wheel expected in ${out}: ${wheels.join(", ")}`);
  return path.join(out, wheels[0]);
}

describe("native provider: a Python program on the wheel of sdk/python, in a fresh virtual environment", function () {
  this.timeout(30 * 60_000);
  let s: NativeStack;
  let wheel: string;

  before(async function () {
    const dir = await consumerProject("python-wheel", { "Pulumi.yaml": project, "__main__.py": program });
    wheel = await buildWheel(dir);
    const venv = path.join(dir, "venv");
    await execFileAsync("python3", ["-m", "venv", venv]);
    const pip = path.join(venv, "bin", "pip");
    await execFileAsync(
      pip,
      ["install", "--quiet", "--disable-pip-version-check", "--constraint", requirements, wheel],
      { maxBuffer: 16 * 1024 * 1024, timeout: 20 * 60_000 },
    );
    s = await nativeStack(dir, { env: { VIRTUAL_ENV: venv }, pathFirst: [path.join(venv, "bin")] });
  });
  after(async function () {
    await s?.dispose();
  });

  it("builds a pure-Python wheel with the package's name and version", function () {
    const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
      .version;
    assert.strictEqual(path.basename(wheel), `pulumi_cckm-${version}-py3-none-any.whl`);
    console.log(`      ${path.basename(wheel)}: ${(fs.statSync(wheel).size / 1024).toFixed(0)} KB`);
  });

  it("up runs both jobs, in order", async function () {
    await s.stack.up();
    const out = await s.stack.outputs();
    assert.strictEqual(out.dsmStatus, "completed", JSON.stringify(out));
    assert.strictEqual(out.kmsStatus, "completed");
    assert.deepStrictEqual(out.kms, ["aws-prod"]);
    assert.strictEqual(s.sim.counters().jobsCreated.total, 2);
    const resources = (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:index:"));
    assert.deepStrictEqual(resources.map((r) => r.type).sort(), [
      "cckm:index:AwsKeySync",
      "cckm:index:DsmDomainRefresh",
    ]);
    assert.ok(!JSON.stringify(resources).includes(PASSWORD));
  });

  secondUpAndDestroy(() => s, 2);
});
