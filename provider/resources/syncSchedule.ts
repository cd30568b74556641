import * as pulumi from "@pulumi/pulumi";
import { defaultScheduleName } from "../schedule/spec";
import { providerFor } from "./provider";

/** Inputs of {@link SyncSchedule}; provider/schedule/spec.ts describes each as data (mode, CM field). */
export interface SyncScheduleArgs {
  /**
   * The cloud to synchronize (CM's `cloud_name`: `aws`, `AzureCloud`, `gcp`, `oci`, `sap` in this order). CM
   * cannot change it: changing it replaces the schedule. One of: `aws`, `azure`, `google`, `oci`, `sap`.
   */
  readonly cloud: pulumi.Input<"aws" | "azure" | "google" | "oci" | "sap">;
  /**
   * AWS only: CCKM KMS resources (name or id) to synchronize. Sorted and de-duplicated. Exclusive with
   * `synchronizeAll`. Updated in place.
   */
  readonly kms?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * AWS only, with `kms`: the regions to synchronize; all regions of each KMS when absent. Updated in place.
   */
  readonly regions?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Google only: key rings (full name or CCKM id) to synchronize. Exclusive with `synchronizeAll`. Updated in
   * place.
   */
  readonly keyRings?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Azure only: key vaults (name or CCKM id) to synchronize. Exclusive with `synchronizeAll`. Updated in place.
   */
  readonly keyVaults?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Azure only: also take a backup of the cloud keys (CM's default when absent). Updated in place.
   */
  readonly takeCloudKeyBackup?: pulumi.Input<boolean>;
  /**
   * OCI only: vaults (name or CCKM id; CM's `oci_vaults`) to synchronize. Exclusive with `synchronizeAll`.
   * Updated in place.
   */
  readonly vaults?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * SAP only: SAP groups (name or CCKM id) to synchronize. Exclusive with `synchronizeAll`. Updated in place.
   */
  readonly groups?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Synchronize everything CCKM manages in the cloud instead of a list; exactly one of the cloud's list and
   * `synchronizeAll: true` must be given. Updated in place.
   * @default false
   */
  readonly synchronizeAll?: pulumi.Input<boolean>;
  /**
   * When to run: a five-field cron expression (minute hour day-of-month month day-of-week), e.g. `"0 2 * * *"`
   * for 02:00 every night. Checked at `pulumi preview`. Updated in place.
   */
  readonly runAt: pulumi.Input<string>;
  /**
   * The cluster node to run on; default `"any"`. Updated in place.
   * @default "any"
   */
  readonly runOn?: pulumi.Input<string>;
  /**
   * RFC 3339 date-time from which the schedule runs; leave it out for no start date (removing it clears CM's
   * start date). Updated in place.
   */
  readonly startDate?: pulumi.Input<string>;
  /**
   * RFC 3339 date-time after which the schedule stops; leave it out for no end date (removing it clears CM's
   * end date). Updated in place.
   */
  readonly endDate?: pulumi.Input<string>;
  /**
   * Keep the schedule but do not run it; default `false`. Updated in place.
   * @default false
   */
  readonly disabled?: pulumi.Input<boolean>;
  /**
   * A description kept with the schedule in CM; default `""`. Updated in place.
   * @default ""
   */
  readonly description?: pulumi.Input<string>;
  /**
   * CM's name of the job config, unique in CM; default `<project>-<stack>-<resource name>`. CM cannot rename
   * a config: changing it replaces the schedule.
   * @default `<project>-<stack>-<resource name>`
   */
  readonly scheduleName?: pulumi.Input<string>;
}

const OUTPUTS = [
  "cloud",
  "kms",
  "regions",
  "keyRings",
  "keyVaults",
  "takeCloudKeyBackup",
  "vaults",
  "groups",
  "synchronizeAll",
  "runAt",
  "runOn",
  "startDate",
  "endDate",
  "disabled",
  "description",
  "scheduleName",
  "createdAt",
  "updatedAt",
  "nextRunAt",
];

/**
 * A CCKM synchronization that CipherTrust Manager runs on a cron schedule (`/v1/scheduler/job-configs`, operation
 * `cckm_synchronization`): a regular resource, not a job. `pulumi up` creates the job config; changing `cloud` or
 * `scheduleName` replaces it, any other change updates it in place. `pulumi refresh` reads what CM stores, so a change
 * made in CM's console shows as drift and the next `up` undoes it; `pulumi destroy` deletes it. The resource id is
 * CM's job config id; the outputs are the inputs as CM stores them.
 */
export class SyncSchedule extends pulumi.dynamic.Resource {
  /**
   * The cloud to synchronize (CM's `cloud_name`: `aws`, `AzureCloud`, `gcp`, `oci`, `sap` in this order). CM
   * cannot change it: changing it replaces the schedule. One of: `aws`, `azure`, `google`, `oci`, `sap`.
   */
  declare readonly cloud: pulumi.Output<string>;
  /**
   * AWS only: CCKM KMS resources (name or id) to synchronize. Sorted and de-duplicated. Exclusive with
   * `synchronizeAll`. Updated in place.
   */
  declare readonly kms: pulumi.Output<string[] | undefined>;
  /**
   * AWS only, with `kms`: the regions to synchronize; all regions of each KMS when absent. Updated in place.
   */
  declare readonly regions: pulumi.Output<string[] | undefined>;
  /**
   * Google only: key rings (full name or CCKM id) to synchronize. Exclusive with `synchronizeAll`. Updated in
   * place.
   */
  declare readonly keyRings: pulumi.Output<string[] | undefined>;
  /**
   * Azure only: key vaults (name or CCKM id) to synchronize. Exclusive with `synchronizeAll`. Updated in place.
   */
  declare readonly keyVaults: pulumi.Output<string[] | undefined>;
  /**
   * Azure only: also take a backup of the cloud keys (CM's default when absent). Updated in place.
   */
  declare readonly takeCloudKeyBackup: pulumi.Output<boolean | undefined>;
  /**
   * OCI only: vaults (name or CCKM id; CM's `oci_vaults`) to synchronize. Exclusive with `synchronizeAll`.
   * Updated in place.
   */
  declare readonly vaults: pulumi.Output<string[] | undefined>;
  /**
   * SAP only: SAP groups (name or CCKM id) to synchronize. Exclusive with `synchronizeAll`. Updated in place.
   */
  declare readonly groups: pulumi.Output<string[] | undefined>;
  /**
   * Synchronize everything CCKM manages in the cloud instead of a list; exactly one of the cloud's list and
   * `synchronizeAll: true` must be given. Updated in place.
   */
  declare readonly synchronizeAll: pulumi.Output<boolean>;
  /**
   * When to run: a five-field cron expression (minute hour day-of-month month day-of-week), e.g. `"0 2 * * *"`
   * for 02:00 every night. Checked at `pulumi preview`. Updated in place.
   */
  declare readonly runAt: pulumi.Output<string>;
  /**
   * The cluster node to run on; default `"any"`. Updated in place.
   */
  declare readonly runOn: pulumi.Output<string>;
  /**
   * RFC 3339 date-time from which the schedule runs; leave it out for no start date (removing it clears CM's
   * start date). Updated in place.
   */
  declare readonly startDate: pulumi.Output<string | undefined>;
  /**
   * RFC 3339 date-time after which the schedule stops; leave it out for no end date (removing it clears CM's
   * end date). Updated in place.
   */
  declare readonly endDate: pulumi.Output<string | undefined>;
  /**
   * Keep the schedule but do not run it; default `false`. Updated in place.
   */
  declare readonly disabled: pulumi.Output<boolean>;
  /**
   * A description kept with the schedule in CM; default `""`. Updated in place.
   */
  declare readonly description: pulumi.Output<string>;
  /**
   * CM's name of the job config, unique in CM; default `<project>-<stack>-<resource name>`. CM cannot rename
   * a config: changing it replaces the schedule.
   */
  declare readonly scheduleName: pulumi.Output<string>;
  /** When CM created the job config (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When CM last changed it (RFC 3339). */
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * The next time `runAt` gives (UTC), within `startDate`/`endDate`, as of the last create, update or refresh;
   * `""` when it will not run (`disabled`, or past `endDate`).
   */
  declare readonly nextRunAt: pulumi.Output<string>;

  constructor(name: string, args: SyncScheduleArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const o of OUTPUTS) props[o] = undefined;
    // every arg is passed on, so a misspelt input fails `check` instead of being dropped silently
    // the default scheduleName: stable from preview to up, distinct per stack (CM's names are unique)
    const __cckmDefaultName = defaultScheduleName(pulumi.getProject(), pulumi.getStack(), name);
    Object.assign(props, args ?? {}, { __cckmName: name, __cckmDefaultName });
    super(providerFor("SyncSchedule"), name, props, opts, "cckm", "SyncSchedule");
  }
}
