// The toolchain step's promises: concurrent runs share one build and never leave a half-written cache, a
// second run is served from the cache, and without Go or a CLI the user is told how to install Pulumi.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { compareVersions, ensureToolchain, installedSdkVersion, pinnedVersion } from "../scripts/toolchain";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "..");
const script = path.join(repoRoot, "scripts", "toolchain.ts");
const tsNode = path.join(repoRoot, "node_modules", ".bin", "ts-node");

function runToolchain(env: NodeJS.ProcessEnv, parts: string[] = ["cli"]) {
  return execFileAsync(tsNode, ["--transpile-only", script, ...parts], { cwd: repoRoot, env, timeout: 30 * 60_000 });
}

describe("toolchain", function () {
  it("pins the CLI wrapper at the installed SDK version", function () {
    assert.strictEqual(pinnedVersion("pulumi-cli", "github.com/pulumi/pulumi/pkg/v3"), installedSdkVersion());
    assert.strictEqual(pinnedVersion("pulumi-cli", "github.com/pulumi/pulumi/sdk/v3"), installedSdkVersion());
    assert.strictEqual(pinnedVersion("language-host", "github.com/pulumi/pulumi/sdk/v3"), "3.68.0");
  });

  it("compares versions numerically", function () {
    assert.strictEqual(compareVersions("3.248.0", "3.248.0"), 0);
    assert.strictEqual(compareVersions("3.250.1", "3.248.0"), 1);
    assert.strictEqual(compareVersions("3.99.0", "3.248.0"), -1);
  });

  it("builds once when two processes start on an empty cache, then serves from it", async function () {
    const toolchain = await ensureToolchain({ verbose: false });
    if (toolchain.source === "path") this.skip(); // the build path is not taken on this machine
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-cache-"));
    try {
      // Go derives its build cache from XDG_CACHE_HOME too: keep the real one, so this re-links, not recompiles.
      const gocache = (await execFileAsync("go", ["env", "GOCACHE"])).stdout.trim();
      const env = { ...process.env, XDG_CACHE_HOME: cache, GOCACHE: gocache };
      const [a, b] = await Promise.all([runToolchain(env), runToolchain(env)]);
      assert.strictEqual(a.stdout, b.stdout, "both report the same CLI");
      const builds = (a.stderr + b.stderr).match(/\] building pulumi/g) ?? [];
      assert.strictEqual(builds.length, 1, `exactly one process builds:\n${a.stderr}\n${b.stderr}`);
      assert.match(a.stderr + b.stderr, /waiting for it/);

      const versionDir = path.dirname(path.dirname(a.stdout.trim()));
      assert.deepStrictEqual(fs.readdirSync(path.join(versionDir, "bin")).sort(), [
        "pulumi",
        "pulumi-language-nodejs",
        "pulumi-resource-pulumi-nodejs",
      ]);
      assert.deepStrictEqual(
        fs.readdirSync(versionDir).filter((f) => f !== "bin" && f !== "build.log"),
        [],
        "no lock or temporary folder is left behind",
      );

      const again = await runToolchain(env);
      assert.match(again.stderr, /from cache/);
      const { stdout } = await execFileAsync(again.stdout.trim(), ["version"]);
      assert.strictEqual(stdout.trim(), `v${installedSdkVersion()}`);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  it("serves every part of the step from its cache on a second run, each from a folder of its own", async function () {
    const toolchain = await ensureToolchain({ verbose: false });
    if (toolchain.source === "path") this.skip(); // parts found beside a CLI on PATH print no cache line
    const first = await runToolchain(process.env, []); // builds whatever this machine's cache lacks
    const again = await runToolchain(process.env, []);
    assert.strictEqual(again.stdout, first.stdout, "the same CLI");
    assert.doesNotMatch(again.stderr, /\] (building|creating) /, again.stderr);
    assert.match(again.stderr, /\(cli, hosts, python, codegen, latest, go, java\)/);
    // the CLI, the YAML host, the Python host, the Python environment, the generator, the compatibility matrix's
    // Node and CLI, the Go host, and pulumi-java's generator and host (one folder)
    const dirs = [...again.stderr.matchAll(/ from cache at (\S+)/g)].map((m) => path.dirname(m[1]));
    assert.strictEqual(new Set(dirs).size, 9, again.stderr);
  });

  it("tells the user how to install Pulumi when neither a CLI nor Go is available", async function () {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-cache-"));
    try {
      // PATH with node alone: no pulumi, no go
      const env = { ...process.env, XDG_CACHE_HOME: cache, PATH: path.dirname(process.execPath) };
      await assert.rejects(runToolchain(env), (err: Error & { stderr: string }) => {
        assert.match(err.stderr, /Go is not installed/);
        assert.match(err.stderr, /install the Pulumi CLI the normal way/);
        return true;
      });
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
