// The report's section on a CM cluster (bench/scenarios/cluster.ts): failover time and the lag tolerance's cost.
import { figure } from "../lib/stats";
import type { ClusterResult } from "../scenarios/cluster";
import { sec, spread, table } from "./format";

export function clusterSection(c: ClusterResult | undefined): string[] {
  if (!c) return [];
  const ms = (xs: number[]) => spread(figure(xs, "ms"), (x) => sec(x, 2));
  return [
    "## CM clusters",
    "",
    "In-process (the compiled runtime, as the provider process runs it). Failover: three simulator nodes given as a " +
      "node list, a 25 s DSM job; after about 8 s of it (polls about 0.7 s apart) the node in use is stopped " +
      "(listener and open connections closed). Lag tolerance: the same 2 s job against one node with the " +
      "replication-lag bound at its default and at 0 (tolerance off), alternating.",
    "",
    table(
      ["", "median (min-max)"],
      [
        ["node stopped -> next successful poll (through another node)", ms(c.deathToPollMs)],
        ["of which the poll schedule (poll delay at the stop)", ms(c.pollDelayMs)],
        ["failed request -> next successful poll (the failover itself)", ms(c.failoverMs)],
        [`one node, 2 s job, lag bound at its default`, ms(c.singleNodeDefaultMs)],
        ["one node, 2 s job, lag bound 0", ms(c.singleNodeOffMs)],
      ],
    ),
    "",
    `A node whose host is down (no answer at all) fails over after the connect timeout, ${sec(c.connectTimeoutMs, 0)}.`,
    "",
  ];
}
