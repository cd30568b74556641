// The published package, outside this repository: `npm pack`, install the tarball with the pinned peer
// `@pulumi/pulumi` into a fresh project under the OS temp folder, type-check a TypeScript use of the public API
// against the shipped typings, and `pulumi up`/`destroy` a program against the simulator. Nothing of the checkout is
// reachable from there: no symlink, no ts-node of our sources, no dev dependency.
import * as assert from "assert";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { CliStack, createCliStack, repoRoot, StateResource } from "../../scripts/engine";
import { startSimulator, Simulator } from "../../simulator";

const execFileAsync = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** The one version the SDK is pinned to: newer SDKs need Node 22. */
const PULUMI_SDK = "3.248.0";

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const cckm = require("pulumi-cckm");

const refresh = new cckm.DsmDomainRefresh("dsm", { domains: ["89c49e63-b5c9-46be-9371-0d8b0649e289"] });
const google = new cckm.GoogleKeySync(
  "google",
  { keyRings: ["projects/gemalto-kyloeng/locations/global/keyRings/demo-key-ring"] },
  { dependsOn: [refresh] },
);
exports.dsmJob = refresh.jobId;
exports.googleStatus = google.status;
exports.googleDetails = google.detailedStatus;
`;

// Uses every class and the error types: the shipped typings must describe all of them.
const typed = `import * as pulumi from "@pulumi/pulumi";
import * as cckm from "pulumi-cckm";

const common: cckm.CommonJobArgs = { triggers: ["2024-06-01"], timeoutSeconds: 600 };
const dsm: cckm.DsmDomainRefresh = new cckm.DsmDomainRefresh("dsm", { domains: ["a"], ...common });
new cckm.ExternalCmDomainRefresh("cm", { synchronizeAll: true });
new cckm.GoogleKeySync("g", { keyRings: ["r"] }, { dependsOn: [dsm] });
new cckm.AzureKeySync("az", { keyVaults: ["v"], takeCloudKeyBackup: true });
new cckm.AwsKeySync("aws", { kms: ["k"], regions: ["eu-west-1"] });
new cckm.OciKeySync("oci", { vaults: ["v"] });
new cckm.SapGroupSync("sap", { groups: ["g"] });
const key = new cckm.SapKeyJob("key", { keyId: "k", operation: "restore", deleteIfBackupFails: false });
export const outputs: pulumi.Output<string>[] = [dsm.jobId, dsm.status, dsm.overallStatus, key.state, key.sapKeyId];
export const details: pulumi.Output<Record<string, string>> = dsm.detailedStatus;
export const isError = (e: unknown) => e instanceof cckm.JobFailedError || e instanceof cckm.JobTimeoutError;

