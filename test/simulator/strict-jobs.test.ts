/**
 * The strict default (a real CipherTrust Manager where the reference is silent), job side: a second job while one
 * runs is refused, success texts the client has never seen, lost answers, jobs started by someone else.
 */
import { strict as assert } from "assert";
import { parseArgs } from "../../simulator/cli";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login, SEED } from "./helpers";

const DSM = "/api/v1/cckm/dsm/refresh";
const GOOGLE = "/api/v1/cckm/google/synchronization-jobs";
const SAP = "/api/v1/cckm/sap/keys/jobs";
const DOCUMENTED = ["domain synchronized successfully", "key ring synchronized successfully", "Success"];

describe("simulator: strict default, jobs", function () {
  this.timeout(30000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ jobSeconds: 60, cancelSeconds: 60 });
    token = await login(sim);
  });
  after(() => sim.stop());
  beforeEach(() => sim.control.reset());

  const start = (path: string, body: unknown) => call(sim, "POST", path, { token, body });

  it("is the default profile", () => {
    const k = sim.control.config();
    assert.equal(k.profile, "strict");
    assert.equal(k.refuseWhileRunning, "family");
    assert.equal(k.refusalStatus, 400);
  });

  it("a second job in a family while one runs: 400 NCERRBadRequest saying a synchronization is in progress", async () => {
    const first = await start(DSM, { domains: [SEED.dsm[0]] });
    assert.equal(first.status, 201, first.text);
    const other = await start(DSM, { domains: [SEED.dsm[1]] });
    assert.ok(isCckmError(other, 400, "NCERRBadRequest"), other.text);
    assert.notEqual(other.status, 409);
    assert.match(other.body.message, /synchronization is already in progress/i);
    assert.ok(other.body.message.includes(first.body.id), "names the running job");
    assert.equal((await start(GOOGLE, { synchronize_all: true })).status, 201, "another family is free");
    // Cancelled but not yet ended: still running.
    const cancel = await call(sim, "POST", `${DSM}/${first.body.id}/cancel`, { token });
    assert.equal(cancel.body.abort, true);
    assert.equal((await start(DSM, { domains: [SEED.dsm[1]] })).status, 400);
    sim.control.updateJob(first.body.id, { end: true });
    assert.equal((await start(DSM, { domains: [SEED.dsm[1]] })).status, 201, "free once the job has ended");
    assert.equal(sim.jobs().filter((j) => j.family === "dsm").length, 2);
  });

  it("the refusal's status, codeDesc, message and scope are knobs; per family too", async () => {
    sim.control.configure({
      refusalStatus: 422,
      refusalCode: "NCERRUnprocessableEntity",
      refusalMessage: "job {id} ({family}) is running",
    });
    const first = await start(DSM, { domains: [SEED.dsm[0]] });
    const refused = await start(DSM, { domains: [SEED.dsm[1]] });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.codeDesc, "NCERRUnprocessableEntity");
    assert.equal(refused.body.message, `job ${first.body.id} (dsm) is running`);
    sim.control.configure({ refuseWhileRunning: "scope" });
    assert.equal((await start(DSM, { domains: [SEED.dsm[1]] })).status, 201, "scope: another domain starts");
    assert.equal((await start(DSM, { domains: [SEED.dsm[0], SEED.dsm[2]] })).status, 422, "an overlapping one not");
    sim.control.configure({ refuseWhileRunning: "family", families: { dsm: { refuseWhileRunning: "off" } } });
    assert.equal((await start(DSM, { domains: [SEED.dsm[0]] })).status, 201, "off for dsm");
    await start(GOOGLE, { synchronize_all: true });
    assert.equal((await start(GOOGLE, { synchronize_all: true })).status, 422, "still on for google");
    const overlap = await (async () => {
      sim.control.configure({ overlap: "conflict" });
      return start(DSM, { domains: [SEED.dsm[0]] });
    })();
    assert.ok(isCckmError(overlap, 409, "NCERRConflict"), "overlap: conflict still answers 409 first");
  });

  it("SAP key jobs: a second job on the same key is refused, another key is free", async () => {
    const a = await start(SAP, { id: SEED.sapKeyLive, operation: "delete" });
    assert.equal(a.status, 201, a.text);
    const again = await start(SAP, { id: SEED.sapKeyLive, operation: "delete" });
    assert.ok(isCckmError(again, 400, "NCERRBadRequest"), again.text);
    assert.equal((await start(SAP, { id: SEED.sapKeyGone, operation: "restore" })).status, 201);
  });

  it("success texts: drawn from a set with texts the client never saw, repeatable by seed; failures stay errors", async () => {
    sim.control.configure({ jobSeconds: 0 });
    const texts = async (s: Simulator, t: string) => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const a = await call(s, "POST", GOOGLE, { token: t, body: { synchronize_all: true } });
        const g = await call(s, "GET", `${GOOGLE}/${a.body.id}`, { token: t });
        assert.equal(g.body.overall_status, "completed");
        out.push(...(Object.values(g.body.detailed_status) as string[]));
      }
      return out;
    };
    const drawn = await texts(sim, token);
    const set = sim.control.config().successTexts.map((t) => (t === "$documented" ? DOCUMENTED[1] : t));
    for (const t of drawn) assert.ok(set.includes(t), t);
    assert.ok(
      drawn.some((t) => !DOCUMENTED.includes(t)),
      "some text the client has never seen",
    );
    const twin = await startSimulator({ jobSeconds: 0 });
    try {
      assert.deepEqual(await texts(twin, await login(twin)), drawn, "same seed, same texts");
    } finally {
      await twin.stop();
    }
    sim.control.configure({ families: { google: { successTexts: ["synced 14 keys"] } } });
    const one = await texts(sim, token);
    assert.ok(one.every((t) => t === "synced 14 keys"));
    sim.control.configure({ failItems: { [SEED.googleRingName]: "PERMISSION_DENIED: no access to the key ring" } });
    const a = await start(GOOGLE, { key_rings: [SEED.googleRingName] });
    const g = await call(sim, "GET", `${GOOGLE}/${a.body.id}`, { token });
    assert.equal(g.body.overall_status, "failed", "every item failed");
    assert.equal(g.body.detailed_status[SEED.googleRingName], "PERMISSION_DENIED: no access to the key ring");
  });

  it("lost answers: the job is created, then the connection resets, the JSON is cut or a proxy answers 502", async () => {
    const created = () => sim.jobs().filter((j) => j.family === "dsm").length;
    sim.control.configure({ refuseWhileRunning: "off" });
    sim.control.replaceFaults([{ method: "POST", path: DSM, lose: "reset", times: 1 }]);
    await assert.rejects(start(DSM, { synchronize_all: true }));
    assert.equal(created(), 1);
    sim.control.replaceFaults([{ method: "POST", path: DSM, lose: "truncate", times: 1 }]);
    const cut = await start(DSM, { synchronize_all: true });
    assert.equal(cut.status, 201);
    assert.equal(cut.body, undefined, `not JSON: ${cut.text}`);
    assert.equal(created(), 2);
    const html = await call(sim, "PATCH", "/sim/faults", { body: { method: "POST", path: DSM, lose: "html" } });
    assert.equal(html.status, 200, html.text);
    sim.control.removeFault(0);
    const bad = await start(DSM, { synchronize_all: true });
    assert.equal(bad.status, 502);
    assert.match(String(bad.headers["content-type"]), /text\/html/);
    assert.match(bad.text, /502 Bad Gateway/);
    assert.equal(created(), 3);
    assert.deepEqual(sim.counters().faultsByKind, {
      "lostAnswer:reset": 1,
      "lostAnswer:truncate": 1,
      "lostAnswer:html": 1,
    });
  });

  it("lost answers from the lostAnswers setting (flag and environment too)", async () => {
    assert.deepEqual(parseArgs(["--lost-answers", "0.3"], {}), { lostAnswers: 0.3 });
    assert.deepEqual(parseArgs([], { CCKM_SIM_LOST_ANSWERS: "1" }), { lostAnswers: 1 });
    const lossy = await startSimulator({ lostAnswers: 1, jobSeconds: 60 });
    try {
      const t = await login(lossy);
      const outcome = await call(lossy, "POST", GOOGLE, { token: t, body: { synchronize_all: true } }).then(
        (a) => a.status,
        () => 0,
      );
      assert.ok([0, 201, 502].includes(outcome), String(outcome));
      assert.equal(lossy.jobs().length, 1, "the job exists whatever the answer");
      assert.equal((await call(lossy, "GET", GOOGLE, { token: t })).status, 200, "reads are not lost");
    } finally {
      await lossy.stop();
    }
  });

  it("a job started by someone else (CM's scheduler, the console) through the control API", async () => {
    const other = await call(sim, "POST", "/sim/jobs", {
      body: { family: "google", body: { key_rings: [SEED.googleRingId] }, creator: "console" },
    });
    assert.equal(other.status, 200, other.text);
    assert.equal(other.body.family, "google");
    const list = await call(sim, "GET", GOOGLE, { token });
    assert.deepEqual(
      list.body.resources.map((j: { id: string }) => j.id),
      [other.body.id],
    );
    const mine = await start(GOOGLE, { key_rings: [SEED.googleRingId] });
    assert.ok(isCckmError(mine, 400, "NCERRBadRequest"), "the client's own start is refused while it runs");
    const refused = await call(sim, "POST", "/sim/jobs", {
      body: { family: "google", body: { synchronize_all: true } },
    });
    assert.equal(refused.status, 400, "and so is a second one by someone else");
    const sap = sim.control.startJob("sapKeys", { id: SEED.sapKeyLive, operation: "delete" });
    assert.equal(sap.family, "sapKeys");
    assert.equal(sap.creator_name, "scheduler");
  });
});
