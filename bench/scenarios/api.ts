// What the provider costs CCKM when nothing is to be done, and what it leaves in state: API calls during
// `pulumi preview` (on a new stack, on an up-to-date one, and with a change that replaces a resource), calls and
// job-creating calls of a no-op `pulumi up`, and the state bytes per resource from `pulumi stack export`.
import * as fs from "fs";
import * as path from "path";
import type { Simulator } from "../../simulator";
import { benchDomainId, startBenchSim } from "../lib/sim";
import type { StateResource } from "../../scripts/engine";
import { frontEndStack, RESOURCE_TYPE } from "../lib/frontends";
import { benchStack, cckmState, consumerProgram, resourcesProgram, tail, timedRun, up } from "../lib/stacks";
import { Figure, figure } from "../lib/stats";

export interface ApiOptions {
  resources: number;
  runs: number;
  log: (line: string) => void;
}

export interface ApiSample {
  previewNewStackCalls: number;
  previewUpToDateCalls: number;
  previewWithChangeCalls: number;
  noopUpCalls: number;
  noopUpJobsCreated: number;
  noopUpWallMs: number;
  stateBytesPerResource: number[];
  compactStateBytesPerResource: number[];
  stateTotalBytes: number;
  providerBytes: number;
  tokenGrantsFirstUp: number;
}

export interface ApiResult {
  resources: number;
  samples: ApiSample[];
  previewCalls: Figure;
  previewUpToDateCalls: Figure;
  previewWithChangeCalls: Figure;
  noopUpCalls: Figure;
  noopUpJobsCreated: Figure;
  stateBytesPerResource: Figure;
  compactStateBytesPerResource: Figure;
  /** The same resource with `pulumi-cckm` installed as a consumer has it (a real folder in node_modules). */
  consumer?:
    { bytesPerResource: number[]; compactBytesPerResource: number[]; providerBytes: number } | { error: string };
  /**
   * The same resource through the native `cckm` plugin from a Pulumi YAML program, the package from `npm pack`
   * unpacked outside the repository (no `__provider`: the plugin is named in Pulumi.yaml, not serialized).
   */
  native?: { bytesPerResource: number[]; compactBytesPerResource: number[] } | { error: string };
  /** Bytes of the `__provider` text in one resource's inputs (it is stored again in its outputs). */
  providerBytes?: number;
  errors: string[];
}

const requests = (sim: Simulator) => sim.counters().requests;

const providerBytes = (r: StateResource | undefined) =>
  typeof r?.inputs?.__provider === "string" ? Buffer.byteLength(r.inputs.__provider) : NaN;

/** One resource, installed the way a consumer installs the package: what its state holds. */
async function consumerState(sim: Simulator) {
  sim.control.reset();
  const bs = await benchStack(consumerProgram("bench-consumer", 1), sim, "config");
  try {
    const run = await up(bs.stack);
    if (run.code !== 0) throw new Error(`pulumi up (consumer install) failed:\n${tail(run)}`);
    const state = await cckmState(bs.stack);
    return {
      bytesPerResource: state.bytesPerResource,
      compactBytesPerResource: state.compactBytesPerResource,
      providerBytes: providerBytes(state.resources[0]),
    };
  } finally {
    await bs.dispose();
  }
}

/** One resource through the native plugin (YAML program, package from `npm pack`): what its state holds. */
async function nativeState(sim: Simulator) {
  sim.control.reset();
  const bs = await frontEndStack("native", "bench-native-state", 1, sim, "config");
  try {
    const run = await up(bs.stack);
    if (run.code !== 0) throw new Error(`pulumi up (native plugin, YAML) failed:\n${tail(run)}`);
    const state = await cckmState(bs.stack, RESOURCE_TYPE.native);
    if (!state.resources.length) throw new Error(`no ${RESOURCE_TYPE.native} in the state`);
    return { bytesPerResource: state.bytesPerResource, compactBytesPerResource: state.compactBytesPerResource };
  } finally {
    await bs.dispose();
  }
}

