/**
 * Luna HSM key refresh (CM operations index: `/v1/cckm/hsm/luna/refresh`, with get, list and cancel). No request
 * body is documented: `partitions` (CCKM partition resource ids) follows CM's scheduler parameter for HSM syncs as
 * ksctl names it, and the id-only naming follows the other refresh families (DSM, external CM).
 */
import { byId, idScopeItem, type SyncFamilyDescriptor } from "./types";

export const lunaHsm: SyncFamilyDescriptor = {
  family: "lunaHsm",
  path: "/v1/cckm/hsm/luna/refresh",
  scopeField: "partitions",
  inventory: "lunaPartitions",
  cloud: "hsm-luna",
  successText: "partition refreshed successfully",
  inProgressStatus: "in_progress",
  failedStatus: "failed",
  detailedStatus: "always",
  matches: byId,
  scopeItem: idScopeItem,
};
