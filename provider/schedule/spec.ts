// SyncSchedule's properties described as data, for every front end: the dynamic class documents the same names,
// and the native provider builds its schema (types, descriptions, replaceOnChanges) from this list.
//
// In place or replace, per field, from what CM's PATCH /v1/scheduler/job-configs/{id} takes: Thales' Terraform
// provider updates run_at, run_on, description, disabled, start_date, end_date and cckm_synchronization_params
// in place, blanks cloud_name in its PATCH body and marks name (and operation) immutable; cckm-sim follows that.

/** What a change of the property does. */
export type ChangeMode = "update" | "replace";

export interface SchedulePropertySpec {
  /** Input and output name (camelCase). */
  name: string;
  type: "string" | "boolean" | "string[]";
  /** Where CM keeps it. */
  cm: string;
  change: ChangeMode;
  /** Only for this cloud (scope fields). */
  cloud?: CloudName;
  required?: boolean;
  /** The value check fills in when the input is absent. */
  default?: string | boolean;
  /** The values allowed. */
  enum?: readonly string[];
  description: string;
}

export type CloudName = "aws" | "azure" | "google" | "oci" | "sap";

export const SCHEDULE_KIND = "SyncSchedule";

const P = "cckm_synchronization_params";

export const SCHEDULE_INPUTS: readonly SchedulePropertySpec[] = [
  {
    name: "cloud",
    type: "string",
    cm: `${P}.cloud_name`,
    change: "replace",
    required: true,
    enum: ["aws", "azure", "google", "oci", "sap"],
    description:
      "The cloud to synchronize (CM's `cloud_name`: `aws`, `AzureCloud`, `gcp`, `oci`, `sap` in this order). CM " +
      "cannot change it: changing it replaces the schedule.",
  },
  {
    name: "kms",
    type: "string[]",
    cm: `${P}.kms`,
    change: "update",
    cloud: "aws",
    description:
      "AWS only: CCKM KMS resources (name or id) to synchronize. Sorted and de-duplicated. Exclusive with " +
      "`synchronizeAll`. Updated in place.",
  },
  {
    name: "regions",
    type: "string[]",
    cm: `${P}.regions`,
    change: "update",
    cloud: "aws",
    description:
      "AWS only, with `kms`: the regions to synchronize; all regions of each KMS when absent. Updated in place.",
  },
  {
    name: "keyRings",
    type: "string[]",
    cm: `${P}.key_rings`,
    change: "update",
    cloud: "google",
    description:
      "Google only: key rings (full name or CCKM id) to synchronize. Exclusive with `synchronizeAll`. Updated in place.",
  },
  {
    name: "keyVaults",
    type: "string[]",
    cm: `${P}.key_vaults`,
    change: "update",
    cloud: "azure",
    description:
      "Azure only: key vaults (name or CCKM id) to synchronize. Exclusive with `synchronizeAll`. Updated in place.",
  },
  {
    name: "takeCloudKeyBackup",
    type: "boolean",
    cm: `${P}.take_cloud_key_backup`,
    change: "update",
    cloud: "azure",
    description: "Azure only: also take a backup of the cloud keys (CM's default when absent). Updated in place.",
  },
  {
    name: "vaults",
    type: "string[]",
    cm: `${P}.oci_vaults`,
    change: "update",
    cloud: "oci",
    description:
      "OCI only: vaults (name or CCKM id; CM's `oci_vaults`) to synchronize. Exclusive with `synchronizeAll`. " +
      "Updated in place.",
  },
  {
    name: "groups",
    type: "string[]",
    cm: `${P}.groups`,
    change: "update",
    cloud: "sap",
    description:
      "SAP only: SAP groups (name or CCKM id) to synchronize. Exclusive with `synchronizeAll`. Updated in place.",
  },
  {
    name: "synchronizeAll",
    type: "boolean",
    cm: `${P}.synchronize_all`,
    change: "update",
    default: false,
    description:
      "Synchronize everything CCKM manages in the cloud instead of a list; exactly one of the cloud's list and " +
      "`synchronizeAll: true` must be given. Updated in place.",
  },
  {
    name: "runAt",
    type: "string",
    cm: "run_at",
    change: "update",
    required: true,
    description:
      "When to run: a five-field cron expression (minute hour day-of-month month day-of-week), e.g. " +
      '`"0 2 * * *"` for 02:00 every night. Checked at `pulumi preview`. Updated in place.',
  },
  {
    name: "runOn",
    type: "string",
    cm: "run_on",
    change: "update",
    default: "any",
    description: 'The cluster node to run on; default `"any"`. Updated in place.',
  },
  {
    name: "startDate",
    type: "string",
    cm: "start_date",
    change: "update",
    description:
      "RFC 3339 date-time from which the schedule runs; leave it out for no start date (removing it clears CM's " +
      "start date). Updated in place.",
  },
  {
    name: "endDate",
    type: "string",
    cm: "end_date",
    change: "update",
    description:
      "RFC 3339 date-time after which the schedule stops; leave it out for no end date (removing it clears CM's " +
      "end date). Updated in place.",
  },
  {
    name: "disabled",
    type: "boolean",
    cm: "disabled",
    change: "update",
    default: false,
    description: "Keep the schedule but do not run it; default `false`. Updated in place.",
  },
  {
    name: "description",
    type: "string",
    cm: "description",
    change: "update",
    default: "",
    description: 'A description kept with the schedule in CM; default `""`. Updated in place.',
  },
  {
    name: "scheduleName",
    type: "string",
    cm: "name",
    change: "replace",
    description:
      "CM's name of the job config, unique in CM; default `<project>-<stack>-<resource name>`. CM cannot rename " +
      "a config: changing it replaces the schedule.",
  },
];

export const SCHEDULE_OUTPUTS: readonly Omit<SchedulePropertySpec, "change">[] = [
  { name: "createdAt", type: "string", cm: "createdAt", description: "When CM created the job config (RFC 3339)." },
  { name: "updatedAt", type: "string", cm: "updatedAt", description: "When CM last changed it (RFC 3339)." },
  {
    name: "nextRunAt",
    type: "string",
    cm: "(computed)",
    description:
      "The next time `runAt` gives (UTC), within `startDate`/`endDate`, as of the last create, update or refresh; " +
      '`""` when it will not run (`disabled`, or past `endDate`).',
  },
];

export const INPUT_NAMES = SCHEDULE_INPUTS.map((p) => p.name);
export const REPLACE_ON_CHANGE = SCHEDULE_INPUTS.filter((p) => p.change === "replace").map((p) => p.name);

/** The default scheduleName a front end passes as `__cckmDefaultName`: unique per stack, stable from preview to up. */
export function defaultScheduleName(project: string, stack: string, resourceName: string): string {
  return `${project}-${stack}-${resourceName}`;
}

/** The inputs within props read from CM (what `pulumi import` needs: outputs less the computed ones). */
export function inputsOf(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(INPUT_NAMES.filter((n) => props[n] !== undefined).map((n) => [n, props[n]]));
}
