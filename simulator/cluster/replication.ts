/**
 * Replication lag between the nodes of a simulated cluster. CM's nodes replicate one database (CM admin guide,
 * "Clusters and Nodes"); how long a write takes to reach the other nodes is not documented, so the shape is inferred:
 * the node that wrote an object (created it or changed it) sees it at once, every other node only once the lag has
 * passed since that write. Until then the object does not exist there: a GET or cancel of it is a 404, lists leave it
 * out, and a refusal of a second job does not know it. Objects written outside the API (history, the control API,
 * the scheduler's own runs) are on every node at once.
 */
import type { SimContext } from "../context";

interface Write {
  node: number;
  atMs: number;
}

export class Replication {
  /** The last API write of each object (job or scheduler config), by id. */
  private readonly writes = new Map<string, Write>();

  /** `nodes`: how many nodes share the state; with one, nothing is recorded and everything is visible. */
  constructor(readonly nodes: number) {}

  /** `node` created or changed object `id` at `atMs`. */
  wrote(id: string, node: number, atMs: number): void {
    if (this.nodes > 1) this.writes.set(id, { node, atMs });
  }

  /** Whether `node` knows object `id` at `now`, given the lag (ms). */
  visible(id: string, node: number, now: number, lagMs: number): boolean {
    const w = this.writes.get(id);
    return w === undefined || w.node === node || now >= w.atMs + lagMs;
  }

  forget(id: string): void {
    this.writes.delete(id);
  }

  reset(): void {
    this.writes.clear();
  }
}

/** Whether the node serving this request (if any) knows object `id` at `now`. */
export function sees(sim: SimContext, id: string, now: number): boolean {
  if (sim.node === undefined || sim.replication === undefined) return true;
  return sim.replication.visible(id, sim.node, now, sim.knobs().replicationLagMs);
}

/** Records that the node serving this request (if any) created or changed object `id` at `now`. */
export function wrote(sim: SimContext, id: string, now: number): void {
  if (sim.node !== undefined) sim.replication?.wrote(id, sim.node, now);
}
