// The cloud names of SyncSchedule and how CM spells them in cckm_synchronization_params (TF examples: aws, gcp,
// AzureCloud, oci; sap inferred), with each cloud's scope list and extra params.
import { CloudName } from "./spec";

export interface CloudMapping {
  /** CM's cloud_name. */
  cm: string;
  /** The scope list input and CM's param name. */
  list: { input: string; api: string };
  /** Other params: input -> CM name. */
  extras: { input: string; api: string; type: "list" | "boolean" }[];
}

export const CLOUDS: Record<CloudName, CloudMapping> = {
  aws: { cm: "aws", list: { input: "kms", api: "kms" }, extras: [{ input: "regions", api: "regions", type: "list" }] },
  azure: {
    cm: "AzureCloud",
    list: { input: "keyVaults", api: "key_vaults" },
    extras: [{ input: "takeCloudKeyBackup", api: "take_cloud_key_backup", type: "boolean" }],
  },
  google: { cm: "gcp", list: { input: "keyRings", api: "key_rings" }, extras: [] },
  oci: { cm: "oci", list: { input: "vaults", api: "oci_vaults" }, extras: [] },
  sap: { cm: "sap", list: { input: "groups", api: "groups" }, extras: [] },
};

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

/** Every scope-related input of any cloud. */
export const SCOPE_INPUTS = [
  ...new Set(CLOUD_NAMES.flatMap((c) => [CLOUDS[c].list.input, ...CLOUDS[c].extras.map((e) => e.input)])),
];

/** Our cloud name for CM's cloud_name (case-insensitive; CM spellings seen elsewhere too), or undefined. */
export function cloudFromCm(cm: unknown): CloudName | undefined {
  if (typeof cm !== "string") return undefined;
  const v = cm.trim().toLowerCase();
  const aliases: Record<string, CloudName> = {
    googlecloud: "google",
    gcp: "google",
    azurecloud: "azure",
    azure: "azure",
  };
  if (aliases[v]) return aliases[v];
  return CLOUD_NAMES.find((c) => CLOUDS[c].cm.toLowerCase() === v);
}
