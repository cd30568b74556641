// Shared jobs, the pure parts: a resource's own view of a job wider than its scope, covering, and the union of
// compatible requests (jobs/coalesce/view.ts, groups.ts; kinds/scopeOps.ts).
import * as assert from "assert";
import { azureKeySync, dsmDomainRefresh, googleKeySync } from "../../provider/kinds/families";
import { ownView } from "../../provider/jobs/coalesce/view";
import { compatibilityKey, unionScope } from "../../provider/jobs/coalesce/groups";

const A = "89c49e63-b5c9-46be-9371-0d8b0649e289";
const B = "8376d8ce-43a4-44b0-9958-1d64d4a455bf";
const shared = (detailed: Record<string, string>, overall = "completed") => ({
  id: "j1",
  domains: [A, B],
  overall_status: overall,
  detailed_status: detailed,
  abort: false,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:05Z",
});

describe("shared jobs: each resource's own part", function () {
  it("outputs hold only the resource's items, and another item's failure is not its failure", function () {
    const job = shared({ [A]: "domain synchronized successfully", [B]: "PERMISSION_DENIED: no" });
    const a = ownView(dsmDomainRefresh, { domains: [A] });
    const b = ownView(dsmDomainRefresh, { domains: [B] });
    assert.deepStrictEqual(a.outputValues(job).detailedStatus, { [A]: "domain synchronized successfully" });
    assert.strictEqual(a.snapshot(job).phase, "succeeded");
    assert.strictEqual(b.snapshot(job).phase, "failed");
    assert.deepStrictEqual(
      b.snapshot(job).failures.map((f) => f.item),
      [B],
    );
  });

  it("a job failed as a whole (overall failed) succeeds for a resource whose own items all succeeded", function () {
    const job = shared({ [A]: "domain synchronized successfully", [B]: "error: unreachable" }, "failed");
    assert.strictEqual(ownView(dsmDomainRefresh, { domains: [A] }).snapshot(job).phase, "succeeded");
    assert.strictEqual(ownView(dsmDomainRefresh, { domains: [B] }).snapshot(job).phase, "failed");
  });

  it("a job over exactly the resource's scope, or items it cannot tell apart, is seen whole", function () {
    const job = shared({ [A]: "ok", [B]: "failed: x" });
    assert.strictEqual(ownView(dsmDomainRefresh, { domains: [A, B] }).snapshot(job).phase, "failed");
    // no key names the item (a form CCKM does not store): the whole job speaks
    assert.strictEqual(ownView(dsmDomainRefresh, { domains: ["other"] }).snapshot(job).phase, "failed");
  });

  it("Google keys its items by full ring name: a ring requested by its last segment finds its own", function () {
    const ring = "projects/p/locations/global/keyRings/r1";
    const job = {
      id: "g",
      key_rings: [ring, "projects/p/locations/global/keyRings/r2"],
      overall_status: "completed",
      detailed_status: {
        [ring]: "key ring synchronized successfully",
        "projects/p/locations/global/keyRings/r2": "failed: denied",
      },
    };
    assert.strictEqual(ownView(googleKeySync, { keyRings: ["r1"] }).snapshot(job).phase, "succeeded");
  });
});

describe("shared jobs: which requests share, and what covers them", function () {
  it("covers: a job over more items, or synchronize_all; not one with other options", function () {
    const ops = azureKeySync.scopes!;
    const scope = ops.of({ keyVaults: ["kv1"], takeCloudKeyBackup: false });
    assert.ok(ops.covers({ key_vaults: ["kv1::u1", "kv2::u2"] }, scope));
    assert.ok(ops.covers({ synchronize_all: true }, scope));
    assert.ok(!ops.covers({ key_vaults: ["kv1::u1"], take_cloud_key_backup: true }, scope));
    assert.ok(!ops.covers({ key_vaults: ["kv2::u2"] }, scope));
  });

  it("only the same options share a key; the union is sorted and de-duplicated", function () {
    const ops = azureKeySync.scopes!;
    const k = (i: Record<string, unknown>) => compatibilityKey(azureKeySync, ops.of(i));
    assert.strictEqual(k({ keyVaults: ["a"] }), k({ keyVaults: ["b"] }));
    assert.notStrictEqual(k({ keyVaults: ["a"] }), k({ keyVaults: ["a"], takeCloudKeyBackup: true }));
    const u = unionScope([{ scope: ops.of({ keyVaults: ["b", "a"] }) }, { scope: ops.of({ keyVaults: ["a", "c"] }) }]);
    assert.deepStrictEqual(u.items, ["a", "b", "c"]);
    assert.deepStrictEqual(azureKeySync.startBody(ops.inputsOf(u)), { key_vaults: ["a", "b", "c"] });
  });

  it("AWS (results per account and region) and SAP key jobs never share", async function () {
    const { awsKeySync, sapKeyJob } = {
      ...(await import("../../provider/kinds/families")),
      ...(await import("../../provider/kinds/sapKey")),
    };
    assert.strictEqual(awsKeySync.scopes, undefined);
    assert.strictEqual((sapKeyJob as { scopes?: unknown }).scopes, undefined);
  });
});
