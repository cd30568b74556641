// Completion lag: from the moment a job ends in the simulator (its `completed_at`) to the moment the waiter
// returns. Our provider (in-process through its runtime entry, and through a real `pulumi up`), a naive poller
// sleeping 5 s between status calls, and one sleeping 20 s, all waiting at the same time on jobs of the same
// durations, each on its own simulator so that polls and token grants are counted per waiter.
import type { Simulator } from "../../simulator";
import { figure, Figure, median } from "../lib/stats";
import { naiveJob } from "../lib/naivePoller";
import { configureRuntime, createInProcess, loadRuntime } from "../lib/provider";
import { benchDomainId, jobReads, jobsById, parseCckmTime, startBenchSim, watchDurations } from "../lib/sim";
import { benchStack, createdLineAt, resourcesProgram, tail, up } from "../lib/stacks";

export const POLLERS = ["provider", "providerUp", "naive5", "naive20"] as const;
export type PollerName = (typeof POLLERS)[number];

export const POLLER_LABELS: Record<PollerName, string> = {
  provider: "pulumi-cckm (in-process)",
  providerUp: "pulumi-cckm (pulumi up)",
  naive5: "fixed 5 s poller",
  naive20: "fixed 20 s poller",
};

export interface LagOptions {
  /** Nominal job durations in seconds. */
  durations: number[];
  /** Jobs per duration and waiter. */
  samples: number;
  /** Also measure through a real `pulumi up` (one up holding every duration's jobs). */
  viaUp: boolean;
  log: (line: string) => void;
}

export interface LagCell {
  /** Job durations actually used (nominal +-10 %). */
  jobSeconds: number[];
  lagMs: Figure;
  polls: Figure;
  /** Through `pulumi up` only: when the provider's last status read reached the simulator, after the job end. */
  lastReadLagMs?: Figure;
}

export interface LagWaiter {
  byDuration: Record<string, LagCell>;
  jobs: number;
  tokenGrants: { password: number; refresh_token: number };
  requests: number;
  wallMs: number;
  error?: string;
  /** `pulumi up` only. */
  upWallMs?: number;
  parallel?: number;
}

export interface LagResult {
  durations: number[];
  samples: number;
  jitter: string;
  waiters: Partial<Record<PollerName, LagWaiter>>;
}

/**
 * The durations of one nominal length: spread over +-10 % (a low-discrepancy sequence), the same set for every
 * waiter, so that no fixed-interval poller profits or suffers from a duration that is an exact multiple of its sleep.
 */
export function jitteredDurations(nominal: number, samples: number): number[] {
  return Array.from({ length: samples }, (_, i) => {
    const u = (0.3 + i * 0.618034) % 1;
    return Math.round(nominal * (0.9 + 0.2 * u) * 1000) / 1000;
  });
}

interface Plan {
  nominal: number;
  seconds: number;
  domain: string;
  name: string;
}

function plan(durations: number[], samples: number): Plan[] {
  const out: Plan[] = [];
  durations.forEach((d, di) =>
    jitteredDurations(d, samples).forEach((seconds, i) => {
      const k = di * samples + i;
      out.push({ nominal: d, seconds, domain: benchDomainId(k), name: `r${k}` });
    }),
  );
  return out;
}

interface Sample {
  plan: Plan;
  returnedAt: number;
  jobId: string;
}

function summarize(sim: Simulator, samples: Sample[], durations: number[], started: number, withLastRead = false) {
  const jobs = jobsById(sim);
  const reads = jobReads(sim);
  const byDuration: Record<string, LagCell> = {};
  for (const d of durations) {
    const mine = samples.filter((s) => s.plan.nominal === d);
    const lags: number[] = [];
    const polls: number[] = [];
    const lastReads: number[] = [];
    for (const s of mine) {
      const job = jobs.get(s.jobId);
      const end = parseCckmTime(job?.completed_at);
      lags.push(s.returnedAt - end);
      polls.push(reads.count.get(s.jobId) ?? 0);
      if (withLastRead) lastReads.push((reads.until.get(s.jobId) ?? NaN) - end);
    }
    byDuration[String(d)] = {
      jobSeconds: mine.map((s) => s.plan.seconds),
      lagMs: figure(lags, "ms"),
      polls: figure(polls, "polls"),
      ...(withLastRead ? { lastReadLagMs: figure(lastReads, "ms") } : {}),
    };
  }
  const c = sim.counters();
  return {
    byDuration,
    jobs: samples.length,
    tokenGrants: { password: c.authGrants.password, refresh_token: c.authGrants.refresh_token },
    requests: c.requests,
    wallMs: Date.now() - started,
  };
}

