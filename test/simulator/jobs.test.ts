/** Every sync family: create, list, get, cancel, validation errors, lifecycle knobs, paging and filters. */
import { strict as assert } from "assert";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login, SEED, sleep, waitFor } from "./helpers";

interface FamilyCase {
  family: string;
  path: string;
  field: string;
  cloud: string;
  inProgress: string;
  /** A request list naming one item, and what the job stores for it. */
  ref: string;
  stored: string;
  detailKey: string;
  success: string;
}

const FAMILIES: FamilyCase[] = [
  {
    family: "dsm",
    path: "/api/v1/cckm/dsm/refresh",
    field: "domains",
    cloud: "dsm",
    inProgress: "in_progress",
    ref: SEED.dsm[0],
    stored: SEED.dsm[0],
    detailKey: SEED.dsm[0],
    success: "domain synchronized successfully",
  },
  {
    family: "externalCm",
    path: "/api/v1/cckm/external-cm/refresh",
    field: "domains",
    cloud: "externalCM",
    inProgress: "in progress",
    ref: SEED.externalCm[0],
    stored: SEED.externalCm[0],
    detailKey: SEED.externalCm[0],
    success: "domain synchronized successfully",
  },
  {
    family: "google",
    path: "/api/v1/cckm/google/synchronization-jobs",
    field: "key_rings",
    cloud: "GoogleCloud",
    inProgress: "in_progress",
    ref: SEED.googleRingId,
    stored: SEED.googleRingName,
    detailKey: SEED.googleRingName,
    success: "key ring synchronized successfully",
  },
  {
    family: "azure",
    path: "/api/v1/cckm/azure/synchronization-jobs",
    field: "key_vaults",
    cloud: "AzureCloud",
    inProgress: "in progress",
    ref: SEED.azureVaultName,
    stored: `${SEED.azureVaultName}::${SEED.azureVaultId}`,
    detailKey: `${SEED.azureVaultName}::${SEED.azureVaultId}`,
    success: "Success",
  },
  {
    family: "aws",
    path: "/api/v1/cckm/aws/synchronization-jobs",
    field: "kms",
    cloud: "aws",
    inProgress: "in_progress",
    ref: SEED.awsKmsName,
    stored: SEED.awsKmsId,
    detailKey: "123456789012/us-east-1",
    success: "region synchronized successfully",
  },
  {
    family: "oci",
    path: "/api/v1/cckm/oci/synchronization-jobs",
    field: "vaults",
    cloud: "oci",
    inProgress: "in_progress",
    ref: SEED.ociVaultId,
    stored: SEED.ociVaultId,
    detailKey: SEED.ociVaultId,
    success: "Success",
  },
  {
    family: "sapGroups",
    path: "/api/v1/cckm/sap/synchronization-jobs",
    field: "groups",
    cloud: "sap",
    inProgress: "in_progress",
    ref: SEED.sapGroupId,
    stored: SEED.sapGroupId,
    detailKey: SEED.sapGroupId,
    success: "Success",
  },
];

