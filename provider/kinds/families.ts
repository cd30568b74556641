// The sync/refresh job families, one descriptor each (paths and fields from cckm-api.md section 5).
import { syncKind } from "./sync";

export const dsmDomainRefresh = syncKind({
  name: "DsmDomainRefresh",
  path: "/v1/cckm/dsm/refresh",
  list: { input: "domains", api: "domains" },
  filterByScope: false,
  sortable: true,
});

export const externalCmDomainRefresh = syncKind({
  name: "ExternalCmDomainRefresh",
  path: "/v1/cckm/external-cm/refresh",
  list: { input: "domains", api: "domains" },
  filterByScope: false,
});

export const googleKeySync = syncKind({
  name: "GoogleKeySync",
  path: "/v1/cckm/google/synchronization-jobs",
  list: { input: "keyRings", api: "key_rings" },
  filterByScope: true,
  sortable: true,
});

export const azureKeySync = syncKind({
  name: "AzureKeySync",
  path: "/v1/cckm/azure/synchronization-jobs",
  list: { input: "keyVaults", api: "key_vaults" },
  filterByScope: true,
  flags: [{ input: "takeCloudKeyBackup", api: "take_cloud_key_backup" }],
});

export const awsKeySync = syncKind({
  name: "AwsKeySync",
  path: "/v1/cckm/aws/synchronization-jobs",
  list: { input: "kms", api: "kms" },
  filterByScope: true,
  extraList: { input: "regions", api: "regions" },
});

export const ociKeySync = syncKind({
  name: "OciKeySync",
  path: "/v1/cckm/oci/synchronization-jobs",
  list: { input: "vaults", api: "vaults" },
  filterByScope: true,
});

export const sapGroupSync = syncKind({
  name: "SapGroupSync",
  path: "/v1/cckm/sap/synchronization-jobs",
  list: { input: "groups", api: "groups" },
  filterByScope: true,
});
