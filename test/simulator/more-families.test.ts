/**
 * The six families added from CM's operations index (Azure certificates and secrets, AWS custom key stores, Luna HSM
 * refresh, Salesforce certificates and tenant secrets): create, list, get, cancel, 400/404s, failure knobs, the strict
 * refusal of a second sync, and the inventory they refer to. Over real HTTP(S), as the other conformance tests.
 */
import { strict as assert } from "assert";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login, SEED, waitFor } from "./helpers";

const LUNA = ["0d9d92e0-5109-4e67-89c4-cde66c4b54fe", "5e1ab783-cb98-44c8-902a-41491d0bddd5"];
const SFDC = ["d5c1da8d-3344-4cf4-9054-afbabf0167b9", "262a7d5b-943a-436b-9e13-1d96c2451f89"];
const AZURE_STORED = `${SEED.azureVaultName}::${SEED.azureVaultId}`;
/** The strict profile draws each item's success text from these (`$documented` = the family's own). */
const successTexts = (f: FamilyCase) => [f.success, "Synchronization completed", "OK", "synced 14 keys"];

interface FamilyCase {
  family: string;
  path: string;
  /** The request's scope list, and where the job echoes it (and lists filter on it). */
  field: string;
  jobField: string;
  cloud: string;
  inProgress: string;
  ref: string;
  stored: string;
  detailKey: string;
  success: string;
  /** How many items `synchronize_all: true` scopes (the seed's). */
  all: number;
}

const CASES: FamilyCase[] = [
  {
    family: "azureCertificates",
    path: "/api/v1/cckm/azure/certificates/synchronization-jobs",
    field: "key_vaults",
    jobField: "key_vaults",
    cloud: "AzureCloud",
    inProgress: "in progress",
    ref: SEED.azureVaultName,
    stored: AZURE_STORED,
    detailKey: AZURE_STORED,
    success: "Success",
    all: 2,
  },
  {
    family: "azureSecrets",
    path: "/api/v1/cckm/azure/secrets/synchronization-jobs",
    field: "key_vaults",
    jobField: "key_vaults",
    cloud: "AzureCloud",
    inProgress: "in progress",
    ref: SEED.azureVaultId,
    stored: AZURE_STORED,
    detailKey: AZURE_STORED,
    success: "Success",
    all: 2,
  },
  {
    family: "awsCustomKeyStores",
    path: "/api/v1/cckm/aws/custom-key-stores/synchronization-jobs",
    field: "kms",
    jobField: "kms",
    cloud: "aws",
    inProgress: "in_progress",
    ref: SEED.awsKmsName,
    stored: SEED.awsKmsId,
    detailKey: "123456789012/us-east-1",
    success: "region synchronized successfully",
    all: 2,
  },
  {
    family: "lunaHsm",
    path: "/api/v1/cckm/hsm/luna/refresh",
    field: "partitions",
    jobField: "partitions",
    cloud: "hsm-luna",
    inProgress: "in_progress",
    ref: LUNA[0],
    stored: LUNA[0],
    detailKey: LUNA[0],
    success: "partition refreshed successfully",
    all: 2,
  },
  {
    family: "sfdcCertificates",
    path: "/api/v1/cckm/sfdc/certificates/synchronization-jobs",
    field: "organization_ids",
    jobField: "organizations",
    cloud: "sfdc",
    inProgress: "in_progress",
    ref: SFDC[0],
    stored: SFDC[0],
    detailKey: SFDC[0],
    success: "Success",
    all: 2,
  },
  {
    family: "sfdcTenantSecrets",
    path: "/api/v1/cckm/sfdc/keys/synchronization-jobs",
    field: "organization_ids",
    jobField: "organizations",
    cloud: "sfdc",
    inProgress: "in_progress",
    ref: SFDC[1],
    stored: SFDC[1],
    detailKey: SFDC[1],
    success: "Success",
    all: 2,
  },
];

