// A consumer's install: pulumi-cckm as a real folder in the program's node_modules (as npm installs it from the
// registry, not the checkout's symlink). The state holds only the thin provider, and after an "upgrade" of the
// installed package, refresh and destroy run the installed code, not a copy kept in state.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { createCliStack, CliStack, repoRoot, writeProgram } from "../../scripts/engine";
import { startSimulator } from "../../simulator";
import type { Simulator } from "../../simulator";
import { assertBuilt } from "./provider-harness";

const program = `
const cckm = require("pulumi-cckm");
const sync = new cckm.OciKeySync("vaults", { vaults: ["oci-vault-frankfurt"] });
exports.jobId = sync.jobId;
exports.status = sync.status;
exports.installedFrom = require.resolve("pulumi-cckm");
`;

/** Copies package.json and dist/provider into <dir>/node_modules/pulumi-cckm, as an installed package. */
function install(dir: string): string {
  const pkg = path.join(dir, "node_modules", "pulumi-cckm");
  fs.mkdirSync(pkg, { recursive: true });
  fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(pkg, "package.json"));
  fs.cpSync(path.join(repoRoot, "dist", "provider"), path.join(pkg, "dist", "provider"), { recursive: true });
  return pkg;
}

describe("provider installed as a consumer installs it", function () {
  let sim: Simulator;
  let stack: CliStack;
  let dir: string;
  let pkg: string;

  before(async function () {
    assertBuilt();
    sim = await startSimulator({ port: 0, jobSeconds: 1, quiet: true });
    dir = writeProgram({ name: "provider-consumer", code: program });
    // a package.json of its own, as a consumer's project has (else Node's self-reference resolves to the checkout)
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "consumer-app", private: true, main: "index.js" }),
    );
    pkg = install(dir);
    fs.writeFileSync(path.join(dir, "ca.pem"), sim.caCert);
    stack = await createCliStack({
      programDir: dir,
      config: { "cckm:address": sim.url, "cckm:caCert": path.join(dir, "ca.pem") },
      env: { CIPHERTRUST_USERNAME: "admin", CIPHERTRUST_PASSWORD: "admin" },
    });
  });
  after(async function () {
    await stack?.dispose();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs from the installed copy and keeps only the thin provider in state", async function () {
    await stack.up();
    const out = await stack.outputs();
    assert.strictEqual(out.status, "completed");
    assert.ok(String(out.installedFrom).startsWith(pkg), JSON.stringify(out));
    const [res] = await stack.resources();
    const provider = String(res.outputs?.__provider);
    // stored by reference: one require of the kind's provider module. The SDK here is the checkout's, which sees
    // the package through its self-link and cannot map the file back through `exports`, so it writes the file path
    // (exported too, for that reason); a real install writes pulumi-cckm/providers/<kind> (test/consumer).
    assert.match(
      provider,
      /require\("pulumi-cckm\/(providers\/ociKeySync|dist\/provider\/providers\/ociKeySync\.js)"\)/,
    );
    assert.ok(provider.length < 400, `__provider is ${provider.length} bytes:\n${provider}`);
    assert.ok(!provider.includes(repoRoot), "no path of the checkout in state");
    const bytes = JSON.stringify(res).length;
    console.log(`      consumer install: ${bytes} bytes of state for one resource`);
    assert.ok(
      !JSON.stringify(await stack.exportState()).includes('"admin"'),
      "credentials from the environment are nowhere in state",
    );
  });

  it("after an upgrade of the installed package, refresh and destroy run the new code", async function () {
    const runtime = path.join(pkg, "dist", "provider", "runtime", "index.js");
    fs.appendFileSync(
      runtime,
      `\nfor (const m of ["read", "delete"]) { const f = exports[m]; exports[m] = (...a) => { console.log("UPGRADED-RUNTIME " + m); return f(...a); }; }\n`,
    );
    const refresh = await stack.refresh();
    assert.match(refresh.output, /UPGRADED-RUNTIME read/);
    const destroy = await stack.destroy();
    assert.match(destroy.output, /UPGRADED-RUNTIME delete/);
    assert.deepStrictEqual(await stack.resources(), []);
  });
});
