/**
 * The strict default, list side: creation order unless `sort` asks, `sort` only where documented, pages capped,
 * no SAP key job list, history of more than a page; and the profiles (`profile: lenient` brings the old ones back).
 */
import { strict as assert } from "assert";
import { parseArgs } from "../../simulator/cli";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login, SEED } from "./helpers";

const DSM = "/api/v1/cckm/dsm/refresh";
const GOOGLE = "/api/v1/cckm/google/synchronization-jobs";
const AZURE = "/api/v1/cckm/azure/synchronization-jobs";
const SAP = "/api/v1/cckm/sap/keys/jobs";

type Job = { id: string; createdAt: string; overall_status: string; completed_at?: string };

describe("simulator: strict default, lists and profiles", function () {
  this.timeout(30000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ jobSeconds: 0, history: 12 });
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  const list = (path: string) => call(sim, "GET", path, { token });

  it("history: ended jobs dated in the past, more than a page per family, again after reset", async () => {
    for (const path of [DSM, GOOGLE, AZURE]) {
      const page = await list(path);
      assert.equal(page.status, 200, page.text);
      assert.equal(page.body.total, 12);
      assert.equal(page.body.limit, 10);
      assert.equal(page.body.resources.length, 10, "at most a page");
      for (const j of page.body.resources as Job[]) {
        assert.ok(j.completed_at, "ended");
        assert.ok(Date.parse(j.createdAt) < Date.now() - 3600_000, "in the past");
      }
    }
    const added = await call(sim, "POST", "/sim/history", { body: { count: 3, family: "google" } });
    assert.deepEqual(added.body, { added: 3 });
    assert.equal((await list(GOOGLE)).body.total, 15);
    assert.equal((await list(DSM)).body.total, 12, "one family only");
  });

  it("oldest first (creation order) unless sort asks; skip pages through", async () => {
    const mine = await call(sim, "POST", DSM, { token, body: { synchronize_all: true } });
    const all: Job[] = [];
    for (let skip = 0; ; skip += 5) {
      const page = await list(`${DSM}?skip=${skip}&limit=5`);
      assert.equal(page.body.total, 13);
      assert.ok(page.body.resources.length <= 5);
      all.push(...page.body.resources);
      if (page.body.resources.length < 5) break;
    }
    assert.equal(all.length, 13);
    const times = all.map((j) => Date.parse(j.createdAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      "oldest first",
    );
    assert.equal(all[12].id, mine.body.id, "the newest job is last");
    const newest = await list(`${DSM}?sort=-createdAt&limit=1`);
    assert.equal(newest.body.resources[0].id, mine.body.id, "sort is documented on DSM");
    assert.equal((await list(`${GOOGLE}?sort=-createdAt`)).status, 200, "and on Google");
  });

  it("sort is refused where it is not documented (400, CCKM-shaped)", async () => {
    for (const path of [AZURE, "/api/v1/cckm/aws/synchronization-jobs", "/api/v1/cckm/external-cm/refresh"]) {
      const a = await list(`${path}?sort=-createdAt`);
      assert.ok(isCckmError(a, 400, "NCERRBadRequest"), `${path}: ${a.text}`);
      assert.match(a.body.message, /sort/);
    }
  });

  it("limit: the default page is 10, a limit above the maximum is capped", async () => {
    assert.equal(sim.control.config().maxLimit, 1000);
    const big = await list(`${DSM}?limit=5000`);
    assert.equal(big.body.limit, 1000, "the answer says the cap");
    assert.equal(big.body.resources.length, 12);
    sim.control.configure({ maxLimit: 4 });
    const capped = await list(`${DSM}?limit=50`);
    assert.equal(capped.body.limit, 4);
    assert.equal(capped.body.resources.length, 4);
    assert.equal(capped.body.total, 12);
  });

  it("the SAP key job list does not exist; GET of one job does", async () => {
    const a = await call(sim, "POST", SAP, { token, body: { id: SEED.sapKeyLive, operation: "delete" } });
    assert.equal(a.status, 201);
    const l = await list(SAP);
    assert.ok(isCckmError(l, 405, "NCERRBadRequest"), l.text);
    assert.equal(l.headers.allow, "POST", "as for any route CM does not serve");
    assert.equal((await list(`${SAP}/${a.body.id}`)).status, 200);
  });

  it("profile lenient (options, flag, control API) brings back the old behaviour; null = the profile's default", async () => {
    assert.deepEqual(parseArgs(["--profile", "lenient"], {}), { profile: "lenient" });
    assert.deepEqual(parseArgs(["--max-limit", "null", "--sap-job-list"], {}), { maxLimit: null, sapJobList: true });
    assert.throws(() => parseArgs(["--profile", "kind"], {}), /profile: expected one of strict, lenient/);
    const p = await call(sim, "PATCH", "/sim/config", { body: { profile: "lenient" } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.refuseWhileRunning, "off");
    assert.equal(p.body.listOrder, "newest");
    assert.equal(p.body.sortParam, "anywhere");
    assert.equal(p.body.maxLimit, null);
    assert.equal(p.body.sapJobList, true);
    assert.deepEqual(p.body.successTexts, ["$documented"]);
    const newest = await call(sim, "POST", AZURE, { token, body: { synchronize_all: true } });
    assert.equal((await call(sim, "POST", AZURE, { token, body: { synchronize_all: true } })).status, 201);
    const l = await list(`${AZURE}?limit=1`);
    assert.notEqual(l.body.resources[0].id, newest.body.id, "newest first: the second job heads the list");
    assert.equal((await list(`${AZURE}?sort=createdAt`)).status, 200);
    assert.equal((await list(SAP)).status, 200);
    const back = await call(sim, "PATCH", "/sim/config", { body: { profile: "lenient", listOrder: "oldest" } });
    assert.equal(back.body.listOrder, "oldest", "knobs in the same patch go on top of the profile");
    assert.equal((await call(sim, "PATCH", "/sim/config", { body: { listOrder: null } })).body.listOrder, "newest");
    const strict = await call(sim, "PATCH", "/sim/config", { body: { profile: "strict" } });
    assert.equal(strict.body.refuseWhileRunning, "family");
    const lenient = await startSimulator({ profile: "lenient", refuseWhileRunning: "family" });
    try {
      assert.equal(lenient.control.config().listOrder, "newest");
      assert.equal(lenient.control.config().refuseWhileRunning, "family", "an option on top of the profile");
    } finally {
      await lenient.stop();
    }
  });
});
