import * as pulumi from "@pulumi/pulumi";
import { SyncJobResource, SyncScopeArgs } from "./common";

export interface DsmDomainRefreshArgs extends SyncScopeArgs {
  /**
   * CCKM ids (UUIDs) of the DSM domains to refresh. Sorted and de-duplicated, so their order does not matter. Exclusive
   * with `synchronizeAll`. Changing this starts a new job.
   */
  readonly domains?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Refreshes the keys of CipherTrust Data Security Manager (DSM) domains in CCKM (`POST /v1/cckm/dsm/refresh`).
 *
 * `pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a failed job
 * fails the update and is replaced by a new job on the next `up`. `pulumi destroy` cancels a job that still runs.
 */
export class DsmDomainRefresh extends SyncJobResource {
  /**
   * CCKM ids (UUIDs) of the DSM domains to refresh. Sorted and de-duplicated, so their order does not matter. Exclusive
   * with `synchronizeAll`. Changing this starts a new job.
   */
  declare readonly domains: pulumi.Output<string[]>;

  constructor(name: string, args: DsmDomainRefreshArgs, opts?: pulumi.CustomResourceOptions) {
    super("DsmDomainRefresh", name, args, opts);
  }
}
