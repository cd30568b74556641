/** The state store, apart from HTTP: inventory, jobs, counters and the request log. */
import type { Counters, InventoryItem, InventoryKind, Job, LogEntry, Seed } from "./models";
import { INVENTORY_KINDS } from "./seed";

/** What CCKM manages: seeded, looked up by id or name. */
export class Inventory {
  private readonly items = new Map<InventoryKind, Map<string, InventoryItem>>();

  constructor(seed: Seed) {
    for (const kind of INVENTORY_KINDS) {
      const m = new Map<string, InventoryItem>();
      for (const item of seed[kind] ?? []) m.set(item.id, JSON.parse(JSON.stringify(item)));
      this.items.set(kind, m);
    }
  }

  list(kind: InventoryKind): InventoryItem[] {
    return [...(this.items.get(kind)?.values() ?? [])];
  }

  get(kind: InventoryKind, id: string): InventoryItem | undefined {
    return this.items.get(kind)?.get(id);
  }

  /** By id first, then by name. */
  find(kind: InventoryKind, ref: string): InventoryItem | undefined {
    const byId = this.get(kind, ref);
    if (byId) return byId;
    return this.list(kind).find((it) => it.name === ref);
  }

  toSeed(): Seed {
    const seed: Seed = {};
    for (const kind of INVENTORY_KINDS) seed[kind] = JSON.parse(JSON.stringify(this.list(kind)));
    return seed;
  }
}

export function emptyCounters(): Counters {
  return {
    requests: 0,
    byEndpoint: {},
    byStatus: {},
    authGrants: { password: 0, refresh_token: 0, failed: 0 },
    jobsCreated: { total: 0, byFamily: {} },
    cancels: 0,
    faultsInjected: 0,
    faultsByKind: {},
  };
}

export class Store {
  inventory: Inventory;
  readonly jobs = new Map<string, Job>();
  /** Jobs not yet ended, so lazy progression only looks at those. */
  readonly running = new Set<Job>();
  counters: Counters = emptyCounters();
  log: LogEntry[] = [];
  private seq = 0;

  constructor(private seed: Seed) {
    this.inventory = new Inventory(seed);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  addJob(job: Job): void {
    this.jobs.set(job.id, job);
    this.running.add(job);
    this.counters.jobsCreated.total++;
    const by = this.counters.jobsCreated.byFamily;
    by[job.family] = (by[job.family] ?? 0) + 1;
  }

  /** Stores a job that has already ended (history): not running, not counted as created. */
  addEnded(job: Job): void {
    this.jobs.set(job.id, job);
  }

  /** Back to the seed (or a new one): no jobs, fresh counters and log. */
  reset(seed?: Seed): void {
    if (seed) this.seed = seed;
    this.inventory = new Inventory(this.seed);
    this.jobs.clear();
    this.running.clear();
    this.counters = emptyCounters();
    this.log = [];
    // Numbering restarts too, so a run after a reset draws the same success texts as after a start.
    this.seq = 0;
  }

  record(entry: LogEntry, limit: number): void {
    this.log.push(entry);
    if (this.log.length > limit) this.log.splice(0, this.log.length - limit);
  }

  count(map: Record<string, number>, key: string): void {
    map[key] = (map[key] ?? 0) + 1;
  }
}
