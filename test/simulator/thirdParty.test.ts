/**
 * Third-party request habits: the bodies and URLs Thales' Terraform provider 1.0.1 sends (fixtures/terraformCiphertrust.ts
 * says where each field comes from) against the simulator's scheduler and list endpoints, and the strictness that
 * stays around them.
 */
import { strict as assert } from "assert";
import { startSimulator, type Simulator } from "../../simulator";
import {
  AWS_KMS_FIELDS,
  createBody,
  GO_ZERO_TIME,
  inventoryListPath,
  OCI_VAULT_FIELDS,
  patchBody,
  schedulerListPath,
  syncParams,
} from "./fixtures/terraformCiphertrust";
import { call, isCckmError, login, SEED } from "./helpers";

const CONFIGS = "/api/v1/scheduler/job-configs";

describe("simulator: Thales' Terraform provider's requests", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator();
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  const post = (body: unknown) => call(sim, "POST", CONFIGS, { token, body });
  const patch = (id: string, body: unknown) => call(sim, "PATCH", `${CONFIGS}/${id}`, { token, body });
  const get = (path: string) => call(sim, "GET", path, { token });

  it("creates an AWS KMS sync config: other operations' params null, oci_vaults null, zero dates, empty run_on", async () => {
    const a = await post(
      createBody("KmsParams1a2b3c4d", syncParams({ cloudName: "aws", kms: [SEED.awsKmsId], synchronizeAll: false })),
    );
    assert.equal(a.status, 201, a.text);
    // What the provider reads back after its POST (GET by id, then `getParamsFromResponse`).
    const r = await get(`${CONFIGS}/${a.body.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.name, "KmsParams1a2b3c4d");
    assert.equal(r.body.operation, "cckm_synchronization");
    assert.equal(r.body.run_at, "0 9 * * fri");
    assert.equal(r.body.run_on, "any", '"" is the default');
    assert.equal(r.body.disabled, false);
    assert.equal(r.body.start_date, undefined, "zero time: no date, and none answered");
    assert.equal(r.body.end_date, undefined);
    assert.equal(r.body.job_config_params.cloud_name, "aws");
    assert.deepEqual(r.body.job_config_params.kms, [SEED.awsKmsId]);
    assert.equal(r.body.job_config_params.synchronize_all, false);
    assert.equal(r.body.job_config_params.oci_vaults, undefined, "the other cloud's null list is not stored");
    for (const f of ["uri", "account", "application", "devAccount", "createdAt", "updatedAt"]) {
      assert.equal(typeof r.body[f], "string", f);
    }
  });

  it("creates AWS synchronize_all and OCI vault configs (kms null in OCI params)", async () => {
    const all = await post(createBody("SyncAll9f8e7d6c", syncParams({ cloudName: "aws", synchronizeAll: true })));
    assert.equal(all.status, 201, all.text);
    assert.equal(all.body.job_config_params.synchronize_all, true);
    const oci = await post(
      createBody(
        "oci-sync-vault1234",
        syncParams({ cloudName: "oci", ociVaults: [SEED.ociVaultId], synchronizeAll: false }),
      ),
    );
    assert.equal(oci.status, 201, oci.text);
    assert.deepEqual(oci.body.job_config_params.oci_vaults, [SEED.ociVaultId]);
    const fired = await call(sim, "POST", `/sim/schedules/${oci.body.id}/fire`, { body: {} });
    assert.equal(fired.body.fired, true, "the config runs an OCI sync job over the vault");
    assert.deepEqual(sim.control.job(fired.body.jobId)?.vaults, [SEED.ociVaultId]);
  });

  it('PATCHes with name and operation "" (not given), cloud_name "", zero dates (left as they are): KMS list -> all -> list', async () => {
    const created = await post(
      createBody("KmsSwitch11223344", syncParams({ cloudName: "aws", kms: [SEED.awsKmsId], synchronizeAll: false })),
    );
    const id = created.body.id as string;
    // A date set outside the provider stays: zero time in a PATCH is "not given".
    const dated = await patch(id, { end_date: "2030-01-01T00:00:00Z" });
    assert.equal(dated.body.end_date, "2030-01-01T00:00:00Z");
    const toAll = await patch(id, patchBody(syncParams({ cloudName: "aws", synchronizeAll: true })));
    assert.equal(toAll.status, 200, toAll.text);
    assert.equal(toAll.body.name, "KmsSwitch11223344");
    assert.equal(toAll.body.operation, "cckm_synchronization");
    assert.equal(toAll.body.job_config_params.cloud_name, "aws");
    assert.equal(toAll.body.job_config_params.synchronize_all, true);
    assert.equal(toAll.body.job_config_params.kms, undefined, "kms.# = 0, as the acceptance test expects");
    assert.equal(toAll.body.end_date, "2030-01-01T00:00:00Z");
    const back = await patch(
      id,
      patchBody(syncParams({ cloudName: "aws", kms: [SEED.awsKmsId], synchronizeAll: false })),
    );
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(back.body.job_config_params.kms, [SEED.awsKmsId]);
    assert.equal(back.body.job_config_params.synchronize_all, false);
    // `""` still clears a date (what the provider's later fix sends).
    const cleared = await patch(id, { end_date: "" });
    assert.equal(cleared.body.end_date, undefined);
  });

  it("lists with skip=0&limit=-1 (all, past the default page of 10) and the provider's filter form", async () => {
    for (let i = 0; i < 12; i++) {
      const a = await post(createBody(`bulk-${i}`, syncParams({ cloudName: "aws", synchronizeAll: true })));
      assert.equal(a.status, 201, a.text);
    }
    const all = await get(schedulerListPath());
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.total, 12);
    assert.equal(all.body.resources.length, 12);
    assert.equal(all.body.limit, -1);
    const one = await get(schedulerListPath({ name: "bulk-3" }));
    assert.deepEqual(
      one.body.resources.map((c: { name: string }) => c.name),
      ["bulk-3"],
    );
    const jobs = await get("/api/v1/cckm/aws/synchronization-jobs?skip=0&limit=-1");
    assert.equal(jobs.status, 200, "limit=-1 on job lists too");
  });

  it("OCI vaults: display_name, lifecycle_state, tenancy, cloud_name beside name; AWS KMS: arn, status, application, devAccount", async () => {
    const vaults = await get(inventoryListPath("oci/vaults"));
    assert.equal(vaults.status, 200, vaults.text);
    assert.equal(vaults.body.total, 2);
    for (const v of vaults.body.resources) {
      for (const f of OCI_VAULT_FIELDS) assert.equal(typeof v[f], "string", `OCI vault ${f}`);
      assert.equal(v.display_name, v.name, "display_name is the vault's name; name stays for other clients");
      assert.equal(v.lifecycle_state, "ACTIVE");
      assert.equal(v.cloud_name, "oci");
      assert.equal(v.is_primary, true);
    }
    const byDisplayName = await get(inventoryListPath("oci/vaults", { display_name: "oci-vault-ashburn" }));
    assert.deepEqual(
      byDisplayName.body.resources.map((v: { id: string }) => v.id),
      ["c5219d04-f17c-485a-a797-d6b4a04528cc"],
    );
    const kms = await get(inventoryListPath("aws/kms"));
    assert.equal(kms.status, 200, kms.text);
    const prod = kms.body.resources.find((k: { id: string }) => k.id === SEED.awsKmsId);
    for (const f of AWS_KMS_FIELDS) assert.notEqual(prod[f], undefined, `AWS KMS ${f}`);
    assert.equal(prod.arn, "arn:aws:iam::123456789012:root");
    assert.equal(prod.status, "active");
    assert.equal(prod.application, "ncryptify:gemalto:admin:apps:kylo");
    assert.equal(prod.devAccount, "ncryptify:gemalto:admin:accounts:gemalto");
    assert.equal(prod.auto_added, false);
  });

  it("stays strict elsewhere: required nulls, unknown names, other operations' or clouds' values, bad dates, other limits", async () => {
    const ok = () => createBody("strict-x", syncParams({ cloudName: "aws", synchronizeAll: true }));
    const refused = async (body: unknown, pattern: RegExp) => {
      const a = await post(body);
      assert.ok(isCckmError(a, 400, "NCERRInvalidParamValue"), a.text);
      assert.match(a.body.message, pattern);
    };
    await refused({ ...ok(), run_at: null }, /run_at is required/);
    await refused({ ...ok(), name: null }, /name is required/);
    await refused({ ...ok(), cckm_synchronization_params: null }, /cckm_synchronization_params is required/);
    await refused({ ...ok(), backup_params: null }, /backup_params is not a known parameter/);
    await refused(
      { ...ok(), cckm_key_rotation_params: { cloud_name: "aws" } },
      /cckm_key_rotation_params is not a parameter of operation cckm_synchronization/,
    );
    await refused({ ...ok(), start_date: "2026-13-01T00:00:00Z" }, /start_date must be an RFC 3339 date-time/);
    await refused({ ...ok(), end_date: "0001-01-01" }, /end_date must be an RFC 3339 date-time/);
    await refused(
      createBody("strict-y", {
        ...syncParams({ cloudName: "aws", synchronizeAll: true }),
        oci_vaults: [SEED.ociVaultId],
      }),
      /oci_vaults is not a parameter of cloud_name aws/,
    );
    await refused(
      createBody("strict-z", { ...syncParams({ cloudName: "aws", synchronizeAll: true }), key_ring: null }),
      /key_ring is not a known parameter \(known: cloud_name, synchronize_all, kms, regions\)/,
    );
    await refused(
      createBody("strict-w", syncParams({ cloudName: "aws", synchronizeAll: false })),
      /either kms \(a non-empty list\) or synchronize_all: true is required/,
    );
    const created = await post(ok());
    assert.equal(created.status, 201, created.text);
    const renamed = await patch(created.body.id, {
      ...patchBody(syncParams({ cloudName: "aws", synchronizeAll: true })),
      name: "other",
    });
    assert.ok(isCckmError(renamed, 400, "NCERRInvalidParamValue"));
    assert.match(renamed.body.message, /name cannot be changed/);
    const zeroStart = await post({
      ...ok(),
      name: "zero-start",
      start_date: GO_ZERO_TIME,
      end_date: "2030-01-01T00:00:00Z",
    });
    assert.equal(zeroStart.status, 201, "zero start date: none, so no end-before-start error");
    assert.equal(zeroStart.body.start_date, undefined);
    for (const limit of ["-2", "-1.5", "all"]) {
      const a = await get(`${CONFIGS}?limit=${limit}`);
      assert.ok(isCckmError(a, 400, "NCERRInvalidParamValue"), `limit=${limit}: ${a.text}`);
    }
    assert.equal((await get(`${CONFIGS}?skip=-1`)).status, 400, "skip=-1 is not a thing");
  });
});
