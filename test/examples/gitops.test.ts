// examples/gitops: the committed stack files per environment hold secrets that only their passphrase decrypts, each
// environment goes up against its own (simulated) CipherTrust Manager with the credentials from its stack file, a
// change reviewed in a pull request shows in the preview as a new job, and the CI workflow passes actionlint.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { actionlint, ensureActionlint } from "./actionlint";
import { examplesDir, ExampleRun, runExample } from "./helpers";

const ENVIRONMENTS = {
  dev: {
    passphrase: "cckm-example-dev-passphrase",
    username: "pulumi-dev",
    password: "dev-Sync-2024!",
    jobs: 4,
    newVault: "kv-payments-prod",
  },
  prod: {
    passphrase: "cckm-example-prod-passphrase",
    username: "pulumi-prod",
    password: "prod-Sync-2024!",
    jobs: 4,
    newVault: "keyvault-softkeys",
  },
} as const;

describe("examples/gitops", function () {
  it("keeps each environment's password encrypted in its committed stack file", function () {
    for (const [name, env] of Object.entries(ENVIRONMENTS)) {
      const text = fs.readFileSync(path.join(examplesDir, "gitops", `Pulumi.${name}.yaml`), "utf8");
      assert.match(text, /^encryptionsalt: v1:/m, `${name}: a passphrase secrets provider`);
      assert.match(text, /cckm:password:\n\s+secure: v1:/, `${name}: the password is a secret`);
      assert.ok(!text.includes(env.password), `${name}: no plain-text password`);
    }
  });

  for (const [name, env] of Object.entries(ENVIRONMENTS)) {
    describe(`stack ${name}`, function () {
      let run: ExampleRun;

      before(async function () {
        run = await runExample("gitops", {
          stackName: name,
          passphrase: env.passphrase,
          // the committed stack file gives the credentials; only the address and CA are the simulator's
          connection: "none",
          sim: { username: env.username, password: env.password },
        });
        await run.stack.setConfig("cckm:address", run.sim.url);
        await run.stack.setConfig("cckm:caCert", path.join(run.dir, "cckm-ca.pem"));
      });

      after(async function () {
        await run?.dispose();
      });

      it("previews, goes up with the stack file's credentials, previews a reviewed change, and is destroyed", async function () {
        const { sim, stack } = run;
        await stack.preview();
        assert.strictEqual(sim.counters().requests, 0, "a preview (the pull-request check) makes no CCKM call");

        await stack.up();
        assert.strictEqual(sim.counters().jobsCreated.total, env.jobs);
        assert.strictEqual(sim.counters().authGrants.failed, 0);
        const outputs = await stack.outputs();
        assert.strictEqual(outputs.environment, name);
        assert.deepStrictEqual(
          Object.values(outputs.jobStatuses as Record<string, string>),
          new Array(env.jobs).fill("completed"),
        );

        // a pull request adds a key vault: its preview shows one replacement (a new Azure job), nothing else
        await stack.run(["config", "set", "--stack", name, "--path", "gitops:azureKeyVaults[1]", env.newVault]);
        const pr = await stack.preview(["--diff"]);
        assert.match(pr.stdout, /\+-1 to replace|1 to replace/);
        assert.match(pr.stdout, /cckm:AzureKeySync: \(replace\)/);
        assert.strictEqual(sim.counters().jobsCreated.total, env.jobs, "still no new job before the merge");

        await stack.destroy();
        assert.strictEqual((await stack.resources()).length, 0);
      });
    });
  }

  it("has a CI workflow that passes actionlint", async function () {
    const bin = await ensureActionlint();
    if (!bin) this.skip(); // no Go to build it (the Pulumi CLI came from PATH)
    const result = await actionlint(bin!, [".github/workflows/cckm.yml"], path.join(examplesDir, "gitops"));
    assert.strictEqual(result.code, 0, result.output);
    // and the linter does find mistakes: a job that needs a job that does not exist
    const broken = path.join(os.tmpdir(), `cckm-broken-${process.pid}.yml`);
    fs.writeFileSync(
      broken,
      "on: push\njobs:\n  a:\n    needs: nope\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n",
    );
    try {
      const bad = await actionlint(bin!, [broken], os.tmpdir());
      assert.notStrictEqual(bad.code, 0);
      assert.match(bad.output, /nope/);
    } finally {
      fs.rmSync(broken, { force: true });
    }
  });
});
