// Issue 6, point 3 (long part): 30 s tokens, 2-minute jobs, 10 resources. The `up` succeeds with one password
// grant for its provider process (preview's process makes no request at all) and renews by refresh grant.
import * as assert from "assert";
import { AWS, AZURE, DSM, EXTERNAL_CM, GOOGLE, OCI, SAP_GROUPS, SAP_KEYS } from "./fixtures";
import { countMatches, Rig, rig, Spec } from "./helpers";

const ten: Spec = {
  dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM[0]] } },
  ecm: { kind: "ExternalCmDomainRefresh", args: { domains: [EXTERNAL_CM[0]] } },
  gcp: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[0]] } },
  az: { kind: "AzureKeySync", args: { keyVaults: [AZURE[0]] } },
  aws: { kind: "AwsKeySync", args: { kms: [AWS[0]] } },
  oci: { kind: "OciKeySync", args: { vaults: [OCI[0]] } },
  sapg: { kind: "SapGroupSync", args: { groups: [SAP_GROUPS[0]] } },
  all: { kind: "DsmDomainRefresh", args: { synchronizeAll: true } },
  key0: { kind: "SapKeyJob", args: { keyId: SAP_KEYS[0], operation: "delete" } },
  key2: { kind: "SapKeyJob", args: { keyId: SAP_KEYS[2], operation: "delete" } },
};

describe("reliability: 30 s tokens across 2-minute jobs", function () {
  let r: Rig;

  before(async function () {
    r = await rig("tokens", ten, { sim: { tokenSeconds: 30, jobSeconds: 120 } });
  });

  after(async function () {
    await r?.dispose();
  });

  it("goes up with one password grant and renews by refresh grant", async function () {
    const up = await r.stack.up(["--parallel", "16"], {
      allowFailure: true,
      env: { CCKM_POLL_MAX_MS: "5000", CCKM_PROGRESS_SECONDS: "20" },
    });
    assert.strictEqual(up.code, 0, up.output.slice(-3000));
    const c = r.sim.counters();
    const unauthorized = r.sim.requestLog().filter((e) => e.status === 401);
    console.log(
      `      tokens: ${c.jobsCreated.total} jobs of 120 s, grants ${JSON.stringify(c.authGrants)}, ` +
        `${unauthorized.length} answers 401, ${c.requests} requests, up took ${Math.round(up.durationMs / 1000)} s`,
    );
    // `dsm` adopts the synchronizeAll job when that one started first (its scope covers dsm's): 9 jobs, else 10
    assert.ok(c.jobsCreated.total === 9 || c.jobsCreated.total === 10, `${c.jobsCreated.total} jobs`);
    assert.strictEqual(countMatches(up.output, /CCKM job .* completed after/), 10);
    assert.strictEqual(c.authGrants.password, 1, "one password grant for the provider process");
    // 30 s tokens are renewed 6 s early, every 24 s: 4 or 5 renewals over the 120 s the jobs take
    assert.ok(c.authGrants.refresh_token >= 3, `renewed by refresh grant (${c.authGrants.refresh_token})`);
    assert.strictEqual(c.authGrants.failed, 0);
    assert.deepStrictEqual(unauthorized, [], "no request went out with an expired token");
  });
});