describe("simulator: sync job families (lenient profile)", function () {
  this.timeout(20000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ http: true, jobPolls: 2, profile: "lenient" });
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  for (const f of FAMILIES) {
    describe(f.family, () => {
      it("create answers 201 with the job, in progress; get polls it to completed with detailed_status", async () => {
        const a = await call(sim, "POST", f.path, { token, body: { [f.field]: [f.ref], synchronize_all: false } });
        assert.equal(a.status, 201, a.text);
        assert.equal(a.body.uri, `kylo:kylo:cckm:synchronize:${a.body.id}`);
        assert.equal(a.body.cloud, f.cloud);
        assert.equal(a.body.overall_status, f.inProgress);
        assert.deepEqual(a.body[f.field], [f.stored]);
        assert.equal(a.body.abort, false);
        assert.equal(a.body.completed_at, undefined);
        const g1 = await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
        assert.equal(g1.status, 200);
        assert.equal(g1.body.overall_status, f.inProgress);
        const g2 = await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
        assert.equal(g2.body.overall_status, "completed");
        assert.ok(g2.body.completed_at);
        assert.equal(g2.body.detailed_status[f.detailKey], f.success);
      });

      it("list: skip/limit/total, newest first, filters by id, status and scope", async () => {
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) {
          const a = await call(sim, "POST", f.path, { token, body: { synchronize_all: true } });
          assert.equal(a.status, 201, a.text);
          ids.push(a.body.id);
        }
        const page = await call(sim, "GET", `${f.path}?skip=1&limit=1`, { token });
        assert.equal(page.status, 200);
        assert.deepEqual([page.body.skip, page.body.limit, page.body.total], [1, 1, 3]);
        assert.equal(page.body.resources[0].id, ids[1]);
        const all = await call(sim, "GET", f.path, { token });
        assert.deepEqual(
          all.body.resources.map((r: { id: string }) => r.id),
          [...ids].reverse(),
        );
        assert.equal(all.body.limit, 10);
        const byId = await call(sim, "GET", `${f.path}?id=${ids[0]}&id=${ids[2]}`, { token });
        assert.equal(byId.body.total, 2);
        const byStatus = await call(sim, "GET", `${f.path}?overall_status=${encodeURIComponent(f.inProgress)}`, {
          token,
        });
        assert.equal(byStatus.body.total, 3);
        const byScope = await call(sim, "GET", `${f.path}?${f.field}=${encodeURIComponent(f.stored)}`, { token });
        assert.equal(byScope.body.total, 3);
        const none = await call(sim, "GET", `${f.path}?${f.field}=nothing-like-it`, { token });
        assert.equal(none.body.total, 0);
        const sorted = await call(sim, "GET", `${f.path}?sort=createdAt`, { token });
        assert.deepEqual(
          sorted.body.resources.map((r: { id: string }) => r.id),
          ids,
        );
      });

      it("cancel: abort true at once, settles completed; cancelling the ended job is 400", async () => {
        sim.control.configure({ jobPolls: null, jobSeconds: 60, cancelSeconds: 0.2 });
        const a = await call(sim, "POST", f.path, { token, body: { [f.field]: [f.ref] } });
        const c = await call(sim, "POST", `${f.path}/${a.body.id}/cancel`, { token });
        assert.equal(c.status, 200, c.text);
        assert.equal(c.body.abort, true);
        assert.equal(c.body.overall_status, f.inProgress);
        const again = await call(sim, "POST", `${f.path}/${a.body.id}/cancel`, { token });
        assert.equal(again.status, 200, "cancelling a running job twice is harmless");
        const done = await waitFor(
          sim,
          `${f.path}/${a.body.id}`,
          token,
          (x) => x.body.overall_status === "completed",
          3000,
        );
        assert.equal(done.body.abort, true);
        const ended = await call(sim, "POST", `${f.path}/${a.body.id}/cancel`, { token });
        assert.ok(isCckmError(ended, 400, "NCERRBadRequest"), ended.text);
      });

      it("400 on invalid bodies, 404 on unknown items and jobs, CCKM-shaped", async () => {
        const bad = [
          { [f.field]: [f.ref], synchronize_all: true },
          {},
          { synchronize_all: false },
          { [f.field]: [] },
          { [f.field]: f.ref },
          { [f.field]: [42] },
          { synchronize_all: "yes" },
          [f.ref],
        ];
        for (const body of bad) {
          const a = await call(sim, "POST", f.path, { token, body });
          assert.ok(isCckmError(a, 400, "NCERR"), `${JSON.stringify(body)} -> ${a.status} ${a.text}`);
        }
        const unknown = await call(sim, "POST", f.path, { token, body: { [f.field]: [f.ref, "no-such-item"] } });
        assert.ok(isCckmError(unknown, 404, "NCERRResourceNotFound"), unknown.text);
        assert.match(unknown.body.message, /no-such-item/);
        for (const [m, p] of [
          ["GET", `${f.path}/00000000-0000-0000-0000-000000000001`],
          ["POST", `${f.path}/00000000-0000-0000-0000-000000000001/cancel`],
        ]) {
          const a = await call(sim, m, p, { token });
          assert.ok(isCckmError(a, 404, "NCERRResourceNotFound"), `${m} ${p}: ${a.text}`);
        }
        assert.equal(sim.counters().jobsCreated.total, 0);
      });
    });
  }

  it("a job of one family is not found under another", async () => {
    const a = await call(sim, "POST", FAMILIES[0].path, { token, body: { synchronize_all: true } });
    const b = await call(sim, "GET", `${FAMILIES[2].path}/${a.body.id}`, { token });
    assert.equal(b.status, 404);
  });

  it("scope normalization: Google by id or full name, Azure by name, id or name::id, de-duplicated", async () => {
    const g = await call(sim, "POST", FAMILIES[2].path, {
      token,
      body: { key_rings: [SEED.googleRingId, SEED.googleRingName] },
    });
    assert.deepEqual(g.body.key_rings, [SEED.googleRingName]);
    const az = FAMILIES[3];
    for (const ref of [SEED.azureVaultId, SEED.azureVaultName, az.stored]) {
      const a = await call(sim, "POST", az.path, { token, body: { key_vaults: [ref], take_cloud_key_backup: true } });
      assert.deepEqual(a.body.key_vaults, [az.stored]);
      assert.equal(a.body.take_cloud_key_backup, true);
    }
    const bad = await call(sim, "POST", az.path, {
      token,
      body: { key_vaults: [az.stored], take_cloud_key_backup: "yes" },
    });
    assert.equal(bad.status, 400);
  });

  it("AWS: regions narrow detailed_status keys to <account>/<region>", async () => {
    const a = await call(sim, "POST", FAMILIES[4].path, {
      token,
      body: { kms: [SEED.awsKmsId], regions: ["eu-west-1"] },
    });
    assert.deepEqual(a.body.regions, ["eu-west-1"]);
    const g = await call(sim, "GET", `${FAMILIES[4].path}/${a.body.id}`, { token });
    assert.deepEqual(Object.keys(g.body.detailed_status), ["123456789012/eu-west-1"]);
    const bad = await call(sim, "POST", FAMILIES[4].path, { token, body: { kms: [SEED.awsKmsId], regions: [] } });
    assert.equal(bad.status, 400);
  });

  it("external CM shows no detailed_status while running, and shows it once ended", async () => {
    const f = FAMILIES[1];
    const a = await call(sim, "POST", f.path, { token, body: { domains: [f.ref] } });
    const g1 = await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
    assert.equal(g1.body.detailed_status, undefined);
    const g2 = await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
    assert.equal(g2.body.detailed_status[f.ref], f.success);
  });

  describe("lifecycle knobs", () => {
    it("jobSeconds: a job runs that long (per family override wins)", async () => {
      sim.control.configure({ jobPolls: null, jobSeconds: 60, families: { dsm: { jobSeconds: 0.3 } } });
      const a = await call(sim, "POST", FAMILIES[0].path, { token, body: { synchronize_all: true } });
      const b = await call(sim, "POST", FAMILIES[2].path, { token, body: { synchronize_all: true } });
      await sleep(400);
      const ga = await call(sim, "GET", `${FAMILIES[0].path}/${a.body.id}`, { token });
      const gb = await call(sim, "GET", `${FAMILIES[2].path}/${b.body.id}`, { token });
      assert.equal(ga.body.overall_status, "completed");
      assert.equal(gb.body.overall_status, "in_progress");
      const createdMs = Date.parse(ga.body.createdAt);
      const completedMs = Date.parse(ga.body.completed_at);
      assert.ok(Math.abs(completedMs - createdMs - 300) < 5, "completed_at = createdAt + duration");
    });

    it("per-job knobs through control.updateJob: end now, jobPolls", async () => {
      sim.control.configure({ jobPolls: null, jobSeconds: 60 });
      const a = await call(sim, "POST", FAMILIES[0].path, { token, body: { synchronize_all: true } });
      sim.control.updateJob(a.body.id, { end: true });
      const g = await call(sim, "GET", `${FAMILIES[0].path}/${a.body.id}`, { token });
      assert.equal(g.body.overall_status, "completed");
      const b = await call(sim, "POST", FAMILIES[0].path, { token, body: { synchronize_all: true } });
      sim.control.updateJob(b.body.id, { jobPolls: 1 });
      const gb = await call(sim, "GET", `${FAMILIES[0].path}/${b.body.id}`, { token });
      assert.equal(gb.body.overall_status, "completed");
    });

    it("per-item failure: partial (default) completes with the error text; all failing is failed; AWS says error", async () => {
      sim.control.configure({ failItems: { [SEED.dsm[1]]: "connection refused by DSM" } });
      const a = await call(sim, "POST", FAMILIES[0].path, { token, body: { domains: [SEED.dsm[0], SEED.dsm[1]] } });
      await call(sim, "GET", `${FAMILIES[0].path}/${a.body.id}`, { token });
      const g = await call(sim, "GET", `${FAMILIES[0].path}/${a.body.id}`, { token });
      assert.equal(g.body.overall_status, "completed");
      assert.equal(g.body.detailed_status[SEED.dsm[1]], "connection refused by DSM");
      assert.equal(g.body.detailed_status[SEED.dsm[0]], "domain synchronized successfully");
      const b = await call(sim, "POST", FAMILIES[0].path, { token, body: { domains: [SEED.dsm[1]] } });
      await call(sim, "GET", `${FAMILIES[0].path}/${b.body.id}`, { token });
      const gb = await call(sim, "GET", `${FAMILIES[0].path}/${b.body.id}`, { token });
      assert.equal(gb.body.overall_status, "failed");
      sim.control.configure({ failItems: { "*": "AccessDenied" }, failureMode: "failed" });
      const c = await call(sim, "POST", FAMILIES[4].path, { token, body: { kms: [SEED.awsKmsName] } });
      await call(sim, "GET", `${FAMILIES[4].path}/${c.body.id}`, { token });
      const gc = await call(sim, "GET", `${FAMILIES[4].path}/${c.body.id}`, { token });
      assert.equal(gc.body.overall_status, "error");
      sim.control.configure({ failItems: { [SEED.dsm[1]]: "boom" }, failureMode: "completed" });
      const d = await call(sim, "POST", FAMILIES[0].path, { token, body: { domains: [SEED.dsm[1]] } });
      await call(sim, "GET", `${FAMILIES[0].path}/${d.body.id}`, { token });
      const gd = await call(sim, "GET", `${FAMILIES[0].path}/${d.body.id}`, { token });
      assert.equal(gd.body.overall_status, "completed");
      assert.equal(gd.body.detailed_status[SEED.dsm[1]], "boom");
    });

    it("items finish one after another; a cancelled job keeps finished items and aborts the rest", async () => {
      sim.control.configure({ jobPolls: 3 });
      const f = FAMILIES[0];
      const a = await call(sim, "POST", f.path, { token, body: { domains: SEED.dsm } });
      const g1 = await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
      assert.deepEqual(Object.values(g1.body.detailed_status), [f.success, "in_progress", "in_progress"]);
      assert.equal(g1.body.overall_status, "in_progress");
      await call(sim, "POST", `${f.path}/${a.body.id}/cancel`, { token });
      const g2 = await call(sim, "GET", `${f.path}/${a.body.id}`, { token });
      assert.equal(g2.body.overall_status, "completed");
      assert.equal(g2.body.abort, true);
      // settled on the 2nd poll: the 2nd item had finished by then, the 3rd was aborted
      assert.deepEqual(Object.values(g2.body.detailed_status), [f.success, f.success, "synchronization aborted"]);
    });

    it("spellings: inProgressStatus per family, cloud per family", async () => {
      sim.control.configure({ families: { dsm: { inProgressStatus: "in progress" }, google: { cloud: "gcp" } } });
      const a = await call(sim, "POST", FAMILIES[0].path, { token, body: { synchronize_all: true } });
      assert.equal(a.body.overall_status, "in progress");
      const b = await call(sim, "POST", FAMILIES[2].path, { token, body: { synchronize_all: true } });
      assert.equal(b.body.cloud, "gcp");
    });

    it("cancel settles within 2 s by default", async () => {
      sim.control.configure({ jobPolls: null });
      const a = await call(sim, "POST", FAMILIES[0].path, { token, body: { synchronize_all: true } });
      const t0 = Date.now();
      await call(sim, "POST", `${FAMILIES[0].path}/${a.body.id}/cancel`, { token });
      const done = await waitFor(
        sim,
        `${FAMILIES[0].path}/${a.body.id}`,
        token,
        (x) => x.body.overall_status === "completed",
        2500,
      );
      assert.ok(Date.now() - t0 < 2000);
      assert.equal(done.body.abort, true);
      assert.equal(sim.counters().cancels, 1);
    });

    it("cancelEnded: noop answers 200 with the ended job", async () => {
      sim.control.configure({ cancelEnded: "noop", jobPolls: 1 });
      const a = await call(sim, "POST", FAMILIES[0].path, { token, body: { synchronize_all: true } });
      await call(sim, "GET", `${FAMILIES[0].path}/${a.body.id}`, { token });
      const c = await call(sim, "POST", `${FAMILIES[0].path}/${a.body.id}/cancel`, { token });
      assert.equal(c.status, 200);
      assert.equal(c.body.overall_status, "completed");
      assert.equal(c.body.abort, false);
    });

    it("overlap: allowed by default, 409 NCERRConflict when set to conflict", async () => {
      const one = await call(sim, "POST", FAMILIES[0].path, { token, body: { domains: [SEED.dsm[0]] } });
      const two = await call(sim, "POST", FAMILIES[0].path, { token, body: { domains: [SEED.dsm[0]] } });
      assert.equal(one.status, 201);
      assert.equal(two.status, 201);
      sim.control.configure({ overlap: "conflict" });
      const three = await call(sim, "POST", FAMILIES[0].path, { token, body: { synchronize_all: true } });
      assert.ok(isCckmError(three, 409, "NCERRConflict"), three.text);
      const other = await call(sim, "POST", FAMILIES[2].path, { token, body: { synchronize_all: true } });
      assert.equal(other.status, 201, "other families do not overlap");
    });
  });
});
