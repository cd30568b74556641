import * as pulumi from "@pulumi/pulumi";
import { SyncJobResource, SyncScopeArgs } from "./common";

export interface AwsKeySyncArgs extends SyncScopeArgs {
  /**
   * AWS KMS resources of CCKM to synchronize, by name or id. Sorted and de-duplicated, so their order does not matter.
   * Exclusive with `synchronizeAll`. Changing this starts a new job.
   */
  readonly kms?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * AWS regions to synchronize within the `kms` list; all regions of each KMS when absent. Sorted and
   * de-duplicated. Only with `kms`, not with `synchronizeAll`. Like every list here it must not be empty: leave it
   * out for all regions. Changing this starts a new job.
   * @default absent (all regions)
   */
  readonly regions?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Synchronizes AWS KMS keys into CCKM (`POST /v1/cckm/aws/synchronization-jobs`).
 *
 * `pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a failed job
 * fails the update and is replaced by a new job on the next `up`. `pulumi destroy` cancels a job that still runs.
 */
export class AwsKeySync extends SyncJobResource {
  /**
   * AWS KMS resources of CCKM to synchronize, by name or id. Sorted and de-duplicated, so their order does not matter.
   * Exclusive with `synchronizeAll`. Changing this starts a new job.
   */
  declare readonly kms: pulumi.Output<string[]>;
  /**
   * AWS regions to synchronize within the `kms` list; all regions of each KMS when absent. Sorted and
   * de-duplicated. Only with `kms`, not with `synchronizeAll`. Like every list here it must not be empty: leave it
   * out for all regions. Changing this starts a new job.
   */
  declare readonly regions: pulumi.Output<string[]>;

  constructor(name: string, args: AwsKeySyncArgs, opts?: pulumi.CustomResourceOptions) {
    super("AwsKeySync", name, args, opts);
  }
}
