// The registry of job kinds: the runtime looks a kind up by the name the serialized provider carries.
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
import { JobKind } from "./types";

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

export type { JobKind } from "./types";
export { syncKind, itemMatches } from "./sync";
export type { SyncFamily } from "./sync";
