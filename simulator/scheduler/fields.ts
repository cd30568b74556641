/**
 * The checks of a scheduler job config body (reference section 10), the CM way: 400 `NCERRInvalidParamValue` naming
 * the field. Written from the reference, not from the provider, so each side checks the other.
 */
import { Cron } from "croner";
import { invalidParam } from "../errors";
import { SYNC_FAMILY_DESCRIPTORS } from "../families";
import type { SyncFamilyDescriptor } from "../families/types";

/** The operations CM's scheduler knows; cckm-sim runs only `cckm_synchronization`. */
export const KNOWN_OPERATIONS = [
  "cckm_synchronization",
  "cckm_key_rotation",
  "cckm_key_backup",
  "cckm_xks_credential_rotation",
  "database_backup",
  "key_rotation",
];

/** `cloud_name` (TF examples' spellings; `sap` inferred) -> the sync family and its config param names. */
export interface CloudSpec {
  family: string;
  /** The scope list as the config names it (OCI: `oci_vaults`, the job body's `vaults`). */
  scope: string;
  /** Other params the cloud takes, with their type. */
  extra: Record<string, "list" | "boolean">;
}

export const CLOUDS: Record<string, CloudSpec> = {
  aws: { family: "aws", scope: "kms", extra: { regions: "list" } },
  gcp: { family: "google", scope: "key_rings", extra: {} },
  AzureCloud: { family: "azure", scope: "key_vaults", extra: { take_cloud_key_backup: "boolean" } },
  oci: { family: "oci", scope: "oci_vaults", extra: {} },
  sap: { family: "sapGroups", scope: "groups", extra: {} },
};

export function descriptorOf(cloud: CloudSpec): SyncFamilyDescriptor {
  const d = SYNC_FAMILY_DESCRIPTORS.find((x) => x.family === cloud.family);
  if (!d) throw new Error(`no sync family ${cloud.family}`);
  return d;
}

export function requireString(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw invalidParam(`${field} is required`);
    return undefined;
  }
  if (typeof v !== "string") throw invalidParam(`${field} must be a string`);
  if (required && v.trim() === "") throw invalidParam(`${field} must not be empty`);
  return v.trim();
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw invalidParam(`${field} must be a boolean`);
  return v;
}

/** A parsed five-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC. */
export function parseCron(field: string, value: string): Cron {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw invalidParam(
      `${field}: invalid cron expression ${JSON.stringify(value)}: expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`,
    );
  }
  try {
    return new Cron(fields.join(" "), { paused: true, timezone: "UTC" });
  } catch (err) {
    throw invalidParam(`${field}: invalid cron expression ${JSON.stringify(value)}: ${(err as Error).message}`);
  }
}

/** An RFC 3339 date-time; stored in UTC (`2026-01-01T14:24:00Z`). `""` or `null` clears it (undefined: untouched). */
export function parseDate(body: Record<string, unknown>, field: string): string | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null || v === "") return null;
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
  if (typeof v !== "string" || !rfc3339.test(v) || Number.isNaN(Date.parse(v))) {
    throw invalidParam(`${field} must be an RFC 3339 date-time such as 2026-01-01T00:00:00Z, got ${JSON.stringify(v)}`);
  }
  return new Date(Date.parse(v)).toISOString().replace(".000Z", "Z");
}

/** Fails on a field the body may not carry. */
export function refuseUnknown(body: Record<string, unknown>, known: string[], where: string): void {
  for (const k of Object.keys(body)) {
    if (!known.includes(k)) throw invalidParam(`${where}${k} is not a known parameter (known: ${known.join(", ")})`);
  }
}
