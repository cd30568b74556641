/** SAP group sync (Thales docs): `groups` by id or name, stored as the CCKM id. */
import { byIdOrName, idScopeItem, type SyncFamilyDescriptor } from "./types";

export const sapGroups: SyncFamilyDescriptor = {
  family: "sapGroups",
  path: "/v1/cckm/sap/synchronization-jobs",
  scopeField: "groups",
  inventory: "sapGroups",
  cloud: "sap",
  successText: "Success",
  inProgressStatus: "in_progress",
  failedStatus: "failed",
  detailedStatus: "always",
  matches: byIdOrName,
  scopeItem: idScopeItem,
};
