import * as pulumi from "@pulumi/pulumi";
import { CckmJobResource, CommonJobArgs } from "./common";

export interface SapKeyJobArgs extends CommonJobArgs {
  /** CCKM resource id of the SAP key (a UUID from `GET /v1/cckm/sap/keys`). Changing this starts a new job. */
  readonly keyId: pulumi.Input<string>;
  /**
   * `"delete"` removes the key from SAP and keeps a backup in CCKM; `"restore"` puts it back into its SAP group
   * from that backup. Changing this starts a new job. One of: `delete`, `restore`.
   */
  readonly operation: pulumi.Input<"delete" | "restore">;
  /**
   * For `delete`: delete the key even when its backup fails. Changing only this starts nothing.
   * @default false
   */
  readonly deleteIfBackupFails?: pulumi.Input<boolean>;
}

/**
 * Runs an SAP key job (`POST /v1/cckm/sap/keys/jobs`): deletes an SAP key (keeping its backup in CCKM) or restores
 * it. CCKM has no cancel for these jobs: `pulumi destroy` of a job that still runs waits for it to end.
 */
export class SapKeyJob extends CckmJobResource {
  /** The SAP job state as CCKM reports it (`PENDING`, `IN_PROGRESS`, `COMPLETED`, `FAILED`, ...). */
  declare readonly state: pulumi.Output<string>;
  /**
   * `"delete"` removes the key from SAP and keeps a backup in CCKM; `"restore"` puts it back into its SAP group
   * from that backup. Changing this starts a new job. One of: `delete`, `restore`.
   */
  declare readonly operation: pulumi.Output<string>;
  /** CCKM resource id of the SAP key (a UUID from `GET /v1/cckm/sap/keys`). Changing this starts a new job. */
  declare readonly keyId: pulumi.Output<string>;
  /** For `delete`: delete the key even when its backup fails. Changing only this starts nothing. */
  declare readonly deleteIfBackupFails: pulumi.Output<boolean>;
  /** CCKM resource id of the key (`cckm_key_id`). */
  declare readonly cckmKeyId: pulumi.Output<string>;
  /** The SAP-side key id (`key_id`). */
  declare readonly sapKeyId: pulumi.Output<string>;
  /** The SAP group of the key (`group_id`). */
  declare readonly groupId: pulumi.Output<string>;

  constructor(name: string, args: SapKeyJobArgs, opts?: pulumi.CustomResourceOptions) {
    super("SapKeyJob", name, args, opts);
  }
}
