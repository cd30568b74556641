// Issue 21 point 4 through YAML: examples/yaml's six newer families (Azure certificates and secrets, AWS custom key
// stores, Luna HSM, Salesforce certificates and tenant secrets) fail on a failing item, each naming its job and the
// item, while the resources whose items succeed complete; the failed jobs stay in state for the next `up`.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";
import { consumerProject, NativeStack, nativeStack } from "./consumer";

const example = fs.readFileSync(path.join(repoRoot, "examples", "yaml", "Pulumi.yaml"), "utf8");
const DENIED = "PERMISSION_DENIED: no access (test)";
// the items examples/yaml names, as the simulator knows them (an item fails under any of its aliases)
const FAILING = [
  "kv-payments-prod", // Azure certificates and secrets
  "aws-prod", // AWS custom key stores (and the AWS key sync)
  "0d9d92e0-5109-4e67-89c4-cde66c4b54fe", // Luna partition
  "d5c1da8d-3344-4cf4-9054-afbabf0167b9", // Salesforce org (certificates; tenant secrets take every org)
];
const NEW_FAMILIES: [string, string][] = [
  ["AzureCertificateSync", "azureCertificates"],
  ["AzureSecretSync", "azureSecrets"],
  ["AwsCustomKeyStoreSync", "customKeyStores"],
  ["LunaHsmKeyRefresh", "luna"],
  ["SalesforceCertificateSync", "salesforceCertificates"],
  ["SalesforceTenantSecretSync", "salesforceTenantSecrets"],
];

describe("native provider: examples/yaml's newer families fail on a failing item", function () {
  this.timeout(15 * 60_000);
  let s: NativeStack;

  before(async function () {
    const dir = await consumerProject("yaml-families", { "Pulumi.yaml": example });
    s = await nativeStack(dir, { sim: { failItems: Object.fromEntries(FAILING.map((i) => [i, DENIED])) } });
  });
  after(async function () {
    await s?.dispose();
  });

  it("each newer family's resource fails naming its job and the item; the others complete", async function () {
    const up = await s.stack.up([], { allowFailure: true });
    assert.notStrictEqual(up.code, 0, up.output.slice(-3000));
    const diagnostics = up.output.slice(up.output.lastIndexOf("Diagnostics:"));
    for (const [kind, name] of NEW_FAMILIES) {
      const line = diagnostics.split("\n").find((l) => l.includes(`${kind} "${name}": CCKM job `));
      assert.ok(line, `${kind} "${name}" failed naming its job:\n${diagnostics.slice(0, 4000)}`);
      assert.ok(line.includes("PERMISSION_DENIED"), `${kind}: the item's error is named: ${line}`);
    }
    const resources = (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:index:"));
    const byName = new Map(resources.map((r) => [r.urn.split("::").pop()!, r]));
    assert.strictEqual(byName.get("dsm")?.outputs?.status, "completed");
    assert.strictEqual(byName.get("rings")?.outputs?.status, "completed");
    for (const [, name] of NEW_FAMILIES) {
      const r = byName.get(name);
      assert.ok(r, `${name} stays in state with its failed job`);
      assert.strictEqual(r.outputs?.status, "failed", name);
      assert.ok(
        s.sim.jobs().some((j) => String(j.id) === String(r.id)),
        `${name}: its id is the job's`,
      );
    }
  });
});
