/**
 * Azure secret sync (CM operations index; list filters on thalesdocs' "Viewing Synchronization Status" of the Azure
 * secrets APIs; `key_vaults` + `synchronize_all` in Thales' Ansible collection). The vaults are the Azure key
 * family's, named and stored the same way (`<name>::<id>`); the rest is inferred from that sibling.
 */
import { azure } from "./azure";
import type { SyncFamilyDescriptor } from "./types";

export const azureSecrets: SyncFamilyDescriptor = {
  family: "azureSecrets",
  path: "/v1/cckm/azure/secrets/synchronization-jobs",
  scopeField: "key_vaults",
  inventory: "azureVaults",
  cloud: "AzureCloud",
  successText: "Success",
  inProgressStatus: "in progress",
  failedStatus: "failed",
  detailedStatus: "always",
  matches: azure.matches,
  scopeItem: azure.scopeItem,
};
