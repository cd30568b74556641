/**
 * Jobs from before the simulator started: ended jobs dated in the past, as a CM that has run for a while has (its
 * scheduler, the console, other tools), so that job lists hold more than a page.
 */
import { randomUUID } from "crypto";
import type { SimContext } from "./context";
import { SYNC_FAMILY_DESCRIPTORS } from "./families";
import type { SyncFamilyDescriptor } from "./families/types";
import type { SyncFamily } from "./knobs";
import { detailEntries, makePlan } from "./lifecycle";
import type { SyncJob } from "./models";

/** One hour between historic jobs; the newest ended an hour before `now`. */
const SPACING_MS = 3600_000;
const CREATORS = ["scheduler", "admin", "console"];

function historicJob(d: SyncFamilyDescriptor, sim: SimContext, createdMs: number, n: number): SyncJob | undefined {
  const inventory = sim.store.inventory.list(d.inventory);
  if (inventory.length === 0) return undefined;
  // Every third job synchronized everything; the others one item each, in turn.
  const chosen = n % 3 === 2 ? inventory : [inventory[n % inventory.length]];
  const extra = {};
  const job: SyncJob = {
    kind: "sync",
    family: d.family,
    id: randomUUID(),
    seq: sim.store.nextSeq(),
    createdMs,
    updatedMs: createdMs,
    polls: 0,
    plan: { ...makePlan(sim.knobs(), d.family, d), failItems: {} },
    creator: CREATORS[n % CREATORS.length],
    items: chosen.map((it) => d.scopeItem(it, extra)),
    extra,
    // Every seventh was cancelled (it still ended `completed`, with `abort: true`).
    abort: n % 7 === 6,
  };
  const endedMs = createdMs + 30_000 + (n % 5) * 7_000;
  job.overallStatus = "completed";
  job.detailedStatus = Object.fromEntries(detailEntries(job).map((e) => [e.key, e.text]));
  job.completedMs = endedMs;
  job.updatedMs = endedMs;
  return job;
}

/** Adds `count` ended jobs to each family (or to `families`), older than every job there is. Returns how many. */
export function addHistory(sim: SimContext, count: number, families?: readonly SyncFamily[]): number {
  const now = sim.clock();
  let added = 0;
  for (const d of SYNC_FAMILY_DESCRIPTORS) {
    if (families && !families.includes(d.family)) continue;
    let oldest = now;
    for (const j of sim.store.jobs.values()) if (j.family === d.family) oldest = Math.min(oldest, j.createdMs);
    for (let i = 0; i < count; i++) {
      const job = historicJob(d, sim, oldest - (count - i) * SPACING_MS, i);
      if (!job) break;
      sim.store.addEnded(job);
      added++;
    }
  }
  return added;
}
