/** Google key sync (seed 001): `key_rings` by id or full name, stored as full names. */
import type { SyncFamilyDescriptor } from "./types";
import { byIdOrName } from "./types";

export const google: SyncFamilyDescriptor = {
  family: "google",
  path: "/v1/cckm/google/synchronization-jobs",
  scopeField: "key_rings",
  sortDocumented: true,
  inventory: "googleKeyRings",
  cloud: "GoogleCloud",
  successText: "key ring synchronized successfully",
  inProgressStatus: "in_progress",
  failedStatus: "failed",
  detailedStatus: "always",
  matches: byIdOrName,
  scopeItem: (item) => ({ stored: item.name, detailKeys: [item.name], aliases: [item.id, item.name] }),
};
