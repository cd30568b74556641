/** The registry of sync families. */
import { aws } from "./aws";
import { awsCustomKeyStores } from "./awsCustomKeyStores";
import { azure } from "./azure";
import { azureCertificates } from "./azureCertificates";
import { azureSecrets } from "./azureSecrets";
import { dsm } from "./dsm";
import { externalCm } from "./externalCm";
import { google } from "./google";
import { lunaHsm } from "./lunaHsm";
import { oci } from "./oci";
import { sapGroups } from "./sapGroups";
import { sfdcCertificates } from "./sfdcCertificates";
import { sfdcTenantSecrets } from "./sfdcTenantSecrets";
import type { SyncFamilyDescriptor } from "./types";

export const SYNC_FAMILY_DESCRIPTORS: readonly SyncFamilyDescriptor[] = [
  dsm,
  externalCm,
  google,
  azure,
  aws,
  oci,
  sapGroups,
  azureCertificates,
  azureSecrets,
  awsCustomKeyStores,
  lunaHsm,
  sfdcCertificates,
  sfdcTenantSecrets,
];

/** The paths of every job-creating POST (the targets of `lostAnswers`). */
export const JOB_START_PATHS: readonly string[] = [
  ...SYNC_FAMILY_DESCRIPTORS.map((d) => `/api${d.path}`),
  "/api/v1/cckm/sap/keys/jobs",
];
