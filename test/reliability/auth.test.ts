// Issue 6, point 3 (short parts): a revoked refresh token falls back to the password grant; a wrong password fails
// fast with a message naming the user and the address, never the password (given as a secret in config, where the
// engine would mask it anyway, and through the environment, where nothing masks it).
import * as assert from "assert";
import { AWS, AZURE, DSM, EXTERNAL_CM, GOOGLE, SAP_KEYS } from "./fixtures";
import { Rig, rig, Spec, until } from "./helpers";

const two: Spec = {
  dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM[0]] } },
  gcp: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[0]] } },
};

const six: Spec = {
  ...two,
  cm: { kind: "ExternalCmDomainRefresh", args: { domains: [EXTERNAL_CM[0]] } },
  vault: { kind: "AzureKeySync", args: { keyVaults: [AZURE[0]] } },
  kms: { kind: "AwsKeySync", args: { kms: [AWS[0]] } },
  key: { kind: "SapKeyJob", args: { keyId: SAP_KEYS[0], operation: "delete" } },
};

const WRONG = "Wr0ng-pa55word-7f3c";

describe("reliability: authentication", function () {
  let r: Rig | undefined;

  afterEach(async function () {
    await r?.dispose();
    r = undefined;
  });

  it("falls back to the password grant when the refresh token is revoked", async function () {
    r = await rig("revoked", two, { sim: { tokenSeconds: 10, jobSeconds: 25 } });
    const sim = r.sim;
    const up = r.stack.up(["--skip-preview"], { allowFailure: true });
    await until(() => sim.counters().jobsCreated.total === 2, 60_000, "the jobs to start");
    const revoked = sim.control.revokeRefreshTokens();
    const result = await up;
    assert.strictEqual(result.code, 0, result.output.slice(-3000));
    const c = sim.counters();
    const refused = sim
      .requestLog()
      .filter((e) => e.path.startsWith("/api/v1/auth/tokens") && e.status === 401)
      .map((e) => (e.body as Record<string, unknown>)?.grant_type);
    console.log(
      `      revoked refresh token: ${revoked} revoked, grants ${JSON.stringify(c.authGrants)}, refused grants ${JSON.stringify(refused)}`,
    );
    assert.ok(revoked >= 1);
    assert.deepStrictEqual(refused, ["refresh_token"], "the revoked refresh token was refused once");
    assert.strictEqual(c.authGrants.password, 2, "then a password grant");
    assert.strictEqual(c.jobsCreated.total, 2);
  });

  for (const via of ["config", "environment"] as const) {
    it(`fails fast on a wrong password (${via}), naming the user and the address, never the password`, async function () {
      r = await rig(`wrongpw-${via}`, six, {
        config: via === "config" ? { "cckm:password": { value: WRONG, secret: true } } : {},
        env: via === "environment" ? { CIPHERTRUST_PASSWORD: WRONG } : {},
      });
      if (via === "environment") await r.stack.removeConfig("cckm:password");
      // one resource after the other, each carrying on after the others failed: every create asks for a token
      const up = await r.stack.up(["--skip-preview", "--continue-on-error", "--parallel", "1"], {
        allowFailure: true,
      });
      const c = r.sim.counters();
      console.log(
        `      wrong password (${via}): exit ${up.code} after ${up.durationMs} ms, grants ${JSON.stringify(c.authGrants)}, ` +
          `${c.jobsCreated.total} jobs, password found ${up.output.split(WRONG).length - 1} times in the output`,
      );
      assert.notStrictEqual(up.code, 0);
      // each resource's error names that resource only (a shared token failure once read "dsm": GoogleKeySync "gcp": ...)
      const errors = up.output.split("\n").filter((l) => /error: .*refused the credentials/.test(l));
      assert.ok(errors.length > 0);
      for (const line of errors) assert.doesNotMatch(line, /error: \w+ "\w+": \w+ "\w+":/, line);
      assert.match(up.output, new RegExp(`refused the credentials of user "admin"`));
      assert.ok(up.output.includes(r.sim.url), "the message names the address");
      assert.ok(!up.output.includes(WRONG), "the password never shows");
      assert.strictEqual(c.jobsCreated.total, 0);
      assert.strictEqual(c.authGrants.password, 0);
      // one refused password per provider process, however many resources: no account lock-out
      assert.strictEqual(c.authGrants.failed, 1, "the password was tried once");
      const named = new Set(
        [...up.output.matchAll(/error: \w+ "(\w+)": .*refused the credentials of user "admin"/g)].map((m) => m[1]),
      );
      assert.strictEqual(named.size, 6, `every resource says why (${[...named].join(", ")})`);
      const log = JSON.stringify(r.sim.requestLog());
      assert.ok(!log.includes(WRONG), "nor in the simulator's request log");
    });
  }
});
