// Issue 18 point 3: a node list in cckm:address (three CM nodes, replicating with a 1 s lag). Each case ends with
// exactly one job per resource, every job completed:
// - the first node is down from the start: every request (token grant included) goes to the next node;
// - the node in use is stopped mid-wait: the polls in flight fail and go to another node, `up` succeeds;
// - a job-creating POST creates its job, then its node goes down before answering, twice (two nodes): the look-up
//   runs on the nodes left, which do not have the job yet (lag), and waits that out instead of sending a second POST;
// - `destroy` with the first node down cancels the running jobs through another node.
import * as assert from "assert";
import { engineRuns, frontEndTitle } from "../frontends";
import { completed, jobIds, jobsSince } from "./cluster";
import { DSM, EXTERNAL_CM, GOOGLE, OCI, SAP_GROUPS, SAP_KEYS } from "./fixtures";
import { background, countMatches, isRunning, Rig, rig, scopeOf, Spec, until } from "./helpers";

const LAG_MS = 1000;
const UP = ["up", "--yes", "--skip-preview", "--stack", "dev"];

const three = (n: number): Spec => ({
  [`dsm${n}`]: { kind: "DsmDomainRefresh", args: { domains: [DSM[n]] } },
  [`rings${n}`]: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[n]] } },
  [`groups${n}`]: { kind: "SapGroupSync", args: { groups: [SAP_GROUPS[n % 2]] } },
});

for (const { frontEnd, profile } of engineRuns())
  describe(`reliability: a list of CM nodes (${profile} CM, ${frontEndTitle(frontEnd)})`, function () {
    let r: Rig;
    let before: Set<string>;

    beforeEach(async function () {
      r = await rig(
        `cluster-nodes-${profile}`,
        {},
        { sim: { profile, jobSeconds: 3, nodes: 3, replicationLagMs: LAG_MS }, frontEnd },
      );
      await r.stack.setConfig("cckm:address", r.sim.nodeUrls.join(","));
      before = jobIds(r.sim);
    });

    afterEach(async function () {
      await r?.dispose();
    });

    /** One job per resource of `spec` since the step began, every one completed; the state's ids are those jobs. */
    async function assertOneCompletedJobEach(spec: Spec, what: string): Promise<void> {
      const jobs = jobsSince(r.sim, before);
      const scopes = new Map<string, number>();
      for (const j of jobs) scopes.set(scopeOf(j), (scopes.get(scopeOf(j)) ?? 0) + 1);
      console.log(`      ${what}: ${jobs.length} jobs for ${Object.keys(spec).length} resources`);
      assert.strictEqual(jobs.length, Object.keys(spec).length, `one job per resource: ${JSON.stringify([...scopes])}`);
      for (const [scope, n] of scopes) assert.strictEqual(n, 1, scope);
      for (const j of jobs) assert.ok(completed(j), `job ${String(j.id)} (${scopeOf(j)}) completed`);
      const ids = (await r.stack.resources()).map((s) => String(s.id)).sort();
      assert.deepStrictEqual(ids, jobs.map((j) => String(j.id)).sort());
    }

    it("the first node down from the start: up goes through the next node", async function () {
      const spec = three(0);
      await r.setSpec(spec);
      await r.sim.stopNode(0);
      const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
      assert.strictEqual(up.code, 0, up.output.slice(-4000));
      assert.ok(up.output.includes(`CM node ${r.sim.nodeUrls[0]} failed`), "a line names the node given up on");
      assert.ok(
        r.sim.requestLog().every((e) => e.node !== 0),
        "nothing was served by the stopped node",
      );
      await assertOneCompletedJobEach(spec, "first node down");
    });

    it("the node in use stopped mid-wait: the polls fail over, up succeeds", async function () {
      const spec = three(1);
      await r.setSpec(spec);
      r.sim.control.configure({ jobSeconds: 12 });
      const run = background(r.stack, UP);
      await until(
        () => countMatches(run.output(), /started CCKM job/) >= 3 || run.child.exitCode !== null,
        180_000,
        "the three jobs to start",
      );
      // polls have reached the node in use: stop it (its open connections close, polls in flight fail)
      await new Promise((res) => setTimeout(res, 1500));
      const used = r.sim
        .requestLog()
        .filter((e) => e.node !== undefined)
        .pop()!.node!;
      await r.sim.stopNode(used);
      const { code } = await run.exited;
      assert.strictEqual(code, 0, run.output().slice(-4000));
      assert.ok(run.output().includes(`CM node ${r.sim.nodeUrls[used]} failed`), "a line names the node given up on");
      await assertOneCompletedJobEach(spec, `node ${used} stopped mid-wait`);
    });

    it("lost answers whose nodes went down, with lag on the others: the job is found, never POSTed twice", async function () {
      const spec: Spec = {
        dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM[2]] } },
        ecm: { kind: "ExternalCmDomainRefresh", args: { domains: [EXTERNAL_CM[0]] } },
        key: { kind: "SapKeyJob", args: { keyId: SAP_KEYS[2], operation: "delete" } },
      };
      await r.setSpec(spec);
      // a SAP key job must outlive the look-up (5 s): one that ended unseen cannot be found (no SAP key job list)
      r.sim.control.configure({ families: { sapKeys: { jobSeconds: 15 } } });
      // the first job-creating POST served by node 0, and the first served by node 1: created, then the node dies
      r.sim.control.addFaults([
        { method: "POST", path: "/api/v1/cckm/**", action: "lose-answer-stop-node", node: 0, times: 1 },
        { method: "POST", path: "/api/v1/cckm/**", action: "lose-answer-stop-node", node: 1, times: 1 },
      ]);
      const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
      assert.strictEqual(up.code, 0, up.output.slice(-4000));
      const lost = r.sim.counters().faultsByKind["lostAnswer:stop-node"] ?? 0;
      const adopted = countMatches(up.output, /adopting CCKM job/);
      console.log(`      lost answers: ${lost} answers lost with their node, ${adopted} jobs adopted`);
      assert.ok(lost >= 1, "an answer was lost with its node");
      assert.ok(adopted >= 1, "the job of a lost answer was found and adopted");
      await assertOneCompletedJobEach(spec, "lost answers");
    });

    it("destroy cancels a running job through another node", async function () {
      const spec: Spec = {
        late0: { kind: "DsmDomainRefresh", args: { domains: [DSM[0], DSM[1]], timeoutSeconds: 4 } },
        late1: { kind: "OciKeySync", args: { vaults: [OCI[0]], timeoutSeconds: 4 } },
      };
      await r.setSpec(spec);
      r.sim.control.configure({ jobSeconds: 300 });
      const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
      assert.notStrictEqual(up.code, 0, "the jobs outlived their deadline");
      assert.strictEqual(jobsSince(r.sim, before).filter(isRunning).length, 2);
      await r.sim.stopNode(0);
      const destroy = await r.stack.destroy([], { allowFailure: true });
      assert.strictEqual(destroy.code, 0, destroy.output.slice(-4000));
      const cancels = r.sim.requestLog().filter((e) => e.method === "POST" && e.path.endsWith("/cancel"));
      console.log(`      destroy: cancels served by nodes ${JSON.stringify(cancels.map((e) => e.node))}`);
      assert.ok(cancels.length >= 2 && cancels.every((e) => e.node !== 0), "cancelled through another node");
      assert.ok(destroy.output.includes(`CM node ${r.sim.nodeUrls[0]} failed`), "a line names the node given up on");
      assert.deepStrictEqual(jobsSince(r.sim, before).filter(isRunning), [], "nothing left running");
      assert.deepStrictEqual(await r.stack.resources(), []);
    });
  });
