// The sync/refresh job families, one descriptor each (paths and fields from cckm-api.md section 5).
import { syncKind } from "./sync";

export const dsmDomainRefresh = syncKind({
  name: "DsmDomainRefresh",
  path: "/v1/cckm/dsm/refresh",
  inventoryPath: "/v1/cckm/dsm/domains",
  list: { input: "domains", api: "domains" },
  filterByScope: false,
  sortable: true,
});

export const externalCmDomainRefresh = syncKind({
  name: "ExternalCmDomainRefresh",
  path: "/v1/cckm/external-cm/refresh",
  inventoryPath: "/v1/cckm/external-cm/domains",
  list: { input: "domains", api: "domains" },
  filterByScope: false,
});

export const googleKeySync = syncKind({
  name: "GoogleKeySync",
  path: "/v1/cckm/google/synchronization-jobs",
  inventoryPath: "/v1/cckm/google/key-rings",
  list: { input: "keyRings", api: "key_rings" },
  filterByScope: true,
  sortable: true,
});

export const azureKeySync = syncKind({
  name: "AzureKeySync",
  path: "/v1/cckm/azure/synchronization-jobs",
  inventoryPath: "/v1/cckm/azure/vaults",
  list: { input: "keyVaults", api: "key_vaults" },
  filterByScope: true,
  flags: [{ input: "takeCloudKeyBackup", api: "take_cloud_key_backup" }],
});

export const awsKeySync = syncKind({
  name: "AwsKeySync",
  path: "/v1/cckm/aws/synchronization-jobs",
  inventoryPath: "/v1/cckm/aws/kms",
  list: { input: "kms", api: "kms" },
  filterByScope: true,
  extraList: { input: "regions", api: "regions" },
});

export const ociKeySync = syncKind({
  name: "OciKeySync",
  path: "/v1/cckm/oci/synchronization-jobs",
  inventoryPath: "/v1/cckm/oci/vaults",
  list: { input: "vaults", api: "vaults" },
  filterByScope: true,
});

export const sapGroupSync = syncKind({
  name: "SapGroupSync",
  path: "/v1/cckm/sap/synchronization-jobs",
  inventoryPath: "/v1/cckm/sap/groups",
  list: { input: "groups", api: "groups" },
  filterByScope: true,
});
