// Resilience: 50 DsmDomainRefresh resources (5 s jobs) in one `pulumi up` while the simulator injects faults on
// 20 % of CCKM requests (a mix of 500, 502, 503, 429 with Retry-After, connection resets and 1 s slow answers),
// against the same up without faults, alternating within each repetition. Counted from the simulator and state:
// resources that succeeded, duplicate jobs (more than one job for a resource's scope), lost jobs (jobs CCKM runs
// that no resource in state tracks), and the extra wall time.
import type { Simulator } from "../../simulator";
import { benchDomainId, jobDomains, startBenchSim } from "../lib/sim";
import { benchStack, cckmState, resourcesProgram, tail, up } from "../lib/stacks";
import { Figure, figure } from "../lib/stats";

export interface FaultOptions {
  resources: number;
  probability: number;
  runs: number;
  parallel: number;
  log: (line: string) => void;
}

export interface FaultSample {
  rep: number;
  faulty: boolean;
  wallMs: number;
  exitCode: number | null;
  succeeded: number;
  duplicateJobs: number;
  lostJobs: number;
  jobsCreated: number;
  requests: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  /** When the first up did not create every resource: the same counts after one more `pulumi up`. */
  secondUp?: { exitCode: number | null; succeeded: number; duplicateJobs: number; lostJobs: number; wallMs: number };
}

export interface FaultResult {
  resources: number;
  probability: number;
  parallel: number;
  samples: FaultSample[];
  successRate: Figure;
  duplicateJobs: Figure;
  lostJobs: Figure;
  cleanWallMs: Figure;
  faultyWallMs: Figure;
  /** faulty - clean, paired per repetition. */
  extraWallMs: Figure;
  /** faulty / clean, paired per repetition. */
  wallRatio: Figure;
  errors: string[];
}

function audit(sim: Simulator, n: number, tracked: Set<string>) {
  const jobs = sim.jobs();
  let duplicateJobs = 0;
  for (let i = 0; i < n; i++) {
    const dom = benchDomainId(i);
    const mine = jobs.filter((j) => jobDomains(j)[0] === dom);
    duplicateJobs += Math.max(0, mine.length - 1);
  }
  const lostJobs = jobs.filter((j) => !tracked.has(String(j.id))).length;
  return { duplicateJobs, lostJobs, jobsCreated: jobs.length };
}

async function oneRun(sim: Simulator, opts: FaultOptions, rep: number, faulty: boolean): Promise<FaultSample> {
  sim.control.reset();
  sim.control.reseedFaults(rep + 1);
  if (!faulty) sim.control.clearFaults();
  // one job per resource, so that a duplicate is a second job over a resource's scope
  const bs = await benchStack(resourcesProgram(`bench-faults-${opts.resources}`, opts.resources), sim, "env", false);
  try {
    const args = ["--parallel", String(opts.parallel)];
    const run = await up(bs.stack, args);
    const state = await cckmState(bs.stack);
    const succeeded = state.resources.filter((r) => r.outputs?.status === "completed" && !r.initErrors?.length).length;
    if (!faulty && run.code !== 0) throw new Error(`pulumi up without faults failed:\n${tail(run)}`);
    const c = sim.counters();
    const sample: FaultSample = {
      rep,
      faulty,
      wallMs: run.durationMs,
      exitCode: run.code,
      succeeded,
      ...audit(sim, opts.resources, state.jobIds),
      requests: c.requests,
      faultsInjected: c.faultsInjected,
      faultsByKind: { ...c.faultsByKind },
    };
    if (succeeded < opts.resources) {
      const again = await up(bs.stack, args);
      const s2 = await cckmState(bs.stack);
      const a2 = audit(sim, opts.resources, s2.jobIds);
      sample.secondUp = {
        exitCode: again.code,
        succeeded: s2.resources.filter((r) => r.outputs?.status === "completed" && !r.initErrors?.length).length,
        duplicateJobs: a2.duplicateJobs,
        lostJobs: a2.lostJobs,
        wallMs: again.durationMs,
      };
    }
    return sample;
  } finally {
    await bs.dispose();
  }
}

export async function runFaults(opts: FaultOptions): Promise<FaultResult> {
  const sim = await startBenchSim({ jobSeconds: 5, faults: opts.probability });
  const samples: FaultSample[] = [];
  const errors: string[] = [];
  try {
    for (let rep = 0; rep < opts.runs; rep++) {
      const order = rep % 2 === 0 ? [false, true] : [true, false];
      for (const faulty of order) {
        try {
          const s = await oneRun(sim, opts, rep, faulty);
          samples.push(s);
          opts.log(
            `  faults rep ${rep + 1} (${faulty ? `${opts.probability * 100} % faults` : "no faults"}): ` +
              `${(s.wallMs / 1000).toFixed(1)} s, ${s.succeeded}/${opts.resources} ok, ${s.duplicateJobs} duplicate, ` +
              `${s.lostJobs} lost, ${s.faultsInjected} faults injected` +
              (s.secondUp
                ? `; second up: ${s.secondUp.succeeded} ok, ${s.secondUp.duplicateJobs} duplicate, ${s.secondUp.lostJobs} lost`
                : ""),
          );
        } catch (err) {
          errors.push((err as Error).message);
          opts.log(`  faults rep ${rep + 1}: FAILED ${(err as Error).message.split("\n")[0]}`);
        }
      }
    }
  } finally {
    await sim.stop();
  }
  const faultyS = samples.filter((s) => s.faulty);
  const clean = new Map(samples.filter((s) => !s.faulty).map((s) => [s.rep, s.wallMs]));
  const paired = faultyS.filter((s) => clean.has(s.rep));
  return {
    resources: opts.resources,
    probability: opts.probability,
    parallel: opts.parallel,
    samples,
    successRate: figure(
      faultyS.map((s) => s.succeeded / opts.resources),
      "ratio",
    ),
    duplicateJobs: figure(
      faultyS.map((s) => s.duplicateJobs),
      "jobs",
    ),
    lostJobs: figure(
      faultyS.map((s) => s.lostJobs),
      "jobs",
    ),
    cleanWallMs: figure([...clean.values()], "ms"),
    faultyWallMs: figure(
      faultyS.map((s) => s.wallMs),
      "ms",
    ),
    extraWallMs: figure(
      paired.map((s) => s.wallMs - clean.get(s.rep)!),
      "ms",
    ),
    wallRatio: figure(
      paired.map((s) => s.wallMs / clean.get(s.rep)!),
      "x",
    ),
    errors,
  };
}
