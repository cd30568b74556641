// The bad-input corpus of issue 6, point 4: each entry is one resource whose args CCKM would refuse or the design
// forbids, and the property the preview's error must name.
import { AWS, AZURE, DSM, EXTERNAL_CM, GOOGLE, LUNA, OCI, SAP_GROUPS, SAP_KEYS, SFDC } from "./fixtures";

export interface BadResource {
  kind: string;
  args: Record<string, unknown>;
  /** The property that the error names (as the check reports it). */
  property: string;
  /** What is wrong, for the test's name. */
  what: string;
}

const key = SAP_KEYS[0];

export const BAD_RESOURCES: Record<string, BadResource> = {
  both: {
    what: "both a list and synchronizeAll",
    kind: "DsmDomainRefresh",
    args: { domains: [DSM[0]], synchronizeAll: true },
    property: "domains",
  },
  neither: { what: "neither a list nor synchronizeAll", kind: "GoogleKeySync", args: {}, property: "keyRings" },
  neitherFalse: {
    what: "synchronizeAll: false and no list",
    kind: "ExternalCmDomainRefresh",
    args: { synchronizeAll: false },
    property: "domains",
  },
  empty: { what: "an empty list", kind: "AzureKeySync", args: { keyVaults: [] }, property: "keyVaults" },
  caseDuplicates: {
    what: "duplicates that differ after normalization (letter case)",
    kind: "OciKeySync",
    args: { vaults: [OCI[0], OCI[0].toUpperCase()] },
    property: "vaults[1]",
  },
  nonString: { what: "a number in a list", kind: "AwsKeySync", args: { kms: [AWS[0], 42] }, property: "kms[1]" },
  nullItem: {
    what: "null in a list",
    kind: "SapGroupSync",
    args: { groups: [SAP_GROUPS[0], null] },
    property: "groups[1]",
  },
  objectItem: {
    what: "an object in a list",
    kind: "GoogleKeySync",
    args: { keyRings: [{ name: GOOGLE[0] }] },
    property: "keyRings[0]",
  },
  blankItem: {
    what: "a blank item",
    kind: "ExternalCmDomainRefresh",
    args: { domains: [EXTERNAL_CM[0], "   "] },
    property: "domains[1]",
  },
  notAList: { what: "a string for a list", kind: "SapGroupSync", args: { groups: SAP_GROUPS[0] }, property: "groups" },
  allNotBool: {
    what: "a string for synchronizeAll",
    kind: "OciKeySync",
    args: { synchronizeAll: "yes" },
    property: "synchronizeAll",
  },
  backupNotBool: {
    what: "a number for takeCloudKeyBackup",
    kind: "AzureKeySync",
    args: { keyVaults: [AZURE[0]], takeCloudKeyBackup: 1 },
    property: "takeCloudKeyBackup",
  },
  regionsWithAll: {
    what: "regions with synchronizeAll",
    kind: "AwsKeySync",
    args: { synchronizeAll: true, regions: ["eu-west-1"] },
    property: "regions",
  },
  emptyRegions: {
    what: "an empty regions list",
    kind: "AwsKeySync",
    args: { kms: [AWS[1]], regions: [] },
    property: "regions",
  },
  unknownOperation: {
    what: "an unknown SAP operation",
    kind: "SapKeyJob",
    args: { keyId: key, operation: "purge" },
    property: "operation",
  },
  missingOperation: { what: "no SAP operation", kind: "SapKeyJob", args: { keyId: key }, property: "operation" },
  missingKeyId: { what: "no keyId", kind: "SapKeyJob", args: { operation: "delete" }, property: "keyId" },
  emptyKeyId: {
    what: "an empty keyId",
    kind: "SapKeyJob",
    args: { keyId: "", operation: "restore" },
    property: "keyId",
  },
  numericKeyId: {
    what: "a number for keyId",
    kind: "SapKeyJob",
    args: { keyId: 12345, operation: "delete" },
    property: "keyId",
  },
  deleteFlagNotBool: {
    what: "a string for deleteIfBackupFails",
    kind: "SapKeyJob",
    args: { keyId: key, operation: "delete", deleteIfBackupFails: "no" },
    property: "deleteIfBackupFails",
  },
  negativeTimeout: {
    what: "a negative timeoutSeconds",
    kind: "DsmDomainRefresh",
    args: { domains: [DSM[1]], timeoutSeconds: -5 },
    property: "timeoutSeconds",
  },
  zeroTimeout: {
    what: "a zero timeoutSeconds",
    kind: "GoogleKeySync",
    args: { keyRings: [GOOGLE[1]], timeoutSeconds: 0 },
    property: "timeoutSeconds",
  },
  textTimeout: {
    what: "a non-numeric timeoutSeconds",
    kind: "AzureKeySync",
    args: { keyVaults: [AZURE[1]], timeoutSeconds: "ten minutes" },
    property: "timeoutSeconds",
  },
  hugeTimeout: {
    what: "a timeoutSeconds beyond a week",
    kind: "OciKeySync",
    args: { vaults: [OCI[1]], timeoutSeconds: 1e9 },
    property: "timeoutSeconds",
  },
  unknownInput: {
    what: "an unknown input name (typo)",
    kind: "DsmDomainRefresh",
    args: { domain: [DSM[2]] },
    property: "domain",
  },
  unknownSapInput: {
    what: "an unknown input name on SapKeyJob",
    kind: "SapKeyJob",
    args: { keyID: key, operation: "delete" },
    property: "keyID",
  },
  triggersNotList: {
    what: "triggers that are not a list",
    kind: "SapGroupSync",
    args: { groups: [SAP_GROUPS[1]], triggers: "daily" },
    property: "triggers",
  },
  // the six families of issue 21: an empty list, a list with synchronizeAll, wrong types, regions without kms
  azureCertificatesEmpty: {
    what: "an empty keyVaults list (AzureCertificateSync)",
    kind: "AzureCertificateSync",
    args: { keyVaults: [] },
    property: "keyVaults",
  },
  azureCertificatesBoth: {
    what: "keyVaults and synchronizeAll (AzureCertificateSync)",
    kind: "AzureCertificateSync",
    args: { keyVaults: [AZURE[0]], synchronizeAll: true },
    property: "keyVaults",
  },
  azureSecretsEmpty: {
    what: "an empty keyVaults list (AzureSecretSync)",
    kind: "AzureSecretSync",
    args: { keyVaults: [] },
    property: "keyVaults",
  },
  azureSecretsBoth: {
    what: "keyVaults and synchronizeAll (AzureSecretSync)",
    kind: "AzureSecretSync",
    args: { keyVaults: [AZURE[1]], synchronizeAll: true },
    property: "keyVaults",
  },
  azureSecretsBackup: {
    what: "takeCloudKeyBackup, which only the Azure key sync takes (AzureSecretSync)",
    kind: "AzureSecretSync",
    args: { keyVaults: [AZURE[1]], takeCloudKeyBackup: true },
    property: "takeCloudKeyBackup",
  },
  customKeyStoresEmpty: {
    what: "an empty kms list (AwsCustomKeyStoreSync)",
    kind: "AwsCustomKeyStoreSync",
    args: { kms: [] },
    property: "kms",
  },
  customKeyStoresBoth: {
    what: "kms and synchronizeAll (AwsCustomKeyStoreSync)",
    kind: "AwsCustomKeyStoreSync",
    args: { kms: [AWS[0]], synchronizeAll: true },
    property: "kms",
  },
  customKeyStoresRegionsOnly: {
    what: "regions without kms (AwsCustomKeyStoreSync)",
    kind: "AwsCustomKeyStoreSync",
    args: { regions: ["eu-west-1"] },
    property: "kms",
  },
  customKeyStoresRegionsWithAll: {
    what: "regions with synchronizeAll (AwsCustomKeyStoreSync)",
    kind: "AwsCustomKeyStoreSync",
    args: { synchronizeAll: true, regions: ["eu-west-1"] },
    property: "regions",
  },
  customKeyStoresRegionNumber: {
    what: "a number in regions (AwsCustomKeyStoreSync)",
    kind: "AwsCustomKeyStoreSync",
    args: { kms: [AWS[1]], regions: [1] },
    property: "regions[0]",
  },
  lunaEmpty: {
    what: "an empty partitions list (LunaHsmKeyRefresh)",
    kind: "LunaHsmKeyRefresh",
    args: { partitions: [] },
    property: "partitions",
  },
  lunaBoth: {
    what: "partitions and synchronizeAll (LunaHsmKeyRefresh)",
    kind: "LunaHsmKeyRefresh",
    args: { partitions: [LUNA[0]], synchronizeAll: true },
    property: "partitions",
  },
  lunaNotAList: {
    what: "a string for partitions (LunaHsmKeyRefresh)",
    kind: "LunaHsmKeyRefresh",
    args: { partitions: LUNA[1] },
    property: "partitions",
  },
  sfdcCertificatesEmpty: {
    what: "an empty organizationIds list (SalesforceCertificateSync)",
    kind: "SalesforceCertificateSync",
    args: { organizationIds: [] },
    property: "organizationIds",
  },
  sfdcCertificatesBoth: {
    what: "organizationIds and synchronizeAll (SalesforceCertificateSync)",
    kind: "SalesforceCertificateSync",
    args: { organizationIds: [SFDC[0]], synchronizeAll: true },
    property: "organizationIds",
  },
  sfdcCertificatesNumber: {
    what: "a number in organizationIds (SalesforceCertificateSync)",
    kind: "SalesforceCertificateSync",
    args: { organizationIds: [SFDC[0], 7] },
    property: "organizationIds[1]",
  },
  sfdcTenantSecretsEmpty: {
    what: "an empty organizationIds list (SalesforceTenantSecretSync)",
    kind: "SalesforceTenantSecretSync",
    args: { organizationIds: [] },
    property: "organizationIds",
  },
  sfdcTenantSecretsBoth: {
    what: "organizationIds and synchronizeAll (SalesforceTenantSecretSync)",
    kind: "SalesforceTenantSecretSync",
    args: { organizationIds: [SFDC[1]], synchronizeAll: true },
    property: "organizationIds",
  },
  sfdcTenantSecretsAllText: {
    what: "a string for synchronizeAll (SalesforceTenantSecretSync)",
    kind: "SalesforceTenantSecretSync",
    args: { synchronizeAll: "true" },
    property: "synchronizeAll",
  },
  sfdcTenantSecretsApiName: {
    what: "the API's field name organization_ids as an input (SalesforceTenantSecretSync)",
    kind: "SalesforceTenantSecretSync",
    args: { organization_ids: [SFDC[1]] },
    property: "organization_ids",
  },
};

