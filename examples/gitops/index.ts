// A GitOps stack: what CCKM keeps in sync for an environment is reviewed as a pull request and applied on merge.
//
// One program, one stack per environment (Pulumi.dev.yaml, Pulumi.prod.yaml). The stack file says which CipherTrust
// Manager to use (`cckm:*`, the password encrypted with `pulumi config set --secret`) and what to keep in sync
// (`gitops:*`). A pull request that adds a key ring to `gitops:googleKeyRings` shows up in its preview as the
// replacement of the Google sync, i.e. a new job; merging it runs that job. See README.md next to this file.
import * as pulumi from "@pulumi/pulumi";
import * as cckm from "pulumi-cckm";

const config = new pulumi.Config("gitops");
const list = (key: string) => config.getObject<string[]>(key) ?? [];
// Change `gitops:syncRound` (e.g. to the date) to run every job of the environment again.
const triggers = [config.get("syncRound") ?? "1"];
const timeoutSeconds = config.getNumber("timeoutSeconds") ?? 1800;
const common = { triggers, timeoutSeconds };

const jobs: Record<string, pulumi.Output<string>> = {};
const statuses: Record<string, pulumi.Output<string>> = {};
function track(name: string, r: cckm.CckmJobResource): void {
  jobs[name] = r.jobId;
  statuses[name] = r.status;
}

// Domains first: the cloud syncs of an environment wait for its DSM refresh.
const dependsOn: pulumi.Resource[] = [];
if (list("dsmDomains").length > 0) {
  const dsm = new cckm.DsmDomainRefresh("dsm", { domains: list("dsmDomains"), ...common });
  track("dsm", dsm);
  dependsOn.push(dsm);
}
if (list("googleKeyRings").length > 0) {
  track("google", new cckm.GoogleKeySync("google", { keyRings: list("googleKeyRings"), ...common }, { dependsOn }));
}
if (list("azureKeyVaults").length > 0) {
  const takeCloudKeyBackup = config.getBoolean("azureTakeCloudKeyBackup") ?? false;
  track(
    "azure",
    new cckm.AzureKeySync("azure", { keyVaults: list("azureKeyVaults"), takeCloudKeyBackup, ...common }, { dependsOn }),
  );
}
if (list("awsKms").length > 0) {
  // no regions: every region of each KMS
  const regions = list("awsRegions").length > 0 ? list("awsRegions") : undefined;
  track("aws", new cckm.AwsKeySync("aws", { kms: list("awsKms"), regions, ...common }, { dependsOn }));
}

export const environment = pulumi.getStack();
export const jobIds = jobs;
export const jobStatuses = statuses;
