// The six families of issue 21 as their descriptors speak to CCKM: the request field each sends, the job field it
// reads the scope back from (Salesforce sends `organization_ids` and reads `organizations`), the list filters it
// sends when looking for a job to adopt (only where CCKM documents them), and what `pulumi import` reads back.
import * as assert from "assert";
import { ApiReader } from "../../provider/core/kind";
import { Query } from "../../provider/core/models";
import { kindOf } from "../../provider/kinds";
import { inputsFromApi } from "../../provider/registry/importing";
import { deadline, FakeClock } from "./fakes";

const ORG = "d5c1da8d-3344-4cf4-9054-afbabf0167b9";
const OTHER_ORG = "262a7d5b-943a-436b-9e13-1d96c2451f89";

/** A CCKM job list of `jobs`, filtered by a list field as CCKM filters (any item in common), recording the queries. */
function lister(jobs: Record<string, unknown>[]): ApiReader & { queries: { path: string; query?: Query }[] } {
  const queries: { path: string; query?: Query }[] = [];
  return {
    queries,
    get: async <T>(path: string, query?: Query) => {
      queries.push({ path, query });
      const filters = Object.entries(query ?? {}).filter(([k]) => !["skip", "limit", "sort"].includes(k));
      const found = jobs.filter((job) =>
        filters.every(([k, v]) => [v].flat().some((x) => (job[k] as unknown[] | undefined)?.includes(x))),
      );
      return { resources: found, total: found.length } as T;
    },
  };
}

const running = (scope: Record<string, unknown>) => ({
  id: "7d3f8c1e-0000-4000-8000-000000000001",
  overall_status: "in_progress",
  abort: false,
  createdAt: "2026-12-04T10:00:00.000000000Z",
  ...scope,
});

// kind, scope input, its request field, the field the job echoes it in, the list filter sent (undefined: none)
const TABLE: [string, string, string, string, string | undefined][] = [
  ["AzureCertificateSync", "keyVaults", "key_vaults", "key_vaults", "key_vaults"],
  ["AzureSecretSync", "keyVaults", "key_vaults", "key_vaults", "key_vaults"],
  ["AwsCustomKeyStoreSync", "kms", "kms", "kms", undefined],
  ["LunaHsmKeyRefresh", "partitions", "partitions", "partitions", undefined],
  ["SalesforceCertificateSync", "organizationIds", "organization_ids", "organizations", undefined],
  ["SalesforceTenantSecretSync", "organizationIds", "organization_ids", "organizations", "organizations"],
];

describe("the six more sync families: what they send and read", () => {
  for (const [name, input, request, echo, filter] of TABLE) {
    describe(name, () => {
      const kind = kindOf(name);
      const inputs = { [input]: [ORG], synchronizeAll: false };

      it(`sends the list as ${request}, or synchronize_all alone`, () => {
        assert.deepStrictEqual(kind.startBody(inputs), { [request]: [ORG] });
        assert.deepStrictEqual(kind.startBody({ [input]: [], synchronizeAll: true }), { synchronize_all: true });
      });

      it(`adopts a running job whose ${echo} is the scope, and only that one`, async () => {
        const same = running({ [echo]: [ORG] });
        const reader = lister([running({ [echo]: [OTHER_ORG] }), same]);
        assert.deepStrictEqual(await kind.findAdoptable(reader, inputs, deadline(new FakeClock())), [same]);
        const query = reader.queries[0].query ?? {};
        if (filter) assert.deepStrictEqual(query[filter], [ORG], JSON.stringify(query));
        else assert.deepStrictEqual(Object.keys(query).sort(), ["limit", "skip"].concat(query.sort ? ["sort"] : []));
        assert.strictEqual(kind.sameScope(inputs, same), true);
        assert.strictEqual(kind.sameScope(inputs, running({ [echo]: [OTHER_ORG] })), false);
      });

      it(`pulumi import reads the scope back from ${echo}`, () => {
        assert.deepStrictEqual(inputsFromApi(kind.inputs, running({ [echo]: [ORG] }))[input], [ORG]);
      });
    });
  }

  it("Salesforce: a job that echoed organization_ids only would not be taken for the scope (the echo is read)", () => {
    const kind = kindOf("SalesforceTenantSecretSync");
    const inputs = { organizationIds: [ORG], synchronizeAll: false };
    assert.strictEqual(kind.sameScope(inputs, running({ organization_ids: [ORG] })), false);
  });

  it("AwsCustomKeyStoreSync sends regions with kms, and compares them when adopting", () => {
    const kind = kindOf("AwsCustomKeyStoreSync");
    const inputs = { kms: [ORG], regions: ["eu-west-1"], synchronizeAll: false };
    assert.deepStrictEqual(kind.startBody(inputs), { kms: [ORG], regions: ["eu-west-1"] });
    assert.strictEqual(kind.sameScope(inputs, running({ kms: [ORG], regions: ["eu-west-1"] })), true);
    assert.strictEqual(kind.sameScope(inputs, running({ kms: [ORG], regions: ["us-east-1"] })), false);
  });

  it("only the tenant secret list is asked for sort=-createdAt (documented there only)", async () => {
    const sorted: string[] = [];
    for (const [name] of TABLE) {
      const reader = lister([]);
      await kindOf(name).findAdoptable(reader, { synchronizeAll: true }, deadline(new FakeClock()));
      if (reader.queries[0].query?.sort === "-createdAt") sorted.push(name);
    }
    assert.deepStrictEqual(sorted, ["SalesforceTenantSecretSync"]);
  });
});
