// The Python language host we build runs a Python program on our CLI inside the Python environment we make:
// Python's pulumi at the CLI's version, a component resource registered through the host, outputs in state,
// and destroy leaves an empty stack. No provider is involved (a component needs none).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CliStack, engineToolchain, scratchDir } from "../../scripts/engine";
import { ensureLanguageHosts, ensurePythonEnv, installedSdkVersion } from "../../scripts/toolchain";

const program = `import sys
from importlib.metadata import version

import pulumi


class Greeter(pulumi.ComponentResource):
    def __init__(self, name, greeting, opts=None):
        super().__init__("test:index:Greeter", name, None, opts)
        self.message = pulumi.Output.from_input(greeting).apply(lambda g: f"{g} from python")
        self.register_outputs({"message": self.message})


config = pulumi.Config()
greeter = Greeter("greeter", config.get("greeting") or "hello")
pulumi.export("message", greeter.message)
pulumi.export("prefix", sys.prefix)
pulumi.export("sdk", version("pulumi"))
`;

describe("toolchain: Python host and environment", function () {
  let stack: CliStack | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await stack?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs a Python program up and destroys it with our pulumi-language-python and venv", async function () {
    const [toolchain, hosts, venv] = await Promise.all([
      engineToolchain(),
      ensureLanguageHosts({ verbose: false }),
      ensurePythonEnv({ verbose: false }),
    ]);
    dir = scratchDir("py-echo");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: py-echo\nruntime: python\n");
    fs.writeFileSync(path.join(dir, "__main__.py"), program);
    // The host of sdk v3.68.0 runs the first python3 on PATH: the environment's bin goes first.
    stack = new CliStack(toolchain, {
      programDir: dir,
      pathDirs: [venv.binDir, ...hosts.pathDirs],
      env: { VIRTUAL_ENV: venv.env.VIRTUAL_ENV },
    });
    await stack.init({ "py-echo:greeting": "bonjour" });

    await stack.up();
    const outputs = await stack.outputs();
    assert.strictEqual(outputs.message, "bonjour from python");
    assert.strictEqual(fs.realpathSync(String(outputs.prefix)), fs.realpathSync(venv.dir));
    assert.strictEqual(outputs.sdk, installedSdkVersion());
    const types = (await stack.resources({ all: true })).map((r) => r.type);
    assert.deepStrictEqual(types, ["pulumi:pulumi:Stack", "test:index:Greeter"]);

    await stack.up(["--expect-no-changes"]);
    await stack.destroy();
    assert.deepStrictEqual(await stack.resources({ all: true }), []);
  });
});
