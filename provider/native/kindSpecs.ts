// The kinds' properties as data (names, types, descriptions, defaults, replacement rules), from the kind
// descriptors themselves: schema.ts generates the plugin's schema, and so every SDK, from this.
import { COMMON_INPUTS, COMMON_OUTPUTS, kinds } from "../engine";
import type { PropertySpec, PropertyType, ResourceKind } from "../engine";

export { COMMON_INPUTS, COMMON_OUTPUTS };
export type { PropertySpec, PropertyType };

export interface ResourceSpec extends ResourceKind {
  /** One paragraph for people: what the resource does (the schema's resource description). */
  readonly description: string;
}

const SYNC_BEHAVIOUR =
  "`pulumi up` starts the job (or adopts one already running over the same scope) and waits until it ends; a " +
  "failed job fails the update and is replaced by the next `up`. `pulumi destroy` cancels a job that still runs.";

/** What each kind does, for people (the kinds' property data has no resource-level text). */
const DESCRIPTIONS: Record<string, string> = {
  DsmDomainRefresh: "Refreshes CipherTrust Data Security Manager domains in CCKM (`POST /v1/cckm/dsm/refresh`).",
  ExternalCmDomainRefresh:
    "Refreshes external CipherTrust Manager domains in CCKM (`POST /v1/cckm/external-cm/refresh`).",
  GoogleKeySync: "Synchronizes Google Cloud keys into CCKM (`POST /v1/cckm/google/synchronization-jobs`).",
  AzureKeySync: "Synchronizes Azure Key Vault keys into CCKM (`POST /v1/cckm/azure/synchronization-jobs`).",
  AwsKeySync: "Synchronizes AWS KMS keys into CCKM (`POST /v1/cckm/aws/synchronization-jobs`).",
  OciKeySync:
    "Synchronizes Oracle Cloud Infrastructure vault keys into CCKM (`POST /v1/cckm/oci/synchronization-jobs`).",
  SapGroupSync: "Synchronizes SAP Data Custodian groups into CCKM (`POST /v1/cckm/sap/synchronization-jobs`).",
  SapKeyJob:
    "Runs an SAP key job (`POST /v1/cckm/sap/keys/jobs`): deletes an SAP key (keeping its backup in CCKM) or " +
    "restores it. CCKM has no cancel for these jobs: `pulumi destroy` of a job that still runs waits for it to end.",
};

/** The kinds, in the registry's order, with their property data and a description each. */
export function resourceSpecs(): readonly ResourceSpec[] {
  return Object.values(kinds).map((k) => {
    const text = DESCRIPTIONS[k.name];
    if (!text) throw new Error(`provider/native: no description for kind ${k.name}`);
    return {
      name: k.name,
      inputs: k.inputs,
      outputs: k.outputs,
      description: k.cancellable ? `${text}\n\n${SYNC_BEHAVIOUR}` : text,
    };
  });
}
