/** The registry of sync families. */
import { aws } from "./aws";
import { azure } from "./azure";
import { dsm } from "./dsm";
import { externalCm } from "./externalCm";
import { google } from "./google";
import { oci } from "./oci";
import { sapGroups } from "./sapGroups";
import type { SyncFamilyDescriptor } from "./types";

export const SYNC_FAMILY_DESCRIPTORS: readonly SyncFamilyDescriptor[] = [
  dsm,
  externalCm,
  google,
  azure,
  aws,
  oci,
  sapGroups,
];

/** The paths of every job-creating POST (the targets of `lostAnswers`). */
export const JOB_START_PATHS: readonly string[] = [
  ...SYNC_FAMILY_DESCRIPTORS.map((d) => `/api${d.path}`),
  "/api/v1/cckm/sap/keys/jobs",
];
