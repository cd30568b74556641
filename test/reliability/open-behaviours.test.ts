// Issue 6, point 7 (first part): what the API reference leaves open, handled on the client side.
// - Overlapping jobs answered 409 NCERRConflict (simulator `overlap: conflict`): a job over the same scope that
//   someone else started is adopted; a job over an overlapping scope is waited out, then the job starts.
// - An SAP key job in a state nobody documents: treated as running until the deadline, and the progress line
//   says so; it completes when the state becomes COMPLETED, and a deadline that passes names the state.
import * as assert from "assert";
import { DSM, EXTERNAL_CM, GOOGLE, SAP_KEYS } from "./fixtures";
import { background, callSim, countMatches, isRunning, Rig, rig, until } from "./helpers";

describe("reliability: behaviours the API reference leaves open", function () {
  let r: Rig | undefined;

  afterEach(async function () {
    await r?.dispose();
    r = undefined;
  });

  it("409 NCERRConflict: adopts the running job over the same scope, waits out an overlapping one", async function () {
    r = await rig(
      "conflict",
      {
        rings: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[0]] } },
        cm: { kind: "ExternalCmDomainRefresh", args: { domains: [EXTERNAL_CM[0]] } },
        dsmA: { kind: "DsmDomainRefresh", args: { domains: [DSM[0]] } },
        dsmB: { kind: "DsmDomainRefresh", args: { domains: [DSM[0], DSM[1]] } },
      },
      // sharing off: with it, dsmA and dsmB would share one job and "rings" would take the Google job that covers
      // its ring (coalesce.test.ts); this case is about what CM's 409 makes a lone start do
      { sim: { overlap: "conflict", jobSeconds: 8 }, config: { "cckm:coalesce": "false" } },
    );
    const sim = r.sim;
    // started by someone else: an overlapping Google job and an external-CM job over the very same scope; both run
    // until the test sees the provider deal with them, then end
    const google = await callSim(sim, "POST", "/v1/cckm/google/synchronization-jobs", {
      key_rings: GOOGLE.slice(0, 2),
    });
    const cm = await callSim(sim, "POST", "/v1/cckm/external-cm/refresh", { domains: [EXTERNAL_CM[0]] });
    sim.control.updateJob(String(google.id), { jobSeconds: 3600 });
    sim.control.updateJob(String(cm.id), { jobSeconds: 3600 });

    const run = background(r.stack, ["up", "--yes", "--skip-preview", "--stack", "dev"]);
    await until(
      () =>
        /ExternalCmDomainRefresh "cm": adopting CCKM job/.test(run.output()) &&
        /GoogleKeySync "rings": CCKM refused to start a job \(HTTP 409 .*waiting for .* to end/.test(run.output()),
      120_000,
      "the provider to adopt the external-CM job and to wait for the Google one",
    ).catch((err: Error) => {
      throw new Error(`${err.message}; the up said:\n${run.output().slice(0, 5000)}`);
    });
    sim.control.updateJob(String(cm.id), { end: true });
    sim.control.updateJob(String(google.id), { end: true });
    const { code } = await run.exited;
    const up = { code, output: run.output() };
    assert.strictEqual(up.code, 0, up.output.slice(-3000));
    const conflicts = sim.requestLog().filter((e) => e.status === 409);
    const jobs = sim.jobs();
    const byFamily = (f: string) => jobs.filter((j) => j.family === f);
    console.log(
      `      409: ${conflicts.length} answers 409 (${[...new Set(conflicts.map((e) => e.path))].join(", ")}); jobs: ` +
        `google ${byFamily("google").length}, externalCm ${byFamily("externalCm").length}, dsm ${byFamily("dsm").length}`,
    );
    assert.ok(
      conflicts.some((e) => e.path.includes("/google/")),
      "the simulator answered 409 to the Google job",
    );
    assert.strictEqual(countMatches(up.output, /ExternalCmDomainRefresh "cm": adopting CCKM job/), 1);
    // the two DSM resources overlap each other: the second to POST waits for the first (when their POSTs are
    // less than a job's length apart, as they are unless the machine is very busy)
    assert.strictEqual(byFamily("externalCm").length, 1, "the same-scope job was adopted, not duplicated");
    assert.strictEqual(byFamily("google").length, 2, "the overlapping job, then ours");
    assert.strictEqual(byFamily("dsm").length, 2, "one job per DSM resource, one after the other");
    const ours = byFamily("google").find((j) => j.id !== google.id) as Record<string, unknown>;
    const theirs = sim.control.job(String(google.id)) as Record<string, unknown>;
    assert.ok(String(ours.createdAt) >= String(theirs.completed_at), "ours started once theirs had ended");
    const state = await r.stack.resources();
    assert.strictEqual(state.find((s) => s.urn.endsWith("::cm"))?.id, cm.id, "the adopted job is the resource's");
    assert.ok(state.every((s) => s.outputs?.status === "completed"));
    assert.deepStrictEqual(jobs.filter(isRunning), []);
  });

  it("an unknown SAP job state: treated as running until the deadline, said in the progress line", async function () {
    const STATE = "AWAITING_SAP_APPROVAL";
    r = await rig(
      "sapstate",
      { key: { kind: "SapKeyJob", args: { keyId: SAP_KEYS[0], operation: "delete" } } },
      { sim: { sapState: STATE, jobSeconds: 6 } },
    );
    const up = await r.stack.up(["--skip-preview"]);
    const notes = countMatches(
      up.output,
      new RegExp(
        `waiting for job .*: ${STATE} \\(SAP state "${STATE}" not known, treated as running until the deadline\\)`,
      ),
    );
    assert.ok(notes >= 1, `the progress line says so:\n${up.output}`);
    assert.strictEqual(countMatches(up.output, /CCKM job .* completed after/), 1, "then it completes");

    // the same state until the deadline: the error names the job and its last state
    // (the simulator shows PENDING for the first fifth of a job, then the unknown state)
    r.sim.control.configure({ jobSeconds: 30 });
    await r.setSpec({
      key: { kind: "SapKeyJob", args: { keyId: SAP_KEYS[0], operation: "delete" } },
      key2: { kind: "SapKeyJob", args: { keyId: SAP_KEYS[2], operation: "delete", timeoutSeconds: 12 } },
    });
    const late = await r.stack.up(["--skip-preview"], { allowFailure: true });
    assert.notStrictEqual(late.code, 0);
    assert.match(
      late.output,
      new RegExp(
        `SapKeyJob "key2": timed out after 12s waiting for the job to end \\(CCKM job \\S+, last status ${STATE}\\)`,
      ),
    );
    console.log(
      `      unknown SAP state: ${notes} progress lines with the note, then completed; deadline error names ${STATE}`,
    );
  });
});
