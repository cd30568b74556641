// `npm run plugin`'s archive, for machines without the npm package: `pulumi plugin install resource cckm
// <version> --file <archive>`, then a YAML project with no node_modules and no `plugins:` entry uses it.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildPluginArchive } from "../../scripts/plugin";
import { NativeStack, nativeStack, PASSWORD } from "./consumer";

const project = `name: cckm-archive
runtime: yaml
resources:
  vaults:
    type: cckm:index:OciKeySync
    properties:
      vaults: [oci-vault-frankfurt]
outputs:
  status: \${vaults.status}
`;

describe("native provider: the plugin archive of npm run plugin", function () {
  this.timeout(20 * 60_000);
  let s: NativeStack;
  let dir: string;
  let archive: string;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-archive-"));
    archive = await buildPluginArchive(path.join(dir, "dist"), { built: true });
    const projectDir = path.join(dir, "project");
    fs.mkdirSync(projectDir);
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), project);
    s = await nativeStack(projectDir);
  });
  after(async function () {
    await s?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("installs with pulumi plugin install and runs a job", async function () {
    const version = /-v([^/]+)\.tar\.gz$/.exec(archive)![1];
    console.log(`      archive: ${(fs.statSync(archive).size / 1024 / 1024).toFixed(1)} MB`);
    await s.stack.run(["plugin", "install", "resource", "cckm", version, "--file", archive]);
    const ls = await s.stack.run(["plugin", "ls"]);
    assert.match(ls.output, new RegExp(`cckm\\s+resource\\s+${version.replace(/\./g, "\\.")}`));
    await s.stack.up();
    assert.strictEqual((await s.stack.outputs()).status, "completed");
    const [res] = (await s.stack.resources()).filter((r) => r.type === "cckm:index:OciKeySync");
    assert.ok(!JSON.stringify(res).includes(PASSWORD));
    console.log(
      `      native state, one OciKeySync: ${JSON.stringify(res).length} bytes compact, ` +
        `${JSON.stringify(res, null, 4).length} as pulumi stack export prints it`,
    );
    await s.stack.destroy();
  });
});
