// The sync/refresh job families, one descriptor each (paths and fields from cckm-api.md section 5).
import { syncKind } from "./sync";

/** The description of a scope list: what it names, then the rules every scope list shares. */
const list = (what: string) =>
  `${what} Sorted and de-duplicated, so their order does not matter. Exclusive with \`synchronizeAll\`. ` +
  "Changing this starts a new job.";

export const dsmDomainRefresh = syncKind({
  name: "DsmDomainRefresh",
  path: "/v1/cckm/dsm/refresh",
  inventoryPath: "/v1/cckm/dsm/domains",
  list: { input: "domains", api: "domains", description: list("CCKM ids (UUIDs) of the DSM domains to refresh.") },
  filterByScope: false,
  sortable: true,
});

export const externalCmDomainRefresh = syncKind({
  name: "ExternalCmDomainRefresh",
  path: "/v1/cckm/external-cm/refresh",
  inventoryPath: "/v1/cckm/external-cm/domains",
  list: {
    input: "domains",
    api: "domains",
    description: list("CCKM ids (UUIDs) of the external CM domains to refresh."),
  },
  filterByScope: false,
});

export const googleKeySync = syncKind({
  name: "GoogleKeySync",
  path: "/v1/cckm/google/synchronization-jobs",
  inventoryPath: "/v1/cckm/google/key-rings",
  list: {
    input: "keyRings",
    api: "key_rings",
    description: list(
      "Google Cloud key rings to synchronize, by name (`projects/<p>/locations/<l>/keyRings/<r>`) or CCKM id.",
    ),
  },
  filterByScope: true,
  sortable: true,
});

export const azureKeySync = syncKind({
  name: "AzureKeySync",
  path: "/v1/cckm/azure/synchronization-jobs",
  inventoryPath: "/v1/cckm/azure/vaults",
  list: {
    input: "keyVaults",
    api: "key_vaults",
    description: list("Azure key vaults to synchronize, by name or CCKM id."),
  },
  filterByScope: true,
  flags: [
    {
      input: "takeCloudKeyBackup",
      api: "take_cloud_key_backup",
      description:
        "Also take a backup of the cloud keys while synchronizing (`take_cloud_key_backup`). Changing this starts a new job.",
    },
  ],
});

export const awsKeySync = syncKind({
  name: "AwsKeySync",
  path: "/v1/cckm/aws/synchronization-jobs",
  inventoryPath: "/v1/cckm/aws/kms",
  list: { input: "kms", api: "kms", description: list("AWS KMS resources of CCKM to synchronize, by name or id.") },
  filterByScope: true,
  // CCKM keys an AWS job's detailed_status by `<account>/<region>`, not by KMS: a resource could not tell its own
  // items in a shared job, so AWS resources never share one
  shareable: false,
  extraList: {
    input: "regions",
    api: "regions",
    description:
      "AWS regions to synchronize within the `kms` list; all regions of each KMS when absent. Sorted and " +
      "de-duplicated. Only with `kms`, not with `synchronizeAll`. Like every list here it must not be empty: leave " +
      "it out for all regions. Changing this starts a new job.",
  },
});

export const ociKeySync = syncKind({
  name: "OciKeySync",
  path: "/v1/cckm/oci/synchronization-jobs",
  inventoryPath: "/v1/cckm/oci/vaults",
  list: { input: "vaults", api: "vaults", description: list("OCI vaults to synchronize, by name or CCKM id.") },
  filterByScope: true,
});

export const sapGroupSync = syncKind({
  name: "SapGroupSync",
  path: "/v1/cckm/sap/synchronization-jobs",
  inventoryPath: "/v1/cckm/sap/groups",
  list: { input: "groups", api: "groups", description: list("SAP groups to synchronize, by name or CCKM id.") },
  filterByScope: true,
});
