// The kinds' properties as data: names, types, descriptions, defaults, replacement rules. The schema of the native
// provider (schema.ts) is generated from this, and nothing else in provider/native spells a property name.
//
// Interim: this is the shape of the descriptors that issue 11 puts into the kinds themselves (`PropertySpec`,
// `ResourceKind` in provider/core/kind.ts on branch `core`). When that lands, this module re-exports the kinds'
// own data and the table below goes away; schema.ts does not change.
import { kinds } from "../kinds";

export type PropertyType = "string" | "boolean" | "number" | "string[]" | "map<string>" | "any[]";

export interface PropertySpec {
  readonly name: string;
  readonly type: PropertyType;
  readonly description: string;
  readonly default?: string | number | boolean | readonly unknown[];
  readonly replaces?: boolean;
  readonly required?: boolean;
  readonly enum?: readonly string[];
}

export interface ResourceSpec {
  readonly name: string;
  /** One paragraph for people: what the resource does. */
  readonly description: string;
  readonly inputs: readonly PropertySpec[];
  /** Outputs read from the job object, besides COMMON_OUTPUTS (inputs are echoed as outputs too). */
  readonly outputs: readonly PropertySpec[];
}

export const COMMON_INPUTS: readonly PropertySpec[] = [
  {
    name: "triggers",
    type: "any[]",
    description:
      "Any values; when any of them changes, a new job is started (the resource is replaced). Use it to re-run a " +
      "job on demand, e.g. the date for at most one run a day.",
    default: [],
    replaces: true,
  },
  {
    name: "timeoutSeconds",
    type: "number",
    description:
      "How long `create` waits for the job to end, and `delete` for a cancelled job to settle, in seconds. When it " +
      "passes, the update fails naming the job, which keeps running on CCKM; the next `pulumi up` resumes waiting " +
      "on it. Changing only this starts nothing.",
    default: 1800,
  },
];

export const COMMON_OUTPUTS: readonly PropertySpec[] = [
  {
    name: "jobId",
    type: "string",
    description: "The CCKM job id (also the resource id).",
  },
  {
    name: "status",
    type: "string",
    description: "`completed`, `failed`, `cancelled`, or `in_progress` while a timed-out job still runs.",
  },
];

const SYNC_OUTPUTS: readonly PropertySpec[] = [
  { name: "overallStatus", type: "string", description: "`overall_status` as CCKM reported it." },
  { name: "aborted", type: "boolean", description: "True when a cancel was asked for (CCKM's `abort`)." },
  {
    name: "detailedStatus",
    type: "map<string>",
    description: "Per scope item, CCKM's status text (`detailed_status`); may be empty.",
  },
  { name: "createdAt", type: "string", description: "When CCKM created the job (RFC 3339)." },
  { name: "updatedAt", type: "string", description: "When CCKM last updated the job (RFC 3339)." },
];

const SYNCHRONIZE_ALL: PropertySpec = {
  name: "synchronizeAll",
  type: "boolean",
  description:
    "Take everything CCKM manages in this family instead of a list. Exactly one of the list and " +
    "`synchronizeAll: true` must be given. Changing this starts a new job.",
  default: false,
  replaces: true,
};

const SYNC_BEHAVIOUR =
  "`pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a " +
  "failed job fails the update and is replaced by the next `up`. `pulumi destroy` cancels a job that still runs.";

function scopeList(name: string, what: string): PropertySpec {
  return {
    name,
    type: "string[]",
    description: `${what} Sorted and de-duplicated, so their order does not matter. Exclusive with \`synchronizeAll\`. Changing this starts a new job.`,
    replaces: true,
  };
}

function sync(name: string, action: string, list: PropertySpec, extra: PropertySpec[] = []): ResourceSpec {
  return {
    name,
    description: `${action}\n\n${SYNC_BEHAVIOUR}`,
    inputs: [list, SYNCHRONIZE_ALL, ...extra],
    outputs: SYNC_OUTPUTS,
  };
}

