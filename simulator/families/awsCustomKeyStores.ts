/**
 * AWS custom key store sync (CM operations index; `kms`, `regions`, `synchronize_all` in Thales' Ansible collection):
 * the AWS key family's KMS accounts and regions, so its scope rules and `<account>/<region>` detail keys.
 */
import { aws } from "./aws";
import type { SyncFamilyDescriptor } from "./types";

export const awsCustomKeyStores: SyncFamilyDescriptor = {
  family: "awsCustomKeyStores",
  path: "/v1/cckm/aws/custom-key-stores/synchronization-jobs",
  scopeField: "kms",
  inventory: "awsKms",
  cloud: "aws",
  successText: "region synchronized successfully",
  inProgressStatus: "in_progress",
  failedStatus: "error",
  detailedStatus: "always",
  matches: aws.matches,
  scopeItem: aws.scopeItem,
  extra: aws.extra,
};
