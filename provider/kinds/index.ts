// The job kinds' descriptors (the registry in ../registry makes entries of them): a front end or a test looks a
// job kind up by name.
import { JobKind } from "../core/kind";
import { SYNC_KINDS } from "./families";
import { sapKeyJob } from "./sapKey";

export const kinds: Readonly<Record<string, JobKind>> = Object.fromEntries(
  [...SYNC_KINDS, sapKeyJob].map((k) => [k.name, k]),
);

export function kindOf(name: string): JobKind {
  const kind = kinds[name];
  if (!kind)
    throw new Error(`pulumi-cckm: unknown resource kind "${name}" (this state was written by a newer version?)`);
  return kind;
}

export { syncKind } from "./sync";
export { itemMatches } from "./scope";
export type { SyncFamily } from "./sync";
