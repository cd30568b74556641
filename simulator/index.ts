/**
 * cckm-sim as a library: `startSimulator(options)` serves a faithful offline CCKM API (see simulator/README.md).
 */
import { writeFileSync } from "fs";
import { apiRoutes } from "./api";
import { Cluster, LoadBalancer, Replication, SimNode } from "./cluster";
import type { SimContext } from "./context";
import { controlRoutes, createControl, type Control } from "./control";
import { JOB_START_PATHS } from "./families";
import { FaultEngine, lostAnswerRules, mixRules, validateRules } from "./faults";
import { addHistory } from "./history";
import { applyKnobPatch, DEFAULT_KNOBS, type Knobs } from "./knobs";
import type { Counters, FaultRule, JobRecord, LogEntry, SimulatorOptions } from "./models";
import { TokenService } from "./auth";
import { loadSeed } from "./seed";
import { SETTINGS } from "./settings";
import { buildRouter, requestHandler } from "./server";
import { Store } from "./state";
import { generateTls } from "./tls";
import { createScheduler } from "./scheduler";
import { preciseNow } from "./util";

export type { NodeInfo } from "./cluster";
export type { Control, LogFilter, ResetOptions } from "./control";
export type { CckmErrorBody } from "./errors";
export { errorBody } from "./errors";
export type { DetailedStatusMode, FailureMode, Family, FamilyKnobs, Knobs, SyncFamily } from "./knobs";
export type { Profile } from "./knobs";
export { DEFAULT_KNOBS, FAMILIES, PROFILES, profileKnobs, SYNC_FAMILIES } from "./knobs";
export type {
  Counters,
  FaultRule,
  InventoryItem,
  JobPatch,
  JobPlan,
  JobRecord,
  LogEntry,
  Seed,
  SimulatorOptions,
  UserSpec,
} from "./models";
export { defaultSeed } from "./seed";

/** A running simulator. */
export interface Simulator {
  /** Base URL without `/api`, e.g. `https://127.0.0.1:41234`: the node, or with `nodes` > 1 the load balancer. */
  readonly url: string;
  readonly port: number;
  /** Every node's base URL (`[url]` with one node). */
  readonly nodeUrls: string[];
  /** The CA certificate (PEM) that signed the server certificate (one for every node and the LB); `""` with `http`. */
  readonly caCert: string;
  /** The default login (`admin`/`admin` unless set). */
  readonly username: string;
  counters(): Counters;
  requestLog(): LogEntry[];
  /** Every job (sync families and SAP key jobs), brought up to now, with its family. */
  jobs(): JobRecord[];
  readonly control: Control;
  /** Takes node `i` down: its listener and open connections close, requests in flight on it fail. */
  stopNode(i: number): Promise<void>;
  /** Brings node `i` back, listening on the same port. */
  startNode(i: number): Promise<void>;
  stop(): Promise<void>;
}

/** Picks the knob fields out of the options. */
function knobsFromOptions(options: SimulatorOptions): Knobs {
  const patch: Record<string, unknown> = {};
  for (const spec of SETTINGS) {
    if (spec.scope !== "knob" || spec.familyOnly) continue;
    const v = (options as Record<string, unknown>)[spec.name];
    if (v !== undefined) patch[spec.name] = v;
  }
  if (options.families !== undefined) patch.families = options.families;
  return applyKnobPatch(DEFAULT_KNOBS, patch);
}

function startFaults(faults: SimulatorOptions["faults"]): FaultRule[] {
  if (faults === undefined) return [];
  if (typeof faults === "number") {
    if (!(faults >= 0 && faults <= 1)) throw new Error(`faults: expected a probability in [0, 1], got ${faults}`);
    return mixRules(faults);
  }
  return validateRules(faults);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  const username = options.username ?? "admin";
  const users = [{ username, password: options.password ?? "admin" }, ...(options.users ?? [])];
  const startKnobs = knobsFromOptions(options);
  const lost = options.lostAnswers ?? 0;
  if (!(lost >= 0 && lost <= 1)) throw new Error(`lostAnswers: expected a probability in [0, 1], got ${lost}`);
  // Lost answers first: a later `/api/**` mix rule would otherwise decide every request.
  const faultRules = [...lostAnswerRules(lost, JOB_START_PATHS), ...startFaults(options.faults)];
  const history = options.history ?? 0;
  if (!Number.isInteger(history) || history < 0) throw new Error(`history: expected a non-negative integer`);
  const faultSeed = options.faultSeed ?? 1;
  const nodeCount = options.nodes ?? 1;
  if (!Number.isInteger(nodeCount) || nodeCount < 1) throw new Error(`nodes: expected a positive integer`);
  const clock = options.clock ?? preciseNow;

  let knobs = startKnobs;
  const store = new Store(loadSeed(options.seed));
  const tokens = new TokenService(users, clock);
  const faults = new FaultEngine(faultSeed);
  faults.replace(faultRules);
  const replication = new Replication(nodeCount);
  const sim: SimContext = { store, knobs: () => knobs, tokens, clock, replication };
  if (history > 0) addHistory(sim, history);
  const control = createControl({
    sim,
    history,
    faults,
    setKnobs: (k) => {
      knobs = k;
    },
    startKnobs,
    startFaults: faultRules,
    faultSeed,
  });

  const tls = options.http ? undefined : generateTls([host]);
  const timers = new Set<NodeJS.Timeout>();
  const scheduler = createScheduler(sim, timers); // its cron timers sit in `timers`, so stop() clears them
  const reset = control.reset;
  control.reset = (o) => (reset(o), scheduler.reset(), replication.reset());

  // One node: on `port`. A cluster: the load balancer on `port`, the nodes on the ports after it (or free ones).
  const port0 = options.port ?? 0;
  const nodes = Array.from(
    { length: nodeCount },
    (_, i) => new SimNode(i, host, nodeCount === 1 || port0 === 0 ? port0 : port0 + 1 + i, tls),
  );
  const lb = nodeCount > 1 ? new LoadBalancer(nodes, (req, res) => lbControl(req, res), host, port0, tls) : undefined;
  const cluster = new Cluster(nodes, lb);
  const api = buildRouter([...apiRoutes(), ...scheduler.routes()]);
  const controlRouter = buildRouter([
    ...controlRoutes(control, () => tls?.caCert ?? ""),
    ...scheduler.controlRoutes(),
    ...cluster.routes(),
  ]);
  const lbControl = requestHandler({ sim, timers, faults, api, control: controlRouter });
  for (const node of nodes) {
    node.listener = requestHandler({
      sim: { ...sim, node: node.index },
      timers,
      faults,
      api,
      control: controlRouter,
      node: { index: node.index, epoch: () => node.epoch(), stop: () => void node.stop(), inLog: nodeCount > 1 },
    });
  }
  await cluster.start();
  const { url, port } = cluster;
  const caCert = tls?.caCert ?? "";
  if (options.caOut && caCert) writeFileSync(options.caOut, caCert);
  if (options.quiet === false) process.stdout.write(`cckm-sim listening on ${url}\n`);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    nodeUrls: nodes.map((n) => n.url),
    caCert,
    username,
    counters: () => control.counters(),
    requestLog: () => control.log(),
    jobs: () => control.jobs(),
    control,
    stopNode: async (i) => cluster.node(i).stop(),
    startNode: async (i) => cluster.node(i).start(),
    stop: () => {
      stopped ??= (async () => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        await cluster.stop();
      })();
      return stopped;
    },
  };
}
