// Makes the state-compatibility fixture of a release: the stack that a user of that release has in state.
//
//   npx ts-node --transpile-only test/compat/make-fixture.ts [package.tgz] [--out test/compat/fixtures/v<version>]
//     [--both-front-ends]
//
// Without a tarball it packs this checkout (run it at the release's commit). The package is installed in a
// consumer project outside the repository, its own cckm-sim is started over HTTPS, and `pulumi up` runs
// program.js: two sync jobs and a SAP key job that complete, a Google sync whose job fails (a per-item failure)
// and an Azure sync still running when its small timeoutSeconds passes. The up fails (as it must: one job failed,
// one timed out); `pulumi stack export` is then written as stack.json, with program.js and a README.md.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { createCliStack, repoRoot, StateResource } from "../../scripts/engine";
import { connectionEnv, installConsumer, leaks, LOGIN, pack, PROJECT, STACK, workDir } from "./consumer";

/** The scopes, from the simulator's default seed (simulator/README.md). */
const GOOGLE_RING = "projects/gemalto-kyloeng/locations/global/keyRings/demo-key-ring";
export const FIXTURE_PROGRAM = `"use strict";
// The program of the state-compatibility fixture (test/compat/make-fixture.ts); the test runs it again as it is.
/* global exports */
const cckm = require("pulumi-cckm");

const dsm = new cckm.DsmDomainRefresh("dsm", { domains: ["89c49e63-b5c9-46be-9371-0d8b0649e289"] });
const aws = new cckm.AwsKeySync("aws", { kms: ["df43c37a-1961-4279-a89e-fe4a940f5425"], regions: ["us-east-1"] });
// its job fails: the simulator runs with a per-item failure for this key ring
const google = new cckm.GoogleKeySync("google", { keyRings: ["${GOOGLE_RING}"] });
// its job runs for an hour: still running when the 4 s timeout passes
const azure = new cckm.AzureKeySync("azure", { keyVaults: ["keyvault-softkeys"], timeoutSeconds: 4 });
// restores dwc-archive-key (gone, with a backup, in the default seed)
const sap = new cckm.SapKeyJob("sap", { keyId: "f467087b-417a-49b1-b0aa-43036d274000", operation: "restore" });

exports.jobs = { dsm: dsm.jobId, aws: aws.jobId, google: google.jobId, azure: azure.jobId, sap: sap.jobId };
`;

/**
 * With `--both-front-ends` (the fixture of a release with SyncSchedule and the provider plugin): the program above,
 * a dynamic SyncSchedule, and the plugin's resources (`cckm:index:<Kind>`, the package's own plugin named in
 * Pulumi.yaml): a DSM refresh and a SyncSchedule.
 */
export const BOTH_FRONT_ENDS_PROGRAM = `${FIXTURE_PROGRAM}
const pulumi = require("@pulumi/pulumi");
const nightly = new cckm.SyncSchedule("nightly", { cloud: "google", keyRings: ["${GOOGLE_RING}"], runAt: "0 2 * * *" });
const plugin = (kind, name, props) => new pulumi.CustomResource("cckm:index:" + kind, name, props);
const pdsm = plugin("DsmDomainRefresh", "pdsm", { domains: ["8376d8ce-43a4-44b0-9958-1d64d4a455bf"] });
const pnightly = plugin("SyncSchedule", "pnightly", { cloud: "aws", synchronizeAll: true, runAt: "30 3 * * 1" });
exports.schedules = { nightly: nightly.id, pnightly: pnightly.id, pdsm: pdsm.id };
`;

/** Our resources in an exported state: the dynamic ones and the plugin's (not the plugin's provider resource). */
export const isOurs = (r: StateResource) =>
  r.type.startsWith("pulumi-nodejs:dynamic/cckm:") || r.type.startsWith("cckm:index:");

/** Starts the installed package's own cckm-sim and resolves with its URL once it listens. */
function startCliSim(projectDir: string, args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const bin = path.join(projectDir, "node_modules", ".bin", "cckm-sim");
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`cckm-sim exited with ${code}: ${out}`)));
    child.stdout!.setEncoding("utf8").on("data", (c: string) => {
      out += c;
      const m = /cckm-sim listening on (\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
  });
}

function git(args: string[]): string {
  return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
}

