// Lag and reads per job of the provider's schedule against fixed pollers (1, 2, 5, 10, 20 s), side by side, with a
// history of the scope (ended jobs over it, as CM keeps them) and without, for jobs of 10 s to 600 s. The provider's
// engine waits in-process, and each fixed poller is the same engine with a fixed schedule (initial = cap, no growth),
// so that only the schedule differs. Long jobs run on a warped clock shared by the simulator and the engine (time
// runs K times faster, K = duration / 30 s, at least 1): a 600 s job takes 30 s of wall time; request times are
// stretched by K too, which counts against every waiter alike. Durations can be spread (+-10 %, +-30 %): the history
// jobs and the measured job of a scope then differ as a nightly sync's do.
/* eslint-disable @typescript-eslint/no-require-imports -- the compiled engine is loaded at run time, after the build */
import * as path from "path";
import type { Simulator } from "../../simulator";
import { repoRoot } from "../../scripts/engine";
import { figure, Figure } from "../lib/stats";
import { benchDomainId, jobReads, jobsById, parseCckmTime, startBenchSim, watchDurations } from "../lib/sim";

export const PARETO_WAITERS = ["history", "none", "fixed1", "fixed2", "fixed5", "fixed10", "fixed20"] as const;
export type ParetoWaiter = (typeof PARETO_WAITERS)[number];
const FIXED: Partial<Record<ParetoWaiter, number>> = { fixed1: 1, fixed2: 2, fixed5: 5, fixed10: 10, fixed20: 20 };
export const PARETO_LABELS: Record<ParetoWaiter, string> = {
  history: "pulumi-cckm, with history",
  none: "pulumi-cckm, no history",
  fixed1: "fixed 1 s",
  fixed2: "fixed 2 s",
  fixed5: "fixed 5 s",
  fixed10: "fixed 10 s",
  fixed20: "fixed 20 s",
};
/** Ended jobs over a scope made before its measured job. */
export const HISTORY_PER_SCOPE = 5;

export interface ParetoCell {
  lagMs: Figure;
  reads: Figure;
}
export interface ParetoRun {
  /** +- this fraction of the nominal duration (0: every job of a scope lasts the nominal duration). */
  spread: number;
  /** duration (s) -> waiter -> cell */
  cells: Record<string, Partial<Record<ParetoWaiter, ParetoCell>>>;
  warp: Record<string, number>;
}
export interface ParetoResult {
  durations: number[];
  samples: number;
  runs: ParetoRun[];
  errors: string[];
}

interface Engine {
  create(kind: string, ctx: object, inputs: object): Promise<{ id: string; outs: Record<string, unknown> }>;
  check(kind: string, ctx: object, news: object): { inputs: object; failures: unknown[] };
}

/** Spread factors in [1 - s, 1 + s], low-discrepancy, the same for every waiter. */
function factor(spread: number, i: number): number {
  const u = (0.37 + i * 0.618034) % 1;
  return 1 + spread * (2 * u - 1);
}

function warpClock(k: number) {
  const t0 = Date.now();
  const now = () => t0 + (Date.now() - t0) * k;
  return { now, sleep: (ms: number) => new Promise<void>((res) => setTimeout(res, Math.max(0, ms / k))) };
}

