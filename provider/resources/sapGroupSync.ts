import * as pulumi from "@pulumi/pulumi";
import { SyncJobResource, SyncScopeArgs } from "./common";

export interface SapGroupSyncArgs extends SyncScopeArgs {
  /**
   * SAP groups to synchronize, by name or CCKM id. Sorted and de-duplicated, so their order does not matter. Exclusive
   * with `synchronizeAll`. Changing this starts a new job.
   */
  readonly groups?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Synchronizes SAP Data Custodian groups into CCKM (`POST /v1/cckm/sap/synchronization-jobs`).
 *
 * `pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a failed job
 * fails the update and is replaced by a new job on the next `up`. `pulumi destroy` cancels a job that still runs.
 */
export class SapGroupSync extends SyncJobResource {
  /**
   * SAP groups to synchronize, by name or CCKM id. Sorted and de-duplicated, so their order does not matter. Exclusive
   * with `synchronizeAll`. Changing this starts a new job.
   */
  declare readonly groups: pulumi.Output<string[]>;

  constructor(name: string, args: SapGroupSyncArgs, opts?: pulumi.CustomResourceOptions) {
    super("SapGroupSync", name, args, opts);
  }
}
