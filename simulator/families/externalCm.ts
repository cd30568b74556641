/** External CM domain refresh (seed 003): `domains` of UUIDs, `in progress` spelling, no `detailed_status` while running. */
import { byId, idScopeItem, type SyncFamilyDescriptor } from "./types";

export const externalCm: SyncFamilyDescriptor = {
  family: "externalCm",
  path: "/v1/cckm/external-cm/refresh",
  scopeField: "domains",
  inventory: "externalCmDomains",
  cloud: "externalCM",
  successText: "domain synchronized successfully",
  inProgressStatus: "in progress",
  failedStatus: "failed",
  detailedStatus: "ended",
  matches: byId,
  scopeItem: idScopeItem,
};
