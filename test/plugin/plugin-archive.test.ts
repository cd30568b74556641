// `npm run plugin`'s archives, for machines without the npm package: one per os/arch with Pulumi's names; the one of
// this machine installs with `pulumi plugin install resource cckm <version> --file <archive>`, then a YAML project
// with no node_modules and no `plugins:` entry uses it. Its launcher names what is missing when there is no node.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { ARCHES, archiveName, buildPluginArchives, minimumNodeMajor, PLATFORMS } from "../../scripts/plugin";
import { NativeStack, nativeStack, PASSWORD } from "./consumer";

const execFileAsync = promisify(execFile);
const version = (JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { version: string })
  .version;
const here = `linux-${process.arch === "arm64" ? "arm64" : "amd64"}`;

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

async function entries(archive: string): Promise<string[]> {
  const { stdout } = await execFileAsync("tar", ["-tzf", archive], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split("\n").filter((l) => l && !l.startsWith("./node_modules/"));
}

describe("native provider: the plugin archives of npm run plugin", function () {
  this.timeout(20 * 60_000);
  let s: NativeStack;
  let dir: string;
  let archives: string[];

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-archive-"));
    archives = await buildPluginArchives(path.join(dir, "dist"), { built: true });
    const projectDir = path.join(dir, "project");
    fs.mkdirSync(projectDir);
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), project);
    s = await nativeStack(projectDir);
  });
  after(async function () {
    await s?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("builds one archive per os and arch, named as Pulumi expects, each with its launcher", async function () {
    const expected = PLATFORMS.flatMap((p) => ARCHES.map((a) => archiveName(version, p, a)));
    assert.deepStrictEqual(
      archives.map((a) => path.basename(a)),
      expected,
    );
    assert.strictEqual(expected.length, 6);
    for (const archive of archives) {
      console.log(`      ${path.basename(archive)}: ${(fs.statSync(archive).size / 1024 / 1024).toFixed(1)} MB`);
      const names = await entries(archive);
      assert.ok(names.includes("./pulumi-resource-cckm.js"), `${archive}: ${names.join(" ")}`);
      const windows = archive.includes("-windows-");
      assert.strictEqual(names.includes("./pulumi-resource-cckm.cmd"), windows, archive);
      assert.strictEqual(names.includes("./pulumi-resource-cckm"), !windows, archive);
    }
  });

  it("installs with pulumi plugin install and runs a job, without node_modules in the project", async function () {
    const archive = archives.find((a) => a.endsWith(`-${here}.tar.gz`))!;
    await s.stack.run(["plugin", "install", "resource", "cckm", version, "--file", archive]);
    const ls = await s.stack.run(["plugin", "ls"]);
    assert.match(ls.output, new RegExp(`cckm\\s+resource\\s+${version.replace(/\./g, "\\.")}`));
    assert.ok(!fs.existsSync(path.join(s.stack.programDir, "node_modules")));
    await s.stack.up();
    assert.strictEqual((await s.stack.outputs()).status, "completed");
    const [res] = (await s.stack.resources()).filter((r) => r.type === "cckm:index:OciKeySync");
    assert.ok(!JSON.stringify(res).includes(PASSWORD));
    await s.stack.destroy();
  });

  it("says what to install when there is no node on PATH", async function () {
    const unpacked = path.join(dir, "unpacked");
    fs.mkdirSync(unpacked);
    await execFileAsync("tar", ["-xzf", archives.find((a) => a.endsWith(`-${here}.tar.gz`))!, "-C", unpacked]);
    const empty = path.join(dir, "empty-path");
    fs.mkdirSync(empty);
    const run = execFileAsync("/bin/sh", [path.join(unpacked, "pulumi-resource-cckm")], { env: { PATH: empty } });
    await assert.rejects(run, (err: Error & { code?: number; stderr?: string }) => {
      assert.strictEqual(err.code, 1);
      assert.match(err.stderr ?? "", new RegExp(`no node on PATH\\. Install Node\\.js ${minimumNodeMajor()} or newer`));
      return true;
    });
  });
});
