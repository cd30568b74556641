/** Azure key sync (seed 002): `key_vaults` by id or name, stored as `<name>::<id>`; `in progress` spelling. */
import { invalidParam } from "../errors";
import type { SyncFamilyDescriptor } from "./types";

export const azure: SyncFamilyDescriptor = {
  family: "azure",
  path: "/v1/cckm/azure/synchronization-jobs",
  scopeField: "key_vaults",
  inventory: "azureVaults",
  cloud: "AzureCloud",
  successText: "Success",
  inProgressStatus: "in progress",
  failedStatus: "failed",
  detailedStatus: "always",
  extraFields: ["take_cloud_key_backup"],
  matches: (item, ref) => item.id === ref || item.name === ref || `${item.name}::${item.id}` === ref,
  scopeItem: (item) => {
    const stored = `${item.name}::${item.id}`;
    return { stored, detailKeys: [stored], aliases: [item.id, item.name, stored] };
  },
  extra: (body) => {
    const v = body.take_cloud_key_backup;
    if (v === undefined || v === null) return {};
    if (typeof v !== "boolean") throw invalidParam("take_cloud_key_backup must be a boolean");
    return { take_cloud_key_backup: v };
  },
};
