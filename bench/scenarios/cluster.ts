// `cluster` (issue 18): the provider in-process (its compiled runtime, as the provider process runs it) against
// cckm-sim.
// - failover: three nodes given as a node list; a job runs on node 0 (the first, so the provider's current node);
//   after some polls node 0 is stopped. Measured: from the stop to the next successful poll of the job (through
//   another node), and from the first failed request to it (the failover's own cost).
// - lag tolerance for one node: the same short jobs against one node with the replication-lag bound at its default
//   and at 0 (tolerance off), alternating: the cost of the tolerance on the normal path (goal: none measurable).
import { startSimulator } from "../../simulator";
import type { Simulator } from "../../simulator";
import { connectTimeoutMs } from "../../provider/client/transport";
import { configureRuntime, loadRuntime } from "../lib/provider";
import { median } from "../lib/stats";

export interface ClusterResult {
  /** The provider's connect timeout (ms): a node whose host is down fails over after it. */
  connectTimeoutMs: number;
  /** Stop of the node -> next successful poll of the job (ms), per run. */
  deathToPollMs: number[];
  /** First failed request to the stopped node -> next successful poll (ms), per run. */
  failoverMs: number[];
  /** Poll delay at the time of the stop (ms), per run: the part of deathToPollMs that is the poll schedule. */
  pollDelayMs: number[];
  /** One-node `create` of a 2 s job, bound at its default (ms), per run. */
  singleNodeDefaultMs: number[];
  /** The same with the bound 0 (tolerance off), per run. */
  singleNodeOffMs: number[];
  medians: { deathToPollMs: number; failoverMs: number; singleNodeDefaultMs: number; singleNodeOffMs: number };
}

const DSM = "89c49e63-b5c9-46be-9371-0d8b0649e289";

async function create(sim: Simulator, address: string, extra: Record<string, string> = {}): Promise<number> {
  const rt = loadRuntime();
  await configureRuntime(rt, { url: address, caCert: sim.caCert }, extra);
  const { inputs } = await rt.check("DsmDomainRefresh", {}, { domains: [DSM], __cckmName: "bench" });
  const t0 = Date.now();
  await rt.create("DsmDomainRefresh", inputs);
  return Date.now() - t0;
}

async function failoverRun(): Promise<{ deathToPoll: number; failover: number; pollDelay: number }> {
  const sim = await startSimulator({ port: 0, quiet: true, nodes: 3, jobSeconds: 25, profile: "lenient" });
  try {
    const done = create(sim, sim.nodeUrls.join(","));
    const polls = () => sim.requestLog().filter((e) => e.method === "GET" && /\/refresh\/[0-9a-f-]{36}$/.test(e.path));
    // stop node 0 after about 8 s of the job: polls are then about 0.7 s apart (9 % of the job's age)
    while (polls().length === 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 8000 + Math.random() * 1000));
    const before = polls();
    const gaps = before.slice(1).map((e, i) => Date.parse(e.time) - Date.parse(before[i].time));
    const stoppedAt = Date.now();
    await sim.stopNode(0);
    await done;
    const log = sim.requestLog();
    const next = log.find(
      (e) =>
        Date.parse(e.time) >= stoppedAt && e.node !== 0 && /\/refresh\/[0-9a-f-]{36}$/.test(e.path) && e.status === 200,
    );
    if (!next) throw new Error("no successful poll after the node stopped");
    // the first request after the stop that the stopped node could not serve is seen by the client only; its time
    // is bounded by the poll's schedule: take the last poll before the stop plus its delay, not before the stop
    const lastBefore = Date.parse(before[before.length - 1].time);
    const pollDelay = gaps.length ? gaps[gaps.length - 1] : 0;
    const failedAt = Math.max(stoppedAt, lastBefore + pollDelay);
    const at = Date.parse(next.time);
    return { deathToPoll: at - stoppedAt, failover: Math.max(0, at - failedAt), pollDelay };
  } finally {
    await sim.stop();
  }
}

export async function runCluster(opts: { runs: number; log: (line: string) => void }): Promise<ClusterResult> {
  const r: ClusterResult = {
    connectTimeoutMs: connectTimeoutMs({}),
    deathToPollMs: [],
    failoverMs: [],
    pollDelayMs: [],
    singleNodeDefaultMs: [],
    singleNodeOffMs: [],
    medians: { deathToPollMs: 0, failoverMs: 0, singleNodeDefaultMs: 0, singleNodeOffMs: 0 },
  };
  for (let i = 0; i < opts.runs; i++) {
    const f = await failoverRun();
    r.deathToPollMs.push(f.deathToPoll);
    r.failoverMs.push(f.failover);
    r.pollDelayMs.push(f.pollDelay);
    opts.log(`cluster: node death -> next successful poll ${f.deathToPoll} ms (poll delay then ${f.pollDelay} ms)`);
  }
  const sim = await startSimulator({ port: 0, quiet: true, jobSeconds: 2, profile: "lenient" });
  try {
    for (let i = 0; i < opts.runs * 2; i++) {
      r.singleNodeDefaultMs.push(await create(sim, sim.url));
      r.singleNodeOffMs.push(await create(sim, sim.url, { "cckm:replicationLagSeconds": "0" }));
    }
  } finally {
    await sim.stop();
  }
  r.medians = {
    deathToPollMs: median(r.deathToPollMs),
    failoverMs: median(r.failoverMs),
    singleNodeDefaultMs: median(r.singleNodeDefaultMs),
    singleNodeOffMs: median(r.singleNodeOffMs),
  };
  opts.log(
    `cluster: single node, 2 s job: ${r.medians.singleNodeDefaultMs} ms with the lag bound, ` +
      `${r.medians.singleNodeOffMs} ms without`,
  );
  return r;
}
