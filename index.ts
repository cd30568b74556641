// The quickstart stack: one resource of every pulumi-cckm job kind, the way a platform team would write them.
//
// `npm start` deploys it against the embedded CCKM simulator, whose seed inventory holds the names and ids below
// (simulator/seed/default.json). To run it against your own CipherTrust Manager, change configuration only: the
// connection (`cckm:*`) and these scopes (`quickstart:*`), as README.md ("Your own CipherTrust Manager") shows.
import * as pulumi from "@pulumi/pulumi";
import * as cckm from "pulumi-cckm";

const config = new pulumi.Config("quickstart");
const list = (key: string, fallback: string[]) => config.getObject<string[]>(key) ?? fallback;

// DSM and external CM domains are named by their CCKM ids (UUIDs); the other families also take names.
const dsmDomains = list("dsmDomains", ["89c49e63-b5c9-46be-9371-0d8b0649e289", "8376d8ce-43a4-44b0-9958-1d64d4a455bf"]);
const cmDomains = list("externalCmDomains", ["c4e5bd34-af39-4027-9058-6f1a4bb3519d"]);
const keyRings = list("googleKeyRings", [
  "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu",
  "projects/acme-payments-prod/locations/us-east1/keyRings/payments-us",
]);
const keyVaults = list("azureKeyVaults", ["kv-payments-prod"]);
const awsKms = list("awsKms", ["aws-prod"]);
const awsRegions = list("awsRegions", ["eu-west-1", "us-east-1"]);
const ociVaults = list("ociVaults", ["oci-vault-frankfurt"]);
const sapGroups = list("sapGroups", ["sap-dwc-prod"]);
// Beside the keys: certificates and secrets of Azure vaults, AWS custom key stores (every region of each KMS), Luna HSM
// partitions and Salesforce organizations (these two by CCKM id only).
const certificateVaults = list("azureCertificateVaults", ["kv-payments-prod"]);
const secretVaults = list("azureSecretVaults", ["kv-payments-prod"]);
const customKeyStoreKms = list("awsCustomKeyStoreKms", ["aws-prod"]);
const lunaPartitions = list("lunaPartitions", ["0d9d92e0-5109-4e67-89c4-cde66c4b54fe"]);
const salesforceOrgs = list("salesforceOrganizationIds", ["d5c1da8d-3344-4cf4-9054-afbabf0167b9"]);
// A key deleted from SAP earlier (CCKM kept its backup): the quickstart puts it back.
const sapKeyToRestore = config.get("sapKeyToRestore") ?? "f467087b-417a-49b1-b0aa-43036d274000";

// Bump `quickstart:run` (any string) to run every sync and refresh again: it is their trigger. The SAP key restore
// does not take it: a restore is a one-off (CCKM refuses to restore a key that is back in SAP).
const triggers = [config.get("run") ?? "1"];

// First refresh the DSM and external CM domains and the Luna HSM partitions, then sync the clouds (in parallel), then
// the SAP side.
const dsm = new cckm.DsmDomainRefresh("dsm-prod-refresh", { domains: dsmDomains, triggers });
const cm = new cckm.ExternalCmDomainRefresh("cm-frankfurt-payments-refresh", { domains: cmDomains, triggers });
const luna = new cckm.LunaHsmKeyRefresh("luna-prod-refresh", { partitions: lunaPartitions, triggers });
const afterDomains = { dependsOn: [dsm, cm, luna] };

const google = new cckm.GoogleKeySync("gcp-payments-sync", { keyRings, triggers }, afterDomains);
const azure = new cckm.AzureKeySync(
  "azure-payments-sync",
  { keyVaults, takeCloudKeyBackup: true, triggers },
  afterDomains,
);
const aws = new cckm.AwsKeySync("aws-prod-sync", { kms: awsKms, regions: awsRegions, triggers }, afterDomains);
const oci = new cckm.OciKeySync("oci-frankfurt-sync", { vaults: ociVaults, triggers }, afterDomains);
const azureCertificates = new cckm.AzureCertificateSync(
  "azure-payments-certificates-sync",
  { keyVaults: certificateVaults, triggers },
  afterDomains,
);
const azureSecrets = new cckm.AzureSecretSync(
  "azure-payments-secrets-sync",
  { keyVaults: secretVaults, triggers },
  afterDomains,
);
const customKeyStores = new cckm.AwsCustomKeyStoreSync(
  "aws-prod-custom-key-stores-sync",
  { kms: customKeyStoreKms, triggers },
  afterDomains,
);
const salesforceCertificates = new cckm.SalesforceCertificateSync(
  "salesforce-prod-certificates-sync",
  { organizationIds: salesforceOrgs, triggers },
  afterDomains,
);
const salesforceSecrets = new cckm.SalesforceTenantSecretSync(
  "salesforce-prod-tenant-secrets-sync",
  { organizationIds: salesforceOrgs, triggers },
  afterDomains,
);

const sap = new cckm.SapGroupSync("sap-dwc-sync", { groups: sapGroups, triggers });
const restore = new cckm.SapKeyJob(
  "dwc-archive-key-restore",
  { keyId: sapKeyToRestore, operation: "restore" },
  { dependsOn: [sap] },
);

const summary = (r: cckm.SyncJobResource) => ({ jobId: r.jobId, status: r.status, detailedStatus: r.detailedStatus });

export const dsmRefresh = summary(dsm);
export const externalCmRefresh = summary(cm);
export const googleSync = summary(google);
export const azureSync = summary(azure);
export const awsSync = summary(aws);
export const ociSync = summary(oci);
export const sapGroupSync = summary(sap);
export const lunaRefresh = summary(luna);
export const azureCertificateSync = summary(azureCertificates);
export const azureSecretSync = summary(azureSecrets);
export const awsCustomKeyStoreSync = summary(customKeyStores);
export const salesforceCertificateSync = summary(salesforceCertificates);
export const salesforceTenantSecretSync = summary(salesforceSecrets);
export const sapKeyRestore = { jobId: restore.jobId, state: restore.state, sapKeyId: restore.sapKeyId };
