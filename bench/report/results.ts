// The shape of bench/results/latest.json.
import type { Machine } from "../lib/machine";
import type { ApiResult } from "../scenarios/api";
import type { ClusterResult } from "../scenarios/cluster";
import type { FaultResult } from "../scenarios/faults";
import type { LagResult } from "../scenarios/lag";
import type { OverheadResult } from "../scenarios/overhead";
import type { ScaleResult } from "../scenarios/scale";
import type { ParetoResult } from "../scenarios/pareto";
import type { SimLoadResult } from "../scenarios/simload";

export interface PollScheduleInfo {
  /**
   * How the poller spaces its reads (bench/report/schedule.ts reads it from the compiled poller): `age`, each delay
   * (factor - 1) x the job's age, at least initialMs; `growth`, each delay factor x the previous one.
   */
  rule: "age" | "growth";
  initialMs: number;
  factor: number;
  maxMs: number;
  /** Seconds after the job's POST answer at which the provider reads the job (ignoring request time). */
  readTimes: number[];
}

export interface GoalCheck {
  id: string;
  goal: string;
  measured: string;
  /** null: not measured in this run. */
  pass: boolean | null;
  why?: string;
}

export interface Results {
  version: 1;
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  command: string;
  quick: boolean;
  scenarios: string[];
  machine: Machine;
  /** The code measured: the commit, and files of the package that differed from it (the tree is shared). */
  source: { commit: string; uncommitted: string[] };
  pollSchedule?: PollScheduleInfo;
  lag?: LagResult;
  /** The 10-minute jobs (600 s), waited on in the background during the other scenarios. */
  long?: LagResult;
  /** Scale under the simulator's lenient profile (every job of a family at once, as before). */
  scale?: ScaleResult;
  /** Scale under the strict default (one sync per family at a time, as a real CM). */
  scaleStrict?: ScaleResult;
  /** Lag and reads against fixed pollers, with and without a history of the scope. */
  pareto?: ParetoResult;
  /** The native plugin from Pulumi YAML: 1 and 100 resources (the lenient profile, as `scale`). */
  nativeScale?: ScaleResult;
  /** The native plugin from Pulumi YAML: one instant job over an empty YAML program. */
  nativeOverhead?: OverheadResult;
  api?: ApiResult;
  overhead?: OverheadResult;
  faults?: FaultResult;
  cluster?: ClusterResult;
  simLoad?: SimLoadResult;
  goals: GoalCheck[];
  /** Scenarios run again later (`--merge`) and put into these results in place of the full run's. */
  merged?: { scenarios: string[]; startedAt: string; finishedAt: string; command: string; loadAverage: number[] }[];
  /** Scenarios that did not run or failed, and why. */
  missing: { scenario: string; why: string }[];
}
