// The sync/refresh job families, one registry entry each (paths and fields from cckm-api.md section 5). Adding a
// family is one entry here (and its family in the simulator): the class, the serialized provider, the schema, the
// SDKs and their docs are generated from it, and a `schedule` part makes it a cloud of SyncSchedule too.
import { SyncFamily, SyncKind, syncKind } from "./sync";

export const dsmDomainRefresh = syncKind({
  name: "DsmDomainRefresh",
  description:
    "Refreshes the keys of CipherTrust Data Security Manager (DSM) domains in CCKM (`POST /v1/cckm/dsm/refresh`).",
  path: "/v1/cckm/dsm/refresh",
  inventoryPath: "/v1/cckm/dsm/domains",
  list: { input: "domains", api: "domains", what: "CCKM ids (UUIDs) of the DSM domains to refresh." },
  filterByScope: false,
  sortable: true,
});

export const externalCmDomainRefresh = syncKind({
  name: "ExternalCmDomainRefresh",
  description:
    "Refreshes the keys of external CipherTrust Manager domains in CCKM (`POST /v1/cckm/external-cm/refresh`).",
  path: "/v1/cckm/external-cm/refresh",
  inventoryPath: "/v1/cckm/external-cm/domains",
  list: { input: "domains", api: "domains", what: "CCKM ids (UUIDs) of the external CM domains to refresh." },
  filterByScope: false,
});

export const googleKeySync = syncKind({
  name: "GoogleKeySync",
  description: "Synchronizes Google Cloud keys into CCKM (`POST /v1/cckm/google/synchronization-jobs`).",
  path: "/v1/cckm/google/synchronization-jobs",
  inventoryPath: "/v1/cckm/google/key-rings",
  list: {
    input: "keyRings",
    api: "key_rings",
    what: "Google Cloud key rings to synchronize, by name (`projects/<p>/locations/<l>/keyRings/<r>`) or CCKM id.",
  },
  filterByScope: true,
  sortable: true,
  schedule: { cloud: "google", label: "Google", cloudName: "gcp", aliases: ["googlecloud"] },
});

export const azureKeySync = syncKind({
  name: "AzureKeySync",
  description: "Synchronizes Azure Key Vault keys into CCKM (`POST /v1/cckm/azure/synchronization-jobs`).",
  path: "/v1/cckm/azure/synchronization-jobs",
  inventoryPath: "/v1/cckm/azure/vaults",
  list: { input: "keyVaults", api: "key_vaults", what: "Azure key vaults to synchronize, by name or CCKM id." },
  filterByScope: true,
  flags: [
    {
      input: "takeCloudKeyBackup",
      api: "take_cloud_key_backup",
      what: "Also take a backup of the cloud keys while synchronizing (`take_cloud_key_backup`).",
    },
  ],
  schedule: { cloud: "azure", label: "Azure", cloudName: "AzureCloud", aliases: ["azure"] },
});

export const awsKeySync = syncKind({
  name: "AwsKeySync",
  description: "Synchronizes AWS KMS keys into CCKM (`POST /v1/cckm/aws/synchronization-jobs`).",
  path: "/v1/cckm/aws/synchronization-jobs",
  inventoryPath: "/v1/cckm/aws/kms",
  list: { input: "kms", api: "kms", what: "AWS KMS resources of CCKM to synchronize, by name or id." },
  filterByScope: true,
  // CCKM keys an AWS job's detailed_status by `<account>/<region>`, not by KMS: a resource could not tell its own
  // items in a shared job, so AWS resources never share one
  shareable: false,
  extraList: {
    input: "regions",
    api: "regions",
    what: "AWS regions to synchronize within the `kms` list; all regions of each KMS when absent.",
  },
  schedule: { cloud: "aws", label: "AWS", cloudName: "aws" },
});

export const ociKeySync = syncKind({
  name: "OciKeySync",
  description:
    "Synchronizes Oracle Cloud Infrastructure (OCI) vault keys into CCKM (`POST /v1/cckm/oci/synchronization-jobs`).",
  path: "/v1/cckm/oci/synchronization-jobs",
  inventoryPath: "/v1/cckm/oci/vaults",
  list: { input: "vaults", api: "vaults", what: "OCI vaults to synchronize, by name or CCKM id." },
  filterByScope: true,
  // CM's scheduler calls the list `oci_vaults` where the job calls it `vaults`
  schedule: { cloud: "oci", label: "OCI", cloudName: "oci", listApi: "oci_vaults" },
});

export const sapGroupSync = syncKind({
  name: "SapGroupSync",
  description: "Synchronizes SAP Data Custodian groups into CCKM (`POST /v1/cckm/sap/synchronization-jobs`).",
  path: "/v1/cckm/sap/synchronization-jobs",
  inventoryPath: "/v1/cckm/sap/groups",
  list: { input: "groups", api: "groups", what: "SAP groups to synchronize, by name or CCKM id." },
  filterByScope: true,
  schedule: { cloud: "sap", label: "SAP", cloudName: "sap" },
});

/** Every sync/refresh kind, in the registry's order. */
export const SYNC_KINDS: readonly SyncKind[] = [
  dsmDomainRefresh,
  externalCmDomainRefresh,
  googleKeySync,
  azureKeySync,
  awsKeySync,
  ociKeySync,
  sapGroupSync,
];

/** Every family's data (SyncSchedule's clouds come from those with a `schedule` part). */
export const SYNC_FAMILIES: readonly SyncFamily[] = SYNC_KINDS.map((k) => k.family);