function stateOf(r: StateResource): string {
  const o = r.outputs ?? {};
  const status = String(o.status ?? o.state ?? `schedule ${String(o.runAt)}`);
  const failed = r.initErrors?.length ? `; failed initialization: ${r.initErrors[0].split("\n")[0]}` : "";
  return `${status} (\`${String(o.overallStatus ?? o.state ?? o.scheduleName)}\`)${failed}`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const outAt = argv.indexOf("--out");
  const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
    .version;
  const outDir = path.resolve(outAt >= 0 ? argv[outAt + 1] : path.join(__dirname, "fixtures", `v${version}`));
  // `--source "main at <commit>"`: what the tarball was packed from, when it is not this checkout's release
  const sourceAt = argv.indexOf("--source");
  const source = sourceAt >= 0 ? argv[sourceAt + 1] : undefined;
  const title = source ?? version;
  const testFile = `state-${path.basename(outDir)}.test.ts`;
  const given = argv.find((a, i) => a.endsWith(".tgz") && !["--out", "--source"].includes(argv[i - 1]));
  const both = argv.includes("--both-front-ends");
  const program = both ? BOTH_FRONT_ENDS_PROGRAM : FIXTURE_PROGRAM;
  const expected = both ? 8 : 5;
  const dir = workDir("cckm-compat-make");
  let sim: ChildProcess | undefined;
  try {
    const tarball = given ? path.resolve(given) : await pack(repoRoot, dir);
    const projectDir = path.join(dir, "project");
    await installConsumer(projectDir, tarball, program, { plugin: both });
    const caFile = path.join(dir, "ca.pem");
    const started = await startCliSim(projectDir, [
      ...["--port", "0", "--quiet", "--ca-out", caFile],
      ...["--username", LOGIN.username, "--password", LOGIN.password],
      ...["--job-seconds", "2", "--job-seconds", "azure=3600"],
      ...["--fail-items", `${GOOGLE_RING}=permission denied on key ring (compat fixture)`],
    ]);
    sim = started.child;
    const stack = await createCliStack({
      programDir: projectDir,
      stackName: STACK,
      env: connectionEnv(started.url, caFile),
    });
    try {
      const up = await stack.up([], { allowFailure: true });
      if (up.code === 0) throw new Error("pulumi up succeeded: the Google job should have failed");
      const exported = (await stack.run(["stack", "export", "--stack", STACK])).stdout;
      const found = leaks(exported, started.url);
      if (found.length) throw new Error(`the exported state holds ${found.join(", ")}`);
      const resources = (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources;
      const ours = resources.filter(isOurs);
      if (ours.length !== expected)
        throw new Error(`expected ${expected} resources in state, got ${ours.length}\n${up.output}`);

      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(path.join(outDir, "stack.json"), exported);
      fs.writeFileSync(path.join(outDir, "program.js"), program);
      const dirty = git(["status", "--porcelain", "--", "provider", "simulator", "package.json"]) ? " (modified)" : "";
      const rows = ours.map((r) => `| \`${r.urn.split("::").pop()}\` | \`${r.type}\` | ${stateOf(r)} |`);
      const readme = [
        `# State fixture of pulumi-cckm ${title}`,
        "",
        "`stack.json` is `pulumi stack export` of a stack made by this release, as a user of it has it in state;",
        "`test/compat/" + testFile + "` imports it and refreshes, updates and destroys it with the code",
        "of the branch it runs in. Do not edit these files: make a new fixture for a new release instead.",
        "",
        "Made by `test/compat/make-fixture.ts` " +
          (given ? `from ${path.basename(tarball)}${source ? ` (packed from ${source})` : ""}, ` : "") +
          `at commit ${git(["rev-parse", "HEAD"])}${dirty} (${new Date().toISOString().slice(0, 10)}): the ` +
          "package from `npm pack`, installed with `@pulumi/pulumi` in a consumer project outside the repository,",
        "its own `cckm-sim` over HTTPS (`--job-seconds 2 --job-seconds azure=3600 --fail-items <the Google ring>=...`),",
        "`pulumi up` of `program.js` (project `" + PROJECT + "`, stack `" + STACK + "`; the up fails, as it must),",
        "connection settings from `CIPHERTRUST_*` variables (no address, port or credential in state; checked for",
        "the password, JWTs and refresh tokens), then `pulumi stack export` (reformatted by prettier).",
        "",
        "| resource | type | state |",
        "| -------- | ---- | ----- |",
        ...rows,
        "",
      ].join("\n");
      fs.writeFileSync(path.join(outDir, "README.md"), readme);
      const prettier = require.resolve("prettier/bin/prettier.cjs", { paths: [repoRoot] });
      execFileSync(process.execPath, [prettier, "--write", outDir], { cwd: repoRoot, stdio: "ignore" });
      process.stdout.write(`wrote ${outDir} (${ours.length} resources)\n`);
    } finally {
      await stack.dispose();
    }
  } finally {
    sim?.removeAllListeners("exit");
    sim?.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
