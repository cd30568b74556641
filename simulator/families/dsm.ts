/** DSM domain refresh (seed 000): `domains` of CCKM DSM-domain UUIDs. */
import { byId, idScopeItem, type SyncFamilyDescriptor } from "./types";

export const dsm: SyncFamilyDescriptor = {
  family: "dsm",
  path: "/v1/cckm/dsm/refresh",
  scopeField: "domains",
  sortDocumented: true,
  inventory: "dsmDomains",
  cloud: "dsm",
  successText: "domain synchronized successfully",
  inProgressStatus: "in_progress",
  failedStatus: "failed",
  detailedStatus: "always",
  matches: byId,
  scopeItem: idScopeItem,
};
