// The YAML language host we build runs a Pulumi YAML program on our CLI: config in, functions evaluated by the
// host, outputs in state, and destroy leaves an empty stack. No provider is involved.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CliStack, engineToolchain, scratchDir } from "../../scripts/engine";
import { ensureLanguageHosts } from "../../scripts/toolchain";

const program = `name: yaml-echo
runtime: yaml
description: a Pulumi YAML program without resources
config:
  greeting:
    type: string
    default: hello
outputs:
  message: \${greeting} from yaml
  encoded:
    fn::toBase64: \${greeting}
  joined:
    fn::join:
      - "-"
      - - \${greeting}
        - from
        - yaml
`;

describe("toolchain: Pulumi YAML host", function () {
  let stack: CliStack | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await stack?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs a YAML program up and destroys it with our pulumi-language-yaml", async function () {
    const [toolchain, hosts] = await Promise.all([engineToolchain(), ensureLanguageHosts({ verbose: false })]);
    dir = scratchDir("yaml-echo");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program);
    stack = new CliStack(toolchain, { programDir: dir, pathDirs: hosts.pathDirs });
    await stack.init({ "yaml-echo:greeting": "bonjour" });

    const up = await stack.up();
    // The CLI names the host it started: ours, not one bundled with some other install.
    assert.ok(up.output.includes(`using pulumi-language-yaml from $PATH at ${hosts.yaml}`), up.output);
    assert.deepStrictEqual(await stack.outputs(), {
      message: "bonjour from yaml",
      encoded: Buffer.from("bonjour").toString("base64"),
      joined: "bonjour-from-yaml",
    });
    const types = (await stack.resources({ all: true })).map((r) => r.type);
    assert.deepStrictEqual(types, ["pulumi:pulumi:Stack"]);

    await stack.destroy();
    assert.deepStrictEqual(await stack.resources({ all: true }), []);
  });
});