async function oneRun(sim: Simulator, n: number): Promise<ApiSample> {
  sim.control.reset();
  const programDir = resourcesProgram(`bench-api-${n}`, n);
  const bs = await benchStack(programDir, sim, "config");
  try {
    const stack = bs.stack;
    const must = async (args: string[]) => {
      const r = await timedRun(stack, args);
      if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${tail(r)}`);
      return r;
    };
    let before = requests(sim);
    await must(["preview"]);
    const previewNewStackCalls = requests(sim) - before;

    const first = await up(stack);
    if (first.code !== 0) throw new Error(`pulumi up failed:\n${tail(first)}`);
    const tokenGrantsFirstUp = sim.counters().authGrants.password + sim.counters().authGrants.refresh_token;

    before = requests(sim);
    await must(["preview"]);
    const previewUpToDateCalls = requests(sim) - before;

    before = requests(sim);
    const jobsBefore = sim.counters().jobsCreated.total;
    const noop = await must(["up", "--yes"]);
    const noopUpCalls = requests(sim) - before;
    const noopUpJobsCreated = sim.counters().jobsCreated.total - jobsBefore;

    // a change: r0 moves to another domain (a replacement, i.e. a new job, in the preview)
    const index = path.join(programDir, "index.js");
    const original = fs.readFileSync(index, "utf8");
    fs.writeFileSync(index, original.replace(benchDomainId(0), benchDomainId(n + 1)));
    before = requests(sim);
    const changed = await must(["preview", "--diff"]);
    const previewWithChangeCalls = requests(sim) - before;
    if (!/replace/.test(changed.output))
      throw new Error(`the changed program did not preview a replacement:\n${tail(changed)}`);
    fs.writeFileSync(index, original);

    const state = await cckmState(stack);
    return {
      previewNewStackCalls,
      previewUpToDateCalls,
      previewWithChangeCalls,
      noopUpCalls,
      noopUpJobsCreated,
      noopUpWallMs: noop.durationMs,
      stateBytesPerResource: state.bytesPerResource,
      compactStateBytesPerResource: state.compactBytesPerResource,
      stateTotalBytes: state.totalBytes,
      providerBytes: providerBytes(state.resources[0]),
      tokenGrantsFirstUp,
    };
  } finally {
    await bs.dispose();
  }
}

export async function runApi(opts: ApiOptions): Promise<ApiResult> {
  const sim = await startBenchSim({ jobSeconds: 1 });
  const samples: ApiSample[] = [];
  const errors: string[] = [];
  let consumer: ApiResult["consumer"];
  let native: ApiResult["native"];
  try {
    for (let rep = 0; rep < opts.runs; rep++) {
      try {
        const s = await oneRun(sim, opts.resources);
        samples.push(s);
        opts.log(
          `  api rep ${rep + 1}: preview ${s.previewNewStackCalls}/${s.previewUpToDateCalls}/${s.previewWithChangeCalls} calls, ` +
            `no-op up ${s.noopUpCalls} calls ${s.noopUpJobsCreated} jobs, state ${Math.max(...s.stateBytesPerResource)} B/resource`,
        );
      } catch (err) {
        errors.push((err as Error).message);
        opts.log(`  api rep ${rep + 1}: FAILED ${(err as Error).message.split("\n")[0]}`);
      }
    }
    try {
      consumer = await consumerState(sim);
      opts.log(
        `  api: consumer install: ${consumer.bytesPerResource[0]} B/resource (__provider ${consumer.providerBytes} B)`,
      );
    } catch (err) {
      consumer = { error: (err as Error).message };
      opts.log(`  api: consumer install FAILED: ${(err as Error).message.split("\n")[0]}`);
    }
    try {
      native = await nativeState(sim);
      opts.log(`  api: native plugin (YAML): ${native.bytesPerResource[0]} B/resource`);
    } catch (err) {
      native = { error: (err as Error).message };
      opts.log(`  api: native plugin state FAILED: ${(err as Error).message.split("\n")[0]}`);
    }
  } finally {
    await sim.stop();
  }
  const f = (pick: (s: ApiSample) => number, unit: string) => figure(samples.map(pick), unit);
  return {
    resources: opts.resources,
    samples,
    previewCalls: f((s) => s.previewNewStackCalls, "calls"),
    previewUpToDateCalls: f((s) => s.previewUpToDateCalls, "calls"),
    previewWithChangeCalls: f((s) => s.previewWithChangeCalls, "calls"),
    noopUpCalls: f((s) => s.noopUpCalls, "calls"),
    noopUpJobsCreated: f((s) => s.noopUpJobsCreated, "jobs"),
    stateBytesPerResource: figure(
      samples.flatMap((s) => s.stateBytesPerResource),
      "B",
    ),
    compactStateBytesPerResource: figure(
      samples.flatMap((s) => s.compactStateBytesPerResource),
      "B",
    ),
    providerBytes: samples[0]?.providerBytes,
    consumer,
    native,
    errors,
  };
}
