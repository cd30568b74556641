/** OCI key sync (Ansible): `vaults` by id, name or vault OCID, stored as the CCKM id. */
import type { SyncFamilyDescriptor } from "./types";

export const oci: SyncFamilyDescriptor = {
  family: "oci",
  path: "/v1/cckm/oci/synchronization-jobs",
  scopeField: "vaults",
  inventory: "ociVaults",
  cloud: "oci",
  successText: "Success",
  inProgressStatus: "in_progress",
  failedStatus: "failed",
  detailedStatus: "always",
  matches: (item, ref) => item.id === ref || item.name === ref || item.vault_id === ref,
  scopeItem: (item) => ({
    stored: item.id,
    detailKeys: [item.id],
    aliases: [item.id, item.name, ...(typeof item.vault_id === "string" ? [item.vault_id] : [])],
  }),
};
