// An environment-bootstrap stack: the key-management steps a new environment needs, in order, as code.
//
//   1. refresh the DSM domains and the Luna HSM partition that hold the environment's master keys;
//   2. then (in parallel) sync the Google key rings, Azure key vaults and AWS KMS that CCKM manages for it, and what
//      it keeps beside the keys: the vaults' certificates and secrets, the AWS custom key stores, the Salesforce
//      organization's certificates and tenant secrets;
//   3. then restore the SAP data-warehouse key that was deleted (with a backup) when the environment was retired.
//
// `pulumi up` runs each step as a CCKM job and waits for it; a step starts only when the steps it depends on have
// completed, and a failed job stops the steps after it (the next `pulumi up` re-runs it). The names and ids below are
// those of the cckm-sim seed (simulator/seed/default.json): replace them with your own CipherTrust Manager's.
import * as pulumi from "@pulumi/pulumi";
import * as cckm from "pulumi-cckm";

const config = new pulumi.Config();
// Bump to run the refresh and the syncs again (e.g. `pulumi config set rerun 2024-06-01`): they take it as a trigger.
// The SAP key restore does not: it is a one-off, and CCKM refuses to restore a key that is back in SAP.
const triggers = [config.get("rerun") ?? "initial"];
// Generous deadlines: a first DSM refresh of a large domain can take a while.
const timeoutSeconds = config.getNumber("timeoutSeconds") ?? 3600;

// 1. The DSM domains of the environment (CCKM ids of the DSM domains).
const dsm = new cckm.DsmDomainRefresh("dsm-domains", {
  domains: ["89c49e63-b5c9-46be-9371-0d8b0649e289", "8376d8ce-43a4-44b0-9958-1d64d4a455bf"],
  triggers,
  timeoutSeconds,
});

// The Luna HSM partition of the environment (CCKM ids only), beside the DSM domains.
const luna = new cckm.LunaHsmKeyRefresh("luna-partition", {
  partitions: ["0d9d92e0-5109-4e67-89c4-cde66c4b54fe"],
  triggers,
  timeoutSeconds,
});

// 2. The clouds, each after the key refreshes.
const afterDsm: pulumi.CustomResourceOptions = { dependsOn: [dsm, luna] };
const google = new cckm.GoogleKeySync(
  "google-key-rings",
  {
    keyRings: [
      "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu",
      "projects/acme-payments-prod/locations/us-east1/keyRings/payments-us",
    ],
    triggers,
    timeoutSeconds,
  },
  afterDsm,
);
const azure = new cckm.AzureKeySync(
  "azure-key-vaults",
  { keyVaults: ["kv-payments-prod", "keyvault-softkeys"], takeCloudKeyBackup: true, triggers, timeoutSeconds },
  afterDsm,
);
const aws = new cckm.AwsKeySync(
  "aws-kms",
  { kms: ["aws-prod"], regions: ["eu-west-1", "us-east-1"], triggers, timeoutSeconds },
  afterDsm,
);

// Beside the keys: the vaults' certificates and secrets, the AWS custom key stores, and the Salesforce organization
// (by CCKM id) whose certificates and tenant secrets CCKM keeps.
const vaults = ["kv-payments-prod", "keyvault-softkeys"];
const azureCertificates = new cckm.AzureCertificateSync(
  "azure-certificates",
  { keyVaults: vaults, triggers, timeoutSeconds },
  afterDsm,
);
const azureSecrets = new cckm.AzureSecretSync(
  "azure-secrets",
  { keyVaults: vaults, triggers, timeoutSeconds },
  afterDsm,
);
const customKeyStores = new cckm.AwsCustomKeyStoreSync(
  "aws-custom-key-stores",
  { kms: ["aws-prod"], triggers, timeoutSeconds },
  afterDsm,
);
const salesforceOrgs = ["d5c1da8d-3344-4cf4-9054-afbabf0167b9"];
const salesforceCertificates = new cckm.SalesforceCertificateSync(
  "salesforce-certificates",
  { organizationIds: salesforceOrgs, triggers, timeoutSeconds },
  afterDsm,
);
const salesforceSecrets = new cckm.SalesforceTenantSecretSync(
  "salesforce-tenant-secrets",
  { organizationIds: salesforceOrgs, triggers, timeoutSeconds },
  afterDsm,
);

// 3. The SAP key, once every cloud is in sync (CCKM id of the SAP key "dwc-archive-key").
const sapKey = new cckm.SapKeyJob(
  "dwc-archive-key-restore",
  { keyId: "f467087b-417a-49b1-b0aa-43036d274000", operation: "restore", timeoutSeconds },
  {
    dependsOn: [
      google,
      azure,
      aws,
      azureCertificates,
      azureSecrets,
      customKeyStores,
      salesforceCertificates,
      salesforceSecrets,
    ],
  },
);

export const jobs = {
  dsm: dsm.jobId,
  google: google.jobId,
  azure: azure.jobId,
  aws: aws.jobId,
  luna: luna.jobId,
  azureCertificates: azureCertificates.jobId,
  azureSecrets: azureSecrets.jobId,
  customKeyStores: customKeyStores.jobId,
  salesforceCertificates: salesforceCertificates.jobId,
  salesforceSecrets: salesforceSecrets.jobId,
  sapKey: sapKey.jobId,
};
export const awsRegions = aws.detailedStatus;
export const customKeyStoreRegions = customKeyStores.detailedStatus;
export const sapKeyState = sapKey.state;
