// Many resources in one `pulumi up`: 1, 10 and 100 DsmDomainRefresh resources whose jobs last 5 s, with the CLI's
// default `--parallel` and with a value above the resource count. Each repetition runs every variant back to back,
// so each ratio to one resource is taken within the same repetition. The provider process's peak memory is sampled
// from /proc while the up runs.
import type { Simulator } from "../../simulator";
import { peakMiB } from "../lib/procmem";
import { serviceStats, startBenchSim } from "../lib/sim";
import { benchStack, defaultParallel, resourcesProgram, tail, up } from "../lib/stacks";
import { Figure, figure, median } from "../lib/stats";

export interface ScaleOptions {
  /**
   * cckm-sim's profile: `lenient` lets every job run at once (what the engine and the provider scale to); `strict`
   * (the default, like a real CM) refuses a second job per family while one runs, so one family's jobs run in turn.
   */
  profile: "strict" | "lenient";
  counts: number[];
  /** The high `--parallel` value (above the largest count). */
  highParallel: number;
  runs: number;
  /** Repetitions of the slowest variant (the largest count at the default `--parallel`). */
  runsSlowest: number;
  jobSeconds: number;
  log: (line: string) => void;
}

export interface ScaleSample {
  rep: number;
  count: number;
  parallel: number;
  wallMs: number;
  ok: boolean;
  providerPeakMiB: number;
  programPeakMiB: number;
  cliPeakMiB: number;
  tokenGrants: number;
  jobsCreated: number;
  requests: number;
  simRequestsPerSecond: number;
  simAnswerMsP99: number;
}

export interface ScaleCell {
  count: number;
  setting: "default" | "high";
  parallel: number;
  wallMs: Figure;
  /** Wall time over the one-resource wall time of the same repetition. */
  ratioToOne: Figure;
  providerPeakMiB: Figure;
  programPeakMiB: Figure;
  tokenGrants: Figure;
  jobsCreated: Figure;
  requests: Figure;
  simRequestsPerSecond: Figure;
  simAnswerMsP99: Figure;
}

export interface ScaleResult {
  profile: "strict" | "lenient";
  jobSeconds: number;
  defaultParallel: number;
  highParallel: number;
  runs: number;
  cells: ScaleCell[];
  samples: ScaleSample[];
  errors: string[];
}

async function oneUp(sim: Simulator, count: number, parallel: number | undefined, rep: number): Promise<ScaleSample> {
  sim.control.reset();
  const bs = await benchStack(resourcesProgram(`bench-scale-${count}`, count), sim);
  try {
    const run = await up(bs.stack, parallel === undefined ? [] : ["--parallel", String(parallel)]);
    const c = sim.counters();
    const svc = serviceStats(sim);
    if (run.code !== 0) throw new Error(`pulumi up of ${count} resources failed:\n${tail(run)}`);
    return {
      rep,
      count,
      parallel: parallel ?? NaN,
      wallMs: run.durationMs,
      ok: run.code === 0,
      providerPeakMiB: peakMiB(run.peaks, "dynamic-provider"),
      programPeakMiB: peakMiB(run.peaks, "program"),
      cliPeakMiB: peakMiB(run.peaks, "cli"),
      tokenGrants: c.authGrants.password + c.authGrants.refresh_token,
      jobsCreated: c.jobsCreated.total,
      requests: c.requests,
      simRequestsPerSecond: svc.requestsPerSecond,
      simAnswerMsP99: svc.answerMsP99,
    };
  } finally {
    await bs.dispose();
  }
}

export async function runScale(opts: ScaleOptions): Promise<ScaleResult> {
  const dflt = await defaultParallel();
  const sim = await startBenchSim({ profile: opts.profile, jobSeconds: opts.jobSeconds });
  const samples: ScaleSample[] = [];
  const errors: string[] = [];
  const largest = Math.max(...opts.counts);
  try {
    for (let rep = 0; rep < opts.runs; rep++) {
      for (const count of opts.counts) {
        const settings: ("default" | "high")[] = count === 1 ? ["default"] : ["default", "high"];
        for (const setting of settings) {
          if (count === largest && setting === "default" && count > dflt && rep >= opts.runsSlowest) continue;
          const parallel = setting === "high" ? opts.highParallel : undefined;
          try {
            const s = await oneUp(sim, count, parallel, rep);
            if (setting === "default") s.parallel = dflt;
            samples.push(s);
            opts.log(
              `  scale rep ${rep + 1}: ${count} resource(s), --parallel ${s.parallel}${setting === "default" ? " (default)" : ""}: ` +
                `${(s.wallMs / 1000).toFixed(1)} s, provider peak ${s.providerPeakMiB.toFixed(0)} MiB`,
            );
          } catch (err) {
            errors.push((err as Error).message);
            opts.log(`  scale rep ${rep + 1}: ${count} resource(s) FAILED: ${(err as Error).message.split("\n")[0]}`);
          }
        }
      }
    }
  } finally {
    await sim.stop();
  }
  const cells: ScaleCell[] = [];
  const ones = new Map(samples.filter((s) => s.count === 1).map((s) => [s.rep, s.wallMs]));
  for (const count of opts.counts) {
    for (const setting of ["default", "high"] as const) {
      if (count === 1 && setting === "high") continue;
      const parallel = setting === "default" ? dflt : opts.highParallel;
      const mine = samples.filter(
        (s) => s.count === count && (count === 1 ? setting === "default" : s.parallel === parallel),
      );
      if (!mine.length) continue;
      const f = (pick: (s: ScaleSample) => number, unit: string) => figure(mine.map(pick), unit);
      cells.push({
        count,
        setting,
        parallel,
        wallMs: f((s) => s.wallMs, "ms"),
        ratioToOne: f((s) => s.wallMs / (ones.get(s.rep) ?? median([...ones.values()])), "x"),
        providerPeakMiB: f((s) => s.providerPeakMiB, "MiB"),
        programPeakMiB: f((s) => s.programPeakMiB, "MiB"),
        tokenGrants: f((s) => s.tokenGrants, "grants"),
        jobsCreated: f((s) => s.jobsCreated, "jobs"),
        requests: f((s) => s.requests, "requests"),
        simRequestsPerSecond: f((s) => s.simRequestsPerSecond, "req/s"),
        simAnswerMsP99: f((s) => s.simAnswerMsP99, "ms"),
      });
    }
  }
  return {
    profile: opts.profile,
    jobSeconds: opts.jobSeconds,
    defaultParallel: dflt,
    highParallel: opts.highParallel,
    runs: opts.runs,
    cells,
    samples,
    errors,
  };
}
