// Shared by interrupted-*.test.ts. Issue 6, point 2: `pulumi up` interrupted mid-wait. The jobs keep running on
// CCKM; the documented recovery brings the stack to exactly one completed job per scope and none left running.
//
// - SIGKILL of the whole process tree (a CI runner killed): the file backend keeps its lock and the state may hold
//   pending creates. Recovery: `pulumi cancel` (releases the lock), `pulumi refresh --clear-pending-creates` (an
//   `up` alone would go through but keep the pending creates in state), then `pulumi up`, whose creates adopt the
//   jobs still running over the same scopes.
// - Ctrl-C (SIGINT to the CLI's process group, as a terminal sends it; the provider runs in a process group of its
//   own and does not get it): the engine waits for the running creates, so the jobs complete and are recorded.
//   The provider does not cancel them. Recovery: nothing; the next `up` starts no job.
// - Ctrl-C twice: the engine terminates the provider; the jobs keep running, the CLI releases the lock and leaves
//   pending creates. Recovery: `pulumi refresh --clear-pending-creates`, then `pulumi up`, which adopts them.
import * as assert from "assert";
import { madeByThisRun } from "../profiles";
import { DSM, GOOGLE, SAP_KEYS } from "./fixtures";
import { background, Background, countMatches, isRunning, jobsByScope, Rig, Spec, until } from "./helpers";

export const spec: Spec = {
  dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM[0]] } },
  rings: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[0]] } },
  key: { kind: "SapKeyJob", args: { keyId: SAP_KEYS[0], operation: "delete" } },
};

export const UP = ["up", "--yes", "--skip-preview", "--stack", "dev"];

/** Exactly one job per scope, ended and not aborted, and the state's ids are those jobs. */
export async function assertOneCompletedJobPerScope(r: Rig, label: string): Promise<void> {
  const scopes = jobsByScope(r.sim);
  const all = r.sim.jobs().filter(madeByThisRun);
  const running = all.filter(isRunning);
  const ok = all.filter((j) => {
    const o = j as Record<string, unknown>;
    return o.family === "sapKeys" ? o.state === "COMPLETED" : o.overall_status === "completed" && o.abort === false;
  });
  console.log(
    `      ${label}: ${all.length} jobs for ${scopes.size} scopes, ${ok.length} completed, ${running.length} running`,
  );
  assert.strictEqual(scopes.size, 3);
  for (const [scope, jobs] of scopes) assert.strictEqual(jobs.length, 1, `one job for ${scope}`);
  assert.strictEqual(ok.length, 3, "every job completed (none cancelled or failed)");
  assert.deepStrictEqual(running, []);
  const state = await r.stack.exportState();
  assert.deepStrictEqual(state.deployment.pending_operations ?? [], [], "no pending operation left");
  const ids = (await r.stack.resources()).map((s) => String(s.id)).sort();
  assert.deepStrictEqual(ids, all.map((j) => String(j.id)).sort(), "the state holds the jobs that ran");
}

export async function startAndWaitForJobs(r: Rig): Promise<Background> {
  const run = background(r.stack, UP);
  await until(
    () => r.sim.counters().jobsCreated.total === 3 && countMatches(run.output(), /started CCKM job/) >= 3,
    120_000,
    "the three jobs to start",
  );
  await new Promise((res) => setTimeout(res, 1500)); // mid-wait: a few polls made
  return run;
}

/**
 * The recovery `up`, run until its creates have adopted the three running jobs; then the jobs end (they run for an
 * hour so that no busy machine lets them end before the recovery gets to them). It must adopt all three and start
 * no job.
 */
export async function upAdoptingThenEnd(r: Rig): Promise<string> {
  const run = background(r.stack, UP);
  await until(
    () => countMatches(run.output(), /adopting CCKM job/) >= 3 || run.child.exitCode !== null,
    180_000,
    "the recovery up to adopt the three jobs",
  );
  for (const job of r.sim.jobs().filter(isRunning)) r.sim.control.updateJob(String(job.id), { end: true });
  const { code } = await run.exited;
  const output = run.output();
  assert.strictEqual(code, 0, output.slice(-3000));
  assert.strictEqual(
    // SAP key jobs under strict (no job list): found through CM's refusal of a second job on the key
    countMatches(
      output,
      /cckm: .*: adopting CCKM job .* (already running over the same scope|named by CCKM's refusal)/,
    ),
    3,
  );
  assert.strictEqual(countMatches(output, /started CCKM job/), 0, "no new job");
  return output;
}
