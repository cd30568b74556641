/** The descriptor each sync family module registers (one module per family, the generic code in sync.ts). */
import type { DetailedStatusMode, SyncFamily } from "../knobs";
import type { InventoryItem, InventoryKind, ScopeItem } from "../models";
import type { Inventory } from "../state";

export interface SyncFamilyDescriptor {
  family: SyncFamily;
  /** Collection path under /api, e.g. `/v1/cckm/dsm/refresh`. */
  path: string;
  /** The request list field, echoed in jobs and usable as a list filter (`domains`, `key_rings`, ...). */
  scopeField: string;
  /**
   * Where jobs echo the scope and lists filter on it, when that is not `scopeField` (Salesforce: the request's
   * `organization_ids`, the list filter's `organizations`).
   */
  jobField?: string;
  /** `sort` is documented on this family's job list (DSM, Google: reference section 5). */
  sortDocumented?: boolean;
  inventory: InventoryKind;
  cloud: string;
  successText: string;
  inProgressStatus: string;
  failedStatus: string;
  detailedStatus: DetailedStatusMode;
  /** Does `ref` (as a request names it) name `item`? */
  matches(item: InventoryItem, ref: string): boolean;
  /** The scope item of an inventory object (stored form, detailed_status keys, aliases). */
  scopeItem(item: InventoryItem, extra: Record<string, unknown>): ScopeItem;
  /** Checks and returns extra request fields to echo (throws CCKM errors). */
  extra?(body: Record<string, unknown>, inventory: Inventory): Record<string, unknown>;
}

/** The usual scope item: stored form is the id. */
export function idScopeItem(item: InventoryItem): ScopeItem {
  return { stored: item.id, detailKeys: [item.id], aliases: [item.id, item.name] };
}

export const byIdOrName = (item: InventoryItem, ref: string): boolean => item.id === ref || item.name === ref;
export const byId = (item: InventoryItem, ref: string): boolean => item.id === ref;
