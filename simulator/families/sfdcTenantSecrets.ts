/**
 * Salesforce tenant secret sync (thalesdocs "Synchronizing Tenant Secrets": `organization_ids`, the CCKM resource
 * ids of Salesforce organizations, or `synchronize_all`; "Viewing Synchronizing Status": list filter
 * `organizations`, `sort`). The job echoes the scope as `organizations` (inferred from that filter).
 */
import { byId, idScopeItem, type SyncFamilyDescriptor } from "./types";

export const sfdcTenantSecrets: SyncFamilyDescriptor = {
  family: "sfdcTenantSecrets",
  path: "/v1/cckm/sfdc/keys/synchronization-jobs",
  scopeField: "organization_ids",
  jobField: "organizations",
  sortDocumented: true,
  inventory: "sfdcOrganizations",
  cloud: "sfdc",
  successText: "Success",
  inProgressStatus: "in_progress",
  failedStatus: "failed",
  detailedStatus: "always",
  matches: byId,
  scopeItem: idScopeItem,
};
