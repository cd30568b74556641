// The registry of job kinds: an engine front end looks a kind up by the name the resource carries (the dynamic
// provider's kind string, the native provider's type token).
import { JobKind } from "../core/kind";
import {
  awsKeySync,
  azureKeySync,
  dsmDomainRefresh,
  externalCmDomainRefresh,
  googleKeySync,
  ociKeySync,
  sapGroupSync,
} from "./families";
import { sapKeyJob } from "./sapKey";

export const kinds: Readonly<Record<string, JobKind>> = Object.fromEntries(
  [
    dsmDomainRefresh,
    externalCmDomainRefresh,
    googleKeySync,
    azureKeySync,
    awsKeySync,
    ociKeySync,
    sapGroupSync,
    sapKeyJob,
  ].map((k) => [k.name, k]),
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
