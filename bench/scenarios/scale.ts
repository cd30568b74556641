// Many resources in one `pulumi up`: 1, 10 and 100 DsmDomainRefresh resources whose jobs last 5 s, with the CLI's
// default `--parallel` and with a value above the resource count. Each repetition runs every variant back to back,
// so each ratio to one resource is taken within the same repetition. The provider process's peak memory is sampled
// from /proc while the up runs.
//
// Two parameters say what is measured: the front end (the dynamic resources, or the native plugin from Pulumi
// YAML) and the simulator's profile. All the resources are of one job family (DSM refresh), so under `lenient` every
// job runs at once, as before, and under `strict` (the simulator's default: a real CM refuses a second sync of a
// family while one runs) they run one after another, the client waiting each refused start out.
import type { Profile, Simulator } from "../../simulator";
import { FrontEnd, frontEndStack } from "../lib/frontends";
import { peakMiB } from "../lib/procmem";
import { benchDomainId, parseCckmTime, serviceStats, startBenchSim } from "../lib/sim";
import { benchStack, defaultParallel, tail, up } from "../lib/stacks";
import { writeProgram } from "../../scripts/engine";
import { Figure, figure, median } from "../lib/stats";

/** The job family every resource of the scenario belongs to, and how the resources spread over families. */
export const SCALE_FAMILY = "dsm";
export const SCALE_SPREAD = "every resource is a DsmDomainRefresh of its own domain: one job family (DSM refresh)";

export interface ScaleOptions {
  /** Which front end runs the resources. @default "dynamic" */
  frontEnd?: FrontEnd;
  /** The simulator's profile. @default "lenient" */
  profile?: Profile;
  /** The `--parallel` settings to measure. @default both */
  settings?: ("default" | "high")[];
  counts: number[];
  /** The high `--parallel` value (above the largest count). */
  highParallel: number;
  runs: number;
  /** Repetitions of the slowest variant (the largest count at the default `--parallel`). */
  runsSlowest: number;
  jobSeconds: number;
  /**
   * Also one resource listing this many domains (one job over all of them): what a user does on a strict CM to
   * keep a stack fast. Dynamic front end only.
   */
  listedScopeItems?: number;
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
  /** Job-creating POSTs the simulator refused because a job of the family ran (the strict profile's rule). */
  refusedStarts: number;
  /** The most jobs that ran at the same time (from the jobs' start and end times): 1 = one after another. */
  maxConcurrentJobs: number;
  /** First job's start to last job's end, in the simulator: the jobs' part of the wall time, free of engine noise. */
  jobsSpanMs: number;
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
  refusedStarts: Figure;
  maxConcurrentJobs: Figure;
  jobsSpanMs: Figure;
}

export interface ScaleResult {
  frontEnd: FrontEnd;
  profile: Profile;
  /** How the resources spread over job families (SCALE_SPREAD). */
  spread: string;
  jobSeconds: number;
  defaultParallel: number;
  highParallel: number;
  runs: number;
  cells: ScaleCell[];
  /** One resource over `scopeItems` domains (one job), per repetition. */
  listed?: { scopeItems: number; wallMs: Figure; ratioToOne: Figure; jobsCreated: Figure };
  samples: ScaleSample[];
  errors: string[];
}

/** Refused job starts: 4xx answers (other than 401) to a POST of a job collection. */
function refusedStarts(sim: Simulator): number {
  return sim
    .requestLog()
    .filter(
      (e) => e.method === "POST" && /\/cckm\//.test(e.path) && e.status >= 400 && e.status < 500 && e.status !== 401,
    ).length;
}

/**
 * The most jobs running at once, from each job's creation and end times, and the span from the first start to the
 * last end.
 */
function jobTimes(sim: Simulator): { maxConcurrent: number; spanMs: number } {
  const edges: [number, number][] = [];
  for (const j of sim.jobs()) {
    const start = parseCckmTime(j.createdAt ?? j.created_at);
    const end = parseCckmTime(j.completed_at);
    if (!Number.isFinite(start)) continue;
    edges.push([start, 1], [Number.isFinite(end) ? end : Infinity, -1]);
  }
  if (!edges.length) return { maxConcurrent: 0, spanMs: NaN };
  // at a tie, the end comes first: a job starting as another ends does not overlap it
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return { maxConcurrent: max, spanMs: edges[edges.length - 1][0] - edges[0][0] };
}

async function oneUp(
  fe: FrontEnd,
  sim: Simulator,
  count: number,
  parallel: number | undefined,
  rep: number,
): Promise<ScaleSample> {
  sim.control.reset();
  const bs = await frontEndStack(fe, `bench-scale-${count}`, count, sim);
  try {
    const run = await up(bs.stack, parallel === undefined ? [] : ["--parallel", String(parallel)]);
    const c = sim.counters();
    const svc = serviceStats(sim);
    const times = jobTimes(sim);
    if (run.code !== 0) throw new Error(`pulumi up of ${count} resources failed:\n${tail(run)}`);
    return {
      rep,
      count,
      parallel: parallel ?? NaN,
      wallMs: run.durationMs,
      ok: run.code === 0,
      providerPeakMiB: peakMiB(run.peaks, fe === "native" ? "native-provider" : "dynamic-provider"),
      programPeakMiB: peakMiB(run.peaks, "program"),
      cliPeakMiB: peakMiB(run.peaks, "cli"),
      tokenGrants: c.authGrants.password + c.authGrants.refresh_token,
      jobsCreated: c.jobsCreated.total,
      requests: c.requests,
      simRequestsPerSecond: svc.requestsPerSecond,
      simAnswerMsP99: svc.answerMsP99,
      refusedStarts: refusedStarts(sim),
      maxConcurrentJobs: times.maxConcurrent,
      jobsSpanMs: times.spanMs,
    };
  } finally {
    await bs.dispose();
  }
}

