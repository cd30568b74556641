// The registry: every resource kind as one entry (registry/entry.ts), in the order the docs list them. The engine
// dispatches through it, both front ends and the schema read it, and the dynamic classes are generated from it.
import { kinds } from "../kinds";
import { syncSchedule } from "../schedule/entry";
import { KindEntry } from "./entry";
import { jobEntry } from "./jobEntry";

/** Every kind, in order: the job kinds, then SyncSchedule. */
export const ENTRIES: readonly KindEntry[] = [...Object.values(kinds).map(jobEntry), syncSchedule];

const byName = new Map(ENTRIES.map((e) => [e.name, e]));

/** The entry of a kind name (a class name, a type token's last part). */
export function entryOf(name: string): KindEntry {
  const entry = byName.get(name);
  if (!entry)
    throw new Error(`pulumi-cckm: unknown resource kind "${name}" (this state was written by a newer version?)`);
  return entry;
}

export { allOutputs } from "./entry";
export type { DiffResult, KindEntry, KindOperations } from "./entry";
