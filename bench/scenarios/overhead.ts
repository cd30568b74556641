// Engine + provider overhead: `pulumi up` of one DsmDomainRefresh whose job ends at once (0 s) against the same
// program with no resource, on fresh stacks, alternating which goes first. The overhead is the paired difference
// within each repetition; `up --yes` (with its preview) and `up --yes --skip-preview` are both measured. In either
// front end: the dynamic resources (TypeScript) or the native plugin (Pulumi YAML); the empty program is of the same
// language, so the difference is what one CCKM resource costs there.
import type { Simulator } from "../../simulator";
import { FrontEnd, frontEndStack } from "../lib/frontends";
import { startBenchSim } from "../lib/sim";
import { tail, timedRun } from "../lib/stacks";
import { Figure, figure } from "../lib/stats";

export interface OverheadOptions {
  /** @default "dynamic" */
  frontEnd?: FrontEnd;
  runs: number;
  log: (line: string) => void;
}

export interface OverheadMode {
  args: string[];
  emptyMs: Figure;
  instantMs: Figure;
  /** instant - empty, paired per repetition. */
  overheadMs: Figure;
  /** Inside the instant run: the provider's requests to the simulator, first arrival to last answer. */
  providerBusyMs: Figure;
}

export interface OverheadResult {
  frontEnd: FrontEnd;
  modes: OverheadMode[];
  errors: string[];
}

async function upOnce(fe: FrontEnd, sim: Simulator, resources: number, args: string[]) {
  sim.control.reset();
  const bs = await frontEndStack(fe, `bench-overhead-${resources}`, resources, sim);
  try {
    const run = await timedRun(bs.stack, args);
    if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} (${resources} resources) failed:\n${tail(run)}`);
    const log = sim.requestLog();
    const busy = log.length
      ? Math.max(...log.map((e) => Date.parse(e.time) + e.ms)) - Math.min(...log.map((e) => Date.parse(e.time)))
      : 0;
    return { wallMs: run.durationMs, busyMs: busy };
  } finally {
    await bs.dispose();
  }
}

export async function runOverhead(opts: OverheadOptions): Promise<OverheadResult> {
  const fe = opts.frontEnd ?? "dynamic";
  const sim = await startBenchSim({ jobSeconds: 0 });
  const modes = [
    ["up", "--yes"],
    ["up", "--yes", "--skip-preview"],
  ];
  const raw = modes.map(() => ({
    empty: [] as number[],
    instant: [] as number[],
    diff: [] as number[],
    busy: [] as number[],
  }));
  const errors: string[] = [];
  try {
    for (let rep = 0; rep < opts.runs; rep++) {
      for (const [mi, args] of modes.entries()) {
        try {
          const order = rep % 2 === 0 ? [0, 1] : [1, 0];
          const res: Record<number, { wallMs: number; busyMs: number }> = {};
          for (const n of order) res[n] = await upOnce(fe, sim, n, args);
          raw[mi].empty.push(res[0].wallMs);
          raw[mi].instant.push(res[1].wallMs);
          raw[mi].diff.push(res[1].wallMs - res[0].wallMs);
          raw[mi].busy.push(res[1].busyMs);
          opts.log(
            `  overhead ${fe} rep ${rep + 1} (pulumi ${args.join(" ")}): empty ${(res[0].wallMs / 1000).toFixed(2)} s, ` +
              `one instant job ${(res[1].wallMs / 1000).toFixed(2)} s`,
          );
        } catch (err) {
          errors.push((err as Error).message);
          opts.log(`  overhead ${fe} rep ${rep + 1}: FAILED ${(err as Error).message.split("\n")[0]}`);
        }
      }
    }
  } finally {
    await sim.stop();
  }
  return {
    frontEnd: fe,
    modes: modes.map((args, mi) => ({
      args,
      emptyMs: figure(raw[mi].empty, "ms"),
      instantMs: figure(raw[mi].instant, "ms"),
      overheadMs: figure(raw[mi].diff, "ms"),
      providerBusyMs: figure(raw[mi].busy, "ms"),
    })),
    errors,
  };
}
