/**
 * Salesforce certificate sync (CM operations index). No page documents its body; it follows its sibling, the tenant
 * secret sync (thalesdocs "Synchronizing Tenant Secrets"): `organization_ids` (CCKM organization resource ids) or
 * `synchronize_all`, echoed and filtered as `organizations`.
 */
import { byId, idScopeItem, type SyncFamilyDescriptor } from "./types";

export const sfdcCertificates: SyncFamilyDescriptor = {
  family: "sfdcCertificates",
  path: "/v1/cckm/sfdc/certificates/synchronization-jobs",
  scopeField: "organization_ids",
  jobField: "organizations",
  inventory: "sfdcOrganizations",
  cloud: "sfdc",
  successText: "Success",
  inProgressStatus: "in_progress",
  failedStatus: "failed",
  detailedStatus: "always",
  matches: byId,
  scopeItem: idScopeItem,
};
