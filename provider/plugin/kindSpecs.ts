// The kinds' properties as data (names, types, descriptions, defaults, replacement rules), from the kind
// descriptors themselves: schema.ts generates the plugin's schema, and so every SDK, from this.
import { COMMON_INPUTS, COMMON_OUTPUTS, kinds } from "../engine";
import type { PropertySpec, PropertyType, ResourceKind } from "../engine";
import { SCHEDULE_INPUTS, SCHEDULE_KIND, SCHEDULE_OUTPUTS, SchedulePropertySpec } from "../schedule/spec";

export { COMMON_INPUTS, COMMON_OUTPUTS };
export type { PropertySpec, PropertyType };

export interface ResourceSpec extends ResourceKind {
  /** One paragraph for people: what the resource does (the schema's resource description). */
  readonly description: string;
  /** A job kind takes COMMON_INPUTS and has COMMON_OUTPUTS; a regular resource (SyncSchedule) has neither. */
  readonly job: boolean;
  /** Outputs always present (the schema's `required`); default: every output. */
  readonly requiredOutputs?: readonly string[];
}

const SYNC_BEHAVIOUR =
  "`pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a " +
  "failed job fails the update and is replaced by a new job on the next `up`. `pulumi destroy` cancels a job that " +
  "still runs.";

/** What each kind does, for people (the kinds' property data has no resource-level text). */
const DESCRIPTIONS: Record<string, string> = {
  DsmDomainRefresh:
    "Refreshes the keys of CipherTrust Data Security Manager (DSM) domains in CCKM (`POST /v1/cckm/dsm/refresh`).",
  ExternalCmDomainRefresh:
    "Refreshes the keys of external CipherTrust Manager domains in CCKM (`POST /v1/cckm/external-cm/refresh`).",
  GoogleKeySync: "Synchronizes Google Cloud keys into CCKM (`POST /v1/cckm/google/synchronization-jobs`).",
  AzureKeySync: "Synchronizes Azure Key Vault keys into CCKM (`POST /v1/cckm/azure/synchronization-jobs`).",
  AwsKeySync: "Synchronizes AWS KMS keys into CCKM (`POST /v1/cckm/aws/synchronization-jobs`).",
  OciKeySync:
    "Synchronizes Oracle Cloud Infrastructure (OCI) vault keys into CCKM (`POST /v1/cckm/oci/synchronization-jobs`).",
  SapGroupSync: "Synchronizes SAP Data Custodian groups into CCKM (`POST /v1/cckm/sap/synchronization-jobs`).",
  SapKeyJob:
    "Runs an SAP key job (`POST /v1/cckm/sap/keys/jobs`): deletes an SAP key (keeping its backup in CCKM) or " +
    "restores it. CCKM has no cancel for these jobs: `pulumi destroy` of a job that still runs waits for it to end.",
};

/** The kinds, in the registry's order, with their property data and a description each, then SyncSchedule. */
export function resourceSpecs(): readonly ResourceSpec[] {
  const jobs = Object.values(kinds).map((k): ResourceSpec => {
    const text = DESCRIPTIONS[k.name];
    if (!text) throw new Error(`provider/plugin: no description for kind ${k.name}`);
    return {
      name: k.name,
      inputs: k.inputs,
      outputs: k.outputs,
      description: k.cancellable ? `${text}\n\n${SYNC_BEHAVIOUR}` : text,
      job: true,
    };
  });
  return [...jobs, scheduleSpec()];
}

/** SyncSchedule's property data in the kinds' shape (a change of a "replace" field replaces the config). */
function propertyOf(p: Omit<SchedulePropertySpec, "change"> & { change?: string }): PropertySpec {
  return {
    name: p.name,
    type: p.type,
    description: p.description,
    ...(p.required ? { required: true } : {}),
    ...(p.default !== undefined ? { default: p.default } : {}),
    ...(p.enum ? { enum: p.enum } : {}),
    ...(p.change === "replace" ? { replaces: true } : {}),
  };
}

/** SyncSchedule, a regular resource over CM's scheduler job configs (not a job: no triggers, no jobId). */
export function scheduleSpec(): ResourceSpec {
  const inputs = SCHEDULE_INPUTS.map(propertyOf);
  const outputs = SCHEDULE_OUTPUTS.map(propertyOf);
  return {
    name: SCHEDULE_KIND,
    inputs,
    outputs,
    description:
      "A CCKM synchronization that CipherTrust Manager runs on a cron schedule (`/v1/scheduler/job-configs`, " +
      "operation `cckm_synchronization`): a regular resource, not a job. `pulumi up` creates the job config; " +
      "changing `cloud` or `scheduleName` replaces it, any other change updates it in place. `pulumi refresh` reads " +
      "what CM stores, so a change made in CM's console shows as drift and the next `up` undoes it; " +
      "`pulumi destroy` deletes it. The resource id is CM's job config id; the outputs are the inputs as CM stores " +
      "them.",
    job: false,
    // optional inputs CM may not store (scope lists, dates) are absent from the outputs when not set
    requiredOutputs: [
      ...outputs.map((p) => p.name),
      ...inputs.filter((p) => p.required || p.default !== undefined || p.name === "scheduleName").map((p) => p.name),
    ],
  };
}