async function naiveWaiter(intervalMs: number, plans: Plan[], durations: number[]): Promise<LagWaiter> {
  const sim = await startBenchSim();
  const watch = watchDurations(sim, (dom) => plans.find((p) => p.domain === dom)?.seconds);
  const started = Date.now();
  try {
    const samples = await Promise.all(
      plans.map(async (p) => {
        const r = await naiveJob({
          url: sim.url,
          caCert: sim.caCert,
          username: "admin",
          password: "admin",
          path: "/v1/cckm/dsm/refresh",
          body: { domains: [p.domain] },
          intervalMs,
        });
        return { plan: p, returnedAt: r.returnedAt, jobId: r.jobId };
      }),
    );
    return summarize(sim, samples, durations, started);
  } finally {
    watch.stop();
    await sim.stop();
  }
}

async function inProcessWaiter(plans: Plan[], durations: number[]): Promise<LagWaiter> {
  const sim = await startBenchSim();
  const watch = watchDurations(sim, (dom) => plans.find((p) => p.domain === dom)?.seconds);
  const rt = loadRuntime();
  // one job per resource: the lag of a job's own wait (shared jobs are scale's)
  await configureRuntime(rt, sim, { "cckm:coalesce": "false" });
  const started = Date.now();
  try {
    const samples = await Promise.all(
      plans.map(async (p) => {
        const r = await createInProcess(rt, "DsmDomainRefresh", `lag-${p.name}`, { domains: [p.domain] });
        return { plan: p, returnedAt: r.returnedAt, jobId: r.id };
      }),
    );
    return summarize(sim, samples, durations, started);
  } finally {
    watch.stop();
    await sim.stop();
  }
}

async function upWaiter(plans: Plan[], durations: number[], log: (l: string) => void): Promise<LagWaiter> {
  const sim = await startBenchSim();
  const programDir = resourcesProgram("bench-lag", plans.length);
  const bs = await benchStack(programDir, sim, "config", false);
  const watch = watchDurations(sim, (dom) => plans.find((p) => p.domain === dom)?.seconds);
  const parallel = Math.max(plans.length, 8);
  const started = Date.now();
  try {
    const run = await up(bs.stack, ["--parallel", String(parallel)]);
    if (run.code !== 0) throw new Error(`pulumi up failed:\n${tail(run)}`);
    const jobs = [...jobsById(sim).values()];
    const samples: Sample[] = plans.map((p) => {
      const job = jobs.find((j) => Array.isArray(j.domains) && j.domains[0] === p.domain);
      return { plan: p, returnedAt: createdLineAt(run, p.name), jobId: String(job?.id) };
    });
    log(`  pulumi up with ${plans.length} resources took ${(run.durationMs / 1000).toFixed(1)} s`);
    return {
      ...summarize(sim, samples, durations, started, true),
      upWallMs: run.durationMs,
      parallel,
    };
  } finally {
    watch.stop();
    await bs.dispose();
    await sim.stop();
  }
}

function failed(err: unknown): LagWaiter {
  return {
    byDuration: {},
    jobs: 0,
    tokenGrants: { password: 0, refresh_token: 0 },
    requests: 0,
    wallMs: 0,
    error: err instanceof Error ? err.message : String(err),
  };
}

export async function runLag(opts: LagOptions): Promise<LagResult> {
  const plans = plan(opts.durations, opts.samples);
  opts.log(
    `lag: ${plans.length} jobs per waiter (${opts.durations.join(", ")} s, ${opts.samples} each), waiters side by side`,
  );
  const guard = (p: Promise<LagWaiter>) => p.catch(failed);
  const [provider, naive5, naive20, providerUp] = await Promise.all([
    guard(inProcessWaiter(plans, opts.durations)),
    guard(naiveWaiter(5000, plans, opts.durations)),
    guard(naiveWaiter(20000, plans, opts.durations)),
    opts.viaUp ? guard(upWaiter(plans, opts.durations, opts.log)) : Promise.resolve(undefined),
  ]);
  const waiters: LagResult["waiters"] = { provider, naive5, naive20 };
  if (providerUp) waiters.providerUp = providerUp;
  for (const [name, w] of Object.entries(waiters)) {
    if (w?.error) opts.log(`  ${name}: FAILED ${w.error.split("\n")[0]}`);
    else
      opts.log(
        `  ${name}: ` +
          opts.durations
            .map((d) => `${d}s -> ${(median(w!.byDuration[String(d)].lagMs.samples) / 1000).toFixed(2)} s`)
            .join(", "),
      );
  }
  return {
    durations: opts.durations,
    samples: opts.samples,
    jitter: "each job lasts its nominal duration +-10 % (the same spread for every waiter)",
    waiters,
  };
}
