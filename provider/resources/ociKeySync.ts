import * as pulumi from "@pulumi/pulumi";
import { SyncJobResource, SyncScopeArgs } from "./common";

export interface OciKeySyncArgs extends SyncScopeArgs {
  /**
   * OCI vaults to synchronize, by name or CCKM id. Sorted and de-duplicated, so their order does not matter. Exclusive
   * with `synchronizeAll`. Changing this starts a new job.
   */
  readonly vaults?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Synchronizes Oracle Cloud Infrastructure (OCI) vault keys into CCKM (`POST /v1/cckm/oci/synchronization-jobs`).
 *
 * `pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a failed job
 * fails the update and is replaced by a new job on the next `up`. `pulumi destroy` cancels a job that still runs.
 */
export class OciKeySync extends SyncJobResource {
  /**
   * OCI vaults to synchronize, by name or CCKM id. Sorted and de-duplicated, so their order does not matter. Exclusive
   * with `synchronizeAll`. Changing this starts a new job.
   */
  declare readonly vaults: pulumi.Output<string[]>;

  constructor(name: string, args: OciKeySyncArgs, opts?: pulumi.CustomResourceOptions) {
    super("OciKeySync", name, args, opts);
  }
}
