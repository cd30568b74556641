// The main job: `npm start`'s runner (scripts/start.ts) on a copy of the root quickstart project, so the checkout's own
// .pulumi-cckm/quickstart/ is left alone. First run creates every resource against the embedded simulator, the second
// is a no-op, destroy empties the stack; then the same stack pointed at "your own CM" (a simulator the test runs) by
// configuration only.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { repoRoot, scratchDir } from "../../scripts/engine";
import { startSimulator, Simulator } from "../../simulator";
import { assertBuilt } from "./helpers";

interface Run {
  code: number | null;
  output: string;
  ms: number;
}

function runner(root: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const started = Date.now();
  const tsNode = require.resolve("ts-node/dist/bin.js", { paths: [repoRoot] });
  const child = spawn(process.execPath, [tsNode, "--transpile-only", "scripts/start.ts", ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PULUMI_CCKM_QUICKSTART_ROOT: root,
      CCKM_SIM_JOB_SECONDS: "1",
      CCKM_POLL_INITIAL_MS: "300",
      CCKM_POLL_MAX_MS: "1000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

function ok(run: Run, what: string): Run {
  assert.strictEqual(run.code, 0, `${what} failed:\n${run.output.split("\n").slice(-40).join("\n")}`);
  return run;
}

describe("quickstart (npm start)", function () {
  let root: string;
  let cm: Simulator | undefined;

  before(function () {
    assertBuilt();
    root = scratchDir("quickstart");
    for (const f of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(repoRoot, f), path.join(root, f));
  });

  after(async function () {
    await cm?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it("deploys every kind against the embedded simulator, then a second run is a no-op, then destroys", async function () {
    const first = ok(await runner(root, []), "first npm start");
    assert.match(first.output, /\+ 15 created/);
    for (const kind of [
      "DsmDomainRefresh",
      "ExternalCmDomainRefresh",
      "GoogleKeySync",
      "AzureKeySync",
      "AwsKeySync",
      "AzureCertificateSync",
      "AzureSecretSync",
      "AwsCustomKeyStoreSync",
      "LunaHsmKeyRefresh",
      "SalesforceCertificateSync",
      "SalesforceTenantSecretSync",
    ]) {
      assert.match(first.output, new RegExp(`cckm:${kind} .* created`));
    }
    assert.match(first.output, /sapKeyRestore\s*: \{[\s\S]*state\s*: "COMPLETED"/);
    assert.match(first.output, /What to run next/);
    const config = fs.readFileSync(path.join(root, ".pulumi-cckm", "quickstart", "Pulumi.quickstart.yaml"), "utf8");
    assert.match(config, /cckm:caCert: \.pulumi-cckm\/quickstart\/simulator-ca\.pem/);
    assert.match(config, /cckm:password:\n\s+secure:/);

    const second = ok(await runner(root, []), "second npm start");
    assert.match(second.output, /15 unchanged/);
    assert.strictEqual(
      fs.readFileSync(path.join(root, ".pulumi-cckm", "quickstart", "Pulumi.quickstart.yaml"), "utf8"),
      config,
      "the stack config stays the same from run to run",
    );

    const destroyed = ok(await runner(root, ["destroy", "--yes"]), "npm run destroy");
    assert.match(destroyed.output, /- 15 deleted/);
  });

  it("runs against another CipherTrust Manager by configuration only", async function () {
    cm = await startSimulator({ port: 0, jobSeconds: 1, quiet: true, username: "pulumi-bot", password: "cm-Pa55" });
    const ca = path.join(root, "cm-ca.pem");
    fs.writeFileSync(ca, cm.caCert);
    for (const args of [
      ["config", "set", "quickstart:simulator", "false"],
      ["config", "set", "cckm:address", cm.url],
      ["config", "set", "cckm:username", "pulumi-bot"],
      ["config", "set", "--secret", "cckm:password", "cm-Pa55"],
      ["config", "set", "cckm:caCert", ca],
      ["config", "set", "--path", "quickstart:dsmDomains[0]", "d9fcff17-2d1a-4f55-bde0-8072bb2f2985"],
    ]) {
      ok(await runner(root, args), args.join(" "));
    }
    const up = ok(await runner(root, []), "npm start against the other CM");
    assert.doesNotMatch(up.output, /CCKM simulator \(cckm-sim\) listening/, "no embedded simulator");
    assert.match(up.output, /\+ 15 created/);
    assert.strictEqual(cm.counters().jobsCreated.total, 14);
    const [dsm] = cm.jobs().filter((j) => j.family === "dsm");
    assert.deepStrictEqual(dsm.domains, ["d9fcff17-2d1a-4f55-bde0-8072bb2f2985"]);
    ok(await runner(root, ["destroy", "--yes"]), "destroy");
  });
});