/** Stack settings that are wrong: each is a config patch (undefined removes a key) and the setting named. */
export interface BadSetting {
  what: string;
  config?: Record<string, string | undefined>;
  env?: Record<string, string>;
  property: string;
}

export const BAD_SETTINGS: BadSetting[] = [
  { what: "a malformed address", config: { "cckm:address": "https://cm example.com" }, property: "cckm:address" },
  { what: "an address with another scheme", config: { "cckm:address": "ftp://127.0.0.1" }, property: "cckm:address" },
  {
    what: "a malformed address in CIPHERTRUST_ADDRESS",
    config: { "cckm:address": undefined },
    env: { CIPHERTRUST_ADDRESS: "https://[::1" },
    property: "CIPHERTRUST_ADDRESS",
  },
  { what: "no address at all", config: { "cckm:address": undefined }, property: "cckm:address" },
  { what: "a caCert that is not PEM", config: { "cckm:caCert": "not a certificate" }, property: "cckm:caCert" },
  {
    what: "a caCert PEM block that is no certificate",
    config: { "cckm:caCert": "CA_FILE_GARBLED" },
    property: "cckm:caCert",
  },
  {
    what: "an insecureSkipVerify that is not a boolean",
    config: { "cckm:insecureSkipVerify": "maybe" },
    property: "cckm:insecureSkipVerify",
  },
  {
    what: "no credentials",
    config: { "cckm:username": undefined, "cckm:password": undefined },
    property: "cckm:username",
  },
];
