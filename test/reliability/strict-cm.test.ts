// Issue 12 point 3: `pulumi up` against cckm-sim's strict CipherTrust Manager (the default profile), for what only a
// strict CM does: a job someone else started in the family before `up` (CM's scheduler, the console), resources of
// one family refused while another runs (serialised, not failed), success texts the client has never seen, and the
// simulator's own lost-answer fault. Every case ends with one job per resource and none left running.
import * as assert from "assert";
import { madeByThisRun } from "../profiles";
import { DSM, GOOGLE, SAP_KEYS } from "./fixtures";
import { background, countMatches, isRunning, jobsByScope, Rig, rig, Spec, until } from "./helpers";

/** [start, end] of a simulator job in ms. */
function span(job: object): [number, number] {
  const j = job as Record<string, unknown>;
  return [Date.parse(String(j.createdAt)), Date.parse(String(j.completed_at))];
}

describe("reliability: a strict CM (refusals, someone else's jobs, unknown texts, lost answers)", function () {
  let r: Rig | undefined;

  afterEach(async function () {
    await r?.dispose();
    r = undefined;
  });

  it("a job started by someone else before up: the same scope is adopted, another one is waited out", async function () {
    const spec: Spec = {
      dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM[0]] } },
      rings: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[0]] } },
    };
    // the others' jobs run until the up has reached them (a busy machine may take long to get there)
    r = await rig("strict-others", spec, { sim: { jobSeconds: 3600 } });
    const sim = r.sim;
    const sameScope = String(sim.control.startJob("dsm", { domains: [DSM[0]] }).id);
    const other = String(sim.control.startJob("google", { key_rings: [GOOGLE[1]] }, "console").id);
    sim.control.configure({ jobSeconds: 2 });
    const run = background(r.stack, ["up", "--yes", "--skip-preview", "--stack", "dev"]);
    await until(
      () =>
        new RegExp(`DsmDomainRefresh "dsm": adopting CCKM job ${sameScope}`).test(run.output()) &&
        new RegExp(`GoogleKeySync "rings": .*waiting for CCKM job ${other}`).test(run.output()),
      180_000,
      "the up to adopt one job and wait for the other",
    );
    sim.control.updateJob(sameScope, { end: true });
    sim.control.updateJob(other, { end: true });
    const { code } = await run.exited;
    assert.strictEqual(code, 0, run.output().slice(-3000));
    assert.strictEqual(sim.counters().jobsCreated.total, 3, "the two of others and one new Google job");
    const ids = (await r.stack.resources()).map((s) => String(s.id));
    assert.ok(ids.includes(sameScope) && !ids.includes(other), ids.join(","));
    assert.deepStrictEqual(sim.jobs().filter(isRunning), []);
  });

  it("three resources of one family run one after another (CM refuses a second sync), and all complete", async function () {
    const spec: Spec = Object.fromEntries(
      DSM.map((d, i) => [`dsm${i}`, { kind: "DsmDomainRefresh", args: { domains: [d] } }]),
    );
    // each its own job, as with sharing turned off (coalesce.test.ts: the same resources sharing one)
    r = await rig("strict-serial", spec, { sim: { jobSeconds: 2 }, env: { CIPHERTRUST_COALESCE: "false" } });
    const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
    assert.strictEqual(up.code, 0, up.output.slice(-3000));
    const jobs = r.sim.jobs().filter(madeByThisRun);
    assert.strictEqual(jobs.length, 3);
    const spans = jobs.map(span).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i]![0] >= spans[i - 1]![1], "no two ran at once");
    assert.ok(countMatches(up.output, /CCKM refused to start a job \(HTTP 400/) >= 2, "the refusals were waited out");
    console.log(`      serialised: ${countMatches(up.output, /CCKM refused to start/)} refusals waited out`);
  });

  it("success texts the client has never seen complete the job, with a warning; the texts stay in detailedStatus", async function () {
    const spec: Spec = { rings: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[0], GOOGLE[1]] } } };
    r = await rig("strict-texts", spec, {
      sim: { jobSeconds: 2, families: { google: { successTexts: ["synced 14 keys"] } } },
    });
    const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
    assert.strictEqual(up.code, 0, up.output.slice(-3000));
    assert.strictEqual(countMatches(up.output, /warning: CCKM job .*"synced 14 keys"/), 2);
    const [res] = await r.stack.resources();
    const detailed = (res?.outputs as Record<string, unknown>).detailedStatus as Record<string, string>;
    assert.deepStrictEqual(Object.values(detailed), ["synced 14 keys", "synced 14 keys"]);
  });

  it("the simulator's lost-answer faults (reset, cut short, a proxy's page): one job per resource, adopted", async function () {
    const spec: Spec = {
      dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM[1]] } },
      rings: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[2]] } },
      key: { kind: "SapKeyJob", args: { keyId: SAP_KEYS[0], operation: "delete" } },
    };
    // the first job-creating answer of each family is lost, each in another way (the job exists every time)
    const lose = (path: string, how: "reset" | "truncate" | "html") => ({ method: "POST", path, lose: how, times: 1 });
    const faults = [
      lose("/api/v1/cckm/dsm/refresh", "truncate"),
      lose("/api/v1/cckm/google/synchronization-jobs", "reset"),
      lose("/api/v1/cckm/sap/keys/jobs", "html"),
    ];
    // the SAP key job outlives the look-up after its lost answer (the 5 s replication-lag bound): with no SAP key job
    // list, CM's refusal of the POST sent again is what names it
    r = await rig("strict-lost", spec, { sim: { jobSeconds: 3, families: { sapKeys: { jobSeconds: 10 } }, faults } });
    const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
    assert.strictEqual(up.code, 0, up.output.slice(-3000));
    // SAP key jobs (no job list under strict): the POST is sent again and CM's refusal names the job
    assert.strictEqual(
      countMatches(up.output, /adopting CCKM job .*(the POST's answer was lost|named by CCKM's refusal)/),
      3,
      up.output.slice(-3000),
    );
    assert.strictEqual(r.sim.counters().jobsCreated.total, 3, "no duplicate");
    for (const [scope, jobs] of jobsByScope(r.sim)) assert.strictEqual(jobs.length, 1, scope);
    assert.deepStrictEqual(r.sim.jobs().filter(isRunning), []);
  });
});