async function oneDuration(engine: Engine, nominal: number, samples: number, spread: number, base: number) {
  const k = Math.max(1, nominal / 30);
  const clock = warpClock(k);
  const sim: Simulator = await startBenchSim({ clock: clock.now, tokenSeconds: 10_000_000, jobSeconds: nominal });
  const seconds = new Map<string, number>();
  const watch = watchDurations(sim, (dom) => seconds.get(dom));
  try {
    // the scopes: one domain per waiter and sample; the history waiter's scopes get past jobs first
    const domain = (w: number, s: number) => benchDomainId(base + w * samples + s);
    const hist: string[] = [];
    // each scope has a duration of its own (nominal +-10 %, so that no fixed poller's interval divides them all);
    // its past jobs and its measured job last that long, each +-spread
    const scopeSeconds = (s: number) => nominal * factor(0.1, s + 11);
    for (let s = 0; s < samples; s++) {
      const dom = domain(0, s);
      for (let h = 0; h < HISTORY_PER_SCOPE; h++) {
        const job = sim.control.startJob("dsm", { domains: [dom] });
        sim.control.updateJob(String(job.id), { jobSeconds: scopeSeconds(s) * factor(spread, s * 7 + h + 1) });
        hist.push(String(job.id));
      }
    }
    const longest = nominal * 1.1 * (1 + spread) * 1000;
    await new Promise((res) => setTimeout(res, longest / k + 500));
    const ctxFor = (w: ParetoWaiter) => {
      const fixed = FIXED[w];
      return {
        config: {
          "cckm:address": sim.url,
          "cckm:username": "admin",
          "cckm:password": "admin",
          "cckm:caCert": sim.caCert,
        },
        env: { CIPHERTRUST_COALESCE: "false" },
        clock,
        log: () => undefined,
        name: `${w}`,
        ...(fixed ? { schedule: { initialMs: fixed * 1000, factor: 1, maxMs: fixed * 1000 } } : {}),
      };
    };
    const runs = PARETO_WAITERS.flatMap((w, wi) =>
      Array.from({ length: samples }, (_, s) => ({ w, s, dom: domain(wi, s) })),
    );
    for (const r of runs) seconds.set(r.dom, scopeSeconds(r.s) * factor(spread, r.s * 7));
    const done = await Promise.all(
      runs.map(async (r) => {
        const ctx = ctxFor(r.w);
        const checked = engine.check("DsmDomainRefresh", ctx, { domains: [r.dom] });
        const res = await engine.create("DsmDomainRefresh", ctx, checked.inputs);
        return { ...r, id: res.id, returnedAt: clock.now() };
      }),
    );
    const jobs = jobsById(sim);
    const reads = jobReads(sim);
    const cells: Partial<Record<ParetoWaiter, ParetoCell>> = {};
    for (const w of PARETO_WAITERS) {
      const mine = done.filter((d) => d.w === w);
      cells[w] = {
        lagMs: figure(
          mine.map((d) => d.returnedAt - parseCckmTime(jobs.get(d.id)?.completed_at)),
          "ms",
        ),
        reads: figure(
          mine.map((d) => reads.count.get(d.id) ?? 0),
          "reads",
        ),
      };
    }
    return { cells, k };
  } finally {
    watch.stop();
    await sim.stop();
  }
}

export async function runPareto(opts: {
  durations: number[];
  samples: number;
  spreads: number[];
  log: (l: string) => void;
}): Promise<ParetoResult> {
  const engine = require(path.join(repoRoot, "dist", "provider", "engine", "index.js")) as Engine;
  const out: ParetoResult = { durations: opts.durations, samples: opts.samples, runs: [], errors: [] };
  for (const spread of opts.spreads) {
    const run: ParetoRun = { spread, cells: {}, warp: {} };
    opts.log(`pareto: durations ${opts.durations.join(", ")} s, spread +-${spread * 100} %, waiters side by side`);
    await Promise.all(
      opts.durations.map(async (d, di) => {
        try {
          const { cells, k } = await oneDuration(engine, d, opts.samples, spread, di * 40);
          run.cells[String(d)] = cells;
          run.warp[String(d)] = k;
          opts.log(
            `  ${d} s: ` +
              PARETO_WAITERS.map(
                (w) => `${w} ${(cells[w]!.lagMs.median / 1000).toFixed(2)} s/${cells[w]!.reads.median}`,
              ).join(", "),
          );
        } catch (err) {
          out.errors.push(`${d} s, spread ${spread}: ${(err as Error).message}`);
          opts.log(`  ${d} s FAILED: ${(err as Error).message}`);
        }
      }),
    );
    out.runs.push(run);
  }
  return out;
}