// the simulator subpath, for the consumer's own tests (classic "node10" resolution: typesVersions)
import { startSimulator, Simulator } from "pulumi-cckm/simulator";
export const sim: Promise<Simulator> = startSimulator({ jobSeconds: 1 });
`;

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return execFileAsync(cmd, args, { cwd, env, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024 });
}

describe("consumer: the packed package in a fresh project", function () {
  let workDir: string;
  let projectDir: string;
  let tarball: string;
  let sim: Simulator;
  let stack: CliStack | undefined;

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "runtime", "index.js"))) {
      throw new Error("run `npm run build` first: npm pack ships dist/");
    }
    // Not named after the package: the SDK's serializer finds a package's package.json by the first occurrence of
    // its name in the file path, so a folder called pulumi-cckm-* above node_modules makes it store the exported
    // file path (pulumi-cckm/dist/provider/providers/<kind>.js, tested by test/engine/consumer) instead
    // of pulumi-cckm/providers/<kind>, which is what this test checks.
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "cckm-consumer-"));
    // --ignore-scripts: dist/ is built (npm test builds first); prepack's build would rewrite it under the engine
    // tests that run beside this one
    const { stdout } = await run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", workDir], repoRoot);
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string }[];
    tarball = path.join(workDir, packed.filename);

    projectDir = path.join(workDir, "project");
    fs.mkdirSync(projectDir);
    fs.writeFileSync(
      path.join(projectDir, "package.json"),
      JSON.stringify(
        {
          name: "cckm-consumer",
          private: true,
          dependencies: { "@pulumi/pulumi": PULUMI_SDK, "pulumi-cckm": `file:${tarball}` },
        },
        null,
        2,
      ),
    );
    // the npm cache of this machine serves most of it; the registry the rest
    await run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], projectDir);
    fs.writeFileSync(
      path.join(projectDir, "Pulumi.yaml"),
      [
        "name: cckm-consumer",
        "description: uses pulumi-cckm from its npm tarball",
        "runtime:",
        "  name: nodejs",
        "  options:",
        "    typescript: false",
        "main: index.js",
        "",
      ].join("\n"),
    );
    fs.writeFileSync(path.join(projectDir, "index.js"), program);
    sim = await startSimulator({
      port: 0,
      jobSeconds: 1,
      quiet: true,
      username: "consumer",
      password: "Consumer-Pa55",
    });
  });

  after(async function () {
    await stack?.dispose();
    await sim?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("ships compiled JavaScript and typings only", async function () {
    const { stdout } = await run("tar", ["-tzf", tarball], workDir);
    const files = stdout
      .trim()
      .split("\n")
      .map((f) => f.replace(/^package\//, ""));
    for (const f of files) {
      assert.match(
        f,
        /^(dist\/(provider|simulator)\/.*\.(js|d\.ts|json)|dist\/bundle\/pulumi-resource-cckm\.js|bin\/pulumi-resource-cckm|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/,
        f,
      );
    }
    for (const f of [
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/runtime/index.js",
      "bin/pulumi-resource-cckm", // the provider plugin's launcher
      "dist/bundle/pulumi-resource-cckm.js", // the plugin, bundled with the SDK version it was tested with
    ]) {
      assert.ok(files.includes(f), `${f} is shipped`);
    }
    for (const f of ["LICENSE", "CHANGELOG.md", "README.md"]) assert.ok(files.includes(f), `${f} is shipped`);
    // nothing stale: every compiled file has its source (the build empties dist/ first: scripts/clean-dist.js)
    // (the bundle's source is the whole plugin: scripts/bundle-plugin.js builds it from dist/provider/plugin)
    for (const f of files.filter((x) => x.startsWith("dist/") && !x.startsWith("dist/bundle/"))) {
      const source = f.replace(/^dist\//, "").replace(/\.d\.ts$|\.js$/, ".ts");
      assert.ok(fs.existsSync(path.join(repoRoot, source)), `${f} has no source ${source}`);
    }
  });

  it("is a real folder in node_modules, resolved by name", function () {
    const pkgDir = path.join(projectDir, "node_modules", "pulumi-cckm");
    assert.ok(!fs.lstatSync(pkgDir).isSymbolicLink(), "installed from the tarball, not linked");
    // asked from a process in the project (here, the test file would resolve its own package by self-reference)
    const resolved = execFileSync(process.execPath, ["-p", 'require.resolve("pulumi-cckm/runtime")'], {
      cwd: projectDir,
      encoding: "utf8",
      env: { ...process.env, NODE_PATH: "" },
    }).trim();
    assert.ok(resolved.startsWith(fs.realpathSync(projectDir)), resolved);
    assert.ok(!fs.existsSync(path.join(pkgDir, "provider")), "no TypeScript sources");
    // the simulator's command is installed too
    const help = execFileSync(path.join(projectDir, "node_modules", ".bin", "cckm-sim"), ["--help"], {
      encoding: "utf8",
    });
    assert.match(help, /--job-seconds/);
  });

  it("type-checks a TypeScript program and the README example against the shipped typings", async function () {
    const dir = path.join(projectDir, "typecheck");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "typed.ts"), typed);
    // and the README's example, as a reader would paste it
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const example = /## Example\s+```ts\n([\s\S]+?)```/.exec(readme);
    assert.ok(example, "README.md has a TypeScript block under ## Example");
    fs.writeFileSync(path.join(dir, "readme.ts"), example[1]);
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        // no esModuleInterop, no skipLibCheck: the shipped typings must do without (a Pulumi TypeScript project sets
        // neither)
        compilerOptions: { strict: true, module: "commonjs", target: "ES2022", noEmit: true, types: [] },
        files: ["typed.ts", "readme.ts"],
      }),
    );
    // the compiler of this checkout, but every type comes from the project's node_modules
    const tsc = require.resolve("typescript/bin/tsc", { paths: [repoRoot] });
    const { stdout } = await run(process.execPath, [tsc, "-p", "tsconfig.json", "--listFiles"], dir).catch(
      (err: { stdout?: string }) => {
        throw new Error(`tsc failed:\n${err.stdout}`);
      },
    );
    // the simulator's public typings are plain TypeScript: zod validates at run time only
    const loaded = stdout.split("\n").filter((f) => f.includes("/node_modules/"));
    assert.ok(
      loaded.some((f) => f.includes("/pulumi-cckm/dist/simulator/index.d.ts")),
      "the simulator's typings were loaded",
    );
    assert.deepStrictEqual(
      loaded.filter((f) => f.includes("/node_modules/zod/")),
      [],
      "no typings of zod are loaded",
    );
  });

  it("goes up and is destroyed with the real engine", async function () {
    const caFile = path.join(workDir, "cckm-ca.pem");
    fs.writeFileSync(caFile, sim.caCert);
    stack = await createCliStack({
      programDir: projectDir,
      config: {
        "cckm:address": sim.url,
        "cckm:caCert": caFile,
        "cckm:username": "consumer",
        "cckm:password": { value: "Consumer-Pa55", secret: true },
      },
      env: { NODE_PATH: undefined, CCKM_POLL_INITIAL_MS: "300", CCKM_POLL_MAX_MS: "1000" },
    });
    await stack.up();
    const outputs = await stack.outputs();
    assert.strictEqual(outputs.googleStatus, "completed");
    assert.strictEqual(outputs.dsmJob, sim.jobs().find((j) => j.family === "dsm")?.id);

    const resources: StateResource[] = await stack.resources();
    assert.strictEqual(resources.length, 2);
    const state = JSON.stringify(await stack.exportState());
    assert.ok(!state.includes(repoRoot), "state names no path of the checkout");
    // the stack config sits in the default provider's inputs (the engine's doing), the password as a secret
    assert.ok(!state.includes("Consumer-Pa55"), "no plain-text password in state");
    for (const r of resources) {
      const provider = String(r.outputs?.__provider);
      // by reference: a require of the kind's provider module in the installed package, no code, no credential
      assert.match(provider, /require\("pulumi-cckm\/providers\/\w+"\)/);
      assert.ok(provider.length < 400, `__provider is ${provider.length} bytes`);
      assert.ok(!provider.includes("/" + "node_modules/"), "no file path of the installation");
      // (state size is the benchmarks' business, see BENCHMARKS.md; shown here on request)
      const size = Buffer.byteLength(JSON.stringify(r));
      if (process.env.CCKM_TEST_VERBOSE) {
        process.stdout.write(`      ${r.type}: ${size} bytes of state, __provider ${provider.length}\n`);
      }
    }

    await stack.up(["--expect-no-changes"]);
    await stack.destroy();
    assert.strictEqual((await stack.resources()).length, 0);
  });
});
