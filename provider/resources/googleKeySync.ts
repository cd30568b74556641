import * as pulumi from "@pulumi/pulumi";
import { SyncJobResource, SyncScopeArgs } from "./common";

export interface GoogleKeySyncArgs extends SyncScopeArgs {
  /**
   * Google Cloud key rings to synchronize, by name (`projects/<p>/locations/<l>/keyRings/<r>`) or CCKM id. Sorted and
   * de-duplicated, so their order does not matter. Exclusive with `synchronizeAll`. Changing this starts a new job.
   */
  readonly keyRings?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Synchronizes Google Cloud keys into CCKM (`POST /v1/cckm/google/synchronization-jobs`).
 *
 * `pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a failed job
 * fails the update and is replaced by a new job on the next `up`. `pulumi destroy` cancels a job that still runs.
 */
export class GoogleKeySync extends SyncJobResource {
  /**
   * Google Cloud key rings to synchronize, by name (`projects/<p>/locations/<l>/keyRings/<r>`) or CCKM id. Sorted and
   * de-duplicated, so their order does not matter. Exclusive with `synchronizeAll`. Changing this starts a new job.
   */
  declare readonly keyRings: pulumi.Output<string[]>;

  constructor(name: string, args: GoogleKeySyncArgs, opts?: pulumi.CustomResourceOptions) {
    super("GoogleKeySync", name, args, opts);
  }
}
