import * as pulumi from "@pulumi/pulumi";
import { SyncJobResource, SyncScopeArgs } from "./common";

export interface AzureKeySyncArgs extends SyncScopeArgs {
  /**
   * Azure key vaults to synchronize, by name or CCKM id. Sorted and de-duplicated, so their order does not matter.
   * Exclusive with `synchronizeAll`. Changing this starts a new job.
   */
  readonly keyVaults?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Also take a backup of the cloud keys while synchronizing (`take_cloud_key_backup`). Changing this starts a
   * new job.
   * @default false
   */
  readonly takeCloudKeyBackup?: pulumi.Input<boolean>;
}

/**
 * Synchronizes Azure Key Vault keys into CCKM (`POST /v1/cckm/azure/synchronization-jobs`).
 *
 * `pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a failed job
 * fails the update and is replaced by a new job on the next `up`. `pulumi destroy` cancels a job that still runs.
 */
export class AzureKeySync extends SyncJobResource {
  /**
   * Azure key vaults to synchronize, by name or CCKM id. Sorted and de-duplicated, so their order does not matter.
   * Exclusive with `synchronizeAll`. Changing this starts a new job.
   */
  declare readonly keyVaults: pulumi.Output<string[]>;
  /**
   * Also take a backup of the cloud keys while synchronizing (`take_cloud_key_backup`). Changing this starts a
   * new job.
   */
  declare readonly takeCloudKeyBackup: pulumi.Output<boolean>;

  constructor(name: string, args: AzureKeySyncArgs, opts?: pulumi.CustomResourceOptions) {
    super("AzureKeySync", name, args, opts);
  }
}