/** One DsmDomainRefresh over `n` domains. */
function listedProgram(n: number): string {
  const ids = Array.from({ length: n }, (_, i) => benchDomainId(i));
  const code = `// generated by bench/scenarios/scale.ts
const cckm = require("pulumi-cckm");
exports.jobId = new cckm.DsmDomainRefresh("all", { domains: ${JSON.stringify(ids)} }).jobId;
`;
  return writeProgram({ name: `bench-scale-listed-${n}`, code });
}

async function listedUp(sim: Simulator, n: number) {
  sim.control.reset();
  const bs = await benchStack(listedProgram(n), sim);
  try {
    const run = await up(bs.stack);
    if (run.code !== 0) throw new Error(`pulumi up of one resource over ${n} domains failed:\n${tail(run)}`);
    return { wallMs: run.durationMs, jobsCreated: sim.counters().jobsCreated.total };
  } finally {
    await bs.dispose();
  }
}

export async function runScale(opts: ScaleOptions): Promise<ScaleResult> {
  const fe = opts.frontEnd ?? "dynamic";
  const profile = opts.profile ?? "lenient";
  const wanted = opts.settings ?? ["default", "high"];
  const dflt = await defaultParallel();
  const sim = await startBenchSim({ jobSeconds: opts.jobSeconds, profile });
  const samples: ScaleSample[] = [];
  const errors: string[] = [];
  const largest = Math.max(...opts.counts);
  const listed: { rep: number; wallMs: number; jobsCreated: number }[] = [];
  try {
    for (let rep = 0; rep < opts.runs; rep++) {
      if (opts.listedScopeItems && fe === "dynamic") {
        try {
          const l = await listedUp(sim, opts.listedScopeItems);
          listed.push({ rep, ...l });
          opts.log(
            `  scale ${fe}/${profile} rep ${rep + 1}: one resource over ${opts.listedScopeItems} domains: ${(l.wallMs / 1000).toFixed(1)} s`,
          );
        } catch (err) {
          errors.push((err as Error).message);
          opts.log(`  scale ${fe}/${profile} rep ${rep + 1}: one listing resource FAILED: ${(err as Error).message}`);
        }
      }
      for (const count of opts.counts) {
        // one resource: the CLI default only (the reference for the ratios); the others: the settings asked for
        const settings: ("default" | "high")[] = count === 1 ? ["default"] : wanted;
        for (const setting of settings) {
          if (count === largest && setting === "default" && count > dflt && rep >= opts.runsSlowest) continue;
          const parallel = setting === "high" ? opts.highParallel : undefined;
          try {
            const s = await oneUp(fe, sim, count, parallel, rep);
            if (setting === "default") s.parallel = dflt;
            samples.push(s);
            opts.log(
              `  scale ${fe}/${profile} rep ${rep + 1}: ${count} resource(s), --parallel ${s.parallel}${setting === "default" ? " (default)" : ""}: ` +
                `${(s.wallMs / 1000).toFixed(1)} s, provider peak ${s.providerPeakMiB.toFixed(0)} MiB, ` +
                `${s.jobsCreated} jobs over ${(s.jobsSpanMs / 1000).toFixed(1)} s, at most ${s.maxConcurrentJobs} at once, ` +
                `${s.refusedStarts} refused starts`,
            );
          } catch (err) {
            errors.push((err as Error).message);
            opts.log(
              `  scale ${fe}/${profile} rep ${rep + 1}: ${count} resource(s) FAILED: ${(err as Error).message.split("\n")[0]}`,
            );
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
        refusedStarts: f((s) => s.refusedStarts, "requests"),
        maxConcurrentJobs: f((s) => s.maxConcurrentJobs, "jobs"),
        jobsSpanMs: f((s) => s.jobsSpanMs, "ms"),
      });
    }
  }
  return {
    frontEnd: fe,
    profile,
    spread: SCALE_SPREAD,
    jobSeconds: opts.jobSeconds,
    defaultParallel: dflt,
    highParallel: opts.highParallel,
    runs: opts.runs,
    cells,
    listed:
      listed.length && opts.listedScopeItems
        ? {
            scopeItems: opts.listedScopeItems,
            wallMs: figure(
              listed.map((l) => l.wallMs),
              "ms",
            ),
            ratioToOne: figure(
              listed.map((l) => l.wallMs / (ones.get(l.rep) ?? median([...ones.values()]))),
              "x",
            ),
            jobsCreated: figure(
              listed.map((l) => l.jobsCreated),
              "jobs",
            ),
          }
        : undefined,
    samples,
    errors,
  };
}