describe("simulator: the families added from CM's operations index", function () {
  this.timeout(20000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ jobPolls: 2 }); // the strict default profile, over HTTPS
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  for (const f of CASES) {
    describe(f.family, () => {
      it("create answers 201, in progress, without detailed_status; GET polls it to completed", async () => {
        const a = await call(sim, "POST", f.path, { token, body: { [f.field]: [f.ref], synchronize_all: false } });
        assert.equal(a.status, 201, a.text);
        assert.equal(a.body.uri, `kylo:kylo:cckm:synchronize:${a.body.id}`);
        assert.equal(a.body.cloud, f.cloud);
        assert.equal(a.body.overall_status, f.inProgress);
        assert.deepEqual(a.body[f.jobField], [f.stored]);
        assert.equal(a.body.detailed_status, undefined);
        assert.equal(a.body.abort, false);
        const g1 = await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
        assert.equal(g1.body.overall_status, f.inProgress);
        assert.ok(f.detailKey in g1.body.detailed_status, g1.text);
        const g2 = await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
        assert.equal(g2.body.overall_status, "completed");
        assert.ok(g2.body.completed_at);
        assert.ok(successTexts(f).includes(g2.body.detailed_status[f.detailKey]), g2.text);
        assert.equal(sim.jobs().find((j) => j.id === a.body.id)?.family, f.family);
      });

      it("synchronize_all scopes every seeded item; lists page, filter and keep to their family", async () => {
        sim.control.configure({ refuseWhileRunning: "off" });
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) {
          const a = await call(sim, "POST", f.path, { token, body: { synchronize_all: true } });
          assert.equal(a.status, 201, a.text);
          assert.equal(a.body[f.jobField].length, f.all);
          ids.push(a.body.id);
        }
        const page = await call(sim, "GET", `${f.path}?skip=1&limit=1`, { token });
        assert.equal(page.status, 200, page.text);
        assert.deepEqual([page.body.skip, page.body.limit, page.body.total], [1, 1, 3]);
        assert.equal(page.body.resources[0].id, ids[1], "oldest first (strict listOrder)");
        const byId = await call(sim, "GET", `${f.path}?id=${ids[0]},${ids[2]}`, { token });
        assert.equal(byId.body.total, 2);
        const byStatus = await call(sim, "GET", `${f.path}?overall_status=in_progress`, { token });
        assert.equal(byStatus.body.total, 3);
        const byScope = await call(sim, "GET", `${f.path}?${f.jobField}=${encodeURIComponent(f.stored)}`, { token });
        assert.equal(byScope.body.total, 3);
        const none = await call(sim, "GET", `${f.path}?${f.jobField}=nothing-like-it`, { token });
        assert.equal(none.body.total, 0);
        const other = CASES.find((c) => c.path !== f.path) as FamilyCase;
        const elsewhere = await call(sim, "GET", `${other.path}/${ids[0]}`, { token });
        assert.ok(isCckmError(elsewhere, 404, "NCERRResourceNotFound"), elsewhere.text);
      });

      it("cancel: abort at once, settles completed; cancel of the ended job is 400", async () => {
        sim.control.configure({ jobPolls: null, jobSeconds: 60, cancelSeconds: 0.2 });
        const a = await call(sim, "POST", f.path, { token, body: { [f.field]: [f.ref] } });
        const c = await call(sim, "POST", `${f.path}/${a.body.id}/cancel`, { token });
        assert.equal(c.status, 200, c.text);
        assert.equal(c.body.abort, true);
        assert.equal(c.body.overall_status, f.inProgress);
        const done = await waitFor(sim, `${f.path}/${a.body.id}`, token, (x) => x.body.overall_status === "completed");
        assert.equal(done.body.abort, true);
        assert.equal(done.body.detailed_status[f.detailKey], "synchronization aborted");
        const ended = await call(sim, "POST", `${f.path}/${a.body.id}/cancel`, { token });
        assert.ok(isCckmError(ended, 400, "NCERRBadRequest"), ended.text);
      });

      it("strict: a second sync of the family while one runs is refused, and starts once it has ended", async () => {
        const a = await call(sim, "POST", f.path, { token, body: { [f.field]: [f.ref] } });
        assert.equal(a.status, 201, a.text);
        const b = await call(sim, "POST", f.path, { token, body: { synchronize_all: true } });
        assert.ok(isCckmError(b, 400, "NCERR"), b.text);
        assert.match(b.body.message, /in progress|running/i);
        await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
        await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
        const c = await call(sim, "POST", f.path, { token, body: { synchronize_all: true } });
        assert.equal(c.status, 201, c.text);
      });

      it("400 on bad bodies (CCKM-shaped, no job made); 404 naming unknown items and jobs", async () => {
        const bad: unknown[] = [
          { [f.field]: [f.ref], synchronize_all: true },
          {},
          { synchronize_all: false },
          { [f.field]: [] },
          { [f.field]: f.ref },
          { [f.field]: [42] },
          { [f.field]: [" "] },
          { synchronize_all: "yes" },
          [f.ref],
        ];
        if (f.jobField !== f.field) bad.push({ [f.jobField]: [f.ref] }); // the echo name is not the request's
        if (f.family === "awsCustomKeyStores") bad.push({ kms: [f.ref], regions: [] }, { kms: [f.ref], regions: "x" });
        for (const body of bad) {
          const a = await call(sim, "POST", f.path, { token, body });
          assert.ok(isCckmError(a, 400, "NCERR"), `${JSON.stringify(body)} -> ${a.status} ${a.text}`);
        }
        const unknown = await call(sim, "POST", f.path, { token, body: { [f.field]: [f.ref, "no-such-item"] } });
        assert.ok(isCckmError(unknown, 404, "NCERRResourceNotFound"), unknown.text);
        assert.match(unknown.body.message, new RegExp(`${f.field}.*no-such-item`));
        for (const [m, p] of [
          ["GET", `${f.path}/00000000-0000-0000-0000-000000000001`],
          ["POST", `${f.path}/00000000-0000-0000-0000-000000000001/cancel`],
        ]) {
          const a = await call(sim, m, p, { token });
          assert.ok(isCckmError(a, 404, "NCERRResourceNotFound"), `${m} ${p}: ${a.text}`);
        }
        assert.equal(sim.counters().jobsCreated.total, 0);
      });

      it("failure knobs: a failing item ends the job with its text; failureMode failed fails the job", async () => {
        sim.control.configure({ failItems: { [f.ref]: "access denied by the cloud" } });
        const a = await call(sim, "POST", f.path, { token, body: { [f.field]: [f.ref] } });
        await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
        const g = await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
        assert.equal(g.body.detailed_status[f.detailKey], "access denied by the cloud");
        const failed = f.family === "awsCustomKeyStores" ? "error" : "failed";
        // every item failed: `partial` (the default) ends it failed
        assert.equal(g.body.overall_status, failed);
        sim.control.configure({ failureMode: "completed", families: { [f.family]: { failureMode: "failed" } } });
        const b = await call(sim, "POST", f.path, { token, body: { synchronize_all: true } });
        await call(sim, "GET", `${f.path}/${b.body.id}`, { token });
        const h = await call(sim, "GET", `${f.path}/${b.body.id}`, { token });
        assert.equal(h.body.overall_status, failed, "the family's knob wins over the global one");
        const texts = Object.values(h.body.detailed_status as Record<string, string>);
        const ok = texts.filter((t) => successTexts(f).includes(t));
        assert.ok(ok.length >= 1, "the other items succeeded");
      });
    });
  }

  it("AWS custom key stores take regions like the AWS key family and key detailed_status <account>/<region>", async () => {
    const path = "/api/v1/cckm/aws/custom-key-stores/synchronization-jobs";
    const a = await call(sim, "POST", path, { token, body: { kms: [SEED.awsKmsId], regions: ["eu-west-1"] } });
    assert.equal(a.status, 201, a.text);
    assert.deepEqual(a.body.regions, ["eu-west-1"]);
    await call(sim, "GET", `${path}/${a.body.id}`, { token });
    const g = await call(sim, "GET", `${path}/${a.body.id}`, { token });
    assert.deepEqual(Object.keys(g.body.detailed_status), ["123456789012/eu-west-1"]);
  });

  it("Luna partitions and Salesforce organizations are served as inventory; jobs name them by id only", async () => {
    const parts = await call(sim, "GET", "/api/v1/cckm/hsm/luna/partitions", { token });
    assert.equal(parts.status, 200, parts.text);
    assert.deepEqual(
      parts.body.resources.map((p: { id: string }) => p.id),
      LUNA,
    );
    assert.equal(parts.body.resources[0].uri, `kylo:kylo:cckm:luna-partition:${LUNA[0]}`);
    const org = await call(sim, "GET", `/api/v1/cckm/sfdc/organizations/${SFDC[0]}`, { token });
    assert.equal(org.status, 200, org.text);
    assert.equal(org.body.name, "acme-prod-org");
    const byName = await call(sim, "POST", "/api/v1/cckm/hsm/luna/refresh", {
      token,
      body: { partitions: ["luna-partition-prod"] },
    });
    assert.ok(isCckmError(byName, 404, "NCERRResourceNotFound"), byName.text);
    const sfdcByName = await call(sim, "POST", "/api/v1/cckm/sfdc/keys/synchronization-jobs", {
      token,
      body: { organization_ids: ["acme-prod-org"] },
    });
    assert.ok(isCckmError(sfdcByName, 404, "NCERRResourceNotFound"), sfdcByName.text);
  });

  it("the control API starts them as someone else would, and the families take per-family knobs", async () => {
    sim.control.configure({ families: { lunaHsm: { jobPolls: 1 }, sfdcTenantSecrets: { cloud: "salesforce" } } });
    const job = sim.control.startJob("lunaHsm", { partitions: [LUNA[1]] });
    const g = await call(sim, "GET", `/api/v1/cckm/hsm/luna/refresh/${String(job.id)}`, { token });
    assert.equal(g.body.overall_status, "completed");
    const s = await call(sim, "POST", "/api/v1/cckm/sfdc/keys/synchronization-jobs", {
      token,
      body: { synchronize_all: true },
    });
    assert.equal(s.body.cloud, "salesforce");
    const refused = await call(sim, "POST", "/sim/jobs", {
      body: { family: "sfdcTenantSecrets", body: { synchronize_all: true } },
    });
    assert.equal(refused.status, 400, "strict: the family's running job refuses the console's");
  });
});