const table: readonly ResourceSpec[] = [
  sync(
    "DsmDomainRefresh",
    "Refreshes CipherTrust Data Security Manager domains in CCKM (`POST /v1/cckm/dsm/refresh`).",
    scopeList("domains", "DSM domains to refresh, by name or CCKM id."),
  ),
  sync(
    "ExternalCmDomainRefresh",
    "Refreshes external CipherTrust Manager domains in CCKM (`POST /v1/cckm/external-cm/refresh`).",
    scopeList("domains", "External CM domains to refresh, by name or CCKM id."),
  ),
  sync(
    "GoogleKeySync",
    "Synchronizes Google Cloud keys into CCKM (`POST /v1/cckm/google/synchronization-jobs`).",
    scopeList("keyRings", "Google Cloud key rings, by name (`projects/<p>/locations/<l>/keyRings/<r>`) or CCKM id."),
  ),
  sync(
    "AzureKeySync",
    "Synchronizes Azure Key Vault keys into CCKM (`POST /v1/cckm/azure/synchronization-jobs`).",
    scopeList("keyVaults", "Azure key vaults, by name or CCKM id."),
    [
      {
        name: "takeCloudKeyBackup",
        type: "boolean",
        description:
          "Also take a backup of the cloud keys while synchronizing (`take_cloud_key_backup`). Changing this " +
          "starts a new job.",
        default: false,
        replaces: true,
      },
    ],
  ),
  sync(
    "AwsKeySync",
    "Synchronizes AWS KMS keys into CCKM (`POST /v1/cckm/aws/synchronization-jobs`).",
    scopeList("kms", "AWS KMS resources of CCKM, by name or id."),
    [
      {
        name: "regions",
        type: "string[]",
        description:
          "AWS regions to synchronize within the `kms` list; all regions of each KMS when absent. Sorted and " +
          "de-duplicated. Only with `kms`, not with `synchronizeAll`; must not be empty (leave it out for all " +
          "regions). Changing this starts a new job.",
        replaces: true,
      },
    ],
  ),
  sync(
    "OciKeySync",
    "Synchronizes Oracle Cloud Infrastructure vault keys into CCKM (`POST /v1/cckm/oci/synchronization-jobs`).",
    scopeList("vaults", "OCI vaults, by name or CCKM id."),
  ),
  sync(
    "SapGroupSync",
    "Synchronizes SAP Data Custodian groups into CCKM (`POST /v1/cckm/sap/synchronization-jobs`).",
    scopeList("groups", "SAP groups, by name or CCKM id."),
  ),
  {
    name: "SapKeyJob",
    description:
      "Runs an SAP key job (`POST /v1/cckm/sap/keys/jobs`): deletes an SAP key (keeping its backup in CCKM) or " +
      "restores it. CCKM has no cancel for these jobs: `pulumi destroy` of a job that still runs waits for it to end.",
    inputs: [
      {
        name: "keyId",
        type: "string",
        description:
          "CCKM resource id of the SAP key (a UUID from `GET /v1/cckm/sap/keys`). Changing this starts a new job.",
        required: true,
        replaces: true,
      },
      {
        name: "operation",
        type: "string",
        description:
          '`"delete"` removes the key from SAP and keeps a backup in CCKM; `"restore"` puts it back into its SAP ' +
          "group from that backup. Changing this starts a new job.",
        required: true,
        replaces: true,
        enum: ["delete", "restore"],
      },
      {
        name: "deleteIfBackupFails",
        type: "boolean",
        description:
          "For `delete`: delete the key even when its backup fails. Changing only this starts nothing, but a " +
          "failed delete re-run by the next `up` uses the new value.",
        default: false,
      },
    ],
    outputs: [
      {
        name: "state",
        type: "string",
        description: "The SAP job state as CCKM reports it (`PENDING`, `IN_PROGRESS`, `COMPLETED`, `FAILED`, ...).",
      },
      { name: "cckmKeyId", type: "string", description: "CCKM resource id of the key (`cckm_key_id`)." },
      { name: "sapKeyId", type: "string", description: "The SAP-side key id (`key_id`)." },
      { name: "groupId", type: "string", description: "The SAP group of the key (`group_id`)." },
    ],
  },
];

/** The kinds, in the registry's order, with their property data; fails loudly if the two ever disagree. */
export function resourceSpecs(): readonly ResourceSpec[] {
  const byName = new Map(table.map((s) => [s.name, s]));
  return Object.values(kinds).map((k) => {
    const spec = byName.get(k.name);
    if (!spec) throw new Error(`provider/native: no property data for kind ${k.name}`);
    const declared = spec.inputs.map((p) => p.name);
    if (declared.join() !== k.inputNames.join())
      throw new Error(`provider/native: inputs of ${k.name} are ${k.inputNames.join()}, not ${declared.join()}`);
    return spec;
  });
}
